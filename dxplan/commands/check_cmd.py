"""`dxplan check`: parse and validate specs (and data, when given or configured)."""

from __future__ import annotations

import argparse

from dxplan import i18n
from dxplan.commands.common import finish, load_inputs
from dxplan.source import Severity, has_errors


def run(args: argparse.Namespace) -> int:
    found, loaded, diagnostics = load_inputs(args)
    workspace = loaded.workspace if loaded is not None else None
    code = finish(diagnostics, args)
    if workspace is not None and not has_errors(diagnostics):
        print(i18n.line(summary(workspace, len(found.specs), len(found.data),
                                sum(d.severity is Severity.WARNING for d in diagnostics))))
    return code


def summary(workspace: object, files: int, data: int, warnings: int) -> str:
    from dxplan.model import Workspace

    assert isinstance(workspace, Workspace)
    plan = workspace.plan
    projects = [p for r in workspace.roadmaps for p in r.projects]
    parts = [_count(files, "spec file")]
    if plan is not None:
        parts += [_count(len(plan.goals), "goal"), _count(len(plan.fields), "field"),
                  _count(len(plan.kpis), "KPI"), _count(len(plan.indicators), "indicator")]
    if projects:
        refs = sum(p.reference for p in projects)
        parts.append(_count(len(projects), "project") + (f" ({refs} reference)" if refs else ""))
    if data:
        parts.append(_count(data, "data path"))
    tail = f", {_count(warnings, 'warning')}" if warnings else ""
    return "ok: " + ", ".join(parts) + tail


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
