"""`dxplan history ID`: the timeline of one goal, indicator or KPI, as a committee reads it.

When it joined the plan, each revision with its reason and what it changed, when it left;
and beside them the figure of every year with data, scored by the definition then in
force, so the effect of each revision on the record is plain.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from dxplan.evaluate import Evaluator
from dxplan.model import Kpi, Measure, Plan
from dxplan.record import Record
from dxplan.results import KpiResult, MeasureResult
from dxplan.review.properties import definition_props
from dxplan.scoring import Status
from dxplan.source import Span


@attrs.frozen(repr=False)
class Event(Record):
    """A change of the definition: `written` (as first written), `added`, `revised`,
    `retired`."""

    year: int | None  # None: as first written
    kind: str
    reason: str | None
    changes: tuple[tuple[str, str | None, str | None], ...] = ()  # (what, before, after)
    span: Span | None = attrs.field(default=None, eq=False)


@attrs.frozen(repr=False)
class YearFigure(Record):
    year: int
    value: float | None
    value_year: int | None
    score: float | None
    expected: float | None
    status: Status
    definition: int | None  # the revision in force (its year); None: as first written


@attrs.frozen(repr=False)
class History(Record):
    id: str
    kind: str  # goal, indicator or kpi
    name: str
    unit: str | None
    events: tuple[Event, ...]
    figures: tuple[YearFigure, ...]


def history(plan: Plan, evaluator: Evaluator, ident: str, last_year: int) -> History | None:
    """The timeline of `ident` up to `last_year`; None when no goal, indicator or KPI has
    that id."""
    measure = next((m for m in plan.measures if m.id == ident), None)
    if measure is not None:
        return _measure(measure, evaluator, last_year)
    kpi = next((k for k in plan.kpis if k.id == ident), None)
    return _kpi(kpi, evaluator, last_year) if kpi is not None else None


def _measure(m: Measure, evaluator: Evaluator, last_year: int) -> History:
    events = [Event(None, "written", None, tuple(
        (p.name, None, p.after) for p in definition_props(_blank(m), m, {})
        if p.name in ("unit", "value", "baseline") or p.name.startswith("target")))]
    if m.added is not None:
        events.append(Event(m.added.year, "added", m.added.reason, span=m.added.span))
    for r in m.revisions:
        before = m.in_force(r.year - 1)
        changes = tuple((p.name, p.before, p.after)
                        for p in definition_props(before, r.measure, {}))
        events.append(Event(r.year, "revised", r.reason, changes, r.span))
    if m.retired is not None:
        events.append(Event(m.retired.year, "retired", m.retired.reason, span=m.retired.span))
    years = [y for y in evaluator.values.of(m.id).years() if y <= last_year]
    figures = tuple(_figure(evaluator.measure(m, y), y, m) for y in years
                    if m.added is None or y >= m.added.year)
    return History(m.id, m.kind.value, m.name, m.unit, tuple(events), figures)


def _kpi(k: Kpi, evaluator: Evaluator, last_year: int) -> History:
    events = [Event(None, "written", None)]
    events += [Event(w.year, kind, w.reason, span=w.span)
               for kind, w in (("added", k.added), ("retired", k.retired)) if w is not None]
    years = sorted({y for m in k.indicators for y in evaluator.values.of(m.id).years()
                    if y <= last_year and (k.added is None or y >= k.added.year)})
    figures = tuple(_kpi_figure(evaluator.kpi(k, y), y) for y in years)
    return History(k.id, "kpi", k.name, None, tuple(events), figures)


def _blank(m: Measure) -> Measure:
    return attrs.evolve(m, unit=None, formula=None, baseline=None, targets=())


def _figure(r: MeasureResult, year: int, m: Measure) -> YearFigure:
    revision = m.revision_in_force(year)
    return YearFigure(year, r.value, r.value_year, r.score, r.expected, r.status,
                      revision.year if revision is not None else None)


def _kpi_figure(r: KpiResult, year: int) -> YearFigure:
    return YearFigure(year, r.index, year, r.index, r.expected, r.status, None)


def ids(plan: Plan) -> Sequence[str]:
    return [*(m.id for m in plan.measures), *(k.id for k in plan.kpis)]
