"""The checked plan: resolved, valid, immutable.

Spans are kept for explain and diagnostics but excluded from equality, so two models
built from differently laid-out text compare equal (the semantic diff relies on it).

Each record pickles as its class and its values (`source.pickled_whole`): the checked
workspace is cached whole.
"""

from __future__ import annotations

from enum import StrEnum

import attrs

from dxplan.record import Record
from dxplan.scoring import Clamp, Method
from dxplan.source import Span, pickled_whole
from dxplan.spec.ast import Expr
from dxplan.targets import Op

_span = attrs.field(eq=False, repr=False, default=None)


class MeasureKind(StrEnum):
    """What is scored against a baseline and a target."""

    GOAL = "goal"  # 基本目標
    INDICATOR = "indicator"  # 中間指標


class Stage(StrEnum):
    """How far a qualitative target (`milestone`) has come, as a data file says it."""

    NOT_STARTED = "not_started"  # 未着手
    IN_PROGRESS = "in_progress"  # 実施中
    DONE = "done"  # 完了


class ProjectStatus(StrEnum):
    """A roadmap project's half-year status, in the order every view lists them: from not
    begun, through done, to dropped. UNREPORTED is never in data: a project with no report."""

    NOT_STARTED = "not_started"
    ON_TRACK = "on_track"
    DELAYED = "delayed"
    COMPLETED = "completed"
    SUSPENDED = "suspended"
    UNREPORTED = "unreported"


class Judge(StrEnum):
    """Which year's expected score a figure is judged against (docs/language.md)."""

    VALUE_YEAR = "value_year"  # the year of the value: a 2023 statistic against 2023's path
    EVALUATION_YEAR = "evaluation_year"


@pickled_whole
@attrs.frozen(repr=False)
class Dated(Record):
    """A baseline or target value in a year, with its provenance.

    A target is `= value` or a bound (`op`): `>= 100`, `<= 5`, `30..40` (`value` the low end,
    `high` the high end). A relative value keeps its formula over `baseline` as written;
    `value` is what it computes to.
    """

    year: int
    value: float
    source: str | None = None
    note: str | None = None
    url: str | None = None
    span: Span | None = _span
    op: Op = Op.EQ
    high: float | None = None
    formula: Expr | None = None  # e.g. `baseline * 0.2`, computed into `value`
    first_year: int | None = None  # a baseline over years (H24..H26): the first of them
    written: str | None = attrs.field(default=None, eq=False)  # the year as written: H34
    illustrative: bool = False  # `{ illustrative }`: a made-up figure, not a published one



@pickled_whole
@attrs.frozen(repr=False)
class Deadline(Record):
    """A qualitative target: `milestone 2026 "制定"`, met when the data says 完了 (done)."""

    year: int
    text: str
    span: Span | None = _span


@pickled_whole
@attrs.frozen(repr=False)
class Lifecycle(Record):
    """When an item joined the plan (`added`) or left it (`retired`), and why."""

    year: int
    reason: str
    span: Span | None = _span


@pickled_whole
@attrs.frozen(repr=False)
class Revision(Record):
    """`revised 2026 "reason" { ... }`: from `year` on, the goal or indicator is `measure`,
    the definition with this and every earlier revision applied. `changed` names what
    this revision changed (`target 2028`, `weight`, ...)."""

    year: int
    reason: str
    changed: tuple[str, ...]
    measure: Measure
    span: Span | None = _span


@pickled_whole
@attrs.frozen(repr=False)
class Measure(Record):
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
    yearly: Dated | None = None  # `target each year >= 1000`: its op and bound (year 0)
    deadline: Deadline | None = None  # `milestone 2026 "制定"`
    calendar: bool = False  # `year calendar`: its data are 暦年, not 年度
    revisions: tuple[Revision, ...] = ()  # in year order
    added: Lifecycle | None = None
    retired: Lifecycle | None = None
    by: str | None = None  # `by municipalities`: data per entity, each entity scored too

    def in_force(self, year: int) -> Measure:
        """The definition in force in `year`: the latest revision dated at or before it
        (each revision's definition already holds the earlier ones)."""
        if not self.revisions:  # nearly every measure: asked once per measure and year
            return self
        revision = self.revision_in_force(year)
        return revision.measure if revision is not None else self

    def revision_in_force(self, year: int) -> Revision | None:
        if not self.revisions:
            return None
        return next((r for r in reversed(self.revisions) if r.year <= year), None)

    def active(self, year: int) -> bool:
        """Part of the plan in `year`: added by then, and not yet retired."""
        return (self.added is None or self.added.year <= year) and \
            (self.retired is None or year < self.retired.year)

    @property
    def final_target(self) -> Dated | None:
        return self.targets[-1] if self.targets else self.yearly

    @property
    def scored(self) -> bool:
        """Given a score: a baseline and a dated target, or a yearly target."""
        if self.reference:
            return False
        return self.yearly is not None or (self.baseline is not None and bool(self.targets))

    @property
    def targeted(self) -> bool:
        """Judged against a target at all: scored, or a qualitative milestone."""
        return self.scored or (not self.reference and self.deadline is not None)


@pickled_whole
@attrs.frozen(repr=False)
class Kpi(Record):
    id: str
    name: str
    field: str
    indicators: tuple[Measure, ...]
    method: Method = Method.PROGRESS
    note: str | None = None
    span: Span | None = _span
    added: Lifecycle | None = None
    retired: Lifecycle | None = None

    def active(self, year: int) -> bool:
        return (self.added is None or self.added.year <= year) and \
            (self.retired is None or year < self.retired.year)


@pickled_whole
@attrs.frozen(repr=False)
class Field(Record):
    id: str
    name: str
    kpis: tuple[Kpi, ...]
    span: Span | None = _span


@pickled_whole
@attrs.frozen(repr=False)
class GradeRule(Record):
    id: str
    label: str
    condition: Expr | None  # None: `otherwise`
    span: Span | None = _span


@pickled_whole
@attrs.frozen(repr=False)
class Plan(Record):
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
    judge: Judge = Judge.VALUE_YEAR
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


@pickled_whole
@attrs.frozen(repr=False)
class Milestone(Record):
    period: str  # "2024H2"
    text: str
    span: Span | None = _span


@pickled_whole
@attrs.frozen(repr=False)
class Project(Record):
    no: int
    name: str
    field: str
    category: str
    kpis: tuple[str, ...] = ()
    reference: bool = False  # 参考事業: listed, kept out of shares
    note: str | None = None
    milestones: tuple[Milestone, ...] = ()
    span: Span | None = _span


@pickled_whole
@attrs.frozen(repr=False)
class Roadmap(Record):
    id: str
    name: str
    year: int
    projects: tuple[Project, ...]
    note: str | None = None
    span: Span | None = _span

    @property
    def periods(self) -> tuple[str, str]:
        return (f"{self.year}H1", f"{self.year}H2")


@pickled_whole
@attrs.frozen(repr=False)
class EntitySet(Record):
    """`entities municipalities "市町村" { file "municipalities.csv" }`: the parts of the
    plan's area (municipalities) that data may be given for, listed in a file of
    `code,name[,kind]` rows (codes are 全国地方公共団体コード)."""

    id: str
    label: str
    file: str  # as written in the spec
    path: str  # the file, from the folder of the spec that names it
    note: str | None = None
    span: Span | None = _span


@pickled_whole
@attrs.frozen(repr=False)
class Workspace(Record):
    """Everything loaded together: one plan, its roadmaps and its entity sets."""

    plan: Plan | None
    roadmaps: tuple[Roadmap, ...] = ()
    paths: tuple[str, ...] = attrs.field(default=(), eq=False)
    entity_sets: tuple[EntitySet, ...] = ()

    def measure(self, id: str) -> Measure | None:
        if self.plan is None:
            return None
        return next((m for m in self.plan.measures if m.id == id), None)
