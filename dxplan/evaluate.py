"""Checked model + observations -> results, step by step as docs/language.md ("How the numbers
are computed") says.

A measure's yearly values come from its own series (named by its id) or from its
formula, evaluated year by year on the series it reads. The value used for year t is the
latest one at or before t, and its year is reported, because statistics lag.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING

from dxplan import formula
from dxplan.data.read import Observation
from dxplan.model import Kpi, Measure, Plan, Workspace
from dxplan.results import FieldResult, Grade, Input, KpiResult, MeasureResult, Point, Results
from dxplan.scoring import (
    MIN_COVERAGE,
    ExpectedPath,
    Status,
    Trend,
    clamp_score,
    mean,
    raw_score,
    status_of,
    trend_of,
    weighted_index,
    weighted_mean,
)
from dxplan.source import Diagnostic, warning
from dxplan.spec.ast import Expr, expr_names

if TYPE_CHECKING:
    from dxplan.progress import RoadmapResult


class Derived:
    """A measure's values by year, each with the observations behind it."""

    def __init__(self) -> None:
        self.values: dict[int, float] = {}
        # the observations behind each value; made into `Input` records only for the
        # year shown (100k records for a large plan otherwise)
        self.inputs: dict[int, tuple[Observation, ...]] = {}
        self.problems: dict[int, str] = {}
        self._years: list[int] | None = None  # filled once, after the values are complete

    def latest(self, year: int) -> int | None:
        years = self.years()
        at = bisect.bisect_right(years, year)
        return years[at - 1] if at else None

    def years(self) -> list[int]:
        if self._years is None:
            self._years = sorted(self.values)
        return self._years


class Evaluator:
    def __init__(self, plan: Plan, observations: Sequence[Observation]) -> None:
        self.plan = plan
        self.measures = {m.id: m for m in plan.measures}
        self.series: dict[str, dict[int, Observation]] = {}
        for obs in observations:
            self.series.setdefault(obs.series, {})[obs.year] = obs
        self.diagnostics: list[Diagnostic] = []
        # keyed by id, not by Measure: hashing a frozen Measure hashes its whole tree
        self._points: dict[tuple[str, int], Point] = {}
        self._paths: dict[str, ExpectedPath] = {}

    # --- yearly values ----------------------------------------------------------------

    @functools.cache  # noqa: B019 - one evaluator per run; the cache dies with it
    def derived(self, ident: str) -> Derived:
        measure = self.measures[ident]
        out = Derived()
        if measure.formula is None:
            for year, obs in sorted(self.series.get(ident, {}).items()):
                if obs.value is not None:
                    out.values[year] = obs.value
                    out.inputs[year] = (obs,)
                else:
                    out.problems[year] = f"'{ident}' is missing in {year} ({obs.missing_reason})"
            return out
        for year in sorted(self._formula_years(measure.formula, ident)):
            used: list[Observation] = []
            outcome = formula.evaluate(measure.formula, self._lookup(ident, used), year)
            if outcome.value is None:
                out.problems[year] = outcome.problem or "no value"
                if outcome.problem and not outcome.problem.startswith("no value"):
                    self.diagnostics.append(warning(
                        "formula-no-value", f"'{ident}' has no value in {year}: "
                        f"{outcome.problem}", measure.formula.span))
            else:
                out.values[year] = outcome.value
                out.inputs[year] = tuple(used)
        return out

    def _formula_years(self, expr: Expr, ident: str) -> set[int]:
        """The years a formula can be evaluated in: those its year-following reads have."""
        years: set[int] = set()
        for var in formula.reads_in_year(expr):
            if var.name in self.measures and var.name != ident:
                years |= set(self.derived(var.name).values)
            else:
                years |= set(self.series.get(var.name, {}))
        return years

    def _lookup(self, ident: str, used: list[Observation]) -> formula.Lookup:
        def lookup(name: str, year: int) -> float | None:
            if name in self.measures and name != ident:
                other = self.derived(name)
                value = other.values.get(year)
                used.extend(other.inputs.get(year, ()))
                return value
            obs = self.series.get(name, {}).get(year)
            if obs is None:
                return None
            used.append(obs)
            return obs.value

        return lookup

    # --- one measure --------------------------------------------------------------------

    def measure(self, m: Measure, year: int) -> MeasureResult:
        derived = self.derived(m.id)
        history = tuple(self.measure_at(m, y) for y in sorted(derived.values) if y <= year)
        used_year = derived.latest(year)
        value = derived.values.get(used_year) if used_year is not None else None
        point = self.measure_at(m, year)
        if m.reference:
            status = Status.REFERENCE
        else:
            status = status_of(point.raw, point.score, point.expected)
        earlier = [p for p in history if used_year is not None and p.year < used_year]
        change = value - earlier[-1].value if earlier and value is not None and \
            earlier[-1].value is not None else None
        trend = Trend.UNKNOWN
        if m.scored and m.baseline is not None and m.final_target is not None:
            trend = trend_of([(p.year, p.raw) for p in history if p.raw is not None],
                             m.final_target.year, m.baseline.year)
        problem = None
        if value is None:
            problem = derived.problems.get(max(derived.problems, default=0)) \
                if derived.problems else f"no data for '{m.id}' up to {year}"
        # Reference measures are graded too, so a rule `when reference` can match them.
        grade = self.grade(raw=point.raw, score=point.score, expected=point.expected,
                           value=value, baseline=m.baseline.value if m.baseline else None,
                           target=m.final_target.value if m.final_target else None,
                           change=change, reference=m.reference)
        return MeasureResult(
            id=m.id, name=m.name, kind=m.kind, unit=m.unit, kpi=m.kpi, field=m.field,
            value=value, value_year=used_year, baseline=m.baseline, target=m.final_target,
            raw=point.raw, score=point.score, expected=point.expected, status=status,
            grade=grade, trend=trend, reference=m.reference, weight=m.weight, change=change,
            problem=problem,
            inputs=tuple(_input(o) for o in derived.inputs.get(used_year, ())) if used_year else (),
            history=history,
        )

    def _point(self, m: Measure, year: int, value: float | None) -> Point:
        if not m.scored or m.baseline is None or m.final_target is None:
            return Point(year, value, None, None, None)
        b = m.baseline
        path = self._paths.get(m.id)
        if path is None:
            targets = [(t.year, t.value) for t in m.targets]
            path = self._paths[m.id] = ExpectedPath.of((b.year, b.value), targets, m.method)
        expected = path.score(year)
        if value is None:
            return Point(year, None, None, None, expected)
        raw = raw_score(value, b.value, m.final_target.value, m.method)
        score = clamp_score(raw, m.clamp) if raw is not None else None
        return Point(year, value, raw, score, expected)

    # --- grading ------------------------------------------------------------------------

    def grade(self, **values: float | bool | None) -> Grade | None:
        """The first declared rule whose condition holds; a condition that reads a missing
        figure does not hold."""
        if not self.plan.grading:
            return None
        env = {k: (float(v) if v is not None else None) for k, v in values.items()}
        env["no_data"] = 1.0 if values.get("raw") is None else 0.0
        for rule in self.plan.grading:
            if rule.condition is None:
                return Grade(rule.id, rule.label, rule.span)
            outcome = formula.evaluate(rule.condition, lambda name, _y: env.get(name), 0)
            if outcome.value:
                return Grade(rule.id, rule.label, rule.span)
        return None

    # --- KPIs and fields ------------------------------------------------------------------

    def kpi(self, kpi: Kpi, year: int) -> KpiResult:
        indicators = tuple(self.measure(m, year) for m in kpi.indicators)
        years = sorted({p.year for r in indicators for p in r.history} | {year})
        history = tuple(self._kpi_point(kpi, y) for y in years if y <= year)
        now = history[-1]
        coverage = self._kpi_coverage(kpi, year)
        if now.score is not None and coverage < MIN_COVERAGE:
            status = Status.INSUFFICIENT_DATA
        else:
            status = status_of(now.raw, now.score, now.expected)
        observed = [(p.year, p.score) for p in history if p.score is not None
                    and p.year < year] + ([(year, now.score)] if now.score is not None else [])
        trend = trend_of(observed, self.plan.end, self.plan.start) \
            if len(observed) > 1 else Trend.UNKNOWN
        before = [p for p in history[:-1] if p.score is not None]
        change = now.score - before[-1].score if before and now.score is not None \
            and before[-1].score is not None else None
        grade = self.grade(raw=now.raw, score=now.score, expected=now.expected, value=now.value,
                           baseline=0.0, target=100.0, change=change, reference=False)
        return KpiResult(kpi.id, kpi.name, kpi.field, now.score, now.expected, status, grade,
                         trend, coverage, indicators, history)

    def _kpi_point(self, kpi: Kpi, year: int) -> Point:
        scored = [(m.weight, p) for m in kpi.indicators if m.scored
                  for p in [self.measure_at(m, year)] if p.score is not None]
        index = weighted_mean([(w, p.score) for w, p in scored if p.score is not None])
        expected = weighted_mean([(w, p.expected) for w, p in scored
                                  if p.expected is not None])
        return Point(year, index, index, index, expected)

    def _kpi_coverage(self, kpi: Kpi, year: int) -> float:
        parts = [(m.weight, self.measure_at(m, year).score) for m in kpi.indicators if m.scored]
        return weighted_index(parts)[1]

    def measure_at(self, m: Measure, year: int) -> Point:
        """The measure scored in `year` on the latest value at or before it."""
        key = (m.id, year)
        point = self._points.get(key)
        if point is None:
            derived = self.derived(m.id)
            used = derived.latest(year)
            value = derived.values.get(used) if used is not None else None
            point = self._points[key] = self._point(m, year, value)
        return point

    def field_history(self, kpis: Sequence[KpiResult], year: int) -> tuple[Point, ...]:
        """The field's index by year. A KPI's index holds until its next point, as the
        values behind it do (latest at or before), so a KPI with no point in a year still
        counts with its last one."""
        years = sorted({p.year for k in kpis for p in k.history if p.year <= year})
        out = []
        for y in years:
            latest = [[p for p in k.history if p.year <= y] for k in kpis]
            index = mean([ps[-1].score for ps in latest if ps and ps[-1].score is not None])
            if index is not None:
                out.append(Point(y, index, None, index, None))
        return tuple(out)


def evaluate(workspace: Workspace, observations: Sequence[Observation],
             year: int | None = None, roadmap: RoadmapResult | None = None
             ) -> tuple[Results, list[Diagnostic]]:
    """Every figure of the plan in `year` (None: `default_year`), and the warnings found
    on the way (a formula with no value)."""
    plan = workspace.plan
    assert plan is not None, "evaluate needs a checked plan"
    evaluator = Evaluator(plan, observations)
    year = year if year is not None else default_year(plan, observations)
    goals = tuple(evaluator.measure(g, year) for g in plan.goals)
    kpis = tuple(evaluator.kpi(k, year) for k in plan.kpis)
    fields = []
    for f in plan.fields:
        mine = [k for k in kpis if k.field == f.id]
        fields.append(FieldResult(f.id, f.name, mean([k.index for k in mine
                                                      if k.index is not None]),
                                  tuple(k.id for k in mine), evaluator.field_history(mine, year)))
    return Results(plan.id, plan.name, year, goals, tuple(fields), kpis,
                   roadmap), evaluator.diagnostics


def default_year(plan: Plan, observations: Sequence[Observation]) -> int:
    """The latest fiscal year any of the plan's series has a value for, within the plan."""
    used = {m.id for m in plan.measures} | {v.name for m in plan.measures
                                            for v in expr_names(m.formula)}
    years = [o.year for o in observations if o.series in used and o.value is not None]
    if plan.start:
        # a figure dated after the plan (often a mistyped year) must not move the default
        years = [y for y in years if y <= plan.end]
    latest = max(years, default=plan.start)
    return max(latest, plan.start) if plan.start else latest


def _input(obs: Observation) -> Input:
    return Input(obs.series, obs.year, obs.value, obs.span, obs.missing_reason)
