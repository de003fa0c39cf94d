"""`dxplan explain ID`: how one goal, field, KPI or indicator figure is computed."""

from __future__ import annotations

import argparse
import shutil
import sys

from .common import EXIT_DIAGNOSTICS, EXIT_OK, evaluate_inputs, finish, use_color


def run(args: argparse.Namespace) -> int:
    from ..explain import explain

    loaded = evaluate_inputs(args, args.year)
    results, workspace, diagnostics = loaded.results, loaded.workspace, loaded.diagnostics
    if results is None or workspace is None:
        return finish(diagnostics, args) or EXIT_DIAGNOSTICS
    explanation, problems = explain(results, workspace, args.id)
    code = finish(diagnostics + problems, args)
    if explanation is None or code != EXIT_OK:
        return EXIT_DIAGNOSTICS
    if args.format == "json":
        from ..render.explain import dumps

        sys.stdout.write(dumps(explanation) + "\n")
        return EXIT_OK
    from ..render.explain import render
    from ..render.terminal import DEFAULT_WIDTH

    # the terminal's width, or 100 columns in a pipe or file (COLUMNS overrides both)
    width = shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns
    sys.stdout.write(render(explanation, color=use_color(args, sys.stdout), width=width))
    return EXIT_OK
