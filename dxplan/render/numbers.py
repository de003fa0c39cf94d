"""How figures and labels read in every view: one wording, one rounding, one bar.

Status and trend labels carry a symbol, the Japanese word and the English id, so a view
still says what it means without colour (NO_COLOR, a printout, a screen reader).
Symbols are chosen from characters terminals draw one cell wide in Western locales.
"""

from __future__ import annotations

import math
from typing import Final

MISSING: Final = "—"
# JSON and CSV round to 4 places: far below any difference a plan review discusses, and
# enough that floating-point noise (40.000000000000014) never reaches a reader or a diff.
PLACES: Final = 4


def rounded(x: float | None) -> float | None:
    """A figure as JSON and CSV carry it: 4 places, never NaN, inf or -0.0."""
    if x is None or not math.isfinite(x):
        return None
    r = round(x if type(x) is float else float(x), PLACES)  # most are floats already
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
    # nothing but zeros and signs ('-0.0'): zero
    return "0" if not text.strip("-0.,") else text


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
