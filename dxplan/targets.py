"""The forms a target takes (docs/language.md, "Writing a published plan"), as scoring rules:
how far a value is toward the target (the raw score) and where the plan meant to be in a
year (the expected score).

- `= T`: progress from the baseline, 100 * (x - b) / (T - b) (or attainment, by method).
- `>= T`, `> T` (以上, 超): met (100) when x satisfies the bound; short of it, progress from
  the baseline when the baseline is below T, else attainment 100 * x / T (a 維持 target
  whose baseline already met it). `<= T` and `< T` mirror them. A strict bound is met only
  strictly. A bound equal to a baseline that does not meet it (`> baseline`, 基準値を上回る)
  scores 0 at the baseline and the relative change below it.
- `lo..hi` (〜): met inside; below it scored as `>= lo`, above it as `<= hi`.
- `each year OP N` (毎年): each year's own value against the bound; met 100, short of it
  the attainment 100 * x / N (100 * N / x for `<=`).

The expected score follows the path through the baseline and each dated target, linear
between them, scored on the same scale and clamped to 0..100. A bound whose baseline
already meets it expects 100 every year; a yearly target expects 100 every year.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from enum import StrEnum
from itertools import pairwise
from typing import Final

import attrs

from dxplan.record import Record
from dxplan.scoring import PERCENT, Method, clamp_score, is_finite, path_at, raw_score

# A value on a strict bound (x == T for `> T`) does not meet it; the formulas would give it
# 100, so it is held just under, where every view still reads it as short of the target.
NOT_MET: Final = 99.9


class Op(StrEnum):
    EQ = "="
    GE = ">="
    GT = ">"
    LE = "<="
    LT = "<"
    RANGE = ".."

    @property
    def is_lower(self) -> bool:
        """A lower bound: the value must reach at least the bound."""
        return self in (Op.GE, Op.GT)

    @property
    def strict(self) -> bool:
        return self in (Op.GT, Op.LT)


def meets(op: Op, x: float, low: float, high: float | None = None) -> bool:
    """Whether `x` satisfies the bound (`low` is the bound; a range is low..high)."""
    if op is Op.GE:
        return x >= low
    if op is Op.GT:
        return x > low
    if op is Op.LE:
        return x <= low
    if op is Op.LT:
        return x < low
    if op is Op.RANGE:
        return low <= x <= (high if high is not None else low)
    return x == low


def path_value(op: Op, baseline: float, low: float, high: float | None) -> float:
    """Where a target puts the expected path: its value, or a range's bound nearer the
    baseline (the baseline itself when it is already inside)."""
    if op is not Op.RANGE or high is None:
        return low
    return low if baseline < low else high if baseline > high else baseline


@attrs.frozen(repr=False)
class Rule(Record):
    """A measure's dated targets as a scoring rule (the final target decides the scale)."""

    baseline_year: int
    baseline: float
    points: tuple[tuple[float, float], ...]  # the expected path, from (baseline year, b)
    op: Op
    low: float  # the final target's value, or its range's low end
    high: float | None  # a range's high end
    method: Method = Method.PROGRESS

    @classmethod
    def of(cls, baseline: tuple[int, float], targets: Sequence[tuple[int, Op, float, float | None]],
           method: Method = Method.PROGRESS) -> Rule:
        """`targets`: (year, op, value or low, high) sorted by year; the last is the final."""
        y0, b = baseline
        by_year = {float(y): path_value(op, b, lo, hi) for y, op, lo, hi in targets
                   if is_finite(y) and y > y0}
        points = ((float(y0), float(b)), *sorted(by_year.items()))
        _year, op, low, high = targets[-1]
        return cls(y0, b, points, op, low, high, method)

    def rebased(self, own: float) -> Rule | None:
        """The same targets from another baseline value, `own` (an entity's own): the path
        starts at it. An exact target that `own` already reaches, in the direction the plan
        moves, becomes a bound to keep (維持): progress toward a target one has passed means
        nothing. None for a range, whose path depends on the baseline: lay it anew with
        `Rule.of`."""
        if self.op is Op.RANGE:
            return None
        op = self.op
        if op is Op.EQ and self.low != self.baseline:
            up = self.low > self.baseline
            if (own >= self.low) if up else (own <= self.low):
                op = Op.GE if up else Op.LE
        return attrs.evolve(self, baseline=own, op=op,
                            points=((self.points[0][0], own), *self.points[1:]))

    @property
    def final_year(self) -> float:
        return self.points[-1][0]

    @property
    def met_at_baseline(self) -> bool:
        return self.op is not Op.EQ and meets(self.op, self.baseline, self.low, self.high)

    @property
    def flat(self) -> bool:
        """A bound at the baseline that the baseline does not meet (`> baseline`)."""
        return (self.op in (Op.GT, Op.LT) and self.low == self.baseline
                and not self.met_at_baseline)

    def raw(self, x: float) -> float | None:
        """The raw score of value `x`; None when it cannot be computed."""
        if self.op is Op.EQ:
            return raw_score(x, self.baseline, self.low, self.method)
        if meets(self.op, x, self.low, self.high):
            return 100.0
        if self.flat:
            scale = max(abs(self.baseline), 1.0)
            change = (x - self.baseline) if self.op is Op.GT else (self.baseline - x)
            r: float | None = 100.0 * change / scale
        elif self.op is Op.RANGE:
            below = x < self.low
            bound = self.low if below else (self.high if self.high is not None else self.low)
            r = self._short(x, bound, lower=below)
        else:
            r = self._short(x, self.low, lower=self.op.is_lower)
        return None if r is None else min(r, NOT_MET)

    def _short(self, x: float, bound: float, lower: bool) -> float | None:
        """Short of a bound: progress from a baseline on the far side, else attainment."""
        far = self.baseline < bound if lower else self.baseline > bound
        if far and self.method is Method.PROGRESS:
            return raw_score(x, self.baseline, bound, Method.PROGRESS)
        return attainment(x, bound, lower)

    def raw_text(self, x: float, fmt: Fmt) -> str:
        """How `raw(x)` is computed, with the numbers put in (for explain)."""
        if self.op is Op.EQ:
            return progress_text(x, self.baseline, self.low, self.method, fmt)
        bound = f"{SYMBOLS[self.op]} {_range(self.low, self.high, fmt)}"
        if meets(self.op, x, self.low, self.high):
            return f"{fmt(x)} {bound}: the target is met = 100"
        if self.flat:
            sign = "−" if self.op is Op.GT else "+"
            return (f"{fmt(x)} is not {bound}: 100 × {sign}({fmt(x)} − {_atom(self.baseline, fmt)})"
                    f" / max(|{fmt(self.baseline)}|, 1)")
        below = self.op.is_lower or (self.op is Op.RANGE and x < self.low)
        target = self.low if below or self.high is None else self.high
        far = self.baseline < target if below else self.baseline > target
        short = f"{fmt(x)} is not {bound}"
        if far and self.method is Method.PROGRESS:
            text = f"{short}: {progress_text(x, self.baseline, target, Method.PROGRESS, fmt)}"
        else:
            why = "the baseline met it (維持)" if self.met_at_baseline or not far else "attainment"
            ratio = (f"{_atom(x, fmt)} / {_atom(target, fmt)}" if below
                     else f"{_atom(target, fmt)} / {_atom(x, fmt)}")
            text = f"{short}, and {why}: 100 × {ratio}"
        if self.op.strict:
            text += f" (short of a strict bound: at most {fmt(NOT_MET)})"
        return text

    def expected_text(self, year: float, fmt: Fmt) -> tuple[str, str | None]:
        """Why `expected(year)` is what it is (for explain): where the path is in `year`,
        and how that is scored (None when no path is walked)."""
        if self.met_at_baseline:
            return "the baseline already meets the target (維持): 100 in every year", None
        if self.flat:
            return (f"the target {SYMBOLS[self.op]} {fmt(self.low)} is due in "
                    f"{int(self.final_year)}: 0 before it, 100 from then"), None
        points = list(self.points)
        path = path_at(points, year)
        (y0, v0), (yn, vn) = points[0], points[-1]
        if year <= y0:
            how = f"{int(year)} is not after the baseline year {int(y0)}: the baseline {fmt(v0)}"
        elif year >= yn:
            how = (f"{int(year)} is not before the final target year {int(yn)}: the final "
                   f"target {fmt(vn)}")
        else:
            (ya, va), (yb, vb) = next((p, q) for p, q in pairwise(points)
                                      if p[0] <= year < q[0])
            how = (f"segment {int(ya)}→{int(yb)}: {fmt(va)} + ({fmt(vb)} − {_atom(va, fmt)}) × "
                   f"({int(year)} − {int(ya)}) / ({int(yb)} − {int(ya)}) = {fmt(path)}")
        return how, f"{progress_text(path, self.baseline, vn, self.method, fmt)}, within 0..100"

    def expected(self, year: float) -> float:
        """The score the plan expects in `year`, clamped to 0..100."""
        return self.expected_each((year,))[0]

    def expected_each(self, years: Sequence[float]) -> list[float]:
        """`expected` of each year: a history asks it of every year of every indicator."""
        path = self._path
        if path is None:  # met at the baseline: 100 in every year
            return [100.0] * len(years)
        if not path:  # flat: nothing to walk until the final year
            final_year = self.final_year
            return [100.0 if year >= final_year else 0.0 for year in years]
        baseline, final, method = self.baseline, path[-1][1], self.method
        out = []
        for year in years:
            r = raw_score(path_at(path, year), baseline, final, method)
            out.append(0.0 if r is None else clamp_score(r, PERCENT))
        return out

    @functools.cached_property
    def _path(self) -> list[tuple[float, float]] | None:
        """The path `expected` walks, worked out once per rule: it is asked for every year
        of every indicator. None when the baseline meets the target, [] when flat."""
        if self.met_at_baseline:
            return None
        return [] if self.flat else list(self.points)

    def target_value(self, year: float) -> float:
        """The value the expected path reaches in `year`."""
        return path_at(list(self.points), year)


SYMBOLS: Final = {Op.EQ: "=", Op.GE: "≥", Op.GT: ">", Op.LE: "≤", Op.LT: "<", Op.RANGE: "in"}
Fmt = Callable[[float], str]


def _atom(x: float, fmt: Fmt) -> str:
    """A figure placed as an operand: a negative one bracketed, so `a − (-3)` reads right."""
    return f"({fmt(x)})" if x < 0 else fmt(x)


def _range(low: float, high: float | None, fmt: Fmt) -> str:
    return fmt(low) if high is None else f"{fmt(low)}..{fmt(high)}"


def progress_text(x: float, b: float, t: float, method: Method, fmt: Fmt) -> str:
    """`raw_score`'s arithmetic with the numbers put in."""
    if method is Method.ATTAINMENT:
        return (f"100 × {_atom(x, fmt)} / {_atom(t, fmt)}" if t >= b
                else f"100 × {_atom(t, fmt)} / {_atom(x, fmt)}")
    return f"100 × ({fmt(x)} − {_atom(b, fmt)}) / ({fmt(t)} − {_atom(b, fmt)})"


def attainment(x: float, bound: float, lower: bool) -> float | None:
    """100 * x / bound for a lower bound, 100 * bound / x for an upper one. A ratio means
    nothing against a bound of 0 or below: there, 100 less the shortfall as a share of the
    bound's size (at least 1), so the score still falls as the value moves away."""
    if bound > 0:
        r = 100.0 * (x / bound if lower else bound / x)
    else:
        shortfall = (bound - x) if lower else (x - bound)
        r = 100.0 - 100.0 * shortfall / max(abs(bound), 1.0)
    return r if is_finite(r) else None


@attrs.frozen(repr=False)
class YearlyRule(Record):
    """`target each year OP N`: each year's own value against the bound."""

    op: Op
    bound: float

    def raw(self, x: float) -> float | None:
        if meets(self.op, x, self.bound):
            return 100.0
        r = attainment(x, self.bound, lower=self.op.is_lower)
        return None if r is None else min(r, NOT_MET)

    def expected(self, year: float) -> float:
        return 100.0

    def expected_each(self, years: Sequence[float]) -> list[float]:
        return [100.0] * len(years)

    def target_value(self, year: float) -> float:
        return self.bound

    def raw_text(self, x: float, fmt: Fmt) -> str:
        bound = f"{SYMBOLS[self.op]} {fmt(self.bound)}"
        if meets(self.op, x, self.bound):
            return f"{fmt(x)} {bound}, this year's target is met = 100"
        ratio = (f"{_atom(x, fmt)} / {_atom(self.bound, fmt)}" if self.op.is_lower
                 else f"{_atom(self.bound, fmt)} / {_atom(x, fmt)}")
        return f"{fmt(x)} is not {bound}: 100 × {ratio}"

    def expected_text(self, year: float, fmt: Fmt) -> tuple[str, str | None]:
        return "a target for each year expects it met every year: 100", None


def expected_score(year: int, baseline: tuple[int, float], targets: Sequence[tuple[int, float]],
                   method: Method = Method.PROGRESS) -> float:
    """The expected score in `year` of exact (`=`) targets: the path's value, scored."""
    dated = [(y, Op.EQ, v, None) for y, v in sorted(targets, key=lambda t: t[0])]
    if not dated:
        return 0.0
    return Rule.of(baseline, dated, method).expected(year)
