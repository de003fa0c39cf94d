"""Checked model + observations -> results, step by step as docs/language.md ("How the numbers
are computed") says.

The value used for year t is the latest one at or before t, and its year is reported,
because statistics lag; the value is judged against the expected score of its own year
(`judge at value_year`, the default) or of the year evaluated (`judge at
evaluation_year`). Year t is scored with the definitions in force in t (the revisions
dated at or before t); an item not yet added is left out, and a retired one is listed with
its last figures and counted nowhere.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeVar, cast

import attrs

from dxplan import grading
from dxplan.data.records import EntityFigures, Observation
from dxplan.evaluate import workers
from dxplan.evaluate.fields import fields_of
from dxplan.evaluate.rules import rule_of
from dxplan.evaluate.values import Values, input_of
from dxplan.model import Judge, Kpi, Measure, Plan, Stage, Workspace
from dxplan.results import (
    Grade,
    History,
    KpiResult,
    MeasureResult,
    Point,
    Recipe,
    Results,
    YearChoice,
)
from dxplan.scoring import (
    MIN_COVERAGE,
    Status,
    Trend,
    clamp_score,
    status_of,
    trend_ends,
    trend_of,
    weighted_index,
    weighted_mean,
)
from dxplan.source import Diagnostic
from dxplan.targets import Rule, YearlyRule

if TYPE_CHECKING:
    from dxplan.progress import RoadmapResult

R = TypeVar("R", MeasureResult, KpiResult)


class Evaluator:
    def __init__(self, plan: Plan, observations: Sequence[Observation],
                 by_entity: EntityFigures | None = None) -> None:
        self.plan = plan
        self.values = Values(plan, observations, by_entity)
        # keyed by id (and revision), not by Measure: hashing a frozen Measure hashes its
        # whole tree
        self._points: dict[tuple[str, int], Point] = {}
        self._raws: dict[tuple[str, int], float | None] = {}  # a trend's, without points
        self._rules: dict[tuple[str, int], Rule | YearlyRule | None] = {}
        self._grades_insufficient = grading.names_insufficient_data(plan.grading)
        self.grades = grading.grades(plan.grading)
        self._fixed: dict[str, list[tuple[float, Measure]]] = {}
        self._kpi_points: dict[tuple[str, int], Point] = {}
        self._kpi_scores: dict[tuple[str, int], float | None] = {}  # a trend's, without points
        self._by_id: dict[Recipe, Measure | Kpi] | None = None  # for what a worker sent as a recipe

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return self.values.diagnostics

    def default_year(self) -> YearChoice:
        return self.values.default_year()

    def later_figures(self, year: int) -> Diagnostic | None:
        return self.values.later_figures(year)

    # --- one measure in one year ----------------------------------------------------------

    def rule(self, m: Measure, year: int) -> Rule | YearlyRule | None:
        """How `m` is scored in `year`: by the definition then in force."""
        revision = m.revision_in_force(year)
        key = (m.id, revision.year if revision is not None else 0)
        if key not in self._rules:
            self._rules[key] = rule_of(m.in_force(year))
        return self._rules[key]

    def measure_at(self, m: Measure, year: int) -> Point:
        """The measure in `year`: the latest value at or before it, scored by the definition
        in force in `year`, judged against the expected score of the value's year (or of
        `year`, by the plan)."""
        key = (m.id, year)
        point = self._points.get(key)
        if point is None:
            derived = self.values.of(m.id)
            used = derived.latest(year)
            value = derived.values.get(used) if used is not None else None
            point = self._points[key] = self._point(m, year, used, value)
        return point

    def _point(self, m: Measure, year: int, used: int | None, value: float | None) -> Point:
        rule = self.rule(m, year)
        judged = used if used is not None and self.plan.judge is Judge.VALUE_YEAR else year
        if rule is None:
            return Point(year, value, None, None, None, used, None)
        expected = rule.expected(judged)
        if value is None:
            return Point(year, None, None, None, expected, used, judged)
        raw = rule.raw(value)
        return Point(year, value, raw, _score(m, year, raw), expected, used, judged)

    def _raw_at(self, m: Measure, year: int) -> float | None:
        """`measure_at(m, year).raw`, without the expected score: a trend reads no more."""
        key = (m.id, year)
        if key in self._raws:
            return self._raws[key]
        point = self._points.get(key)  # the year's point, if made, has it
        if point is not None:
            raw = point.raw
        else:
            rule, value = self.rule(m, year), self._used(m, year)[1]
            raw = None if rule is None or value is None else rule.raw(value)
        self._raws[key] = raw
        return raw

    def _history(self, m: Measure, years: list[int]) -> tuple[Point, ...]:
        """`measure_at` for each of the measure's data years, in one pass: in its own data
        year a value is its own latest, and with no revision one rule scores every year.
        A view that reads every history (the report) asks it of every indicator."""
        if m.revisions or not years:
            return tuple(self.measure_at(m, y) for y in years)
        rule = self.rule(m, years[0])
        values, points, ident = self.values.of(m.id).values, self._points, m.id
        clamp = m.clamp
        # each point judged in its own year, whichever the plan's `judge`: it is the value's
        expected_each = rule.expected_each(years) if rule is not None else years
        out = []
        for y, expected in zip(years, expected_each, strict=True):
            point = points.get((ident, y))
            if point is None:
                value = values.get(y)
                if rule is None:
                    point = Point(y, value, None, None, None, y, None)
                else:
                    raw = rule.raw(value) if value is not None else None
                    point = Point(y, value, raw, None if raw is None else
                                  clamp_score(raw, clamp), expected, y, y)
                points[ident, y] = point
            out.append(point)
        return tuple(out)

    def measure(self, m: Measure, year: int) -> MeasureResult:
        """The measure evaluated in `year`; a retired one with its figures of the last year
        it was part of the plan."""
        at = _last_year(m, year)
        retired = at < year
        d = m.in_force(at)
        derived = self.values.of(m.id)
        first = m.added.year if m.added is not None else None
        years = derived.years()
        if first is not None or (years and years[-1] > at):
            years = [y for y in years if y <= at and (first is None or y >= first)]
        history = History(years, functools.partial(self._history, m, years), ("measure", m.id))
        point = self.measure_at(m, at)
        used_year, value = point.value_year, point.value
        stage = derived.stages.get(used_year) if used_year is not None else None
        status = Status.RETIRED if retired else self._status(d, point, stage)
        # the value less that of the history's last earlier point
        before = bisect.bisect_left(years, used_year) if used_year is not None else 0
        previous = derived.values.get(years[before - 1]) if before else None
        change = value - previous if value is not None and previous is not None else None
        trend = Trend.UNKNOWN
        if d.scored:
            start = d.baseline.year if d.baseline is not None else self.plan.start
            end = d.final_target.year if d.targets and d.final_target else self.plan.end
            trend = trend_of(trend_ends(years[bisect.bisect_left(years, start):],
                                        lambda y: self._raw_at(m, y)), end, start)
        problem = None
        if value is None and stage is None:
            problem = derived.problems.get(max(derived.problems, default=0)) \
                if derived.problems else f"no data for '{m.id}' up to {at}"
        inputs = derived.inputs.get(used_year, ()) if used_year is not None else ()
        revision = m.revision_in_force(at)
        earlier = self._earlier(m, at, revision.year) if revision is not None else None
        figures = self.values.figures
        result = MeasureResult(
            id=m.id, name=m.name, kind=m.kind, unit=d.unit, kpi=m.kpi, field=m.field,
            value=value, value_year=used_year, baseline=d.baseline, target=d.final_target,
            raw=point.raw, score=point.score, expected=point.expected, status=status,
            grade=None, trend=trend, reference=d.reference, weight=d.weight, change=change,
            problem=problem, history=history,
            inputs=tuple([input_of(o, figures) for o in inputs]),
            expected_year=point.expected_year, targets=d.targets, stage=stage,
            deadline=d.deadline, calendar=d.calendar, formula=d.formula,
            carried_over=used_year is not None and used_year < at,
            revisions=tuple([r for r in m.revisions if r.year <= at]), added=m.added,
            retired=m.retired if retired else None,
            earlier=earlier, earlier_status=None if earlier is None else
            self._status(m_before(m, revision.year if revision else 0), earlier, stage))
        if retired or not d.scored or not self.plan.grading:
            return result  # a reference value, a milestone or a retired item: no grade
        return _graded(result, self._grade(grading.measure_env(result, year)))

    def _grade(self, env: grading.Env) -> Grade | None:
        rule = grading.grade(self.plan.grading, env)
        return None if rule is None else self.grades[id(rule)]

    def _earlier(self, m: Measure, year: int, revised: int) -> Point:
        """`year` scored by the definition in force before the revision of `revised`: what
        the figures would be without it (explain and the report show both)."""
        used, value = self._used(m, year)
        return self._point(m_before(m, revised), year, used, value)

    def _used(self, m: Measure, year: int) -> tuple[int | None, float | None]:
        derived = self.values.of(m.id)
        used = derived.latest(year)
        return used, derived.values.get(used) if used is not None else None

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
        at = _last_year(kpi, year)
        retired = at < year
        indicators = self._indicators(kpi, year)
        years = sorted({y for r in indicators for y in r.history.years or ()} | {at})
        years = [y for y in years if y <= at]  # `at` last
        score = functools.partial(self._kpi_score, kpi)
        history = History(years, lambda: tuple(self._kpi_point(kpi, y) for y in years),
                          ("kpi", kpi.id))
        now = self._kpi_point(kpi, at)
        coverage = self._kpi_coverage(kpi, at)
        insufficient = now.score is not None and coverage < MIN_COVERAGE
        status = Status.RETIRED if retired else Status.INSUFFICIENT_DATA if insufficient \
            else status_of(now.raw, now.score, now.expected)
        # the trend reads the first and the last scored year, from the plan's start; a
        # year before it still counts toward the two observations a trend needs
        before = trend_ends(years[:-1], score)
        ends = before + trend_ends([y for y in years[:-1] if y >= self.plan.start], score)
        observed = sorted(set(ends)) + ([(at, now.score)] if now.score is not None else [])
        trend = trend_of(observed, self.plan.end, self.plan.start) \
            if len(observed) > 1 else Trend.UNKNOWN
        # the index less that of the last earlier year with one
        change = now.score - before[-1][1] if now.score is not None and before else None
        result = KpiResult(
            id=kpi.id, name=kpi.name, field=kpi.field, index=now.score, expected=now.expected,
            status=status, grade=None, trend=trend, coverage=coverage, indicators=indicators,
            history=history, change=change, added=kpi.added,
            retired=kpi.retired if retired else None)
        if retired or not self.plan.grading or \
                (insufficient and not self._grades_insufficient):
            return result
        return _graded(result, self._grade(grading.kpi_env(result, year)))

    def _indicators(self, kpi: Kpi, year: int) -> tuple[MeasureResult, ...]:
        at = _last_year(kpi, year)
        return tuple(self.measure(m, year) for m in kpi.indicators if _shown(m, at))

    def _counted(self, kpi: Kpi, year: int) -> list[tuple[float, Measure]]:
        """The indicators a KPI's index counts in `year` (part of the plan then, scored),
        with their weights then."""
        fixed = self._fixed.get(kpi.id)
        if fixed is not None:
            return fixed
        counted = [(m.in_force(year).weight, m) for m in kpi.indicators
                   if m.active(year) and m.in_force(year).scored]
        if not any(m.revisions or m.added or m.retired for m in kpi.indicators):
            self._fixed[kpi.id] = counted  # the same in every year: worked out once
        return counted

    def _kpi_point(self, kpi: Kpi, year: int) -> Point:
        key = (kpi.id, year)
        point = self._kpi_points.get(key)
        if point is None:
            point = self._kpi_points[key] = self._kpi_point_of(kpi, year)
        return point

    def _kpi_score(self, kpi: Kpi, year: int) -> float | None:
        """`_kpi_point(kpi, year).score`, without the expected index: a trend reads only
        the scores of its two ends, and the expected score is most of a point's cost."""
        key = (kpi.id, year)
        point = self._kpi_points.get(key)
        if point is not None:
            return point.score
        if key not in self._kpi_scores:  # a trend's two scans share their last year
            self._kpi_scores[key] = weighted_mean(
                [(w, s) for w, m in self._counted(kpi, year)
                 for s in [_score(m, year, self._raw_at(m, year))] if s is not None])
        return self._kpi_scores[key]

    def _kpi_point_of(self, kpi: Kpi, year: int) -> Point:
        scored = [(w, p) for w, m in self._counted(kpi, year)
                  for p in [self.measure_at(m, year)] if p.score is not None]
        index = weighted_mean([(w, p.score) for w, p in scored if p.score is not None])
        expected = weighted_mean([(w, p.expected) for w, p in scored
                                  if p.expected is not None])
        return Point(year, index, index, index, expected)

    def _kpi_coverage(self, kpi: Kpi, year: int) -> float:
        parts = [(w, self.measure_at(m, year).score) for w, m in self._counted(kpi, year)]
        return weighted_index(parts)[1]

    # --- the whole plan -------------------------------------------------------------------

    def results(self, choice: YearChoice, roadmap: RoadmapResult | None = None,
                beside: workers.Beside | None = None) -> Results:
        """The plan in the year chosen; `beside`: a view's work on each KPI's result, done
        where the KPI is evaluated (workers.py)."""
        plan, year = self.plan, choice.year
        goals = tuple(self.measure(g, year) for g in plan.goals if _shown(g, year))
        kpis = self._kpis([k for k in plan.kpis if _shown(k, year)], year, beside)
        return Results(plan.id, plan.name, year, goals, fields_of(plan.fields, kpis, year),
                       kpis, roadmap, year_choice=choice, judge=plan.judge)

    def _kpis(self, kpis: list[Kpi], year: int, beside: workers.Beside | None = None
              ) -> tuple[KpiResult, ...]:
        """The KPIs evaluated; on a large plan, part of them at the same time in a forked
        process (workers.py), with the same results."""
        shared = workers.in_two_processes(kpis, year, lambda k: self.kpi(k, year),
                                          self.values.diagnostics, self, self.plan,
                                          self.grades, self.values.area, beside)
        return shared if shared is not None else tuple(self.kpi(k, year) for k in kpis)

    def history_again(self, recipe: Recipe, years: Sequence[int]
                      ) -> Callable[[], tuple[Point, ...]]:
        """How to work out a history a worker sent as its recipe: as `measure` and `kpi`
        would have (results.Remake)."""
        item = self._item(recipe)
        if isinstance(item, Kpi):
            return lambda: tuple(self._kpi_point(item, y) for y in years)
        return functools.partial(self._history, item, list(years))

    def indicators_again(self, kpi: str, year: int) -> Callable[[], tuple[MeasureResult, ...]]:
        """How to work out the indicators of a KPI a worker evaluated in `year` and sent as
        its recipe: as `kpi` would have (results.Remake)."""
        return functools.partial(self._indicators, cast("Kpi", self._item(("kpi", kpi))), year)

    def _item(self, recipe: Recipe) -> Measure | Kpi:
        if self._by_id is None:
            self._by_id = {**{("measure", m.id): m for m in self.plan.measures},
                           **{("kpi", k.id): k for k in self.plan.kpis}}
        return self._by_id[recipe]


def _score(m: Measure, year: int, raw: float | None) -> float | None:
    """A raw score clamped as the definition in force in `year` says."""
    return clamp_score(raw, m.in_force(year).clamp) if raw is not None else None


def _graded(result: R, grade: Grade | None) -> R:
    """`result` with its grade, set on the record just made, before anything else holds
    it: `attrs.evolve` costs six times a construction, for every indicator and KPI."""
    object.__setattr__(result, "grade", grade)
    return result


def _last_year(item: Measure | Kpi, year: int) -> int:
    """The year whose figures `item` shows in `year`: a retired one's last in the plan."""
    return min(year, item.retired.year - 1) if item.retired is not None else year


def _shown(item: Measure | Kpi, year: int) -> bool:
    """Listed in `year`: added by then (a retired item stays listed, as retired)."""
    return item.added is None or item.added.year <= year


def m_before(m: Measure, revised: int) -> Measure:
    """`m` without the revision of `revised` and the later ones."""
    return attrs.evolve(m.in_force(revised - 1),
                        revisions=tuple(r for r in m.revisions if r.year < revised))


def evaluate(workspace: Workspace, observations: Sequence[Observation],
             year: int | None = None, roadmap: RoadmapResult | None = None
             ) -> tuple[Results, list[Diagnostic]]:
    """Every figure of the plan in `year` (None: the default year), and the warnings found
    on the way (a formula with no value)."""
    assert workspace.plan is not None, "evaluate needs a checked plan"
    evaluator = Evaluator(workspace.plan, observations)
    choice = YearChoice(year, "given", 0, 0) if year is not None else evaluator.default_year()
    return evaluator.results(choice, roadmap), evaluator.diagnostics
