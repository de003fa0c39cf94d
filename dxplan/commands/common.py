"""What every command shares: finding inputs, loading them, printing diagnostics."""

from __future__ import annotations

import argparse
import os
import stat
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

import attrs

from ..config import Inputs, resolve_inputs
from ..data import Observation
from ..model import Workspace
from ..results import Results
from ..source import (
    Diagnostic,
    Severity,
    error,
    format_diagnostic,
    has_errors,
    sorted_diagnostics,
    warning,
)

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


@attrs.frozen
class Evaluation:
    """What a figure-showing command loaded, and the results for the year asked.

    `results` is None when the specs or data have errors: figures from a broken plan
    would be read as if they were right.
    """

    results: Results | None
    workspace: Workspace | None
    diagnostics: list[Diagnostic]
    observations: tuple[Observation, ...] = ()

    def at(self, year: int) -> Results | None:
        """The same inputs evaluated in another year (no second load, no new diagnostics)."""
        if self.results is None or self.workspace is None:
            return None
        from ..evaluate import evaluate

        return evaluate(self.workspace, self.observations, year, self.results.roadmap)


def evaluate_inputs(args: argparse.Namespace, year: int | None = None) -> Evaluation:
    """Specs + data -> results, for every command that shows figures."""
    from ..evaluate import evaluate
    from ..loaddata import load_and_validate

    workspace, found, diagnostics = load_workspace(args)
    if workspace is not None and workspace.plan is None and not has_errors(diagnostics):
        # only roadmaps were loaded: nothing to score, and silence would look like an
        # empty plan
        diagnostics.append(error("no-plan", "the specs loaded define no plan",
                                 hint="name the plan's spec, e.g. specs/plan2024.dxp"))
    if workspace is None or workspace.plan is None or has_errors(diagnostics):
        return Evaluation(None, workspace, diagnostics)
    data, more = load_and_validate(workspace, found.data)
    diagnostics += more
    if has_errors(diagnostics):
        return Evaluation(None, workspace, diagnostics)
    roadmap = None
    if workspace.roadmaps:
        from ..progress import summarise

        roadmap = summarise(workspace.roadmaps[0], data.progress,
                            getattr(args, "period", None), workspace.plan)
    results = evaluate(workspace, data.observations, year, roadmap)
    plan = workspace.plan
    if plan.start and not plan.start <= results.year <= plan.end:
        diagnostics.append(warning(
            "year-outside-period", f"evaluating fiscal {results.year}, outside the plan period "
            f"{plan.start}..{plan.end}", hint=f"--year takes {plan.start} to {plan.end}"))
    return Evaluation(results, workspace, diagnostics + list(results.diagnostics),
                      data.observations)


def write_atomic(path: Path, text: str, *, bom: bool = False) -> None:
    """Write `text` as UTF-8 through a temporary file in the same folder, then rename: a
    reader never sees half a file, a failed run leaves the old one intact, and a file
    that is replaced keeps its mode bits."""
    data = ("\ufeff" if bom else "").encode() + text.encode("utf-8")
    folder = path.parent if str(path.parent) else Path(".")
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        # a new file gets what open() would give it: mkstemp's private 0600 would keep a
        # report in a shared folder from the colleagues it is written for
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    import tempfile  # only a run that writes pays for it

    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
