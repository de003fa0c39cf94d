"""Japanese ways of writing years and digits: one home, read by specs, data files and the CLI.

A year is written in one of three ways, and the way matters (docs/language.md, "Years"):

- a fiscal year (年度, April to March): `2024年度`, `FY2024`, `R6`, `令和6年度`, `H34`,
  `平成34年度`, `S63`;
- a calendar year (年, January to December): `2024年`, `CY2024`, `令和6年`, `平成25年`;
- a point in time: `2023年3月末`, `令和5年3月31日`, `2023/3/31`, read as the fiscal year
  that contains it (the end of March 2023 is the end of fiscal 2022);
- a bare `2024`, which is whatever the series it belongs to is (fiscal unless declared
  `year calendar`).

Eras: 昭和 (S, 1926–1989), 平成 (H, 1989–2019) and 令和 (R, from 2019). Plans written before
2019 count Heisei on past its end (H32 = 2020, H34 = 2022); those years are read as the
Western year they name, and `era_name` gives their Reiwa name. Full-width digits are read
as digits everywhere.
"""

from __future__ import annotations

import re
from enum import StrEnum

import attrs

from dxplan.record import Record

# Full-width ASCII (U+FF01..U+FF5E) maps one to one onto ASCII; the ideographic space and
# U+2212 MINUS SIGN (what word processors and IMEs type for "-") are added by hand.
# An explicit table and not NFKC: NFKC would also turn ① into 1 or ㈱ into (株), making
# figures out of annotations.
_NARROW = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_NARROW[0x3000] = ord(" ")
_NARROW[0x2212] = ord("-")

# the years a plan can speak of; anything else is a typo (令和800年度) or not a year
FIRST_YEAR, LAST_YEAR = 1900, 2200

# era -> the Western year before its first year, and the last year it may be counted to
_ERAS = {"令和": (2018, 200), "r": (2018, 200), "平成": (1988, 99), "h": (1988, 99),
         "昭和": (1925, 64), "s": (1925, 64)}
_ERA_REAL_END = {"平成": 31, "h": 31}  # Heisei's last real year; later ones are 令和 years

_ERA = r"(?P<era>令和|平成|昭和|[RHS])\s*\.?\s*(?P<n>[0-9]{1,3}|元)"
_WESTERN = r"(?P<y>[0-9]{4})"
_FISCAL = tuple(re.compile(p, re.I) for p in (
    rf"FY\s*{_WESTERN}(?:\s*年度)?", rf"{_WESTERN}\s*年度", rf"{_ERA}\s*(?:年度)?"))
_CALENDAR = tuple(re.compile(p, re.I) for p in (
    rf"CY\s*{_WESTERN}(?:\s*年)?", rf"{_WESTERN}\s*年", rf"{_ERA}\s*年"))
_PLAIN = re.compile(_WESTERN)
# a date: 2023年3月末, 2023年3月31日, 2023年3月, 令和5年3月末 (with 年 and 月), or
# 2023/3/31, 2023-03-31, R5.3.31 (with a day: `2024.5` is a decimal, not May 2024)
_KANJI_DATE = r"\s*年\s*(?P<m>[0-9]{1,2})\s*月\s*(?:末|(?P<d>[0-9]{1,2})\s*日)?(?:時点|現在)?"
_SEP_DATE = r"\s*[./-]\s*(?P<m>[0-9]{1,2})\s*[./-]\s*(?P<d>[0-9]{1,2})(?:時点|現在)?"
_POINT = tuple(re.compile(year + date, re.I) for year in (_WESTERN, _ERA)
               for date in (_KANJI_DATE, _SEP_DATE))


def _first(patterns: tuple[re.Pattern[str], ...], text: str) -> re.Match[str] | None:
    return next((m for p in patterns if (m := p.fullmatch(text)) is not None), None)


YEAR_FORMS = ("2024, FY2024, 2024年度, R6, 令和6年度, 令和元年度, H30, 平成30年度, S63 (fiscal); "
              "2024年, CY2024, 平成25年 (calendar); 2023年3月末 (a point in time)")


class YearKind(StrEnum):
    FISCAL = "fiscal"  # 年度
    CALENDAR = "calendar"  # 年
    POINT = "point"  # a date; `year` is the fiscal year containing it
    PLAIN = "plain"  # a bare 2024: the series decides


@attrs.frozen(repr=False)
class Year(Record):
    """A year as written: the number, and the way it was written."""

    year: int  # the fiscal year (FISCAL, POINT, PLAIN) or the calendar year (CALENDAR)
    kind: YearKind
    calendar_year: int | None = None  # a point in time's calendar year

    def in_series(self, calendar: bool) -> int | None:
        """The year within a fiscal or calendar series; None when it contradicts the series
        (a 年 in a fiscal series, a 年度 in a calendar one): never silently re-read."""
        if self.kind is YearKind.PLAIN:
            return self.year
        if self.kind is YearKind.POINT:
            return self.calendar_year if calendar else self.year
        if (self.kind is YearKind.CALENDAR) != calendar:
            return None
        return self.year


def narrow(text: str) -> str:
    """Full-width ASCII forms to ASCII, leaving every other character alone."""
    return text.translate(_NARROW)


def _era_year(era: str, number: str) -> int | None:
    base, last = _ERAS[era.lower() if len(era) == 1 else era]
    n = 1 if number == "元" else int(number)
    return base + n if 1 <= n <= last else None


def _western(match: re.Match[str]) -> int | None:
    groups = match.groupdict()
    if groups.get("y"):
        return int(groups["y"])
    return _era_year(groups["era"], groups["n"])


def read_year(text: str) -> Year | None:
    """A year in any of the forms above, or None (also for an absurd one, 1900..2200 only)."""
    plain = narrow(text).strip()
    if not plain or len(plain) > 40:  # no year is written longer; regexes stay cheap
        return None
    found: Year | None = None
    if (m := _PLAIN.fullmatch(plain)) is not None:
        found = Year(int(m.group("y")), YearKind.PLAIN)
    elif (m := _first(_FISCAL, plain)) is not None:
        year = _western(m)
        found = Year(year, YearKind.FISCAL) if year is not None else None
    elif (m := _first(_CALENDAR, plain)) is not None:
        year = _western(m)
        found = Year(year, YearKind.CALENDAR) if year is not None else None
    elif (m := _first(_POINT, plain)) is not None:
        year, month = _western(m), int(m.group("m"))
        day = int(m.group("d")) if m.group("d") else 1
        if year is not None and 1 <= month <= 12 and 1 <= day <= 31:
            # April to March: January to March belong to the fiscal year before
            found = Year(year if month >= 4 else year - 1, YearKind.POINT, year)
    if found is None or not FIRST_YEAR <= found.year <= LAST_YEAR:
        return None
    return found


def parse_year(text: str) -> int | None:
    """A fiscal year, as a spec, `--year` or a fiscal series reads it (a calendar year such
    as 2024年 reads as the number it names)."""
    found = read_year(text)
    return found.year if found is not None else None


def past_era_end(text: str) -> str | None:
    """'H34 is 2022 (令和4)': a note for an era year counted past the era's end, else None."""
    plain = narrow(text).strip()
    match = _first(_FISCAL, plain) or _first(_CALENDAR, plain)
    if match is None or not match.groupdict().get("era"):
        return None
    era, number = match.group("era"), match.group("n")
    key = era.lower() if len(era) == 1 else era
    end = _ERA_REAL_END.get(key)
    if end is None or number == "元" or int(number) <= end:
        return None
    year = _era_year(era, number)
    return None if year is None else f"{text.strip()} is {year} ({era_name(year)})"


def era_name(year: int) -> str:
    """A Western year in the era calendar: 2025 -> '令和7', 2019 -> '令和元', 2000 -> '平成12'."""
    for era, base in (("令和", 2018), ("平成", 1988), ("昭和", 1925)):
        if year > base:
            number = year - base
            return f"{era}{'元' if number == 1 else number}"
    return str(year)
