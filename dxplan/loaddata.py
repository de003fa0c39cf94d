"""Data files checked against the workspace: series the plan reads, projects it lists."""

from __future__ import annotations

from collections.abc import Sequence

from .ast import expr_names
from .data import DataSet, check_progress, check_series, load_data
from .model import Workspace
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
    if data.progress:
        for roadmap in workspace.roadmaps:
            projects = {p.no: p.name for p in roadmap.projects}
            diagnostics += check_progress(data.progress, projects, roadmap.year)
    return data, diagnostics
