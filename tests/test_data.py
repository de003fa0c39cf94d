"""Data files: cell parsers, encodings, CSV/TSV/Excel reading, and the diagnostics' spans.

Every file test writes a real file (or reads one from tests/data_files/) and asserts the
diagnostic code together with the exact line and column the caret frame will show.
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dxplan.cells import (
    Missing,
    narrow,
    parse_period,
    parse_project,
    parse_status,
    parse_value,
    parse_year,
    value_hint,
)
from dxplan.data import (
    DataSet,
    Observation,
    ProgressRow,
    check_progress,
    check_series,
    load_data,
)
from dxplan.source import Diagnostic, Severity, SourceFile, Span, format_diagnostic

FIXTURES = Path(__file__).parent / "data_files"
HEADER = "series,year,value\n"


def write(folder: Path, name: str, text: str, encoding: str = "utf-8") -> str:
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return str(path)


def where(diagnostics: list[Diagnostic]) -> list[tuple[str, int | None, int | None]]:
    """(code, line, column) of each diagnostic: what the caret frame is built from."""
    return [
        (d.code, d.span.line if d.span else None, d.span.column if d.span else None)
        for d in diagnostics
    ]


def values(data: DataSet) -> list[tuple[str, int, float | None, str | None]]:
    return [(o.series, o.year, o.value, o.missing_reason) for o in data.observations]


# --- cell parsers -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("2024", 2024),
        (" 2024 ", 2024),
        ("FY2024", 2024),
        ("fy2024", 2024),
        ("2024年度", 2024),
        ("R6", 2024),
        ("r6", 2024),
        ("R 6", 2024),
        ("令和6年度", 2024),
        ("令和6年", 2024),
        ("令和6", 2024),
        ("令和６年度", 2024),
        ("Ｒ６", 2024),
        ("２０２４", 2024),
        ("令和元年度", 2019),
        ("令和元年", 2019),
        ("R1", 2019),
        ("H30", 2018),
        ("h30", 2018),
        ("平成30年度", 2018),
        ("平成元年", 1989),
        ("平成31年度", 2019),
        ("", None),
        ("24", None),
        ("20244", None),
        ("0024", None),
        ("R0", None),
        ("令和0年度", None),
        ("H32", None),
        ("S60", None),
        ("2024H1", None),
        ("FY", None),
        ("令和", None),
        ("2024.0", None),
    ],
)
def test_parse_year(text: str, year: int | None) -> None:
    assert parse_year(text) == year


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1234", 1234.0),
        ("1,234", 1234.0),
        ("1,234,567.25", 1234567.25),
        ("12.5", 12.5),
        (".5", 0.5),
        ("30%", 30.0),
        ("48.0%", 48.0),
        ("30 %", 30.0),
        ("-3", -3.0),
        ("+3", 3.0),
        ("△5", -5.0),
        ("▲1,200", -1200.0),
        ("△ 0.8", -0.8),
        ("-0", 0.0),
        ("３８", 38.0),
        ("３８．５", 38.5),
        ("１，２３４", 1234.0),
        ("３０％", 30.0),
        ("－５", -5.0),
        ("−5", -5.0),
        ("  7  ", 7.0),
        ("\u30007\u3000", 7.0),
    ],
)
def test_parse_value_numbers(text: str, value: float) -> None:
    assert parse_value(text) == value


@pytest.mark.parametrize(
    ("text", "reason"),
    [("", ""), ("   ", ""), ("-", "-"), ("−", "−"), ("－", "－"), ("…", "…"), ("x", "x"),
     ("X", "X"), (" x ", "x")],
)  # fmt: skip
def test_parse_value_missing_keeps_the_marker(text: str, reason: str) -> None:
    assert parse_value(text) == Missing(reason)


@pytest.mark.parametrize(
    "text",
    ["abc", "nan", "NaN", "inf", "-inf", "Infinity", "1e3", "1_000", "12,34", "1,2345",
     "1.2.3", "1,234.", "--5", "△-5", "5-", "①", "１２①", "%", "30%%", "0x10", "***",
     "1" * 400],
)  # fmt: skip
def test_parse_value_rejects(text: str) -> None:
    assert parse_value(text) is None


def test_parse_value_zero_is_positive_zero() -> None:
    assert math.copysign(1.0, parse_value("-0") or 1.0) == 1.0  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "says"),
    [("nan", "NaN"), ("inf", "NaN"), ("12,5", "decimals"), ("abc", "1,234")],
)
def test_value_hint(text: str, says: str) -> None:
    assert says in value_hint(text)


def test_narrow_keeps_annotations() -> None:
    assert narrow("①㈱２０２４Ｒ６　％") == "①㈱2024R6 %"


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("2024H1", "2024H1"),
        ("2024H2", "2024H2"),
        ("2024h1", "2024H1"),
        ("FY2024H1", "2024H1"),
        ("2024-H2", "2024H2"),
        ("2024 H2", "2024H2"),
        ("R6上期", "2024H1"),
        ("R6下期", "2024H2"),
        ("令和6年度上期", "2024H1"),
        ("令和6年度下期", "2024H2"),
        ("令和６年度下半期", "2024H2"),
        ("2024年度上期", "2024H1"),
        ("2024", None),
        ("2024H3", None),
        ("H1", None),
        ("上期", None),
        ("2024Q1", None),
        ("", None),
    ],
)
def test_parse_period(text: str, period: str | None) -> None:
    assert parse_period(text) == period


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("not_started", "not_started"),
        ("on_track", "on_track"),
        ("On Track", "on_track"),
        ("not-started", "not_started"),
        ("delayed", "delayed"),
        ("completed", "completed"),
        ("suspended", "suspended"),
        ("未着手", "not_started"),
        ("順調", "on_track"),
        (" 遅れ ", "delayed"),
        ("完了", "completed"),
        ("中止", "suspended"),
        ("delayd", None),
        ("遅延", None),
        ("", None),
    ],
)
def test_parse_status(text: str, status: str | None) -> None:
    assert parse_status(text) == status


@pytest.mark.parametrize(
    ("text", "number"),
    [("1", 1), (" 12 ", 12), ("７６", 76), ("0", None), ("-1", None), ("1.5", None),
     ("No.1", None), ("", None), ("9" * 5000, None)],
)  # fmt: skip
def test_parse_project(text: str, number: int | None) -> None:
    assert parse_project(text) == number


@settings(deadline=None)
@given(st.text())
def test_parsers_are_total(text: str) -> None:
    value = parse_value(text)
    assert value is None or isinstance(value, Missing) or math.isfinite(value)
    parse_year(text)
    parse_period(text)
    parse_status(text)
    parse_project(text)
    value_hint(text)


@settings(deadline=None)
@given(st.text(alphabet="0123456789,.%△▲-+ nainfNAINFx０１２３４５６７８９，．％－e"))
def test_parse_value_is_never_nan_or_inf_on_number_like_text(text: str) -> None:
    value = parse_value(text)
    assert value is None or isinstance(value, Missing) or math.isfinite(value)


_FULL_WIDTH = str.maketrans("0123456789,.-%", "０１２３４５６７８９，．－％")


@settings(deadline=None)
@given(
    st.one_of(
        st.just(0.0),
        st.floats(min_value=1e-4, max_value=1e15),
        st.floats(min_value=-1e15, max_value=-1e-4),
    ),
    st.sampled_from(["plain", "full", "triangle", "percent"]),
)
def test_formatted_figures_parse_back(number: float, style: str) -> None:
    text = format(number, ",")  # shortest round-tripping digits, with thousands separators
    if style == "full":
        text = text.translate(_FULL_WIDTH)
    elif style == "triangle":
        text = text.replace("-", "△")
    elif style == "percent":
        text += "%"
    assert parse_value(text) == number


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


# --- duplicates -------------------------------------------------------------------------


def test_duplicate_row_is_a_warning(tmp_path: Path) -> None:
    path = write(tmp_path, "a.csv", HEADER + "a,2024,1\nb,2024,x\na,R6,1.0\nb,FY2024,x\n")
    data, diagnostics = load_data([path])
    assert where(diagnostics) == [("duplicate-row", 4, 1), ("duplicate-row", 5, 1)]
    assert all(d.severity is Severity.WARNING for d in diagnostics)
    assert diagnostics[0].hint == f"first given at {path}:2; this row is ignored"
    assert len(data.observations) == 2


def test_conflicting_rows_point_at_the_second(tmp_path: Path) -> None:
    path = write(tmp_path, "a.csv", HEADER + "a,2024,1\nb,2024,2\na,令和6年度,1.5\nb,2024,x\n")
    data, diagnostics = load_data([path])
    assert where(diagnostics) == [("conflicting-rows", 4, 9), ("conflicting-rows", 5, 8)]
    assert diagnostics[0].severity is Severity.ERROR
    assert diagnostics[0].hint == f"first given at {path}:2; keep one of the two rows"
    assert values(data) == [("a", 2024, 1.0, None), ("b", 2024, 2.0, None)]


def test_first_is_by_path_whatever_the_argument_order(tmp_path: Path) -> None:
    first = write(tmp_path, "a.csv", HEADER + "s,2024,1\n")
    second = write(tmp_path, "b.csv", HEADER + "\ns,2024,2\n")
    results = [load_data([first, second]), load_data([second, first])]
    assert results[0] == results[1]
    data, diagnostics = results[0]
    assert data.files == (first, second)
    assert where(diagnostics) == [("conflicting-rows", 3, 8)]
    assert diagnostics[0].span is not None and diagnostics[0].span.path == second
    assert f"{first}:2" in (diagnostics[0].hint or "")


def test_fixture_with_problems_formats_stably() -> None:
    path = str(FIXTURES / "problems.csv")
    _, diagnostics = load_data([path])
    assert [format_diagnostic(d) for d in diagnostics] == [
        f"{path}:3:23: error[bad-row]: row has 4 cells but the header has 3\n"
        "  3 | online_usage,令和8年度,12,5\n"
        "    |                           ^\n"
        "  = hint: add a 'note' column to the header to keep notes",
        f"{path}:4:19: error[bad-value]: cannot read 'nan' as a value\n"
        "  4 | online_usage,2025,nan\n"
        "    |                   ^^^\n"
        "  = hint: NaN and infinity are not figures; leave the cell blank or write - for none",
        f"{path}:6:21: error[conflicting-rows]: online_usage 2024 is 47 here but 48 before\n"
        "  6 | online_usage,FY2024,47\n"
        "    |                     ^^\n"
        f"  = hint: first given at {path}:2; keep one of the two rows",
    ]


# --- progress ---------------------------------------------------------------------------


def test_progress_fixture() -> None:
    data, diagnostics = load_data([str(FIXTURES / "progress_bom.csv")])
    assert diagnostics == []
    assert [(r.project, r.period, r.status, r.note) for r in data.progress] == [
        (1, "2024H1", "on_track", None),
        (1, "2024H2", "completed", "前倒しで完了"),
        (2, "2024H1", "delayed", "入札不調のため、再公告"),
        (2, "2024H2", "delayed", None),
        (3, "2024H1", "not_started", None),
    ]
    row = data.progress[2]
    assert (row.span.line, row.span.column) == (4, 1)
    assert row.period_span is not None
    assert (row.period_span.line, row.period_span.column) == (4, 3)


def test_progress_bad_cells(tmp_path: Path) -> None:
    text = "project,period,status\n１,2024H1,順調\nx1,2024H1,delayd\n2,2024H3,遅延\n"
    data, diagnostics = load_data([write(tmp_path, "p.csv", text)])
    assert where(diagnostics) == [
        ("bad-project", 3, 1),
        ("bad-status", 3, 11),
        ("bad-period", 4, 3),
        ("bad-status", 4, 10),
    ]
    assert (diagnostics[1].hint or "").startswith("did you mean 'delayed'?")
    assert "未着手" in (diagnostics[3].hint or "")
    assert [(r.project, r.status) for r in data.progress] == [(1, "on_track")]


def test_progress_duplicates(tmp_path: Path) -> None:
    text = "project,period,status\n1,2024H1,順調\n1,R6上期,on_track\n1,2024h1,遅れ\n"
    data, diagnostics = load_data([write(tmp_path, "p.csv", text)])
    assert where(diagnostics) == [("duplicate-row", 3, 1), ("conflicting-rows", 4, 10)]
    assert len(data.progress) == 1


# --- Excel ------------------------------------------------------------------------------


def make_book(path: Path, sheets: dict[str, list[list[object]]]) -> str:
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return str(path)


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


def test_xlsx_wide_format_sheet_is_reported_not_skipped(tmp_path: Path) -> None:
    path = make_book(
        tmp_path / "book.xlsx",
        {"empty": [], "wide": [["series", 2023, 2024], ["a", 1, 2]]},
    )
    _, diagnostics = load_data([path])
    assert where(diagnostics) == [("bad-header", 1, 8)]
    assert diagnostics[0].message == "header column '2023' should be 'year' (cell B1)"


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


# --- paths ------------------------------------------------------------------------------


def test_folder_reads_data_files_in_name_order(tmp_path: Path) -> None:
    write(tmp_path, "b.csv", HEADER + "b,2024,2\n")
    write(tmp_path, "a.tsv", "series\tyear\tvalue\na\t2024\t1\n")
    write(tmp_path, "C.CSV", HEADER + "c,2024,3\n")
    write(tmp_path, "readme.txt", "not data")
    write(tmp_path, ".hidden.csv", "junk")
    (tmp_path / "~$book.xlsx").write_bytes(b"excel lock file")
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub", "d.csv", HEADER + "d,2024,4\n")
    data, diagnostics = load_data([str(tmp_path)])
    assert diagnostics == []
    assert [os.path.basename(f) for f in data.files] == ["C.CSV", "a.tsv", "b.csv"]
    assert [o.series for o in data.observations] == ["c", "a", "b"]


def test_same_file_twice_is_read_once(tmp_path: Path) -> None:
    path = write(tmp_path, "a.csv", HEADER + "a,2024,1\n")
    data, diagnostics = load_data([str(tmp_path), path])
    assert diagnostics == []
    assert len(data.observations) == 1


def test_empty_folder_warns(tmp_path: Path) -> None:
    _, diagnostics = load_data([str(tmp_path)])
    assert where(diagnostics) == [("no-data-files", None, None)]
    assert diagnostics[0].severity is Severity.WARNING


def test_missing_path_suggests_a_sibling(tmp_path: Path) -> None:
    (tmp_path / "examples").mkdir()
    data, diagnostics = load_data([str(tmp_path / "exmaples")])
    assert where(diagnostics) == [("no-such-file", None, None)]
    assert diagnostics[0].hint == "did you mean 'examples'?"
    assert data == DataSet()


def test_loading_is_deterministic(tmp_path: Path) -> None:
    write(tmp_path, "a.csv", HEADER + "a,2024,1\na,2024,2\n")
    write(tmp_path, "b.csv", "project,period,status\n1,2024H1,順調\n")
    assert load_data([str(tmp_path)]) == load_data([str(tmp_path)])


def test_nothing_is_printed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "bad.xlsx").write_bytes(b"PK\x03\x04 truncated")
    write(tmp_path, "a.csv", "nonsense\n")
    load_data([str(tmp_path), str(tmp_path / "nope.csv")])
    assert capsys.readouterr() == ("", "")


def test_core_imports_neither_rich_nor_openpyxl() -> None:
    code = (
        "import sys, dxplan.data; "
        "assert 'rich' not in sys.modules and 'openpyxl' not in sys.modules, sorted(sys.modules)"
    )
    root = str(Path(__file__).resolve().parent.parent)
    subprocess.run([sys.executable, "-c", code], check=True, cwd=root)


@settings(deadline=None, max_examples=50)
@given(st.binary(max_size=200), st.sampled_from(["a.csv", "a.tsv"]))
def test_any_bytes_load_without_raising(content: bytes, name: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        data, diagnostics = load_data([str(path)])
    assert all(d.span is None or d.span.line >= 1 for d in diagnostics)
    assert all(o.value is None or math.isfinite(o.value) for o in data.observations)


@settings(deadline=None, max_examples=50)
@given(st.lists(st.text(alphabet=',"\n\tab1 ', max_size=12), max_size=6))
def test_any_csv_text_loads_without_raising(lines: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "a.csv"
        path.write_text(HEADER + "\n".join(lines), encoding="utf-8")
        load_data([str(path)])


# --- checks against the plan ------------------------------------------------------------


def test_check_series_warns_once_per_unknown_series(tmp_path: Path) -> None:
    text = HEADER + "online_usage,2024,1\nonline_usge,2024,2\nonline_usge,2025,3\nzzz,2024,4\n"
    data, _ = load_data([write(tmp_path, "a.csv", text)])
    diagnostics = check_series(data.observations, ["online_usage", "workers"])
    assert where(diagnostics) == [("unknown-series", 3, 1), ("unknown-series", 5, 1)]
    assert all(d.severity is Severity.WARNING for d in diagnostics)
    assert diagnostics[0].hint == "did you mean 'online_usage'?"


def test_check_series_on_a_sheet_names_the_cell(tmp_path: Path) -> None:
    path = make_book(tmp_path / "b.xlsx", {"d": [["series", "year", "value"], ["q", 2024, 1]]})
    data, _ = load_data([path])
    (d,) = check_series(data.observations, [])
    assert "(cell A2)" in d.message


def _progress(tmp_path: Path, text: str) -> tuple[ProgressRow, ...]:
    data, diagnostics = load_data([write(tmp_path, "p.csv", "project,period,status\n" + text)])
    assert diagnostics == []
    return data.progress


def test_check_progress_unknown_project(tmp_path: Path) -> None:
    rows = _progress(tmp_path, "1,2024H1,順調\n77,2024H1,順調\n")
    projects = {n: f"事業{n}" for n in range(1, 77)}
    diagnostics = check_progress(rows, projects, 2024)
    assert where(diagnostics) == [("unknown-project", 3, 1)]
    assert (
        diagnostics[0].hint == "projects are numbered 1–76; nearest: 75 「事業75」, 76 「事業76」"
    )


def test_check_progress_unknown_project_in_a_gap(tmp_path: Path) -> None:
    rows = _progress(tmp_path, "5,2024H1,順調\n")
    diagnostics = check_progress(rows, {1: "一", 9: "九"}, 2024)
    assert diagnostics[0].hint == "projects are numbered 1–9; nearest: 1 「一」, 9 「九」"
    assert check_progress(rows, {}, 2024)[0].hint == "the roadmap lists no projects"


def test_check_progress_period_outside_year(tmp_path: Path) -> None:
    rows = _progress(tmp_path, "1,2024H2,順調\n1,令和7年度上期,順調\n")
    diagnostics = check_progress(rows, {1: "一"}, 2024)
    assert where(diagnostics) == [("period-outside-year", 3, 3)]
    assert "2024H1" in (diagnostics[0].hint or "")


def test_check_progress_row_built_by_hand() -> None:
    span = Span.point(SourceFile("roadmap.csv", "x"), 1, 1)
    row = ProgressRow(1, "someday", "on_track", None, span)
    assert where(check_progress([row], {1: "一"}, 2024)) == [("period-outside-year", 1, 1)]
