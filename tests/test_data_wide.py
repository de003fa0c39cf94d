"""Tables as statistics offices send them: years across the columns (指標 | 令和4年度 | …),
a worksheet per series, Japanese headers, and the per-figure `source` column.

A wide table must give exactly the observations, in the same order, that the long table
it was rewritten from gives, and so evaluate identically (the property at the end).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import load, make_book, where

from dxplan import pipeline
from dxplan.data.read import load_data, load_data_bytes
from dxplan.data.records import Observation


def read(name: str, text: str) -> tuple[list[Observation], list[str]]:
    data, diagnostics = load_data_bytes([(name, text.encode("utf-8"))])
    return list(data.observations), [d.code for d in diagnostics]


def rows(observations: list[Observation]) -> list[tuple[object, ...]]:
    return [(o.series, o.year, o.value, o.missing_reason, o.note, o.source, o.entity)
            for o in observations]


# --- the wide shape ---------------------------------------------------------------------


@pytest.mark.parametrize("header", ["2024", "FY2024", "令和6年度", "R6", "2024年", "２０２４年度"])
def test_every_year_form_heads_a_column(header: str) -> None:
    observations, codes = read("a.csv", f"series,{header}\nfirms,12\n")
    assert codes == []
    assert rows(observations) == [("firms", 2024, 12.0, None, None, None, None)]


def test_wide_table_with_japanese_headers_notes_and_sources() -> None:
    text = ("指標,令和4年度,令和5年度,R6,出典,備考\n"
            "firms,3,\"1,234\",x,県調べ,速報値\n"
            "paper,△5,,30%,,\n")
    observations, codes = read("a.csv", text)
    assert codes == []
    # the blank cell (paper, 令和5年度) is no figure at all, not a missing one
    assert rows(observations) == [
        ("firms", 2022, 3.0, None, "速報値", "県調べ", None),
        ("firms", 2023, 1234.0, None, "速報値", "県調べ", None),
        ("firms", 2024, None, "x", "速報値", "県調べ", None),
        ("paper", 2022, -5.0, None, None, None, None),
        ("paper", 2024, 30.0, None, None, None, None),
    ]
    # a wide figure is found at its own cell
    assert observations[1].span.line == 2 and observations[1].span.column == 9


def test_municipality_column_flows_into_the_observation() -> None:
    text = "団体コード,系列,2023,2024\n022012,dx,1,2\n,dx,30,31\n022021,dx,,4\n"
    observations, codes = read("a.csv", text)
    assert codes == []
    assert [(o.entity, o.year, o.value) for o in observations] == [
        ("022012", 2023, 1.0), ("022012", 2024, 2.0),
        (None, 2023, 30.0), (None, 2024, 31.0),  # a blank municipality: the whole area
        ("022021", 2024, 4.0)]


def test_the_same_figure_for_two_municipalities_is_no_duplicate() -> None:
    _, codes = read("a.csv", "市町村,指標,2024\n青森市,dx,1\n弘前市,dx,1\n")
    assert codes == []
    _, codes = read("b.csv", "市町村,指標,2024\n青森市,dx,1\n青森市,dx,2\n")
    assert codes == ["conflicting-rows"]


@pytest.mark.parametrize(("header", "column", "message"), [
    ("series,2023,2023年度", 13, "fiscal 2023 has two columns: '2023' and '2023年度'"),
    ("series,2023,unit", 13,
     "header column 'unit' is neither a fiscal year nor a column of a wide table"),
    ("市町村,2023", 1, "a table with years across has no series column"),
    ("指標,系列,2023", 4, "header column '系列' is a second series column"),
    ("市町村,code,series,2023", 5, "header column 'code' is a second municipality column"),
    ("series,,2023", 8, "header cell is empty"),
])
def test_a_header_that_fits_no_shape_is_located(header: str, column: int, message: str
                                                ) -> None:
    data, diagnostics = load_data_bytes([("a.csv", f"{header}\nx,1,2\n".encode())])
    assert where(diagnostics) == [("bad-header", 1, column)]
    assert diagnostics[0].message == message
    assert data.observations == ()


def test_an_unknown_column_hint_names_the_accepted_headers() -> None:
    _, diagnostics = load_data_bytes([("a.csv", b"series,2023,souce\n")])
    hint = diagnostics[0].hint or ""
    assert hint.startswith("did you mean 'source'?")
    for word in ("series", "指標", "系列", "令和6年度", "FY2024", "市町村", "団体コード",
                 "備考", "出典"):
        assert word in hint


def test_a_header_of_no_shape_at_all_names_every_shape() -> None:
    _, diagnostics = load_data_bytes([("a.csv", "名前,区分\n".encode())])
    assert where(diagnostics) == [("bad-header", 1, 1)]
    hint = diagnostics[0].hint or ""
    assert "series,year,value" in hint and "project,period,status" in hint
    assert "指標,令和5年度,令和6年度" in hint


def test_bad_cells_of_a_wide_table_are_each_located() -> None:
    text = "series,2023,2024\nfirms,abc,2,9\n,4,5\nok,1,nan\n"
    data, diagnostics = load_data_bytes([("a.csv", text.encode())])
    assert where(diagnostics) == [("bad-row", 2, 13), ("bad-row", 3, 1), ("bad-value", 4, 6)]
    assert "NaN" in (diagnostics[2].hint or "")
    assert rows(list(data.observations)) == [("ok", 2023, 1.0, None, None, None, None)]


def test_wide_sheet_cells_are_named(tmp_path: Path) -> None:
    path = make_book(tmp_path / "stats.xlsx", {"統計": [
        ["指標", "令和4年度", "令和5年度", "令和6年度"],
        ["firms", 1, 2, 3],
        ["paper", 4, "abc", 6],
    ]})
    data, diagnostics = load_data([path])
    assert [d.message for d in diagnostics] == ["cannot read 'abc' as a value (cell C3)"]
    assert len(data.observations) == 5
    assert data.observations[0].span.path == f"{path}:統計"


# --- one worksheet per series ------------------------------------------------------------


def test_a_worksheet_per_series_is_named_after_it(tmp_path: Path) -> None:
    path = make_book(tmp_path / "series.xlsx", {
        "説明": [["各シートは指標ごとの実績値"]],
        "firms": [["年度", "値", "出典"], ["令和5年度", 12, "県調べ"], ["R6", 20, None]],
        "paper": [["year", "value", "note"], [2024, "x", "秘匿"]],
    })
    data, diagnostics = load_data([path])
    assert diagnostics == []
    assert rows(list(data.observations)) == [
        ("firms", 2023, 12.0, None, None, "県調べ", None),
        ("firms", 2024, 20.0, None, None, None, None),
        ("paper", 2024, None, "x", "秘匿", None, None),
    ]
    assert data.observations[0].span.line == 2  # the figure's cell, B2


def test_a_year_value_table_outside_a_workbook_has_no_series() -> None:
    _, diagnostics = load_data_bytes([("a.csv", b"year,value\n2024,1\n")])
    assert where(diagnostics) == [("bad-header", 1, 1)]
    assert "worksheet named after its series" in (diagnostics[0].hint or "")


# --- the long shape's optional columns ---------------------------------------------------


def test_long_table_with_source_and_municipality_in_any_order() -> None:
    text = "系列,年度,値,出典,市町村,備考\ndx,2024,3,県調べ,青森市,速報\ndx,2024,5,,,\n"
    observations, codes = read("a.csv", text)
    assert codes == []
    assert rows(observations) == [("dx", 2024, 3.0, None, "速報", "県調べ", "青森市"),
                                  ("dx", 2024, 5.0, None, None, None, None)]


def test_long_table_optional_column_twice_or_unknown() -> None:
    _, diagnostics = load_data_bytes([("a.csv", b"series,year,value,source,source\n")])
    assert where(diagnostics) == [("bad-header", 1, 26)]
    assert diagnostics[0].message == "header column 'source' is given twice"
    _, diagnostics = load_data_bytes([("b.csv", b"series,year,value,sorce\n")])
    assert where(diagnostics) == [("bad-header", 1, 19)]
    assert (diagnostics[0].hint or "").startswith("did you mean 'source'?")


# --- any long table, rewritten wide, is the same data -------------------------------------

SERIES = ("a", "b", "c")
YEARS = (2022, 2023, 2024, 2025, 2026)
# the fiscal forms: a calendar header (2024年) belongs to a `year calendar` series only
# (test_a_calendar_header_is_read_as_a_calendar_year)
YEAR_FORMS = (str, lambda y: f"FY{y}", lambda y: f"令和{y - 2018}年度", lambda y: f"R{y - 2018}",
              lambda y: f"{y}年度")
SPEC = """
plan t "T" {
    period 2022..2028
}
field f "F" {
    kpi k "K" {
""" + "".join(f"""        indicator {s} "{s}" {{
            baseline 2022 = 10
            target 2028 = {40 + 10 * i}
        }}
""" for i, s in enumerate(SERIES)) + """    }
}
"""

_VALUE = st.one_of(
    st.integers(-50, 5000).map(str),
    st.decimals(-100, 100, places=2).map(str),
    st.integers(1000, 99999).map(lambda n: f"{n:,}"),  # "12,345": quoted in the CSV
    st.integers(0, 80).map(lambda n: f"△{n}"),
    st.integers(0, 100).map(lambda n: f"{n}%"),
    st.sampled_from(["-", "x", "…"]),  # no figure, with its reason
)
_TEXT = st.one_of(st.none(), st.sampled_from(["県調べ", "速報値", "note, with a comma"]))
# one row of the wide table: its series, municipality, note, source and figures by year
_GROUP = st.tuples(st.sampled_from(SERIES), st.sampled_from([None, "青森市", "022021"]),
                   _TEXT, _TEXT, st.dictionaries(st.sampled_from(YEARS), _VALUE, min_size=1))


def _csv(table: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(table)
    return out.getvalue()


@given(st.lists(_GROUP, min_size=1, max_size=6, unique_by=lambda g: (g[0], g[1])), st.booleans(),
       st.lists(st.sampled_from(YEAR_FORMS), min_size=len(YEARS), max_size=len(YEARS)))
def test_any_long_table_rewritten_wide_is_the_same_data(groups: list[tuple], entities: bool,
                                                        forms: list) -> None:
    if not entities:  # a table without a municipality column: one row per series
        groups = list({g[0]: (g[0], None, *g[2:]) for g in groups}.values())
    # long, in the order the wide table reads: row by row, each row's years in order
    long = [["series", "year", "value", "note", "source"] + (["municipality"] * entities)]
    for series, entity, note, source, figures in groups:
        for year in sorted(figures):
            long.append([series, str(year), figures[year], note or "", source or ""]
                        + [entity or ""] * entities)
    years = sorted({y for g in groups for y in g[4]})
    wide = [["指標"] + (["市町村"] * entities) + [forms[YEARS.index(y)](y) for y in years]
            + ["備考", "出典"]]
    for series, entity, note, source, figures in groups:
        wide.append([series] + [entity or ""] * entities
                    + [figures.get(y, "") for y in years] + [note or "", source or ""])

    as_long = pipeline.load_strings(SPEC, {"long.csv": _csv(long)})
    as_wide = pipeline.load_strings(SPEC, {"wide.csv": _csv(wide)})
    assert [d.code for d in as_long.diagnostics] == [d.code for d in as_wide.diagnostics]
    assert as_long.data.observations == as_wide.data.observations
    assert pipeline.evaluate(as_long)[0] == pipeline.evaluate(as_wide)[0]


@settings(max_examples=40)  # a workbook written and read per example: slow
@given(st.lists(_GROUP, max_size=3, unique_by=lambda g: g[0]))
def test_a_long_table_split_into_a_sheet_per_series_is_the_same_data(groups: list[tuple]
                                                                      ) -> None:
    import tempfile

    long = [["series", "year", "value", "note", "source"]]
    sheets: dict[str, list[list[object]]] = {}
    for series, _entity, note, source, figures in groups:
        sheet: list[list[object]] = [["year", "value", "note", "source"]]
        for year in sorted(figures):
            long.append([series, str(year), figures[year], note or "", source or ""])
            sheet.append([year, figures[year], note, source])
        sheets[series] = sheet
    if not sheets:
        return
    with tempfile.TemporaryDirectory() as folder:
        book = Path(make_book(Path(folder) / "book.xlsx", sheets)).read_bytes()
    as_long = load({"t.dxp": SPEC}, {"long.csv": _csv(long)}, clean=False)
    as_book = load({"t.dxp": SPEC}, {"book.xlsx": book}, clean=False)
    assert as_long.data.observations == as_book.data.observations
    assert pipeline.evaluate(as_long)[0] == pipeline.evaluate(as_book)[0]


def test_a_calendar_header_is_read_as_a_calendar_year() -> None:
    # 2024年 is a calendar year (年): right for a `year calendar` series, an error for a
    # fiscal one (docs/language.md, "Calendar years"), never silently read as 年度
    table = "指標,2023年,2024年\na,10,12\n"
    fiscal = pipeline.load_strings(SPEC, {"wide.csv": table})
    assert "year-kind" in [d.code for d in fiscal.diagnostics]
    calendar = SPEC.replace('indicator a "a" {', 'indicator a "a" {\n            year calendar')
    loaded = pipeline.load_strings(calendar, {"wide.csv": table})
    assert [d for d in loaded.diagnostics if d.is_error] == []
    assert sorted(o.year for o in loaded.data.observations) == [2023, 2024]
