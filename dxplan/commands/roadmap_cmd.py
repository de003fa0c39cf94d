"""`dxplan roadmap`: the half-year progress of the roadmap projects (docs/roadmap.md)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from ..data import ProgressRow
from ..model import Workspace
from ..progress import RoadmapResult, period_year, reported_periods, summarise
from ..source import Diagnostic, error, has_errors
from .common import finish, load_workspace, use_color


def run(args: argparse.Namespace) -> int:
    workspace, found, diagnostics = load_workspace(args)
    if workspace is not None and not has_errors(diagnostics) and not workspace.roadmaps:
        diagnostics.append(error(
            "no-roadmap", "no roadmap in the specs loaded",
            hint="load a spec with a roadmap block, e.g. specs/roadmap2024.dxp"))
    if workspace is None or has_errors(diagnostics):
        return finish(diagnostics, args)
    from ..loaddata import load_and_validate

    data, more = load_and_validate(workspace, found.data)
    diagnostics += more
    results: list[RoadmapResult] = []
    if not has_errors(diagnostics):
        results, more = collect(workspace, data.progress, args.period)
        diagnostics += more
    code = finish(diagnostics, args)
    if code:
        return code
    if args.format == "json":
        print(dumps(results, diagnostics))
    elif args.format == "markdown":
        from ..render.roadmap import roadmap_markdown

        sys.stdout.write("\n".join(roadmap_markdown(r) for r in results))
    else:
        from rich.console import Console

        from ..render.roadmap import print_roadmap

        color = use_color(args, sys.stdout)
        console = Console(file=sys.stdout, no_color=not color, highlight=False,
                          force_terminal=color, emoji=False)
        print_roadmap(console, results)
    return code


def collect(workspace: Workspace, rows: Sequence[ProgressRow], period: str | None
            ) -> tuple[list[RoadmapResult], list[Diagnostic]]:
    """One result per roadmap and period: every reported period in order, or the one asked.

    A roadmap with no report at all still gives one result, every project unreported.
    """
    plan = workspace.plan
    if period is None:
        return [summarise(roadmap, rows, p, plan)
                for roadmap in workspace.roadmaps
                for p in (reported_periods(roadmap, rows) or (None,))], []
    from ..cells import PERIOD_FORMS, parse_period

    reported = sorted({p for r in workspace.roadmaps for p in reported_periods(r, rows)})
    wanted = parse_period(period)
    if wanted is None or wanted not in reported:
        hint = (f"reported periods: {', '.join(reported)}" if reported
                else "no progress is reported; give --data with a project,period,status file")
        if wanted is None:
            message = f"--period {period} is not a half-year period"
            hint = f"write one as {PERIOD_FORMS}; {hint}"
        else:
            message = f"nothing is reported for --period {wanted}"
        return [], [error("unknown-period", message, hint=hint)]
    return [summarise(roadmap, rows, wanted, plan) for roadmap in workspace.roadmaps
            if roadmap.year == period_year(wanted)], []


def dumps(results: Sequence[RoadmapResult], diagnostics: Sequence[Diagnostic]) -> str:
    from ..render.json import SCHEMA_VERSION, diagnostic_dict
    from ..render.roadmap import roadmap_dict
    from ..source import sorted_diagnostics

    document = {
        "schema_version": SCHEMA_VERSION,
        "roadmaps": [roadmap_dict(r) for r in results],
        "diagnostics": [diagnostic_dict(d) for d in sorted_diagnostics(diagnostics)],
    }
    return json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False)
