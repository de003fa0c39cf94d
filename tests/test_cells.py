"""Cell parsers: era years, Japanese-style figures, half-year periods, statuses, projects.

Each parser is a pure function of one cell's text; none raises, whatever the text.
"""

from __future__ import annotations

import math
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dxplan.data.cells import (
    Missing,
    narrow,
    parse_period,
    parse_project,
    parse_status,
    parse_value,
    parse_year,
    value_hint,
)


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
        ("H32", 2020),  # Heisei counted past its end, as plans written before 2019 do
        ("S60", 1985),
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


LONG = 20_000  # the cell: 11 s with the old period pattern, quadratic in the length


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("2024" + " " * LONG + "H1", "2024H1"),
        ("2024" + "_-" * LONG + "下期", "2024H2"),
        ("令和6年度" + " " * LONG + "上半期", "2024H1"),
        ("2024" + " " * LONG + "x", None),
        (" " * LONG + "1" + " " * LONG + "x", None),
        ("-" * LONG + "H", None),
        ("H1" * LONG, None),
        ("2" * LONG + "H1", None),
    ],
)
def test_parse_period_reads_long_cells(text: str, period: str | None) -> None:
    assert parse_period(text) == period


# What the period pattern was before it was made linear: the same answer on every cell.
_OLD_PERIOD = re.compile(r"(?P<year>.+?)[\s_-]*(?P<half>H[12]|上半?期|下半?期)", re.IGNORECASE)


@given(st.text(st.sampled_from([*"2024R6令和年度FYHh12上下半期 _-\nx", "\u3000"]), max_size=14))
def test_parse_period_answers_as_the_pattern_it_replaced(text: str) -> None:
    match = _OLD_PERIOD.fullmatch(narrow(text).strip())
    year = parse_year(match.group("year")) if match else None
    expected = None
    if match and year is not None:
        half = match.group("half").lower()
        expected = f"{year}{'H1' if half in ('h1', '上期', '上半期') else 'H2'}"
    assert parse_period(text) == expected


@pytest.mark.parametrize("text", ["1," * LONG + "x", " " * LONG + "y", "1" * LONG + "x",
                                  "-" + " " * LONG + "x", "1,234" * LONG, "△" + " " * LONG])
def test_parse_value_and_status_read_long_cells(text: str) -> None:
    assert parse_value(text) is None
    assert parse_status(text) is None
    assert parse_project(text) is None


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
