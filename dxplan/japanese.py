"""Japanese ways of writing years and digits: one home, read by specs, data files and the CLI.

Era years (令和6年度, R6, H30), 年度 (fiscal, April to March) and full-width digits are
read here and nowhere else, so a spec, a data cell and `--year` accept the same forms.
"""

from __future__ import annotations

import re

# Full-width ASCII (U+FF01..U+FF5E) maps one to one onto ASCII; the ideographic space and
# U+2212 MINUS SIGN (what word processors and IMEs type for "-") are added by hand.
# An explicit table and not NFKC: NFKC would also turn ① into 1 or ㈱ into (株), making
# figures out of annotations.
_NARROW = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_NARROW[0x3000] = ord(" ")
_NARROW[0x2212] = ord("-")

_WESTERN_YEAR = re.compile(r"(?:FY)?\s*([0-9]{4})\s*(?:年度|年)?", re.IGNORECASE)
_ERA_YEAR = re.compile(r"(R|H|令和|平成)\s*([0-9]{1,2}|元)\s*(?:年度|年)?", re.IGNORECASE)
_ERA_BASE = {"r": 2018, "令和": 2018, "h": 1988, "平成": 1988}
# Heisei ended in its 31st year; a later Heisei year is a typo for Reiwa, not a date.
_ERA_LAST = {"r": 99, "令和": 99, "h": 31, "平成": 31}
_FIRST_YEAR, _LAST_YEAR = 1900, 2100

YEAR_FORMS = "2024, FY2024, 2024年度, R6, 令和6年度, 令和元年度, H30, 平成30年度"


def narrow(text: str) -> str:
    """Full-width ASCII forms to ASCII, leaving every other character alone."""
    return text.translate(_NARROW)


def parse_year(text: str) -> int | None:
    """A fiscal year from `2024`, `FY2024`, `R6`, `令和6年度`, `令和元年`, `H30`, `平成30年度`."""
    plain = narrow(text).strip()
    match = _WESTERN_YEAR.fullmatch(plain)
    if match:
        year = int(match.group(1))
        return year if _FIRST_YEAR <= year <= _LAST_YEAR else None
    match = _ERA_YEAR.fullmatch(plain)
    if match:
        era = match.group(1).lower()
        number = 1 if match.group(2) == "元" else int(match.group(2))
        year = _ERA_BASE[era] + number
        if 1 <= number <= _ERA_LAST[era] and _FIRST_YEAR <= year <= _LAST_YEAR:
            return year
    return None


def era_name(year: int) -> str:
    """A Western year in the era calendar: 2025 -> '令和7', 2019 -> '令和元', 2000 -> '平成12'."""
    for era, base in (("令和", 2018), ("平成", 1988), ("昭和", 1925)):
        if year > base:
            number = year - base
            return f"{era}{'元' if number == 1 else number}"
    return str(year)
