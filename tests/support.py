"""What many tests build their inputs with: the pipeline's own loader, on texts in memory.

Not a test module: helpers only, so no test imports another test file.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from dxplan import pipeline
from dxplan.data.records import DataSet
from dxplan.pipeline import Loaded
from dxplan.results import Results
from dxplan.source import Diagnostic, format_diagnostic


def frames(diagnostics: tuple[Diagnostic, ...] | list[Diagnostic]) -> list[str]:
    return [format_diagnostic(d) for d in diagnostics]


def load(specs: str | Mapping[str, str], data: Mapping[str, str | bytes] | None = None,
         *, clean: bool = True) -> Loaded:
    """Specs and data through `pipeline.load_strings`; with `clean`, no diagnostic at all."""
    loaded = pipeline.load_strings(specs, data)
    assert loaded.workspace is not None, frames(loaded.diagnostics)
    if clean:
        assert not loaded.diagnostics, frames(loaded.diagnostics)
    return loaded


def evaluate(loaded: Loaded, year: int | None = None) -> Results:
    """The figures of `loaded` in `year`; fails the test when there are none."""
    results, _ = pipeline.evaluate(loaded, year)
    assert results is not None, frames(loaded.diagnostics)
    return results


def evaluate_with(loaded: Loaded, year: int | None = None
                  ) -> tuple[Results, list[Diagnostic]]:
    """As `evaluate`, with the diagnostics the evaluation itself found."""
    results, diagnostics = pipeline.evaluate(loaded, year)
    assert results is not None, frames(loaded.diagnostics)
    return results, diagnostics


# --- the demo plan of the view tests (figures computed by hand in test_render.py) ----------

PLAN = """
plan demo "デモ計画" {
    period 2024..2028
}
"""

BODY = """
goal g1 "県民の満足度" {
    unit "%"
    baseline 2023 = 40
    target 2028 = 60
}

field f1 "産業|しごと" {
    kpi k1 "企業のDX" {
        indicator firms "DX戦略の策定企業数" {
            unit "社"
            baseline 2023 = 0
            target 2026 = 30
            target 2028 = 60
        }
        indicator cases "支援件数" {
            unit "件"
            reference
        }
    }
    kpi k2 "働き方" {
        indicator telework "テレワーク導入率" {
            unit "%"
            baseline 2023 = 10
            target 2028 = 20
        }
        indicator coworking "コワーキング拠点数" {
            unit "か所"
            baseline 2023 = 2
            target 2028 = 12
            weight 3
        }
    }
}
"""

GRADING = """
grading {
    grade "-" "評価不能" when no_data
    grade S "目標達成" when raw >= 100
    grade A "順調" when score >= expected
    grade B "やや遅れ" when score >= expected * 0.5
    grade C "遅れ" when raw >= 0
    grade D "後退" otherwise
}
"""

DEMO_SPEC = PLAN + GRADING + BODY
DEMO_DATA = """series,year,value
g1,2025,50
firms,2024,8
firms,2025,20
cases,2025,120
telework,2024,13
"""


def write_demo(folder: Path, spec: str = DEMO_SPEC, data: str = DEMO_DATA) -> tuple[str, str]:
    """The demo plan and its data as files, for tests of the command line."""
    (folder / "demo.dxp").write_text(spec, encoding="utf-8")
    (folder / "data.csv").write_text(data, encoding="utf-8")
    return str(folder / "demo.dxp"), str(folder / "data.csv")


# --- the plan of the explain and report tests (figures by hand in test_explain.py) --------

EXPLAIN_SPEC = """\
plan t "試験計画" {
    period 2024..2028
    vision 2040 "試験の将来像"
}

grading {
    grade "-" "評価不能" when no_data
    grade S "目標達成" when raw >= 100
    grade A "順調" when score >= expected
    grade B "やや遅れ" when score >= expected * 0.5
    grade C "遅れ" when raw >= 0
    grade D "後退" otherwise
}

goal prod "労働生産性" {
    unit "千円"
    value = gross / workers * 1000
    baseline 2020 = 3000
    target 2028 = 4000
}

field f1 "産業" {
    kpi k1 "企業のDX" {
        indicator firms "伴走支援企業数" {
            unit "社"
            baseline 2023 = 0 {
                source "県調べ"
            }
            target 2026 = 30 {
                note "中間目標"
            }
            target 2028 = 60
            weight 2
        }
        indicator paper "用紙使用量" {
            unit "t"
            baseline 2023 = 50
            target 2028 = 30
        }
        indicator cases "支援件数" {
            reference
        }
    }
    kpi k2 "完了済み" {
        indicator done "達成した指標" {
            baseline 2023 = 10
            target 2028 = 20
        }
    }
}
"""

EXPLAIN_DATA = """\
series,year,value
gross,2024,1000
workers,2024,300
firms,2023,0
firms,2024,12
firms,2025,26
paper,2024,45
paper,2025,44
cases,2025,100
done,2024,15
done,2025,21
"""


def write_inputs(folder: Path) -> list[str]:
    """The explain plan and its data as files: the CLI arguments that name them."""
    spec, data = folder / "t.dxp", folder / "data.csv"
    spec.write_text(EXPLAIN_SPEC, encoding="utf-8")
    data.write_text(EXPLAIN_DATA, encoding="utf-8")
    return [str(spec), "--data", str(data)]


# --- data files ----------------------------------------------------------------------------

FIXTURES = Path(__file__).parent / "data_files"
HEADER = "series,year,value\n"


def write(folder: Path, name: str, text: str, encoding: str = "utf-8") -> str:
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return str(path)


def make_book(path: Path, sheets: dict[str, list[list[object]]]) -> str:
    """A workbook of the given sheets (title -> rows of cells), saved at `path`."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return str(path)


def where(diagnostics: list[Diagnostic]) -> list[tuple[str, int | None, int | None]]:
    """(code, line, column) of each diagnostic: what the caret frame is built from."""
    return [
        (d.code, d.span.line if d.span else None, d.span.column if d.span else None)
        for d in diagnostics
    ]


def values(data: DataSet) -> list[tuple[str, int, float | None, str | None]]:
    return [(o.series, o.year, o.value, o.missing_reason) for o in data.observations]
