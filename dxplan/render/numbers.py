"""How figures and labels read in every view: one wording, one rounding, one bar.

Status and trend labels carry a symbol, the Japanese word and the English id, so a view
still says what it means without colour (NO_COLOR, a printout, a screen reader).
Symbols are chosen from characters terminals draw one cell wide in Western locales.
"""

from __future__ import annotations

import math
from typing import Final

import attrs

from dxplan.model import Dated
from dxplan.results import Grade
from dxplan.scoring import Status, Trend

MISSING: Final = "—"
# JSON and CSV round to 4 places: far below any difference a plan review discusses, and
# enough that floating-point noise (40.000000000000014) never reaches a reader or a diff.
PLACES: Final = 4


@attrs.frozen
class Label:
    symbol: str
    ja: str
    en: str
    style: str  # a rich style name, used only when colour is on

    @property
    def text(self) -> str:
        return f"{self.symbol} {self.ja} {self.en}"


STATUS_LABELS: Final[dict[Status, Label]] = {
    Status.ACHIEVED: Label("◎", "達成", "achieved", "bold green"),
    Status.ON_TRACK: Label("▲", "順調", "on_track", "green"),
    Status.BEHIND: Label("△", "やや遅れ", "behind", "yellow"),
    Status.STALLED: Label("▽", "停滞", "stalled", "dark_orange"),
    Status.REGRESSING: Label("▼", "後退", "regressing", "bold red"),
    Status.NO_DATA: Label("?", "データなし", "no_data", "dim"),
    Status.REFERENCE: Label("※", "参考値", "reference", "dim"),
    Status.INSUFFICIENT_DATA: Label("!", "データ不足", "insufficient_data", "magenta"),
}

TREND_LABELS: Final[dict[Trend, Label]] = {
    Trend.ON_TRACK: Label("↑", "目標ペース", "on_track", "green"),
    Trend.IMPROVING: Label("↗", "改善", "improving", "yellow"),
    Trend.STAGNATING: Label("→", "停滞", "stagnating", "dark_orange"),
    Trend.DECLINING: Label("↘", "悪化", "declining", "red"),
    Trend.UNKNOWN: Label("·", "不明", "unknown", "dim"),
}


def status_label(status: Status) -> Label:
    return STATUS_LABELS[status]


def trend_label(trend: Trend) -> Label:
    return TREND_LABELS[trend]


def grade_text(grade: Grade | None) -> str:
    """'A 順調'; empty when the spec declares no grading."""
    return f"{grade.id} {grade.label}" if grade is not None else ""


def rounded(x: float | None) -> float | None:
    """A figure as JSON and CSV carry it: 4 places, never NaN, inf or -0.0."""
    if x is None or not math.isfinite(x):
        return None
    r = round(float(x), PLACES)
    return 0.0 if r == 0 else r


def plain(x: float | None) -> str:
    """Machine-readable text of a figure: 4 places at most, no grouping, no exponent."""
    r = rounded(x)
    if r is None:
        return ""
    text = f"{r:.{PLACES}f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def number(x: float | None, places: int = 1) -> str:
    """A figure for people: thousands grouped, whole numbers without decimals."""
    if x is None or not math.isfinite(x):
        return MISSING
    whole = abs(x - round(x)) < 10 ** -(places + 3)
    text = f"{round(x):,d}" if whole else f"{x:,.{places}f}"
    return "0" if text == "-0" or set(text) <= set("-0.,") else text


def score(x: float | None) -> str:
    """A 0..100 score or index, one decimal, right-aligned in 5 cells ('100.0')."""
    if x is None or not math.isfinite(x):
        return f"{MISSING:>5}"
    text = f"{x:.1f}"
    return f"{'0.0' if text == '-0.0' else text:>5}"


def percent(share: float | None) -> str:
    """A 0..1 share (coverage) as a whole percentage."""
    if share is None or not math.isfinite(share):
        return MISSING
    return f"{round(share * 100):d}%"


def score_bar(x: float | None, width: int = 10) -> str:
    """'████░░░░░░  43.3': the bar shows the score within 0..100 and the text says it.

    A score outside 0..100 (a plan without clamping) draws as an empty or full bar.
    """
    if x is None or not math.isfinite(x):
        return f"{' ' * width} {score(None)}"
    filled = round(min(max(x, 0.0), 100.0) / 100 * width)
    return f"{'█' * filled}{'░' * (width - filled)} {score(x)}"


def with_unit(x: float | None, unit: str | None) -> str:
    """'26社', '53.9%': Japanese writes units without a space."""
    if x is None or not math.isfinite(x):
        return MISSING
    return f"{number(x)}{unit or ''}"


def value_text(x: float | None, unit: str | None, value_year: int | None, year: int) -> str:
    """The value used, with its year when older than the year asked: '3,821千円 (2022)'."""
    text = with_unit(x, unit)
    if x is not None and value_year is not None and value_year < year:
        text += f" ({value_year})"
    return text


def dated(d: Dated | None) -> str:
    return f"{d.year}: {number(d.value)}" if d is not None else MISSING


def baseline_target(baseline: Dated | None, target: Dated | None) -> str:
    """'2023: 0 → 2028: 60'; empty for a measure without either (a reference value)."""
    if baseline is None and target is None:
        return ""
    return f"{dated(baseline)} → {dated(target)}"


def year_title(year: int) -> str:
    return f"{year}年度"
