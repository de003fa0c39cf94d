"""One cell of a data file: era years, Japanese-style figures, half-year periods, statuses.

Each parser is a pure function from the cell's text to a value, returning None when the
text is not of that kind; `dxplan.data` turns None into a diagnostic at the cell. None of
them raises, whatever the text.
"""

from __future__ import annotations

import math
import re

import attrs

from dxplan.japanese import narrow, parse_year
from dxplan.model import ProjectStatus, Stage
from dxplan.record import Record

# The markers Japanese statistical tables use for "no figure"; the caller keeps the
# original symbol, because "x" (withheld) and "-" (none) do not mean the same thing.
_MISSING = frozenset({"", "-", "…", "x", "X"})

_NUMBER = re.compile(
    r"(?P<sign>[-+△▲]?)\s*"
    r"(?P<digits>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?|\.[0-9]+)"
    r"\s*(?P<percent>%?)"
)
_DECIMAL_COMMA = re.compile(r"[-+△▲]?\s*[0-9]+,[0-9]{1,2}%?|[-+△▲]?\s*[0-9]+,[0-9]{4,}%?")
_NOT_FINITE = re.compile(r"[-+]?(nan|inf|infinity)", re.IGNORECASE)
# A figure as most files write it ("12.5", "-3", "1234"): read by float() alone, which
# gives what parse_value would. Anything else ("1,234", "30%", "△5", " 7", "1e3", "1_000",
# "nan") takes the full parser.
PLAIN_NUMBER = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)")

# The half ends the cell; what comes before it, less separators, is the year. Found from the
# end with alternatives of fixed length, so a long cell costs linear time: a pattern of the
# form `(.+?)[\s_-]*(half)` retried its separators from every split point (quadratic).
_HALF_AT_END = re.compile(r"(?:H[12]|上半?期|下半?期)\Z", re.IGNORECASE)
_HALF = {"h1": "H1", "h2": "H2", "上期": "H1", "上半期": "H1", "下期": "H2", "下半期": "H2"}

# what a progress file may say: every status but UNREPORTED, which is the lack of a report
STATUSES = tuple(s.value for s in ProjectStatus if s is not ProjectStatus.UNREPORTED)
_JAPANESE_STATUS = {
    "未着手": ProjectStatus.NOT_STARTED,
    "順調": ProjectStatus.ON_TRACK,
    "遅れ": ProjectStatus.DELAYED,
    "完了": ProjectStatus.COMPLETED,
    "中止": ProjectStatus.SUSPENDED,
}

PERIOD_FORMS = "2024H1, 2024H2, FY2024H1, R6上期, 令和6年度下期"
STATUS_FORMS = ", ".join(STATUSES) + " (or 未着手, 順調, 遅れ, 完了, 中止)"


@attrs.frozen(repr=False)
class Missing(Record):
    """A cell that says there is no figure; `reason` is the marker as written ('' if blank)."""

    reason: str


def parse_value(text: str) -> float | Missing | None:
    """A figure as Japanese tables write it: `1,234`, `12.5`, `30%` (= 30), `△5` (= -5).

    Blank, `-`, `−`, `－`, `…`, `x`, `X` give `Missing` with the marker kept. Anything
    else, including NaN and infinity, gives None.
    """
    stripped = text.strip()
    plain = narrow(stripped).strip()
    if plain in _MISSING:
        return Missing(stripped)
    match = _NUMBER.fullmatch(plain)
    if match is None:
        return None
    value = float(match.group("digits").replace(",", ""))
    if not math.isfinite(value):
        return None
    if match.group("sign") in ("-", "△", "▲"):
        value = -value
    # + 0.0 turns -0.0 into 0.0, so "-0" and "0" are one figure everywhere downstream
    return value + 0.0


def read_value(text: str) -> float | Missing | None:
    """What parse_value reads, a plain figure (most cells of a large file) without its full
    grammar."""
    if PLAIN_NUMBER.fullmatch(text):
        number = float(text)
        if math.isfinite(number):
            return number + 0.0  # "-0" is 0.0, as parse_value makes it
    return parse_value(text)


def value_hint(text: str) -> str:
    """Why `text` is not a figure, as a hint for the bad-value diagnostic."""
    plain = narrow(text).strip()
    if _NOT_FINITE.fullmatch(plain):
        return "NaN and infinity are not figures; leave the cell blank or write - for none"
    if _DECIMAL_COMMA.fullmatch(plain):
        return "',' separates thousands (1,234); write decimals with '.' (12.5)"
    return "write a number such as 1,234, 12.5, 30% or △5; blank, -, …, x mean no figure"


def parse_period(text: str) -> str | None:
    """A half of a fiscal year: `2024H1`, `FY2024h2`, `R6上期`, `令和6年度下期` -> '2024H1'."""
    plain = narrow(text).strip()
    match = _HALF_AT_END.search(plain)
    if match is None:
        return None
    end = match.start()
    while end and (plain[end - 1].isspace() or plain[end - 1] in "_-"):
        end -= 1
    year = parse_year(plain[:end])
    if year is None:
        return None
    return f"{year}{_HALF[match.group().lower()]}"


def parse_status(text: str) -> ProjectStatus | None:
    """A roadmap status, English or Japanese."""
    plain = narrow(text).strip()
    if plain in _JAPANESE_STATUS:
        return _JAPANESE_STATUS[plain]
    word = re.sub(r"[\s-]+", "_", plain.lower())
    return ProjectStatus(word) if word in STATUSES else None


_STAGES = {
    "未着手": Stage.NOT_STARTED, "not_started": Stage.NOT_STARTED,
    "実施中": Stage.IN_PROGRESS, "in_progress": Stage.IN_PROGRESS,
    "完了": Stage.DONE, "done": Stage.DONE, "completed": Stage.DONE,
}
STAGE_FORMS = "未着手, 実施中, 完了 (or not_started, in_progress, done)"


def parse_stage(text: str) -> Stage | None:
    """A qualitative target's stage, Japanese or English."""
    plain = re.sub(r"[\s-]+", "_", narrow(text).strip().lower())
    return _STAGES.get(plain)


def parse_project(text: str) -> int | None:
    """A roadmap project number: a positive whole number, full-width digits allowed."""
    plain = narrow(text).strip()
    # at most nine digits: int() of a huge digit string raises, and no roadmap is that long
    if not re.fullmatch(r"[0-9]{1,9}", plain):
        return None
    number = int(plain)
    return number if number > 0 else None
