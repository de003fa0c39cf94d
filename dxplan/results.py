"""What evaluation produces and every view reads: plain records, no behaviour.

Each figure keeps what it was computed from (`inputs`, `history`, the matched grade
rule), so `explain` and the report can trace it to its sources without recomputing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from dxplan.model import Dated
from dxplan.scoring import Status, Trend
from dxplan.source import Span

if TYPE_CHECKING:
    from dxplan.progress import RoadmapResult


@attrs.frozen
class Input:
    """One observation a figure was computed from."""

    series: str
    year: int
    value: float | None
    span: Span | None = attrs.field(default=None, eq=False)
    missing_reason: str | None = None


@attrs.frozen
class Point:
    """A figure in one year: the value used, its raw score and score, and the expected score."""

    year: int
    value: float | None
    raw: float | None
    score: float | None
    expected: float | None


@attrs.frozen
class Grade:
    id: str
    label: str
    span: Span | None = attrs.field(default=None, eq=False)  # the rule that matched


@attrs.frozen
class MeasureResult:
    """A basic goal or an intermediate indicator in the year evaluated."""

    id: str
    name: str
    kind: str
    unit: str | None
    kpi: str | None
    field: str | None
    value: float | None
    value_year: int | None
    baseline: Dated | None
    target: Dated | None  # the final target
    raw: float | None
    score: float | None
    expected: float | None
    status: Status
    grade: Grade | None
    trend: Trend
    reference: bool
    weight: float
    change: float | None = None  # value minus the previous observation's value
    problem: str | None = None  # why there is no value, when there is none
    inputs: tuple[Input, ...] = ()  # observations behind `value`
    history: tuple[Point, ...] = ()  # every observed year up to the year evaluated


@attrs.frozen
class KpiResult:
    id: str
    name: str
    field: str
    index: float | None
    expected: float | None
    status: Status
    grade: Grade | None
    trend: Trend
    coverage: float
    indicators: tuple[MeasureResult, ...]
    history: tuple[Point, ...] = ()  # the index (as value and score) by year


@attrs.frozen
class FieldResult:
    id: str
    name: str
    index: float | None
    kpis: tuple[str, ...]
    history: tuple[Point, ...] = ()


@attrs.frozen
class Results:
    plan_id: str
    plan_name: str
    year: int
    goals: tuple[MeasureResult, ...]
    fields: tuple[FieldResult, ...]
    kpis: tuple[KpiResult, ...]
    roadmap: RoadmapResult | None = None  # when a roadmap is loaded

    def find(self, ident: str) -> MeasureResult | KpiResult | FieldResult | None:
        for kpi in self.kpis:
            if kpi.id == ident:
                return kpi
            for ind in kpi.indicators:
                if ind.id == ident:
                    return ind
        others: tuple[MeasureResult | FieldResult, ...] = (*self.goals, *self.fields)
        return next((x for x in others if x.id == ident), None)
