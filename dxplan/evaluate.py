"""Checked model + observations -> results, step by step as docs/language.md ("How the numbers
are computed") says.

A measure's yearly values come from its own series (named by its id) or from its
formula, evaluated year by year on the series it reads. The value used for year t is the
latest one at or before t, and its year is reported, because statistics lag; the value is
judged against the expected score of its own year (`judge at value_year`, the default) or
of the year evaluated (`judge at evaluation_year`).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import attrs

from dxplan import formula, grading
from dxplan.data.records import Observation
from dxplan.model import Judge, Kpi, Measure, Plan, Stage, Workspace
from dxplan.results import (
    FieldResult,
    Input,
    KpiResult,
    MeasureResult,
    Point,
    Results,
    YearChoice,
)
from dxplan.scoring import (
    MIN_COVERAGE,
    Status,
    Trend,
    clamp_score,
    mean,
    status_of,
    trend_of,
    weighted_index,
    weighted_mean,
)
from dxplan.source import Diagnostic, warning
from dxplan.spec.ast import Var, walk_expr
from dxplan.targets import Rule, YearlyRule

if TYPE_CHECKING:
    from dxplan.progress import RoadmapResult

# at least this share of the scored indicators must have a value in a year for it to be
# the year evaluated by default (docs/language.md, "The year evaluated")
DEFAULT_YEAR_SHARE = 0.5


class Derived:
    """A measure's values by year, each with the observations behind it."""

    def __init__(self) -> None:
        self.values: dict[int, float] = {}
        # the observations behind each value; made into `Input` records only for the
        # year shown (100k records for a large plan otherwise)
        self.inputs: dict[int, tuple[Observation, ...]] = {}
        self.problems: dict[int, str] = {}
        self.stages: dict[int, Stage] = {}  # a qualitative target's data
        self._years: list[int] | None = None  # filled once, after the values are complete

    def latest(self, year: int) -> int | None:
        years = self.years()
        at = bisect.bisect_right(years, year)
        return years[at - 1] if at else None

    def years(self) -> list[int]:
        if self._years is None:
            self._years = sorted(self.values.keys() | self.stages.keys())
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
        self._rules: dict[str, Rule | YearlyRule | None] = {}
        self._derived: dict[str, Derived] = {}
        self._grades_insufficient = grading.names_insufficient_data(plan.grading)
        for ident in _dependency_order(plan.measures):
            self._derived[ident] = self._derive(self.measures[ident])

    # --- yearly values ----------------------------------------------------------------

    def derived(self, ident: str) -> Derived:
        return self._derived[ident]

    def _derive(self, measure: Measure) -> Derived:
        out = Derived()
        ident = measure.id
        if measure.formula is None:
            for year, obs in sorted(self.series.get(ident, {}).items()):
                if obs.stage is not None:
                    out.stages[year] = obs.stage
                    out.inputs[year] = (obs,)
                elif obs.value is not None:
                    out.values[year] = obs.value
                    out.inputs[year] = (obs,)
                else:
                    out.problems[year] = f"'{ident}' is missing in {year} ({obs.missing_reason})"
            return out
        for year in sorted(self._formula_years(measure)):
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

    def _formula_years(self, measure: Measure) -> set[int]:
        """The years a formula can be evaluated in: those its year-following reads have."""
        assert measure.formula is not None
        years: set[int] = set()
        for var in formula.reads_in_year(measure.formula):
            if var.name in self.measures and var.name != measure.id:
                years |= set(self._derived[var.name].values)
            else:
                years |= set(self.series.get(var.name, {}))
        return years

    def _lookup(self, ident: str, used: list[Observation]) -> formula.Lookup:
        def lookup(name: str, year: int) -> float | None:
            if name in self.measures and name != ident:
                other = self._derived[name]
                value = other.values.get(year)
                used.extend(other.inputs.get(year, ()))
                return value
            obs = self.series.get(name, {}).get(year)
            if obs is None:
                return None
            used.append(obs)
            return obs.value

        return lookup

    # --- the year evaluated -------------------------------------------------------------

    def default_year(self) -> YearChoice:
        """The latest year in which at least half of the scored indicators have a value
        (goals when the plan has no scored indicator); failing that, the latest year with
        any value; failing that, the plan's first year."""
        judged = [m for m in self.plan.indicators if m.targeted] or \
            [m for m in self.plan.goals if m.targeted]
        counts: dict[int, int] = {}
        for m in judged:
            for year in self._derived[m.id].years():
                counts[year] = counts.get(year, 0) + 1
        enough = [y for y, n in counts.items() if n >= DEFAULT_YEAR_SHARE * len(judged)]
        if enough:
            year = max(enough)
            return YearChoice(year, "data", counts[year], len(judged))
        if counts:
            year = max(counts)
            return YearChoice(year, "latest", counts[year], len(judged))
        return YearChoice(self.plan.start, "plan", 0, len(judged))

    def later_figures(self, year: int) -> Diagnostic | None:
        """A warning naming the figures dated after `year`: reported, never used."""
        later = [(obs.year, obs) for m in self.plan.measures
                 for obs in self._inputs_after(m, year)]
        if not later:
            return None
        latest, first = max(later, key=lambda p: (p[0], p[1].series))
        return warning("later-figures", f"{len(later)} figure{'s' if len(later) > 1 else ''}"
                       f" dated after {year} (up to {latest}) are not used", first.span,
                       f"evaluate them with --year {latest}, or set year in dxplan.toml")

    def _inputs_after(self, m: Measure, year: int) -> Iterable[Observation]:
        derived = self._derived[m.id]
        for y in derived.years():
            if y > year:
                yield from derived.inputs.get(y, ())[:1]

    # --- one measure --------------------------------------------------------------------

    def rule(self, m: Measure) -> Rule | YearlyRule | None:
        if m.id not in self._rules:
            self._rules[m.id] = rule_of(m)
        return self._rules[m.id]

    def measure_at(self, m: Measure, year: int) -> Point:
        """The measure in `year`: the latest value at or before it, scored, and judged
        against the expected score of the value's year (or of `year`, by the plan)."""
        key = (m.id, year)
        point = self._points.get(key)
        if point is None:
            derived = self._derived[m.id]
            used = derived.latest(year)
            value = derived.values.get(used) if used is not None else None
            point = self._points[key] = self._point(m, year, used, value)
        return point

    def _point(self, m: Measure, year: int, used: int | None, value: float | None) -> Point:
        rule = self.rule(m)
        judged = used if used is not None and self.plan.judge is Judge.VALUE_YEAR else year
        if rule is None:
            return Point(year, value, None, None, None, used, None)
        expected = rule.expected(judged)
        if value is None:
            return Point(year, None, None, None, expected, used, judged)
        raw = rule.raw(value)
        score = clamp_score(raw, m.clamp) if raw is not None else None
        return Point(year, value, raw, score, expected, used, judged)

    def measure(self, m: Measure, year: int) -> MeasureResult:
        derived = self._derived[m.id]
        history = tuple(self.measure_at(m, y) for y in derived.years() if y <= year)
        point = self.measure_at(m, year)
        used_year, value = point.value_year, point.value
        stage = derived.stages.get(used_year) if used_year is not None else None
        status = self._status(m, point, stage)
        earlier = [p for p in history if used_year is not None and p.year < used_year]
        change = value - earlier[-1].value if earlier and value is not None and \
            earlier[-1].value is not None else None
        trend = Trend.UNKNOWN
        if m.scored:
            start = m.baseline.year if m.baseline is not None else self.plan.start
            end = m.final_target.year if m.targets and m.final_target else self.plan.end
            trend = trend_of([(p.year, p.raw) for p in history if p.raw is not None],
                             end, start)
        problem = None
        if value is None and stage is None:
            problem = derived.problems.get(max(derived.problems, default=0)) \
                if derived.problems else f"no data for '{m.id}' up to {year}"
        inputs = derived.inputs.get(used_year, ()) if used_year is not None else ()
        result = MeasureResult(
            id=m.id, name=m.name, kind=m.kind, unit=m.unit, kpi=m.kpi, field=m.field,
            value=value, value_year=used_year, baseline=m.baseline, target=m.final_target,
            raw=point.raw, score=point.score, expected=point.expected, status=status,
            grade=None, trend=trend, reference=m.reference, weight=m.weight, change=change,
            problem=problem, inputs=tuple(_input(o) for o in inputs), history=history,
            expected_year=point.expected_year, targets=m.targets, stage=stage,
            deadline=m.deadline, calendar=m.calendar, formula=m.formula,
            carried_over=used_year is not None and used_year < year)
        if not m.scored or not self.plan.grading:
            return result  # a reference value or a qualitative milestone has no grade
        return attrs.evolve(result, grade=grading.grade(self.plan.grading,
                                                        grading.measure_env(result, year)))

    def _status(self, m: Measure, point: Point, stage: Stage | None) -> Status:
        if m.reference:
            return Status.REFERENCE
        if m.deadline is not None and not m.scored:
            if stage is None:
                return Status.NO_DATA
            if stage is Stage.DONE:
                return Status.ACHIEVED
            judged = point.value_year if self.plan.judge is Judge.VALUE_YEAR else point.year
            return Status.ON_TRACK if (judged or point.year) < m.deadline.year \
                else Status.BEHIND
        return status_of(point.raw, point.score, point.expected)

    # --- KPIs and fields ------------------------------------------------------------------

    def kpi(self, kpi: Kpi, year: int) -> KpiResult:
        indicators = tuple(self.measure(m, year) for m in kpi.indicators)
        years = sorted({p.year for r in indicators for p in r.history} | {year})
        history = tuple(self._kpi_point(kpi, y) for y in years if y <= year)
        now = history[-1]
        coverage = self._kpi_coverage(kpi, year)
        insufficient = now.score is not None and coverage < MIN_COVERAGE
        status = Status.INSUFFICIENT_DATA if insufficient else \
            status_of(now.raw, now.score, now.expected)
        observed = [(p.year, p.score) for p in history if p.score is not None
                    and p.year < year] + ([(year, now.score)] if now.score is not None else [])
        trend = trend_of(observed, self.plan.end, self.plan.start) \
            if len(observed) > 1 else Trend.UNKNOWN
        result = KpiResult(kpi.id, kpi.name, kpi.field, now.score, now.expected, status, None,
                           trend, coverage, indicators, history)
        if not self.plan.grading or (insufficient and not self._grades_insufficient):
            return result
        return attrs.evolve(result, grade=grading.grade(self.plan.grading,
                                                        grading.kpi_env(result, year)))

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

    # --- the whole plan -------------------------------------------------------------------

    def results(self, choice: YearChoice, roadmap: RoadmapResult | None = None) -> Results:
        plan, year = self.plan, choice.year
        goals = tuple(self.measure(g, year) for g in plan.goals)
        kpis = tuple(self.kpi(k, year) for k in plan.kpis)
        fields = []
        for f in plan.fields:
            mine = [k for k in kpis if k.field == f.id]
            fields.append(FieldResult(f.id, f.name, mean([k.index for k in mine
                                                          if k.index is not None]),
                                      tuple(k.id for k in mine), self.field_history(mine, year)))
        return Results(plan.id, plan.name, year, goals, tuple(fields), kpis, roadmap,
                       year_choice=choice, judge=plan.judge)


def evaluate(workspace: Workspace, observations: Sequence[Observation],
             year: int | None = None, roadmap: RoadmapResult | None = None
             ) -> tuple[Results, list[Diagnostic]]:
    """Every figure of the plan in `year` (None: the default year), and the warnings found
    on the way (a formula with no value, figures after a default year)."""
    plan = workspace.plan
    assert plan is not None, "evaluate needs a checked plan"
    evaluator = Evaluator(plan, observations)
    choice = YearChoice(year, "given", 0, 0) if year is not None else evaluator.default_year()
    results = evaluator.results(choice, roadmap)
    return results, evaluator.diagnostics


def rule_of(m: Measure) -> Rule | YearlyRule | None:
    """How a measure is scored; None for one that is not (a reference value, a milestone)."""
    if not m.scored:
        return None
    if m.yearly is not None:
        return YearlyRule(m.yearly.op, m.yearly.value)
    assert m.baseline is not None
    return Rule.of((m.baseline.year, m.baseline.value),
                   [(t.year, t.op, t.value, t.high) for t in m.targets], m.method)


def _dependency_order(measures: Sequence[Measure]) -> list[str]:
    """Measures in an order where each comes after those its formula reads; iterative, so a
    chain of any length is fine. (The checker has already refused a circle.)"""
    ids = {m.id for m in measures}
    reads = {m.id: [n.name for n in walk_expr(m.formula) if isinstance(n, Var)
                    and n.name in ids and n.name != m.id] for m in measures}
    order: list[str] = []
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    for start in reads:
        if start in state:
            continue
        stack = [(start, iter(reads[start]))]
        state[start] = 1
        while stack:
            ident, pending = stack[-1]
            nxt = next((n for n in pending if n not in state), None)
            if nxt is None:
                stack.pop()
                state[ident] = 2
                order.append(ident)
            else:
                state[nxt] = 1
                stack.append((nxt, iter(reads[nxt])))
    return order


def _input(obs: Observation) -> Input:
    return Input(obs.series, obs.year, obs.value, obs.span, obs.missing_reason,
                 obs.stage.value if obs.stage is not None else None)
