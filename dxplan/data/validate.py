"""Data files checked against the workspace: series the plan reads, projects it lists."""

from __future__ import annotations

from collections.abc import Sequence

from dxplan.data.read import check_progress, check_series
from dxplan.data.records import DataSet, ProgressRow, period_year, rows_for
from dxplan.model import Workspace
from dxplan.source import Diagnostic, did_you_mean, warning
from dxplan.spec.ast import expr_names


def used_series(workspace: Workspace) -> set[str]:
    """Every series a measure reads: its own id, and the names in its formula."""
    plan = workspace.plan
    if plan is None:
        return set()
    return {m.id for m in plan.measures} | {
        v.name for m in plan.measures for v in expr_names(m.formula)
    }


def validate(workspace: Workspace, data: DataSet) -> list[Diagnostic]:
    """The data against the plan: series nobody reads, formulas reading series nobody has,
    figures after the plan, progress rows against the roadmap of their year."""
    diagnostics = check_series(data.observations, used_series(workspace))
    diagnostics += _formula_inputs(workspace, data)
    diagnostics += _future_years(workspace, data)
    if data.progress and workspace.roadmaps:
        diagnostics += _check_progress(workspace, data.progress)
    return diagnostics


def _check_progress(workspace: Workspace, rows: Sequence[ProgressRow]) -> list[Diagnostic]:
    """Each row against the roadmap of its year; a row of a year with none, once, against
    the nearest roadmap (its number cannot be checked: numbering is per roadmap)."""
    roadmaps = {r.year: r for r in reversed(workspace.roadmaps)}  # the first of a year wins
    out: list[Diagnostic] = []
    for year, roadmap in sorted(roadmaps.items()):
        projects = {p.no: p.name for p in roadmap.projects}
        out += check_progress(rows_for(roadmap, rows), projects, year)
    for row in rows:
        year = period_year(row.period)
        if year not in roadmaps:
            nearest = min(roadmaps, key=lambda y: (abs(y - year), y))
            out += check_progress([row], {row.project: ""}, nearest)
    return out


def _formula_inputs(workspace: Workspace, data: DataSet) -> list[Diagnostic]:
    """A formula reading a series no data file has is most often a typo: say so at the
    formula, not only as an unknown series at the data (whose hint would point the wrong
    way, to the typo)."""
    plan = workspace.plan
    if plan is None or not data.observations:  # progress-only data reads no series
        return []
    have = {o.series for o in data.observations}
    measures = {m.id for m in plan.measures}
    out: list[Diagnostic] = []
    for measure in plan.measures:
        for var in expr_names(measure.formula):
            if var.name in have or (var.name in measures and var.name != measure.id):
                continue
            hint = did_you_mean(var.name, have - measures) or "add its figures to a data file"
            out.append(warning("no-data-for-series", f"no data file has the series "
                               f"'{var.name}' that the formula of '{measure.id}' reads",
                               var.span, hint))
    return out


def _future_years(workspace: Workspace, data: DataSet) -> list[Diagnostic]:
    """Figures dated after the plan's last year: usually a mistyped year, and they would
    move the year `eval` picks by default."""
    plan = workspace.plan
    if plan is None or not plan.end:
        return []
    late = [o for o in data.observations if o.year > plan.end]
    return [
        warning("year-outside-period", f"'{o.series}' has a figure for fiscal {o.year}, "
                f"after the plan period {plan.start}..{plan.end}", o.span,
                "check the year; figures after the plan are evaluated only with --year")
        for o in late[:1]
    ] + ([warning("year-outside-period", f"{len(late) - 1} more figures are dated after "
                  f"{plan.end}", None)] if len(late) > 1 else [])
