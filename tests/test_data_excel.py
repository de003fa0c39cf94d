"""Excel workbooks: every data sheet read, note sheets skipped, cells named (`C5`) in messages.

openpyxl is only imported to read a workbook that is not in the cache.
"""

from __future__ import annotations

import pickle
import re
import subprocess
import sys
from pathlib import Path

import pytest
from support import make_book, values, where

from dxplan import cache
from dxplan.data.read import DataSet, check_series, load_data
from dxplan.data.xlsx import SheetCells
from dxplan.source import format_diagnostic


def test_xlsx_reads_every_data_sheet_and_skips_notes(tmp_path: Path) -> None:
    path = make_book(
        tmp_path / "book.xlsx",
        {
            "説明": [["令和6年度 DX推進プラン 実績値"], ["出典: 県調べ"]],
            "data": [
                ["series", "year", "value", "note"],
                ["a", 2024, 1234, None],
                ["a", "令和７年度", "1,300", "速報"],
                ["b", 2024.0, None, None],
                ["b", "R7", "x", "秘匿"],
            ],
            "progress": [["project", "period", "status"], [3, "R6上期", "順調"]],
        },
    )
    data, diagnostics = load_data([path])
    assert diagnostics == []
    assert data.files == (path,)
    assert values(data) == [
        ("a", 2024, 1234.0, None),
        ("a", 2025, 1300.0, None),
        ("b", 2024, None, ""),
        ("b", 2025, None, "x"),
    ]
    assert [(r.project, r.period, r.status) for r in data.progress] == [(3, "2024H1", "on_track")]
    span = data.observations[1].span
    assert (span.path, span.line, span.column) == (f"{path}:data", 3, 1)
    assert span.source.line(3) == "a\t令和７年度\t1,300\t速報"


def test_xlsx_bad_cell_names_the_cell_and_aligns_the_caret(tmp_path: Path) -> None:
    path = make_book(
        tmp_path / "book.xlsx",
        {"data": [["series", "year", "value"], ["x", 2024, 1], ["x", "令和７年度", "bad"]]},
    )
    _, diagnostics = load_data([path])
    assert where(diagnostics) == [("bad-value", 3, 9)]
    (d,) = diagnostics
    assert d.span is not None and d.span.path == f"{path}:data"
    assert "C3" in d.message
    assert format_diagnostic(d).splitlines()[1:3] == [
        "  3 | x 令和７年度 bad",
        "    |              ^^^",
    ]


def test_xlsx_percent_cell_is_what_was_typed(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["series", "year", "value"])
    sheet.append(["rate", 2024, 0.3])
    sheet.append(["rate", 2025, 0.485])
    sheet["C2"].number_format = "0%"
    sheet["C3"].number_format = "0.0%"
    path = tmp_path / "book.xlsx"
    book.save(path)
    data, diagnostics = load_data([str(path)])
    assert diagnostics == []
    assert [o.value for o in data.observations] == [30.0, 48.5]


def test_xlsx_blank_row_and_bad_year_cells(tmp_path: Path) -> None:
    path = make_book(
        tmp_path / "book.xlsx",
        {"Sheet": [["series", "year", "value"], [], ["x", 2024.5, 1], [None, True, "1"]]},
    )
    _, diagnostics = load_data([path])
    assert where(diagnostics) == [("bad-year", 3, 3), ("bad-row", 4, 1), ("bad-year", 4, 2)]
    assert "B3" in diagnostics[0].message
    assert "A4" in diagnostics[1].message


def test_xlsx_without_a_data_sheet(tmp_path: Path) -> None:
    path = make_book(tmp_path / "book.xlsx", {"notes": [["memo"]], "other": [["a", "b"]]})
    data, diagnostics = load_data([path])
    assert where(diagnostics) == [("bad-header", 1, 1)]
    assert diagnostics[0].span is not None and diagnostics[0].span.path == f"{path}:notes"
    assert data.observations == ()


def test_xlsx_sheet_with_a_near_miss_header_is_reported(tmp_path: Path) -> None:
    path = make_book(
        tmp_path / "book.xlsx",
        {
            "good": [["series", "year", "value"], ["a", 2024, 1]],
            "typo": [["seris", "year", "vlue"]],
        },
    )
    data, diagnostics = load_data([path])
    assert where(diagnostics) == [("bad-header", 1, 1)]
    assert "A1" in diagnostics[0].message
    assert len(data.observations) == 1


def test_xlsx_wide_format_sheet_is_read_not_skipped(tmp_path: Path) -> None:
    path = make_book(
        tmp_path / "book.xlsx",
        {"empty": [], "wide": [["series", 2023, 2024], ["a", 1, 2]]},
    )
    data, diagnostics = load_data([path])
    assert diagnostics == []
    assert values(data) == [("a", 2023, 1.0, None), ("a", 2024, 2.0, None)]


def test_xlsx_misspelt_wide_sheet_is_reported_not_skipped(tmp_path: Path) -> None:
    path = make_book(tmp_path / "book.xlsx", {"wide": [["seires", 2023, 2024], ["a", 1, 2]]})
    _, diagnostics = load_data([path])
    assert where(diagnostics) == [("bad-header", 1, 1)]
    assert diagnostics[0].message == ("header column 'seires' is neither a fiscal year nor "
                                      "a column of a wide table (cell A1)")
    assert (diagnostics[0].hint or "").startswith("did you mean 'series'?")


def test_xlsx_duplicate_hint_names_sheet_and_cell(tmp_path: Path) -> None:
    path = make_book(
        tmp_path / "book.xlsx",
        {"S": [["series", "year", "value"], ["a", 2024, 1], ["a", 2024, 2]]},
    )
    _, diagnostics = load_data([path])
    assert where(diagnostics) == [("conflicting-rows", 3, 8)]
    assert diagnostics[0].hint == f"first given at {path}:S:2 (cell A2); keep one of the two rows"


def test_damaged_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    path.write_bytes(b"this is not a zip file")
    data, diagnostics = load_data([str(path)])
    assert where(diagnostics) == [("bad-file", None, None)]
    assert data == DataSet()


def test_old_xls_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "book.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    _, diagnostics = load_data([str(path)])
    assert where(diagnostics) == [("unsupported-file", None, None)]


def test_check_series_on_a_sheet_names_the_cell(tmp_path: Path) -> None:
    path = make_book(tmp_path / "b.xlsx", {"d": [["series", "year", "value"], ["q", 2024, 1]]})
    data, _ = load_data([path])
    (d,) = check_series(data.observations, [])
    assert "(cell A2)" in d.message


def test_unchanged_workbook_is_read_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DXPLAN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("DXPLAN_NO_CACHE", raising=False)
    path = make_book(tmp_path / "book.xlsx", {"d": [["series", "year", "value"], ["a", 2024, 1]]})
    first = load_data([path])
    cache.finish()  # the entry is written in the background
    (entry,) = (tmp_path / "cache").glob("xlsx-*.pickle")
    assert load_data([path]) == first
    # a planted entry shows through: the second read took the cells from the cache
    header = [("series", None), ("year", None), ("value", None)]
    grid = [header, [("b", None), ("2025", 2025.0), ("2", 2.0)]]
    entry.write_bytes(pickle.dumps([SheetCells("d", grid)]))
    for loaded in (tmp_path / "cache").glob("data-*.pickle"):
        loaded.unlink()  # the whole load's entry, which would come first
    data, diagnostics = load_data([path])
    assert diagnostics == []
    assert values(data) == [("b", 2025, 2.0, None)]
    assert data.observations[0].span.source.line(2) == "b\t2025\t2"


FORMULAS = {
    "説明": [["=1+1"]],  # a notes sheet: its formula reads as nothing anyway
    "data": [
        ["series", "year", "value", "note"],
        *[[f"s{r}", 2024, f"=A{r}*0+{r}", "=1+1" if r == 3 else None] for r in range(2, 6)],
        ["t", 2024, 5, None],
    ],
}


def test_formulas_without_saved_results_are_named_with_a_hint(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # openpyxl writes formulas and no results, as any script does; Excel would save both
    monkeypatch.setenv("DXPLAN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("DXPLAN_NO_CACHE", raising=False)
    path = make_book(tmp_path / "book.xlsx", FORMULAS)
    for _read in ("by openpyxl", "from the cache"):
        data, diagnostics = load_data([path])
        assert [format_diagnostic(d) for d in diagnostics] == [f"""\
{path}:data:2:9: warning[unsaved-formula]: C2:C5, D3 of sheet 'data' hold formulas with no \
saved result, so they are read as blank
  2 | s2 2024{"  "}
    |         ^
  = hint: open and save the workbook in Excel, which saves each formula's result: dxplan \
reads the results, it does not compute formulas"""]
        assert values(data)[-2:] == [("s5", 2024, None, ""), ("t", 2024, 5.0, None)]
        cache.finish()
        assert len(list((tmp_path / "cache").glob("xlsx-*.pickle"))) == 1


def test_formulas_with_saved_results_are_read_without_a_word(tmp_path: Path) -> None:
    import zipfile

    # what Excel saves: each formula with its result in <v>
    written = make_book(tmp_path / "script.xlsx", {"data": FORMULAS["data"]})
    saved = tmp_path / "saved.xlsx"
    with zipfile.ZipFile(written) as source, zipfile.ZipFile(saved, "w") as target:
        for item in source.infolist():
            part = source.read(item)
            if item.filename.startswith("xl/worksheets/sheet"):
                part = re.sub(rb"<f>A(\d)\*0\+\d</f><v\s*/>", rb"<f>A\1*0+\1</f><v>\1</v>", part)
                part = part.replace(b"<f>1+1</f><v />", b"<f>1+1</f><v>2</v>")
            target.writestr(item, part)
    data, diagnostics = load_data([str(saved)])
    assert diagnostics == []
    assert values(data)[:2] == [("s2", 2024, 2.0, None), ("s3", 2024, 3.0, None)]


def test_core_imports_neither_rich_nor_openpyxl() -> None:
    code = (
        "import sys, dxplan.data; "
        "assert 'rich' not in sys.modules and 'openpyxl' not in sys.modules, sorted(sys.modules)"
    )
    root = str(Path(__file__).resolve().parent.parent)
    subprocess.run([sys.executable, "-c", code], check=True, cwd=root)
