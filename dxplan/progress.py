"""Roadmap progress: the half-year status reports of the projects, summarised.

`summarise` turns a roadmap and its progress rows into a `RoadmapResult` that every view
(terminal, JSON, Markdown, the HTML report) reads as it is: counts and shares per field,
category and KPI, the projects behind each, what changed since the half before, and the
milestones due. A reference project (参考事業) is listed everywhere but kept out of
every count and share, as the roadmap itself keeps it apart from the numbered projects.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import TypeVar

import attrs

from dxplan.data.records import ProgressRow, period_year, rows_for
from dxplan.model import Milestone, Plan, Project, ProjectStatus, Roadmap
from dxplan.record import Record
from dxplan.source import Span

K = TypeVar("K", bound=Hashable)

UNREPORTED = ProjectStatus.UNREPORTED
# the order every view shows statuses in: from not begun, through done, to dropped
STATUS_ORDER = tuple(ProjectStatus)
AT_RISK = frozenset({ProjectStatus.DELAYED, ProjectStatus.SUSPENDED})
# a milestone due in a period is met, and a delayed project recovered, on these reports
GOING_WELL = frozenset({ProjectStatus.ON_TRACK, ProjectStatus.COMPLETED})


@attrs.frozen(repr=False)
class StatusCount(Record):
    status: ProjectStatus
    count: int
    share: float | None  # count / the group's total; None when the group counts no project


@attrs.frozen(repr=False)
class StatusCounts(Record):
    """How many of a group's counted (non-reference) projects are in each status."""

    items: tuple[StatusCount, ...]  # one per STATUS_ORDER entry, in that order
    total: int  # counted projects; the shares' denominator
    references: int = 0  # reference projects of the group: listed, not counted

    def count(self, status: ProjectStatus) -> int:
        return next(item.count for item in self.items if item.status == status)

    def share(self, status: ProjectStatus) -> float | None:
        return next(item.share for item in self.items if item.status == status)


@attrs.frozen(repr=False)
class MilestoneDue(Record):
    period: str
    text: str
    met: bool | None  # None: the project has no report for the period
    span: Span | None = attrs.field(default=None, eq=False)


@attrs.frozen(repr=False)
class ProjectProgress(Record):
    no: int
    name: str
    field: str
    category: str
    kpis: tuple[str, ...]
    reference: bool
    status: ProjectStatus | None  # None: no report for the period
    note: str | None
    previous_status: ProjectStatus | None  # in the previous period; None when none
    milestones_due: tuple[MilestoneDue, ...]
    span: Span | None = attrs.field(default=None, eq=False)  # the project in the spec


@attrs.frozen(repr=False)
class GroupSummary(Record):
    """A field (`category` None) or one category of a field."""

    field: str
    category: str | None
    name: str  # the field's name in the plan (its id without a plan), or the category
    projects: tuple[int, ...]  # every project of the group, reference ones included
    counts: StatusCounts


@attrs.frozen(repr=False)
class KpiProjects(Record):
    kpi: str
    kpi_name: str
    projects: tuple[int, ...]  # the projects that serve the KPI, reference ones included
    counts: StatusCounts
    at_risk: bool  # a counted project serving it is delayed or suspended


@attrs.frozen(repr=False)
class ProjectMoves(Record):
    """Projects whose status moved between the previous period and this one."""

    newly_delayed: tuple[int, ...] = ()
    newly_completed: tuple[int, ...] = ()
    recovered: tuple[int, ...] = ()  # delayed/suspended -> on_track/completed
    newly_suspended: tuple[int, ...] = ()


@attrs.frozen(repr=False)
class RoadmapResult(Record):
    id: str
    name: str
    year: int
    period: str | None  # None: no project of the roadmap has any report
    previous_period: str | None
    periods: tuple[str, ...]  # every period of the roadmap's year with a report, in order
    projects: tuple[ProjectProgress, ...]
    summary: StatusCounts
    by_field: tuple[GroupSummary, ...]
    by_category: tuple[GroupSummary, ...]
    by_kpi: tuple[KpiProjects, ...]
    moves: ProjectMoves
    unreported: tuple[int, ...]  # projects (reference ones included) with no report


def reported_periods(roadmap: Roadmap, rows: Iterable[ProgressRow]) -> tuple[str, ...]:
    """The periods of the roadmap's year that have any report, in order."""
    return tuple(sorted({row.period for row in rows_for(roadmap, rows)}))


def previous_period(period: str, reported: Iterable[str]) -> str | None:
    """The half before `period` when anything was reported for it, else None.

    An unreported half is no baseline: against it every delayed project would look new.
    """
    year, half = period_year(period), period[-2:]
    before = f"{year}H1" if half == "H2" else f"{year - 1}H2"
    return before if before in set(reported) else None


def summarise(
    roadmap: Roadmap, rows: Sequence[ProgressRow], period: str | None, plan: Plan | None
) -> RoadmapResult:
    """The roadmap in `period` (None: the latest period of its year with any report).

    `rows` may hold other years' reports: the previous year's second half is the
    baseline of a first half's changes.
    """
    periods = reported_periods(roadmap, rows)
    if period is None and periods:
        period = periods[-1]
    previous = previous_period(period, (row.period for row in rows)) if period else None
    reports: dict[tuple[int, str], ProgressRow] = {}
    for row in rows:
        # the loader already reported a second row for one project and period
        reports.setdefault((row.project, row.period), row)
    projects = tuple(_project(p, reports, period, previous) for p in roadmap.projects)
    field_names = {f.id: f.name for f in plan.fields} if plan else {}
    return RoadmapResult(
        id=roadmap.id,
        name=roadmap.name,
        year=roadmap.year,
        period=period,
        previous_period=previous,
        periods=periods,
        projects=projects,
        summary=count_statuses(projects),
        by_field=tuple(
            GroupSummary(field, None, field_names.get(field, field), _numbers(group),
                         count_statuses(group))
            for field, group in _groups(projects, lambda p: p.field)
        ),
        by_category=tuple(
            GroupSummary(field, category, category, _numbers(group), count_statuses(group))
            for (field, category), group in _groups(projects, lambda p: (p.field, p.category))
        ),
        by_kpi=_by_kpi(projects, plan),
        moves=_moves(projects) if previous else ProjectMoves(),
        unreported=tuple(p.no for p in projects if p.status is None),
    )


def count_statuses(projects: Sequence[ProjectProgress]) -> StatusCounts:
    counted = [p for p in projects if not p.reference]
    total = len(counted)
    items = []
    for status in STATUS_ORDER:
        count = sum((p.status or UNREPORTED) == status for p in counted)
        items.append(StatusCount(status, count, count / total if total else None))
    return StatusCounts(tuple(items), total, len(projects) - total)


def _project(project: Project, reports: dict[tuple[int, str], ProgressRow],
             period: str | None, previous: str | None) -> ProjectProgress:
    report = reports.get((project.no, period)) if period else None
    before = reports.get((project.no, previous)) if previous else None
    status = report.status if report else None
    return ProjectProgress(
        no=project.no,
        name=project.name,
        field=project.field,
        category=project.category,
        kpis=project.kpis,
        reference=project.reference,
        status=status,
        note=report.note if report else None,
        previous_status=before.status if before else None,
        milestones_due=tuple(
            _due(m, status) for m in project.milestones if period and m.period == period
        ),
        span=project.span,
    )


def _due(milestone: Milestone, status: ProjectStatus | None) -> MilestoneDue:
    met = None if status is None else status in GOING_WELL
    return MilestoneDue(milestone.period, milestone.text, met, span=milestone.span)


def _groups(projects: Sequence[ProjectProgress], key: Callable[[ProjectProgress], K]
            ) -> list[tuple[K, list[ProjectProgress]]]:
    """Projects grouped by `key`, groups in the order the roadmap first lists them."""
    groups: dict[K, list[ProjectProgress]] = {}
    for project in projects:
        groups.setdefault(key(project), []).append(project)
    return list(groups.items())


def _numbers(projects: Iterable[ProjectProgress]) -> tuple[int, ...]:
    return tuple(p.no for p in projects)


def _by_kpi(projects: Sequence[ProjectProgress], plan: Plan | None) -> tuple[KpiProjects, ...]:
    """Every KPI of the plan (in its order), then any other a project names."""
    names = {k.id: k.name for k in plan.kpis} if plan else {}
    order = list(names)
    for project in projects:
        order += [kpi for kpi in project.kpis if kpi not in order]
    out = []
    for kpi in order:
        serving = [p for p in projects if kpi in p.kpis]
        counts = count_statuses(serving)
        at_risk = any(counts.count(status) for status in AT_RISK)
        out.append(KpiProjects(kpi, names.get(kpi, kpi), _numbers(serving), counts, at_risk))
    return tuple(out)


def _moves(projects: Sequence[ProjectProgress]) -> ProjectMoves:
    """Moves into a status; a project with no report before counts as not having had it."""
    def entered(status: ProjectStatus) -> tuple[int, ...]:
        return tuple(p.no for p in projects
                     if p.status == status and p.previous_status != status)

    recovered = tuple(p.no for p in projects
                      if p.status in GOING_WELL and p.previous_status in AT_RISK)
    return ProjectMoves(entered(ProjectStatus.DELAYED), entered(ProjectStatus.COMPLETED), recovered,
                        entered(ProjectStatus.SUSPENDED))
