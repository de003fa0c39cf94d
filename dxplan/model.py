"""The checked plan: resolved, valid, immutable.

Spans are kept for explain and diagnostics but excluded from equality, so two models
built from differently laid-out text compare equal (the semantic diff relies on it).
"""

from __future__ import annotations

from enum import StrEnum

import attrs

from dxplan.scoring import Clamp, Method
from dxplan.source import Span
from dxplan.spec.ast import Expr

_span = attrs.field(eq=False, repr=False, default=None)


class MeasureKind(StrEnum):
    """What is scored against a baseline and a target."""

    GOAL = "goal"  # 基本目標
    INDICATOR = "indicator"  # 中間指標


class ProjectStatus(StrEnum):
    """A roadmap project's half-year status, in the order every view lists them: from not
    begun, through done, to dropped. UNREPORTED is never in data: a project with no report."""

    NOT_STARTED = "not_started"
    ON_TRACK = "on_track"
    DELAYED = "delayed"
    COMPLETED = "completed"
    SUSPENDED = "suspended"
    UNREPORTED = "unreported"


@attrs.frozen
class Dated:
    """A value in a fiscal year, with its provenance."""

    year: int
    value: float
    source: str | None = None
    note: str | None = None
    url: str | None = None
    span: Span | None = _span
    illustrative: bool = False  # `{ illustrative }`: a made-up figure, not a published one


@attrs.frozen
class Measure:
    """Anything scored against a baseline and target: a basic goal or an indicator."""

    kind: MeasureKind
    id: str
    name: str
    unit: str | None = None
    source: str | None = None
    note: str | None = None
    formula: Expr | None = None
    baseline: Dated | None = None
    targets: tuple[Dated, ...] = ()  # sorted by year; the last is the final target
    weight: float = 1.0
    reference: bool = False  # 参考値: shown, never in an index
    method: Method = Method.PROGRESS
    clamp: Clamp = attrs.field(factory=Clamp)
    kpi: str | None = None
    field: str | None = None
    span: Span | None = _span

    @property
    def final_target(self) -> Dated | None:
        return self.targets[-1] if self.targets else None

    @property
    def scored(self) -> bool:
        return not self.reference and self.baseline is not None and bool(self.targets)


@attrs.frozen
class Kpi:
    id: str
    name: str
    field: str
    indicators: tuple[Measure, ...]
    method: Method = Method.PROGRESS
    note: str | None = None
    span: Span | None = _span


@attrs.frozen
class Field:
    id: str
    name: str
    kpis: tuple[Kpi, ...]
    span: Span | None = _span


@attrs.frozen
class GradeRule:
    id: str
    label: str
    condition: Expr | None  # None: `otherwise`
    span: Span | None = _span


@attrs.frozen
class Plan:
    id: str
    name: str
    start: int
    end: int
    vision_year: int | None = None
    vision: str | None = None
    method: Method = Method.PROGRESS
    note: str | None = None
    goals: tuple[Measure, ...] = ()
    fields: tuple[Field, ...] = ()
    grading: tuple[GradeRule, ...] = ()
    span: Span | None = _span
    illustrative: str | None = None  # why the plan's figures are illustrative, when they are

    @property
    def kpis(self) -> tuple[Kpi, ...]:
        return tuple(k for f in self.fields for k in f.kpis)

    @property
    def indicators(self) -> tuple[Measure, ...]:
        return tuple(i for k in self.kpis for i in k.indicators)

    @property
    def measures(self) -> tuple[Measure, ...]:
        return self.goals + self.indicators


@attrs.frozen
class Milestone:
    period: str  # "2024H2"
    text: str
    span: Span | None = _span


@attrs.frozen
class Project:
    no: int
    name: str
    field: str
    category: str
    kpis: tuple[str, ...] = ()
    reference: bool = False  # 参考事業: listed, kept out of shares
    note: str | None = None
    milestones: tuple[Milestone, ...] = ()
    span: Span | None = _span


@attrs.frozen
class Roadmap:
    id: str
    name: str
    year: int
    projects: tuple[Project, ...]
    note: str | None = None
    span: Span | None = _span

    @property
    def periods(self) -> tuple[str, str]:
        return (f"{self.year}H1", f"{self.year}H2")


@attrs.frozen
class Workspace:
    """Everything loaded together: one plan and its roadmaps."""

    plan: Plan | None
    roadmaps: tuple[Roadmap, ...] = ()
    paths: tuple[str, ...] = attrs.field(default=(), eq=False)

    def measure(self, id: str) -> Measure | None:
        if self.plan is None:
            return None
        return next((m for m in self.plan.measures if m.id == id), None)
