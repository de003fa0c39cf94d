"""The numbers of docs/language.md ("How the numbers are computed"): raw score, clamp,
target path, status, index, trend.

Pure functions on floats. Every function is total: on any finite input it returns a
value and never NaN or inf. Where a result cannot be computed (a zero denominator, an
overflow) the function returns None if its type allows it, otherwise a documented
fallback. Non-finite inputs are tolerated the same way, though callers should not pass them.
"""

from __future__ import annotations

import math
import operator
import sys
from collections.abc import Callable, Iterable, Sequence
from enum import StrEnum
from typing import Final

import attrs

from dxplan.record import Record

# Scores live on a 0..100 scale, so 1e-9 (relative to the threshold once it exceeds 1) is far
# below any meaningful difference but above the noise of a few float operations
# (e.g. 99.99999999999 for 100).
TOLERANCE: Final = 1e-9
# docs/language.md: a KPI whose scored weight is below half of its targeted weight is flagged.
MIN_COVERAGE: Final = 0.5

_MAX: Final = sys.float_info.max


# StrEnum rather than (str, Enum): equal to and serialised as plain strings either way, but
# on 3.11 only StrEnum formats as its value in f-strings ("achieved", not "Status.ACHIEVED").
class Method(StrEnum):
    PROGRESS = "progress"
    ATTAINMENT = "attainment"


class Status(StrEnum):
    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    BEHIND = "behind"
    STALLED = "stalled"
    REGRESSING = "regressing"
    NO_DATA = "no_data"
    REFERENCE = "reference"
    INSUFFICIENT_DATA = "insufficient_data"
    RETIRED = "retired"  # 廃止: listed with its last figures, counted nowhere


class Trend(StrEnum):
    ON_TRACK = "on_track"
    IMPROVING = "improving"
    STAGNATING = "stagnating"
    DECLINING = "declining"
    UNKNOWN = "unknown"


@attrs.frozen(repr=False)
class Clamp(Record):
    """Score range; a None bound is unbounded, so `Clamp(None, None)` does not clamp."""

    low: float | None = 0.0
    high: float | None = 100.0

    def __attrs_post_init__(self) -> None:
        # Rejected at construction rather than tolerated later: a NaN or inverted range has
        # no sane meaning, and failing here keeps clamp_score total.
        for name, v in (("low", self.low), ("high", self.high)):
            if v is not None and not is_finite(v):
                raise ValueError(f"clamp {name} must be finite or None, got {v!r}")
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError(f"clamp low {self.low} is above high {self.high}")


def is_finite(x: float | None) -> bool:
    """True for a real number; False for None, NaN, ±inf and ints too large for a float."""
    try:
        return x is not None and math.isfinite(x)
    except OverflowError:
        return False


# The expected score is a percentage of the way to the target whatever the measure's clamp.
PERCENT: Final = Clamp()


def _div(a: float, b: float) -> float | None:
    if b == 0 or not (is_finite(a) and is_finite(b)):
        return None
    q = a / b
    return q if math.isfinite(q) else None


def _diff_ratio(x: float, b: float, t: float) -> float | None:
    """(x - b) / (t - b), halving first when a difference of huge values overflows."""
    num, den = x - b, t - b
    if not (math.isfinite(num) and math.isfinite(den)):
        num, den = x / 2 - b / 2, t / 2 - b / 2
    return _div(num, den)


def _times100(q: float | None) -> float | None:
    if q is None:
        return None
    r = 100.0 * q
    return r if math.isfinite(r) else None


def raw_score(
    x: float, baseline: float, target: float, method: Method = Method.PROGRESS
) -> float | None:
    """Unclamped score of value `x`; None when it cannot be computed.

    progress: 100 * (x - b) / (T - b), so b -> 0 and T -> 100 in either direction
    (None for T == b). attainment: 100 * x / T when T >= b, 100 * T / x when T < b.
    """
    # The plain arithmetic first: it is right for every ordinary figure, and the
    # evaluator scores each indicator in every observed year. Only a non-finite result
    # takes the careful path below, which either rescues it or says None.
    try:
        if method is Method.ATTAINMENT:
            q = x / target if target >= baseline else target / x
        else:
            q = (x - baseline) / (target - baseline)
        fast = 100.0 * q
        if math.isfinite(fast):
            return fast
    except (ZeroDivisionError, OverflowError, TypeError):
        pass
    return _careful_raw_score(x, baseline, target, method)


def _careful_raw_score(x: float, baseline: float, target: float, method: Method) -> float | None:
    if not (is_finite(x) and is_finite(baseline) and is_finite(target)):
        return None
    # ints are floats to the type checker; make them so, lest int arithmetic overflow in `/`.
    x, baseline, target = float(x), float(baseline), float(target)
    if method is Method.ATTAINMENT:
        if target < baseline and x == 0:
            # lower is better and the value is 0 (say, no accidents): 100 * T / 0 has no
            # number, but the target is met, which is what the status must say
            return 100.0
        # 100 * (ratio), not (100 * x) / T, so that x == T gives exactly 100.
        return _times100(_div(x, target) if target >= baseline else _div(target, x))
    return _times100(_diff_ratio(x, baseline, target))


def clamp_score(r: float, clamp: Clamp) -> float:
    """`r` limited to the clamp's bounds. NaN counts as 0 and ±inf as the largest float."""
    if r != r:  # NaN, without a function call: this runs for every scored point
        r = 0.0
    low, high = clamp.low, clamp.high
    if low is not None and r < low:
        return low
    if high is not None and r > high:
        return high
    return min(max(r, -_MAX), _MAX)


def _path_points(
    baseline: tuple[int, float], targets: Sequence[tuple[int, float]]
) -> list[tuple[float, float]]:
    # Later entries win for a repeated year; targets dated at or before the baseline year
    # cannot be reached by a forward path (the checker reports them), so they are dropped.
    y0, b = baseline
    by_year = {float(y): float(v) for y, v in targets if is_finite(y) and y > y0}
    return [(float(y0), float(b)), *sorted(by_year.items())]


def target_path(
    year: float, baseline: tuple[int, float], targets: Sequence[tuple[int, float]]
) -> float:
    """Expected value in `year`: linear through (y0, b) and each target in year order.

    Before y0 it is b; after the last target it is the last target's value. Within a
    segment the result never leaves the segment's end values, which keeps it monotone.
    """
    return path_at(_path_points(baseline, targets), year)


def path_at(points: list[tuple[float, float]], year: float) -> float:
    y0, v0 = points[0]
    if not year > y0 or (type(year) is not int and not math.isfinite(year)):
        return v0  # before the baseline (or no real year): the baseline value
    for i in range(1, len(points)):
        yb, vb = points[i]
        if year >= yb:
            continue
        ya, va = points[i - 1]
        f = (year - ya) / (yb - ya)
        v = va + (vb - va) * f
        if not math.isfinite(v):
            v = va * (1 - f) + vb * f
        if v != v:  # NaN
            return va
        lo, hi = (va, vb) if va <= vb else (vb, va)
        return lo if v < lo else hi if v > hi else v
    return points[-1][1]


def _ge(a: float, b: float) -> bool:
    return a >= b - TOLERANCE * max(1.0, abs(b))


def status_of(raw: float | None, score: float | None, expected: float | None) -> Status:
    """Status by the rule of docs/language.md, first match wins, with a 1e-9 tolerance.

    No raw score -> no_data. Without a score or an expectation the on_track/behind
    rules cannot apply and are skipped. REFERENCE and INSUFFICIENT_DATA are set by callers.
    """
    if raw is None or not is_finite(raw):
        return Status.NO_DATA
    if _ge(raw, 100.0):
        return Status.ACHIEVED
    if score is not None and expected is not None and is_finite(score) and is_finite(expected):
        if _ge(score, expected):
            return Status.ON_TRACK
        if _ge(score, expected / 2):
            return Status.BEHIND
    return Status.STALLED if _ge(raw, 0.0) else Status.REGRESSING


def weighted_mean(pairs: Iterable[tuple[float, float]]) -> float | None:
    """Weighted mean of (weight > 0, value) pairs, overflow-safe and within min..max."""
    items = [(w, v) for w, v in pairs if w > 0 and math.isfinite(w) and math.isfinite(v)]
    if not items:
        return None
    # columns and C-level map: a KPI's index is a weighted mean in every year
    weights, values = [w for w, _ in items], [v for _, v in items]
    lo, hi = min(values), max(values)
    # fsum rounds exactly once, so the order of the parts does not matter. Ordinary
    # figures take this direct form; only an overflow takes the scaled one below.
    try:
        direct = math.fsum(map(operator.mul, weights, values)) / math.fsum(weights)
    except (OverflowError, ValueError):  # fsum refuses an overflow or inf - inf
        direct = math.inf
    if math.isfinite(direct):
        return min(max(direct, lo), hi)
    # Scaling weights and values into 0..1 first keeps fsum from overflowing on huge inputs;
    # fsum rounds exactly once, so the order of the parts does not matter.
    wmax = max(w for w, _ in items)
    vmax = max(abs(v) for _, v in items)
    wsum = math.fsum(w / wmax for w, _ in items)
    if vmax == 0:
        return 0.0
    m = math.fsum((w / wmax / wsum) * (v / vmax) for w, v in items) * vmax
    return min(max(m, lo), hi) if not math.isnan(m) else lo


def weighted_index(parts: Sequence[tuple[float, float | None]]) -> tuple[float | None, float]:
    """(index, coverage) of (weight, score-or-None) parts.

    index = sum(w * s) / sum(w) over the scored parts, None if none is scored; coverage =
    scored weight / total weight, 0.0 if the total is 0. Weights that are not positive and
    finite count as 0; a non-finite score counts as missing.
    """
    weights = [w if (is_finite(w) and w > 0) else 0.0 for w, _ in parts]
    scored = [is_finite(s) for _, s in parts]
    index = weighted_mean(
        (w, s) for w, (_, s), ok in zip(weights, parts, scored, strict=True) if ok and s is not None
    )
    wmax = max(weights, default=0.0)
    if wmax == 0:
        return index, 0.0
    total = math.fsum(w / wmax for w in weights)
    have = math.fsum(w / wmax for w, ok in zip(weights, scored, strict=True) if ok)
    return index, min(max(have / total, 0.0), 1.0)


def mean(values: Sequence[float]) -> float | None:
    """Arithmetic mean of the finite values; None if there are none."""
    return weighted_mean((1.0, v) for v in values)


def trend_of(points: Sequence[tuple[int, float]], target_year: int, start_year: int) -> Trend:
    """SDG-Index style trend: observed slope of the score against the slope still needed.

    Points before `start_year` (the baseline year) are ignored; a repeated year keeps the
    last score. Fewer than two points -> UNKNOWN. needed = (100 - s_first) / (target_year -
    y_first), with 1 year if the target year is already reached; ratio observed / needed:
    >= 1 on track, >= 0.5 improving, >= 0 stagnating, else declining.
    """
    by_year = {y: s for y, s in points if y >= start_year and is_finite(s)}
    if len(by_year) < 2:
        return Trend.UNKNOWN
    (y1, s1), (y2, s2) = min(by_year.items()), max(by_year.items())
    if _ge(s2, 100.0):
        return Trend.ON_TRACK
    # Halved differences cannot overflow, and the ratio is compared by cross-multiplying
    # with the positive needed slope, so no division can blow up either.
    observed = (s2 / 2 - s1 / 2) / (y2 - y1)
    needed = (50.0 - s1 / 2) / max(target_year - y1, 1)
    if needed <= 0:
        return Trend.ON_TRACK if _ge(observed, 0.0) else Trend.DECLINING
    if _ge(observed, needed):
        return Trend.ON_TRACK
    if _ge(observed, needed / 2):
        return Trend.IMPROVING
    return Trend.STAGNATING if _ge(observed, 0.0) else Trend.DECLINING


def trend_ends(years: Sequence[int], score: Callable[[int], float | None]
               ) -> list[tuple[int, float]]:
    """The first and the last of `years` (ascending) with a finite score, each asked only
    as far as needed: all `trend_of` reads of a history (its first and last point), found
    without scoring the years between."""
    def scored(ys: Iterable[int]) -> tuple[int, float] | None:
        return next(((y, s) for y in ys for s in [score(y)] if s is not None and
                     is_finite(s)), None)

    first = scored(years)
    if first is None:
        return []
    last = scored(reversed(years))
    assert last is not None
    return [first] if last == first else [first, last]
