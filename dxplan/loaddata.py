"""Data files checked against the workspace: series the plan reads, projects it lists."""

from __future__ import annotations

from collections.abc import Sequence

from .ast import expr_names
from .data import DataSet, ProgressRow, check_progress, check_series, load_data
from .model import Workspace
from .progress import period_year, rows_for
from .source import Diagnostic


def used_series(workspace: Workspace) -> set[str]:
    """Every series a measure reads: its own id, and the names in its formula."""
    plan = workspace.plan
    if plan is None:
        return set()
    return {m.id for m in plan.measures} | {
        v.name for m in plan.measures for v in expr_names(m.formula)
    }


def load_and_validate(
    workspace: Workspace, paths: Sequence[str]
) -> tuple[DataSet, list[Diagnostic]]:
    data, diagnostics = load_data(paths)
    diagnostics += check_series(data.observations, used_series(workspace))
    if data.progress and workspace.roadmaps:
        diagnostics += _check_progress(workspace, data.progress)
    return data, diagnostics


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
