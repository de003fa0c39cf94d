"""`dxplan check`: parse and validate specs (and data, when given or configured)."""

from __future__ import annotations

import argparse

from ..source import Severity, has_errors
from .common import finish, load_workspace


def run(args: argparse.Namespace) -> int:
    workspace, found, diagnostics = load_workspace(args)
    if workspace is not None and found.data and not has_errors(diagnostics):
        from ..loaddata import load_and_validate

        _data, more = load_and_validate(workspace, found.data)
        diagnostics += more
    code = finish(diagnostics, args)
    if workspace is not None and not has_errors(diagnostics):
        print(summary(workspace, len(found.specs), len(found.data),
                      sum(d.severity is Severity.WARNING for d in diagnostics)))
    return code


def summary(workspace: object, files: int, data: int, warnings: int) -> str:
    from ..model import Workspace

    assert isinstance(workspace, Workspace)
    plan = workspace.plan
    projects = [p for r in workspace.roadmaps for p in r.projects]
    parts = [f"{files} spec file{'s' if files != 1 else ''}"]
    if plan is not None:
        parts += [f"{len(plan.goals)} goals", f"{len(plan.fields)} fields",
                  f"{len(plan.kpis)} KPIs", f"{len(plan.indicators)} indicators"]
    if projects:
        refs = sum(p.reference for p in projects)
        parts.append(f"{len(projects)} projects" + (f" ({refs} reference)" if refs else ""))
    if data:
        parts.append(f"{data} data path{'s' if data != 1 else ''}")
    tail = f", {warnings} warning{'s' if warnings != 1 else ''}" if warnings else ""
    return "ok: " + ", ".join(parts) + tail
