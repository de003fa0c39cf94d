"""The whole area's long tables read in bulk (`series,year,value`): the same figures, the
same records and spans, the same diagnostics and the same results as the careful reader
gives for the same files; and the rows that must go the careful way do."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from unittest import mock

from hypothesis import given
from hypothesis import strategies as st

from dxplan import pipeline
from dxplan.data.read import load_data_bytes
from dxplan.pipeline import Loaded
from dxplan.render import render
from dxplan.source import format_diagnostic

SPEC = """
plan p "P" {
    period 2020..2025
}
goal g "式" {
    value = a + b
    baseline 2020 = 1
    target 2025 = 50
}
goal law "条例" {
    milestone 2024 "制定"
}
field f "F" {
    kpi k "K" {
        indicator a "a" {
            baseline 2020 = 10
            target 2025 = 40
        }
        indicator b "b" {
            year calendar
            baseline 2020 = 1
            target 2025 = 9
        }
    }
}
"""


@contextmanager
def careful() -> Iterator[None]:
    """Every file read the careful way, row by row, as before bulk reading."""
    with mock.patch("dxplan.data.read.read_bulk", return_value=None):
        yield


def seen(loaded: Loaded) -> tuple[object, ...]:
    """What a user can see of a load: every record with its span and year as written,
    every diagnostic as shown (with its caret) and its hint, and the JSON of the results
    (every input with its file, line and column)."""
    records = [(o, o.span, o.written) for o in loaded.data.observations]
    shown = [(format_diagnostic(d), d.hint) for d in loaded.diagnostics]
    results, more = pipeline.evaluate(loaded)
    view = render(results, "json") if results is not None else None
    return records, shown, view, [format_diagnostic(d) for d in more]


def both(files: Mapping[str, str]) -> tuple[tuple[object, ...], tuple[object, ...]]:
    bulk = seen(pipeline.load_strings(SPEC, dict(files)))
    with careful():
        slow = seen(pipeline.load_strings(SPEC, dict(files)))
    return bulk, slow


_SERIES = st.sampled_from(["a", "b", "law", "z", " a", ""])
_YEAR = st.sampled_from(["2021", "2022", "2023", "2024", "2026", "２０２３", "R5", "2023年度",
                         "2023年", "2024年3月末", "x", " 2022"])
_VALUE = st.sampled_from(["1", "2.5", "-0", "10.00", ".5", "1.", "１２", "-", "x", "abc",
                          "", "5%", "1e3", "nan", '"1,234"', '"7"', "実施中", " 3",
                          "9" * 400])  # too large: infinity
_NOTE = st.sampled_from(["", "", "", "速報値", '"注\n記"'])  # a cell over two lines too
_ROW = st.tuples(_SERIES, _YEAR, _VALUE, _NOTE)
_LINE_END = st.sampled_from(["\n", "\r\n"])


def table(rows: list[tuple[str, str, str, str]], end: str, bom: bool, note: bool,
          tab: bool) -> str:
    cut = "\t" if tab else ","
    head = cut.join(("series", "year", "value", *(("note",) if note else ())))
    lines = [head] + [cut.join((s, y, v, *((n,) if note else ()))) for s, y, v, n in rows]
    return ("\ufeff" if bom else "") + end.join(lines) + end


@given(st.lists(st.lists(_ROW, max_size=12), min_size=1, max_size=2), _LINE_END,
       st.booleans(), st.booleans(), st.booleans(), st.integers(0, 3))
def test_the_bulk_and_the_careful_reader_agree(tables: list[list[tuple[str, str, str, str]]],
                                               end: str, bom: bool, note: bool, tab: bool,
                                               blank: int) -> None:
    files = {}
    for number, rows in enumerate(tables):
        text = table(rows, end, bom, note, tab)
        if blank and rows:  # a blank line among the rows
            lines = text.split(end)
            lines.insert(min(blank, len(lines) - 1), "")
            text = end.join(lines)
        files[f"d{number}.{'tsv' if tab else 'csv'}"] = text
    bulk, slow = both(files)
    assert bulk == slow


def test_clean_rows_are_read_in_bulk_and_traced_to_their_cells() -> None:
    # no record is made while reading; a record made on request points at the series
    # cell, as the careful reader's does: line 3, columns 1..2 ("a" is one character)
    text = "series,year,value\na,2023,12.5\na,2024,15\nb,2023,3\n"
    data, diagnostics = load_data_bytes([("d.csv", text.encode())])
    assert diagnostics == [] and data.observations.careful == ()
    assert data.observations.area is not None
    assert data.observations.area.values == {"a": {2023: 12.5, 2024: 15.0}, "b": {2023: 3.0}}
    second = data.observations[1]
    assert (second.series, second.year, second.value) == ("a", 2024, 15.0)
    assert (second.span.line, second.span.column, second.span.end_column) == (3, 1, 2)


def test_rows_that_are_not_plain_go_the_careful_way() -> None:
    # an era year, full-width digits, a note, a missing figure, a percent sign, a quoted
    # number and a repeat each make a record; only the plain rows (lines 2 and 9) do not
    text = ("series,year,value,note\n"
            "a,2021,1,\n"
            "a,R4,2,\n"          # 令和4年度 = 2022
            "a,2023,１２,\n"      # 12
            "a,2024,3,速報値\n"
            "b,2021,-,\n"
            "b,2022,5%,\n"       # 5 (the percent sign is the unit's)
            'b,2023,"1,234",\n'  # 1234
            "b,2024,7,\n"
            "a,2021,1,\n")       # the same figure again: a warning, ignored
    data, diagnostics = load_data_bytes([("d.csv", text.encode())])
    careful = [(o.series, o.year, o.value, o.missing_reason) for o in data.observations.careful]
    assert careful == [("a", 2022, 2.0, None), ("a", 2023, 12.0, None),
                       ("a", 2024, 3.0, None), ("b", 2021, None, "-"),
                       ("b", 2022, 5.0, None), ("b", 2023, 1234.0, None)]
    assert data.observations.area is not None
    assert data.observations.area.values == {"a": {2021: 1.0}, "b": {2024: 7.0}}
    assert [(d.code, d.span.line if d.span else None) for d in diagnostics] == \
        [("duplicate-row", 10)]
    # in file order, whichever way each row was read
    assert [(o.series, o.year) for o in data.observations] == [
        ("a", 2021), ("a", 2022), ("a", 2023), ("a", 2024), ("b", 2021), ("b", 2022),
        ("b", 2023), ("b", 2024)]


def test_a_careful_row_before_a_bulk_row_is_the_first() -> None:
    # line 2 has a note (careful), line 3 gives 2023 again in a plain row (bulk): the
    # plain row is the repeat, with a different figure: an error at its value, line 3
    text = "series,year,value,note\na,2023,1,県調べ\na,2023,2,\n"
    data, diagnostics = load_data_bytes([("d.csv", text.encode())])
    assert [(o.value, o.note) for o in data.observations] == [(1.0, "県調べ")]
    assert [(d.code, d.message, d.hint) for d in diagnostics] == [
        ("conflicting-rows", "a 2023 is 2 here but 1 before",
         "first given at d.csv:2; keep one of the two rows")]
    (conflict,) = diagnostics
    assert conflict.span is not None
    assert (conflict.span.line, conflict.span.column) == (3, 8)  # "2" after "a,2023,"


def test_a_figure_given_again_in_a_later_file_is_a_repeat() -> None:
    # the first file's row is careful (a note), the second's plain: still the repeat
    first = "series,year,value,note\na,2023,1,速報値\n"
    second = "series,year,value\na,2023,1\n"
    data, diagnostics = load_data_bytes([("1.csv", first.encode()), ("2.csv", second.encode())])
    assert [(o.value, o.note, o.span.path) for o in data.observations] == [(1.0, "速報値", "1.csv")]
    assert [(d.code, d.span.path if d.span else None) for d in diagnostics] == \
        [("duplicate-row", "2.csv")]


def test_a_cp932_file_with_crlf_and_a_bom_file_read_the_same() -> None:
    text = "series,year,value\r\na,2023,1\r\n"
    sjis = ("指標,年度,値\r\na,令和5年度,1\r\n").encode("cp932")
    one, _ = load_data_bytes([("a.csv", text.encode())])
    bom, _ = load_data_bytes([("a.csv", b"\xef\xbb\xbf" + text.encode())])
    era, _ = load_data_bytes([("a.csv", sjis)])
    assert [(o.series, o.year, o.value) for o in one.observations] == [("a", 2023, 1.0)]
    assert one.observations == bom.observations == era.observations


def test_a_point_in_time_and_a_plain_year_of_the_same_year_conflict_either_way() -> None:
    # 2024年3月末 falls in fiscal 2023: with a plain 2023 of the series `a` it gives the
    # year twice; the earlier row is the first, the later the error, whichever was bulk
    point_first = "series,year,value\na,2024年3月末,1\na,2023,2\n"
    plain_first = "series,year,value\na,2023,2\na,2024年3月末,1\n"
    for text, line, first in ((point_first, 3, 2), (plain_first, 3, 2)):
        loaded = pipeline.load_strings(SPEC, {"d.csv": text})
        twice = [d for d in loaded.diagnostics if d.code == "conflicting-rows"]
        assert [(d.message, d.span.line if d.span else None, d.hint) for d in twice] == [
            ("a 2023 is given twice", line, f"first given at d.csv:{first}; keep one")]
        bulk, slow = both({"d.csv": text})
        assert bulk == slow


def test_every_row_of_a_milestone_series_is_refused_as_a_number() -> None:
    # `law` takes stages (未着手, 実施中, 完了); its plain numbers, read in bulk, are errors
    # at each row (lines 2 and 3), as the careful reader reports them
    text = "series,year,value\nlaw,2023,1\nlaw,2024,2\n"
    loaded = pipeline.load_strings(SPEC, {"d.csv": text})
    assert [(d.code, d.span.line if d.span else None) for d in loaded.diagnostics] == \
        [("bad-value", 2), ("bad-value", 3)]
    bulk, slow = both({"d.csv": text})
    assert bulk == slow


def test_the_figures_read_in_bulk_are_a_sequence_of_records_for_scripts() -> None:
    # what an analyst's script does with `data.observations`: count, index, compare,
    # add records of its own (lines 2 and 3: both plain, both read in bulk)
    text = "series,year,value\na,2023,1\na,2024,2\n"
    data, _ = load_data_bytes([("d.csv", text.encode())])
    observations = data.observations
    assert len(observations) == 2 and observations.careful == ()
    first, second = observations
    assert observations == (first, second) and observations[-1] is second
    assert observations + (first,) == (first, second, first)  # noqa: RUF005 (tested)
    assert (second,) + observations == (second, first, second)  # noqa: RUF005 (tested)
    assert [o.value for o in observations] == [1.0, 2.0]
