"""`dxplan eval`: every goal, KPI index, indicator score and status, in one of four views."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

from ..source import error, has_errors
from .common import EXIT_DIAGNOSTICS, EXIT_OK, evaluate_inputs, finish, use_color


def run(args: argparse.Namespace) -> int:
    from ..render import render

    results, _workspace, diagnostics = evaluate_inputs(args, args.year)
    if results is None and not has_errors(diagnostics):
        # Only roadmaps were loaded: there is nothing to score, and silence would look
        # like an empty plan.
        diagnostics.append(error("no-plan", "the specs loaded define no plan",
                                 hint="name the plan's spec, e.g. specs/plan2024.dxp"))
    code = finish(diagnostics, args)
    if results is None or code != EXIT_OK:
        return EXIT_DIAGNOSTICS
    output: str | None = getattr(args, "output", None)
    to_file = output is not None and output not in ("", "-")
    text = render(results, args.format, diagnostics=diagnostics,
                  color=not to_file and use_color(args, sys.stdout), width=_width(to_file))
    if output is None or not to_file:
        _print(text)
        return EXIT_OK
    # Excel on a Japanese PC reads a CSV file without a BOM as CP932 and garbles every
    # name; stdout stays BOM-free because pipes and scripts do not want one.
    bom = args.format == "csv"
    try:
        write_atomic(Path(output), text, bom=bom)
    except OSError as exc:
        return finish([error("cannot-write", f"cannot write {output}: {exc.strerror or exc}")],
                      args)
    return EXIT_OK


def _print(text: str) -> None:
    try:
        sys.stdout.write(text)
    except UnicodeEncodeError:
        # A console or pipe in a legacy code page (cp932 lacks some of the bar and symbol
        # characters): the text is whole or nothing, so send it as UTF-8 instead.
        sys.stdout.flush()
        sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.flush()


def _width(to_file: bool) -> int:
    """The terminal's width on a terminal; elsewhere COLUMNS or 100, so the same input
    gives the same bytes in a file or a pipe wherever it runs."""
    from ..render.terminal import DEFAULT_WIDTH

    if not to_file and sys.stdout.isatty():
        return shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() and not to_file else DEFAULT_WIDTH


def write_atomic(path: Path, text: str, *, bom: bool = False) -> None:
    """Write `text` as UTF-8 through a temporary file in the same folder, then rename:
    a reader never sees half a file, and a failed run leaves the old one intact."""
    data = ("\ufeff" if bom else "").encode() + text.encode("utf-8")
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
