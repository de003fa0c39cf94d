"""What many tests build their inputs with: the pipeline's own loader, on texts in memory.

Not a test module: helpers only, so no test imports another test file.
"""

from __future__ import annotations

import os
import random
import re
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

import pytest

from dxplan import pipeline
from dxplan.data.records import DataSet
from dxplan.pipeline import Loaded
from dxplan.results import Results
from dxplan.source import Diagnostic, SourceFile, format_diagnostic


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


# --- fuzzing: mutated shipped specs and data, the same for tests/test_fuzz.py and
# benchmarks/fuzz.py (a `random.Random` drives every choice: hypothesis gives one it
# controls and shrinks, the long run a seeded one) --------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
SHIPPED_SPECS = {name: (ROOT / "specs" / name).read_text(encoding="utf-8")
                 for name in ("plan2024.dxp", "roadmap2024.dxp")}
SHIPPED_DATA = {path.name: path.read_bytes() for path in sorted((ROOT / "examples").iterdir())
                if path.suffix in (".csv", ".xlsx")}
ODD = ["\x00", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u2029", "\r", "\r\n", "\n", "\ufeff",
       "\u3000", "\t", "“", "＝", "０", "９", "漢", "😀", "\\", '"', "#", "{", "}", "(", ")", ";",
       ",", "..", "=", "%", "_", "-", "△", "not ", " or ", "H1", "令和", "R"]
WORDS = ["plan", "goal", "field", "kpi", "indicator", "grading", "grade", "roadmap", "category",
         "project", "period", "vision", "baseline", "target", "weight", "reference", "clamp",
         "method", "value", "when", "otherwise", "none", "year", "milestone", "kpi", "unit",
         "source", "note", "at", "lag", "sum", "abs", "round", "raw", "score", "expected",
         "productivity", "gross_product", "workers", "2024H1", "2028", "R6", "令和6", "30%"]
CELLS = ["", "-", "x", "nan", "inf", "1e400", "9" * 400, "△5", "１２", "1,2,3", '"', '""',
         "2024" + " " * 3000 + "H1", "令和99年度", "R0", "H31", "2024H3", "-0", "0x10", "\u2028",
         "順調", "on track", "0", "76", "77", "9" * 12, "=A1+1", "\x00"]


class FuzzCase(NamedTuple):
    specs: dict[str, str]
    data: dict[str, bytes]
    mutated: str  # the spec (or data file) that was changed
    steps: tuple[str, ...]  # what was done to it, for the failure report


def fuzz_case(rng: random.Random) -> FuzzCase:
    """The shipped specs and example data, one of them mutated one to four times."""
    specs, data = dict(SHIPPED_SPECS), dict(SHIPPED_DATA)
    steps: list[str] = []
    if rng.random() < 0.7:
        name = rng.choice(sorted(specs))
        text = specs[name]
        # mostly one change: several mostly end in a syntax error, before most of dxplan
        for _ in range(rng.choice([1, 1, 1, 2, 2, 3, 4])):
            kind = rng.choice(sorted(_SPEC_MUTATIONS))
            text = _SPEC_MUTATIONS[kind](rng, text)
            steps.append(kind)
        specs[name] = text
    else:
        name = rng.choice(sorted(data))
        raw = data[name]
        for _ in range(rng.randint(1, 4)):
            kind = rng.choice(["bytes"] if name.endswith(".xlsx") else sorted(_DATA_MUTATIONS))
            raw = _DATA_MUTATIONS[kind](rng, raw)
            steps.append(kind)
        data[name] = raw
    return FuzzCase(specs, data, name, tuple(steps))


def _at(rng: random.Random, text: str) -> int:
    return rng.randrange(len(text) + 1)


def _chars(rng: random.Random, text: str) -> str:
    at = _at(rng, text)
    new = rng.choice(ODD) if rng.random() < 0.8 else chr(rng.randrange(0x20, 0x3100))
    return text[:at] + new + text[at + rng.choice([0, 0, 1, rng.randint(1, 40)]):]


def _lines(rng: random.Random, text: str) -> str:
    lines = text.split("\n")
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    how = rng.choice(["drop", "copy", "swap", "move"])
    if how == "drop":
        del lines[i]
    elif how == "copy":
        lines.insert(j, lines[i])
    elif how == "swap":
        lines[i], lines[j] = lines[j], lines[i]
    else:
        lines.insert(j, lines.pop(i))
    return "\n".join(lines)


def _splice(rng: random.Random, text: str) -> str:
    other = SHIPPED_SPECS[rng.choice(sorted(SHIPPED_SPECS))]
    start = rng.randrange(len(other))
    chunk = other[start:start + rng.choice([5, 50, 500, 3000])]
    at = _at(rng, text)
    return text[:at] + chunk + text[at:]


def _deep(rng: random.Random, text: str) -> str:
    n = rng.choice([rng.randint(1, 20), rng.randint(95, 105), rng.randint(300, 1200)])
    at = text.find(" = ", rng.randrange(len(text)))
    at = at + 3 if at >= 0 else _at(rng, text)
    how = rng.choice(["( ", "-", "not ", "abs(", "a + ", "blocks"])
    if how == "blocks":
        line = text.rfind("\n", 0, at) + 1
        return text[:line] + "x {\n" * n + "}\n" * n + text[line:]
    closing = ")" * n if how.endswith("(") else ""
    end = min(len(text), at + rng.randint(0, 12))
    return text[:at] + how * n + text[at:end] + closing + text[end:]


def _huge(rng: random.Random, text: str) -> str:
    numbers = [m.span() for m in re.finditer(r"\d+", text)]
    start, end = rng.choice(numbers) if numbers else (0, 0)
    digits = rng.choice([15, 16, 308, 309, 400, 5000])
    new = rng.choice(["9" * digits, "1" + "0" * digits, "0." + "0" * digits + "1",
                      "1_" * digits + "1", "9" * digits + "%"])
    return text[:start] + new + text[end:]


def _word(rng: random.Random, text: str) -> str:
    words = [m.span() for m in re.finditer(r"\w+", text)]
    start, end = rng.choice(words)
    return text[:start] + rng.choice(WORDS) + text[end:]


# the ids and series of the shipped plan and data: formulas that read them parse and check
NAMES = sorted({*re.findall(r"(?:goal|indicator) (\w+)", SHIPPED_SPECS["plan2024.dxp"]),
                *re.findall(r"^(\w+),", SHIPPED_DATA["observations.csv"].decode("utf-8-sig"),
                            re.MULTILINE)} - {"series"})
NUMBERS = ["0", "1", "-1", "2", "0.5", "100", "1000", "2019", "2023", "2024", "2028", "30%",
           "0.000001", "1_000", "99999999", "9" * 20]


def _expr(rng: random.Random, depth: int) -> str:
    """A formula over the plan's names: calls, signs, comparisons, brackets."""
    if depth <= 0 or rng.random() < 0.15:
        return rng.choice(NAMES + NUMBERS)
    inner = _expr(rng, depth - 1)
    how = rng.randrange(8)
    if how == 0:
        return f"{inner} {rng.choice('+-*/')} {rng.choice(NAMES + NUMBERS)}"
    if how == 1:
        return f"{rng.choice(NAMES + NUMBERS)} {rng.choice('+-*/')} ({inner})"
    if how == 2:
        args = ", ".join([inner, *(_expr(rng, 1) for _ in range(rng.randrange(3)))])
        return f"{rng.choice(['min', 'max', 'sum', 'mean', 'abs', 'round'])}({args})"
    if how == 3:
        return f"{rng.choice(['lag', 'at'])}({rng.choice(NAMES)}, {rng.choice(NUMBERS)})"
    if how == 4:
        return f"-{inner}" if rng.random() < 0.5 else f"not {inner}"
    if how == 5:
        return f"({inner}) {rng.choice(['<', '>=', '==', '!='])} {rng.choice(NUMBERS)}"
    if how == 6:
        return f"({inner})"
    return " + ".join(rng.choice(NAMES) for _ in range(rng.choice([2, 99, 100, 101, 102])))


def _formula(rng: random.Random, text: str) -> str:
    """A `value = formula` line in a goal or indicator: derived values, cycles, deep ones."""
    opens = [m.end() for m in re.finditer(r"(?:goal|indicator) \w+ \"[^\"\n]*\" \{\n", text)]
    at = rng.choice(opens) if opens else _at(rng, text)
    depth = rng.choice([1, 2, 3, 5, 8, 50, 99, 100, 101, 150])
    return text[:at] + f"    value = {_expr(rng, depth)}\n" + text[at:]


def _number(rng: random.Random, text: str) -> str:
    """A number replaced by another: a target equal to its baseline, a year out of range."""
    numbers = [m.span() for m in re.finditer(r"(?<![\w.])\d[\d_]*(?:\.\d+)?%?", text)]
    start, end = rng.choice(numbers) if numbers else (0, 0)
    return text[:start] + rng.choice(NUMBERS) + text[end:]


_SPEC_MUTATIONS = {"chars": _chars, "lines": _lines, "splice": _splice, "deep": _deep,
                   "huge": _huge, "word": _word, "formula": _formula, "number": _number}


def _cell(rng: random.Random, raw: bytes) -> bytes:
    lines = raw.split(b"\n")
    i = rng.randrange(len(lines))
    cells = lines[i].split(b",")
    cells[rng.randrange(len(cells))] = rng.choice(CELLS).encode("utf-8")
    lines[i] = b",".join(cells)
    return b"\n".join(lines)


def _data_lines(rng: random.Random, raw: bytes) -> bytes:
    return _lines(rng, raw.decode("latin-1")).encode("latin-1")


def _bytes(rng: random.Random, raw: bytes) -> bytes:
    at = rng.randrange(len(raw) + 1)
    how = rng.choice(["flip", "cut", "insert"])
    if how == "flip" and at < len(raw):
        return raw[:at] + bytes([raw[at] ^ (1 << rng.randrange(8))]) + raw[at + 1:]
    if how == "cut":
        return raw[:at]
    return raw[:at] + bytes(rng.randrange(256) for _ in range(rng.randint(1, 8))) + raw[at:]


_DATA_MUTATIONS = {"cell": _cell, "lines": _data_lines, "bytes": _bytes}


def fuzz_pipeline(case: FuzzCase) -> None:
    """Load, evaluate and format in-process; raises on any exception or fmt-internal."""
    from dxplan.spec.fmt import format_source

    loaded = pipeline.load_strings(case.specs, case.data)
    if loaded.ok:
        pipeline.evaluate(loaded)
    for name, text in case.specs.items():
        out, found = format_source(SourceFile(name, text))
        assert "fmt-internal" not in [d.code for d in found], frames(found)
        if out is not None:
            assert format_source(SourceFile(name, out))[0] == out, "fmt is not idempotent"


def fuzz_cli(case: FuzzCase, folder: Path) -> list[tuple[list[str], int, str]]:
    """Every command on the case's files, in-process: (argv, exit code, output) each."""
    import contextlib
    import io

    from dxplan import cli

    (folder / "data").mkdir(parents=True, exist_ok=True)
    specs = []
    for name, text in case.specs.items():
        (folder / name).write_bytes(text.encode("utf-8", errors="surrogatepass"))
        specs.append(str(folder / name))
    for name, raw in case.data.items():
        (folder / "data" / name).write_bytes(raw)
    # diff: the shipped spec against its mutant (or itself, when the data was mutated)
    compared = case.mutated if case.mutated in case.specs else "plan2024.dxp"
    (folder / "old.dxp").write_text(SHIPPED_SPECS[compared], encoding="utf-8")
    data = ["--data", str(folder / "data")]
    mutated = str(folder / compared)
    others = [s for s in specs if s != mutated]
    runs = [["check", *specs, *data], ["eval", *specs, *data, "--format", "json"],
            ["eval", *specs, *data, "--format", "markdown"],
            ["explain", "enterprise_dx", *specs, *data], ["roadmap", *specs, *data],
            ["report", *specs, *data, "-o", str(folder / "report.html")],
            ["fmt", mutated],
            ["diff", str(folder / "old.dxp"), mutated, *[f"--with={s}" for s in others], *data]]
    out = []
    for argv in runs:
        raw = io.BytesIO()  # eval writes bytes to sys.stdout.buffer when it must
        stdout, stderr = io.TextIOWrapper(raw, encoding="utf-8"), io.StringIO()
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            code = cli.main(argv)
        stdout.flush()
        out.append((argv, code, raw.getvalue().decode("utf-8", errors="replace")
                    + stderr.getvalue()))
    return out


def crash_report(output: str) -> str:
    """The report an internal error's one line points to, to show with the failure."""
    match = re.search(r"the full report was written to (\S+)", output)
    return Path(match.group(1)).read_text(encoding="utf-8") if match else output


def second_cpu(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Two CPUs on any machine (processes.py then forks where work is worth sharing), and
    the children forked, counted by their pids."""
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0, 1}, raising=False)
    forks: list[int] = []
    real = os.fork

    def fork() -> int:
        pid = real()
        if pid:
            forks.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", fork)
    return forks
