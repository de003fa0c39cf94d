"""`dxplan roadmap`: the half-year progress of the roadmap projects (docs/roadmap.md)."""

from __future__ import annotations

import argparse
import sys

from dxplan.commands.common import finish, load_inputs, terminal_width, use_color
from dxplan.source import error, has_errors


def run(args: argparse.Namespace) -> int:
    from dxplan.pipeline import roadmap_periods

    _found, loaded, diagnostics = load_inputs(args)
    workspace = loaded.workspace if loaded is not None else None
    if workspace is not None and not has_errors(diagnostics) and not workspace.roadmaps:
        diagnostics.append(error(
            "no-roadmap", "no roadmap in the specs loaded",
            hint="load a spec with a roadmap block, e.g. specs/roadmap2024.dxp"))
    if loaded is None or workspace is None or has_errors(diagnostics):
        return finish(diagnostics, args)
    results, more = roadmap_periods(workspace, loaded.data.progress, args.period)
    diagnostics += more
    code = finish(diagnostics, args)
    if code:
        return code
    if args.format == "json":
        from dxplan.render.json import roadmaps_json

        print(roadmaps_json(results, diagnostics))
    elif args.format == "markdown":
        from dxplan.render.roadmap import roadmap_markdown

        sys.stdout.write("\n".join(roadmap_markdown(r) for r in results))
    else:
        from dxplan.render.roadmap_terminal import render_roadmap

        sys.stdout.write(render_roadmap(results, color=use_color(args, sys.stdout),
                                        width=terminal_width()))
    return code
