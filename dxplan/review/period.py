"""What changed since the previous period: the same workspace evaluated a year earlier,
compared item by item (docs/report.md: the report highlights it for the committee).

Pure records from two `Results`; nothing is recomputed. An item *changed* when its status
or grade moved: those are what a committee discusses. Every item also carries its score
(or index) before and after, so a view can note the movement of the rest.
"""

from __future__ import annotations

from collections.abc import Iterator
from enum import StrEnum
from typing import Final

import attrs

from dxplan.record import Record
from dxplan.results import FieldResult, KpiResult, MeasureResult, Results
from dxplan.scoring import TOLERANCE, Status

# Statuses with an order, worst first: a move along it is better or worse. no_data,
# reference and insufficient_data say nothing about progress, so they have no rank.
RANK: Final = {Status.REGRESSING: 0, Status.STALLED: 1, Status.BEHIND: 2,
               Status.ON_TRACK: 3, Status.ACHIEVED: 4}
# below the expected path: what "newly behind" means
BELOW: Final = frozenset({Status.BEHIND, Status.STALLED, Status.REGRESSING})


class Direction(StrEnum):
    BETTER = "better"
    WORSE = "worse"
    SAME = "same"  # no move, or one that is neither (data arriving or going missing)


@attrs.frozen(repr=False)
class Movement(Record):
    """One goal, field, KPI or indicator in the previous period and in this one."""

    id: str
    kind: str  # goal, field, kpi or indicator
    name: str
    before: float | None  # the score (goal, indicator) or index (field, KPI)
    after: float | None
    value_before: float | None  # the value used (goal, indicator); None otherwise
    value_after: float | None
    status_before: Status | None  # None for a field, which has no status
    status_after: Status | None
    grade_before: str | None  # the grade's id
    grade_after: str | None
    direction: Direction
    # the same figure of the same year in both periods: a lagged statistic carried over,
    # whose status can only move when the plan judges at the year evaluated
    carried_unchanged: bool = False

    @property
    def delta(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before

    @property
    def status_changed(self) -> bool:
        return self.status_before != self.status_after

    @property
    def grade_changed(self) -> bool:
        return self.grade_before != self.grade_after

    @property
    def changed(self) -> bool:
        return self.status_changed or self.grade_changed

    @property
    def newly_achieved(self) -> bool:
        return self.status_after is Status.ACHIEVED and self.status_before is not Status.ACHIEVED

    @property
    def newly_behind(self) -> bool:
        """Newly below the expected path; never an unchanged figure carried over."""
        return (self.status_after in BELOW and self.status_before not in BELOW
                and not self.carried_unchanged)


class PlanChange(StrEnum):
    REVISED = "revised"
    ADDED = "added"
    RETIRED = "retired"


@attrs.frozen(repr=False)
class Revised(Record):
    """A change of the plan itself in the period: a revision, an item added or retired.
    The report lists these apart from the movements of the figures."""

    change: PlanChange
    kind: str  # goal, kpi or indicator
    id: str
    name: str
    year: int
    reason: str
    what: tuple[str, ...] = ()  # what a revision changed: `target 2028`, `weight`


@attrs.frozen(repr=False)
class PeriodMovements(Record):
    year: int
    previous_year: int
    items: tuple[Movement, ...]  # goals, fields, KPIs and indicators, in the results' order
    plan: tuple[Revised, ...] = ()  # how the plan itself changed in the period

    def get(self, ident: str) -> Movement | None:
        return next((c for c in self.items if c.id == ident), None)

    @property
    def changed(self) -> tuple[Movement, ...]:
        """Figures whose status or grade moved (an item retired in the period is a change
        of the plan, listed in `plan`, not a movement of its figures)."""
        return tuple(c for c in self.items if c.changed and c.status_after is not Status.RETIRED)

    @property
    def newly_achieved(self) -> tuple[Movement, ...]:
        return tuple(c for c in self.items if c.newly_achieved)

    @property
    def newly_behind(self) -> tuple[Movement, ...]:
        return tuple(c for c in self.items if c.newly_behind)


Item = MeasureResult | KpiResult | FieldResult


def compare(previous: Results, current: Results) -> PeriodMovements:
    """Each item of `current` beside the same id in `previous` (absent there: no figures)."""
    before = {item.id: item for item in _items(previous)}
    items = tuple(_movement(before.get(item.id), item) for item in _items(current))
    return PeriodMovements(current.year, previous.year, items,
                           _plan_changes(current, previous.year))


def _plan_changes(results: Results, since: int) -> tuple[Revised, ...]:
    """Revisions, additions and retirements dated after `since`, up to the year evaluated."""
    out: list[Revised] = []
    for item in _items(results):
        if isinstance(item, FieldResult):
            continue
        kind = "kpi" if isinstance(item, KpiResult) else str(item.kind)
        if isinstance(item, MeasureResult):
            out += [Revised(PlanChange.REVISED, kind, item.id, item.name, r.year, r.reason,
                            r.changed) for r in item.revisions if r.year > since]
        for change, when in ((PlanChange.ADDED, item.added), (PlanChange.RETIRED, item.retired)):
            if when is not None and when.year > since:
                out.append(Revised(change, kind, item.id, item.name, when.year, when.reason))
    return tuple(out)


def _items(results: Results) -> Iterator[Item]:
    yield from results.goals
    yield from results.fields
    for kpi in results.kpis:
        yield kpi
        yield from kpi.indicators


def _movement(old: Item | None, new: Item) -> Movement:
    after, status_after, grade_after, value_after = _figures(new)
    before, status_before, grade_before, value_before = (
        _figures(old) if old is not None else (None, None, None, None))
    kind = "kpi" if isinstance(new, KpiResult) else "field" if isinstance(
        new, FieldResult) else new.kind
    carried = (isinstance(new, MeasureResult) and isinstance(old, MeasureResult)
               and new.carried_over and new.value_year == old.value_year
               and new.value == old.value)
    return Movement(new.id, kind, new.name, before, after, value_before, value_after,
                    status_before, status_after, grade_before, grade_after,
                    _direction(status_before, status_after, before, after), carried)


def _figures(item: Item) -> tuple[float | None, Status | None, str | None, float | None]:
    if isinstance(item, FieldResult):
        return item.index, None, None, None
    grade = item.grade.id if item.grade is not None else None
    if isinstance(item, KpiResult):
        return item.index, item.status, grade, None
    return item.score, item.status, grade, item.value


def _direction(status_before: Status | None, status_after: Status | None,
               before: float | None, after: float | None) -> Direction:
    """By the status when both have a rank and differ, else by the score's move."""
    rank_before = RANK.get(status_before) if status_before is not None else None
    rank_after = RANK.get(status_after) if status_after is not None else None
    if rank_before is not None and rank_after is not None and rank_before != rank_after:
        return Direction.BETTER if rank_after > rank_before else Direction.WORSE
    if before is None or after is None or abs(after - before) <= TOLERANCE * max(
            1.0, abs(before)):
        return Direction.SAME
    return Direction.BETTER if after > before else Direction.WORSE
