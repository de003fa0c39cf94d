"""What every command shares: finding inputs, loading them, printing diagnostics."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import TextIO

from ..config import Inputs, resolve_inputs
from ..model import Workspace
from ..results import Results
from ..source import Diagnostic, Severity, format_diagnostic, has_errors, sorted_diagnostics

EXIT_OK, EXIT_DIAGNOSTICS, EXIT_USAGE = 0, 1, 2
# problems with how the command was called rather than with the specs or data
USAGE_CODES = frozenset({"no-config", "bad-config"})


def use_color(args: argparse.Namespace, stream: TextIO) -> bool:
    if getattr(args, "no_color", False) or os.environ.get("NO_COLOR"):
        return False
    return stream.isatty() or bool(os.environ.get("FORCE_COLOR"))


def print_diagnostics(diagnostics: Sequence[Diagnostic], color: bool = False,
                      stream: TextIO | None = None) -> None:
    out = stream or sys.stderr
    for diag in sorted_diagnostics(diagnostics):
        text = format_diagnostic(diag)
        if color:
            head, _, rest = text.partition("\n")
            tone = "31" if diag.severity is Severity.ERROR else "33"
            text = f"\x1b[1;{tone}m{head}\x1b[0m" + (f"\n{rest}" if rest else "")
        print(text, file=out)


def inputs(args: argparse.Namespace) -> tuple[Inputs, list[Diagnostic]]:
    return resolve_inputs(list(getattr(args, "specs", []) or []), getattr(args, "data", None))


def load_workspace(args: argparse.Namespace) -> tuple[Workspace | None, Inputs, list[Diagnostic]]:
    from ..load import load_specs

    found, diagnostics = inputs(args)
    if has_errors(diagnostics):
        return None, found, diagnostics
    workspace, more = load_specs(found.specs)
    return workspace, found, diagnostics + more


def finish(diagnostics: Sequence[Diagnostic], args: argparse.Namespace) -> int:
    """Print what was found; the exit code says whether any of it was an error."""
    print_diagnostics(diagnostics, use_color(args, sys.stderr))
    if any(d.code in USAGE_CODES for d in diagnostics):
        return EXIT_USAGE
    return EXIT_DIAGNOSTICS if has_errors(diagnostics) else EXIT_OK


def evaluate_inputs(args: argparse.Namespace, year: int | None = None
                    ) -> tuple[Results | None, Workspace | None, list[Diagnostic]]:
    """Specs + data -> results, for every command that shows figures.

    No results when the specs or data have errors: figures from a broken plan would be
    read as if they were right.
    """
    from ..evaluate import evaluate
    from ..loaddata import load_and_validate

    workspace, found, diagnostics = load_workspace(args)
    if workspace is None or workspace.plan is None or has_errors(diagnostics):
        return None, workspace, diagnostics
    data, more = load_and_validate(workspace, found.data)
    diagnostics += more
    if has_errors(diagnostics):
        return None, workspace, diagnostics
    roadmap = None
    if workspace.roadmaps:
        from ..progress import summarise

        roadmap = summarise(workspace.roadmaps[0], data.progress,
                            getattr(args, "period", None), workspace.plan)
    results = evaluate(workspace, data.observations, year, roadmap)
    return results, workspace, diagnostics + list(results.diagnostics)
