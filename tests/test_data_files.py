"""Data text files: encodings, separators, rows and cells, headers, and the diagnostics' spans.

Every test writes a real file (or reads one from tests/data_files/) and asserts the
diagnostic code together with the exact line and column the caret frame will show.
The helpers here are shared with the other tests/test_data_*.py files.
"""

from __future__ import annotations

import math
import tempfile
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from support import FIXTURES, HEADER, values, where, write

from dxplan.data.cells import Missing, parse_value
from dxplan.data.read import DataSet, Observation, load_data
from dxplan.source import Severity, format_diagnostic

# --- encodings and separators ---------------------------------------------------------


def test_utf8_without_bom(tmp_path: Path) -> None:
    path = write(tmp_path, "a.csv", HEADER + 'a,2024,1\nb,FY2025,"1,234"\n')
    data, diagnostics = load_data([path])
    assert diagnostics == []
    assert values(data) == [("a", 2024, 1.0, None), ("b", 2025, 1234.0, None)]
    assert data.files == (path,)
    span = data.observations[1].span
    assert (span.path, span.line, span.column, span.end_column) == (path, 3, 1, 2)


def test_utf8_with_bom_and_spaced_header(tmp_path: Path) -> None:
    path = write(tmp_path, "a.csv", " Series , year ,VALUE\r\na,令和6年度,2\r\n", "utf-8-sig")
    data, diagnostics = load_data([path])
    assert diagnostics == []
    assert values(data) == [("a", 2024, 2.0, None)]
    assert data.observations[0].span.source.line(1).startswith(" Series")


def test_cp932_as_saved_by_japanese_excel(tmp_path: Path) -> None:
    text = "series,year,value,note\r\n市町村DX,令和７年度,△１２．５,全角のまま\r\n"
    path = write(tmp_path, "a.csv", text, "cp932")
    data, diagnostics = load_data([path])
    assert diagnostics == []
    assert data.observations == (
        Observation("市町村DX", 2025, -12.5, None, "全角のまま", data.observations[0].span),
    )


def test_cp932_fixture() -> None:
    path = str(FIXTURES / "observations_cp932.csv")
    data, diagnostics = load_data([path])
    assert diagnostics == []
    assert values(data) == [
        ("municipal_dx", 2023, 28.0, None),
        ("municipal_dx", 2024, 1234.0, None),
        ("municipal_dx", 2025, 38.5, None),
        ("rice_labour_cut", 2018, -0.8, None),
        ("rice_labour_cut", 2019, None, "－"),
        ("rice_labour_cut", 2020, None, "x"),
    ]
    assert [o.note for o in data.observations] == [
        None, "千件", "全角数字のまま転記", "減少", "未公表", "秘匿",
    ]  # fmt: skip


def test_undecodable_line_is_reported_where_it_breaks(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(b"series,year,value\na,2024,1\nb,2024,\x81 \n")
    data, diagnostics = load_data([str(path)])
    assert where(diagnostics) == [("bad-encoding", 3, 8)]
    assert "UTF-8 or CP932" in diagnostics[0].message
    assert "CSV UTF-8" in (diagnostics[0].hint or "")
    assert data.observations == ()


def test_undecodable_cp932_file_reports_the_cp932_break(tmp_path: Path) -> None:
    # CP932 reads further than UTF-8 here (line 2 is good CP932), so its break is the one
    text = (HEADER + "県,2024,1\nb,2024,2\n").encode("cp932") + b"c,2024,\x85\x40\n"
    path = tmp_path / "a.csv"
    path.write_bytes(text)
    _, diagnostics = load_data([str(path)])
    assert where(diagnostics) == [("bad-encoding", 4, 8)]


def test_bom_file_is_held_to_utf8(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(b"\xef\xbb\xbf" + HEADER.encode() + b"ab,2024,\x82\xa0\n")
    _, diagnostics = load_data([str(path)])
    assert where(diagnostics) == [("bad-encoding", 2, 9)]
    assert "not UTF-8 text" in diagnostics[0].message


def test_utf16_unicode_text_export(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", "series\tyear\tvalue\r\n県\tR6\t5\r\n", "utf-16")
    data, diagnostics = load_data([path])
    assert diagnostics == []
    assert values(data) == [("県", 2024, 5.0, None)]


def test_tsv_by_extension(tmp_path: Path) -> None:
    path = write(tmp_path, "a.tsv", "series\tyear\tvalue\na\t2024\t1,234\n")
    data, diagnostics = load_data([path])
    assert diagnostics == []
    assert values(data) == [("a", 2024, 1234.0, None)]


def test_tabs_detected_in_a_csv(tmp_path: Path) -> None:
    path = write(tmp_path, "a.csv", "series\tyear\tvalue\na\t2024\t  7\n")
    data, diagnostics = load_data([path])
    assert diagnostics == []
    assert values(data) == [("a", 2024, 7.0, None)]


def test_tsv_columns_count_characters(tmp_path: Path) -> None:
    path = write(tmp_path, "a.tsv", "series\tyear\tvalue\n県民\t令和6年度\tabc\n")
    _, diagnostics = load_data([path])
    assert where(diagnostics) == [("bad-value", 2, 10)]


# --- rows and cells ---------------------------------------------------------------------


def test_missing_markers_keep_their_symbol(tmp_path: Path) -> None:
    text = HEADER + "a,2020,\na,2021,-\na,2022,−\na,2023,…\na,2024,x\na,2025,X\n"
    data, diagnostics = load_data([write(tmp_path, "a.csv", text)])
    assert diagnostics == []
    assert [(o.value, o.missing_reason) for o in data.observations] == [
        (None, ""), (None, "-"), (None, "−"), (None, "…"), (None, "x"), (None, "X"),
    ]  # fmt: skip


def test_bad_value_points_at_the_cell(tmp_path: Path) -> None:
    path = write(tmp_path, "a.csv", HEADER + "a,2024,1\nrate,令和6年度,  abc \n")
    data, diagnostics = load_data([path])
    assert where(diagnostics) == [("bad-value", 3, 14)]
    (d,) = diagnostics
    assert d.severity is Severity.ERROR
    assert (d.span.end_column if d.span else None) == 17
    assert format_diagnostic(d).splitlines()[1:3] == [
        "  3 | rate,令和6年度,  abc ",
        "    |                  ^^^",
    ]
    assert values(data) == [("a", 2024, 1.0, None)]


@pytest.mark.parametrize("text", ["nan", "inf", "-Infinity"])
def test_nan_and_inf_are_bad_values(tmp_path: Path, text: str) -> None:
    _, diagnostics = load_data([write(tmp_path, "a.csv", HEADER + f"a,2024,{text}\n")])
    assert where(diagnostics) == [("bad-value", 2, 8)]
    assert "NaN" in (diagnostics[0].hint or "")


def test_bad_year(tmp_path: Path) -> None:
    _, diagnostics = load_data([write(tmp_path, "a.csv", HEADER + "a,2024,1\na,令和X年度,2\n")])
    assert where(diagnostics) == [("bad-year", 3, 3)]
    assert "令和6年度" in (diagnostics[0].hint or "")


def test_every_bad_cell_of_a_row_is_reported(tmp_path: Path) -> None:
    _, diagnostics = load_data([write(tmp_path, "a.csv", HEADER + ",soon,lots\n")])
    assert where(diagnostics) == [("bad-row", 2, 1), ("bad-year", 2, 2), ("bad-value", 2, 7)]


def test_quoted_cells(tmp_path: Path) -> None:
    text = 'series,year,value,note\na,2024,"1,234","say ""hi"", twice"\nb,2024,"oops",\n'
    data, diagnostics = load_data([write(tmp_path, "a.csv", text)])
    assert where(diagnostics) == [("bad-value", 3, 8)]
    assert diagnostics[0].span is not None and diagnostics[0].span.end_column == 14
    assert [(o.value, o.note) for o in data.observations] == [(1234.0, 'say "hi", twice')]


def test_note_over_several_lines_keeps_later_lines_numbered(tmp_path: Path) -> None:
    text = 'series,year,value,note\na,2024,1,"line one\nline two"\nb,2024,zz,\n'
    data, diagnostics = load_data([write(tmp_path, "a.csv", text)])
    assert data.observations[0].note == "line one\nline two"
    assert where(diagnostics) == [("bad-value", 4, 8)]


def test_unclosed_quote(tmp_path: Path) -> None:
    text = HEADER + 'a,2024,1\nb,2024,"12\nc,2024,3\n'
    data, diagnostics = load_data([write(tmp_path, "a.csv", text)])
    assert where(diagnostics) == [("bad-row", 3, 8)]
    assert "never closed" in diagnostics[0].message
    assert values(data) == [("a", 2024, 1.0, None)]


def test_too_many_cells(tmp_path: Path) -> None:
    _, diagnostics = load_data([write(tmp_path, "a.csv", HEADER + "a,2024,1,234\n")])
    assert where(diagnostics) == [("bad-row", 2, 10)]
    assert "note" in (diagnostics[0].hint or "")
    text = "series,year,value,note\na,2024,1,234,5\n"
    _, diagnostics = load_data([write(tmp_path, "b.csv", text)])
    assert where(diagnostics) == [("bad-row", 2, 14)]
    assert "quote" in (diagnostics[0].hint or "")


def test_too_few_cells_points_past_the_row(tmp_path: Path) -> None:
    _, diagnostics = load_data([write(tmp_path, "a.csv", HEADER + "a,2024\n")])
    assert where(diagnostics) == [("bad-row", 2, 7)]
    assert "'value'" in diagnostics[0].message


def test_optional_note_and_trailing_empty_cells(tmp_path: Path) -> None:
    text = "series,year,value,note,,\na,2024,1\nb,2024,2,,,\nc,2024,3,memo,,\n"
    data, diagnostics = load_data([write(tmp_path, "a.csv", text)])
    assert diagnostics == []
    assert [(o.series, o.note) for o in data.observations] == [
        ("a", None), ("b", None), ("c", "memo"),
    ]  # fmt: skip


def test_blank_lines_are_skipped_and_lines_stay_true(tmp_path: Path) -> None:
    text = "\n" + HEADER + "\n,,\n   \na,2024,1\n\nb,2024,?\n"
    data, diagnostics = load_data([write(tmp_path, "a.csv", text)])
    assert where(diagnostics) == [("bad-value", 8, 8)]
    assert data.observations[0].span.line == 6


# --- headers ----------------------------------------------------------------------------


def test_rows_end_at_cr_lf_or_a_lone_cr_and_nothing_else(tmp_path: Path) -> None:
    # old Mac Excel ended rows with a lone CR; a form feed or U+2028 is inside its cell
    path = write(tmp_path, "a.csv", "series,year,value\ra,2024,1\r\nb,2024,x\x0c\u2028y\n")
    data, diagnostics = load_data([path])
    assert values(data) == [("a", 2024, 1.0, None)]
    assert where(diagnostics) == [("bad-value", 3, 8)]
    # the frame shows the cell's line, its odd characters as blanks
    assert format_diagnostic(diagnostics[0]).split("\n")[1:3] == [
        "  3 | b,2024,x  y", "    |        ^^^^"]


def test_unknown_header(tmp_path: Path) -> None:
    _, diagnostics = load_data([write(tmp_path, "a.csv", "名前,年度,値\na,2024,1\n")])
    assert where(diagnostics) == [("bad-header", 1, 1)]
    hint = diagnostics[0].hint or ""
    assert "series,year,value[,note]" in hint
    assert "project,period,status[,note]" in hint


def test_misspelt_header_column(tmp_path: Path) -> None:
    _, diagnostics = load_data([write(tmp_path, "a.csv", "series,year,valeu\na,2024,1\n")])
    assert where(diagnostics) == [("bad-header", 1, 13)]
    assert (diagnostics[0].hint or "").startswith("did you mean 'value'?")
    _, diagnostics = load_data([write(tmp_path, "b.csv", "project,perod,status\n")])
    assert where(diagnostics) == [("bad-header", 1, 9)]
    assert "'period'" in (diagnostics[0].hint or "")


def test_short_and_long_headers(tmp_path: Path) -> None:
    _, diagnostics = load_data([write(tmp_path, "a.csv", "series,year\n")])
    assert where(diagnostics) == [("bad-header", 1, 12)]
    _, diagnostics = load_data([write(tmp_path, "b.csv", "series,year,value,note,unit\n")])
    assert where(diagnostics) == [("bad-header", 1, 24)]


def test_empty_file(tmp_path: Path) -> None:
    _, diagnostics = load_data([write(tmp_path, "a.csv", "\n\n")])
    assert where(diagnostics) == [("bad-header", 1, 1)]


def test_header_only_file(tmp_path: Path) -> None:
    data, diagnostics = load_data([write(tmp_path, "a.csv", HEADER)])
    assert diagnostics == []
    assert data == DataSet(files=(str(tmp_path / "a.csv"),))


# --- figures as the loader reads them ---------------------------------------------------


@settings(deadline=None, max_examples=100)
@example(["-0", "12.5", "+.5", " 12 ", "1_000", "nan", "-inf", "1.", "1e3", "٣", "1" * 400])
@given(st.lists(st.text(alphabet="0123456789.,+-_e%△ nainfx１．　", max_size=8), max_size=30))
def test_loaded_figures_are_what_the_cell_parser_reads(cells: list[str]) -> None:
    # the loader reads a plain figure ("12.5", "-0") without the full parser: whatever
    # the cell, it must load exactly as parse_value reads it, or be a bad-value there
    rows = [
        f's{n},2024,"{cell}"' if "," in cell else f"s{n},2024,{cell}"
        for n, cell in enumerate(cells)
    ]
    with tempfile.TemporaryDirectory() as folder:
        data, diagnostics = load_data([write(Path(folder), "a.csv", HEADER + "\n".join(rows))])
    loaded = {o.series: (o.value, o.missing_reason) for o in data.observations}
    assert [d.code for d in diagnostics] == ["bad-value"] * (len(cells) - len(loaded))
    bad = {d.span.line for d in diagnostics if d.span}
    for n, cell in enumerate(cells):
        expected = parse_value(cell)
        if expected is None:
            assert n + 2 in bad
        elif isinstance(expected, Missing):
            assert loaded[f"s{n}"] == (None, expected.reason)
        else:
            value, reason = loaded[f"s{n}"]
            assert value is not None and reason is None
            # "-0" loads as 0.0, not -0.0, as parse_value reads it
            assert (value, math.copysign(1, value)) == (expected, math.copysign(1, expected))
