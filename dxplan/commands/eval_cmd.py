"""`dxplan eval`: every goal, KPI index, indicator score and status, in one of five views
(the fifth, xlsx, is the report's workbook: render/xlsx.py)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from dxplan.commands.common import (
    EXIT_DIAGNOSTICS,
    EXIT_OK,
    Evaluation,
    evaluate_inputs,
    finish,
    refuse_binary_on_terminal,
    terminal_width,
    use_color,
    write_atomic,
    write_output,
    written_date,
)
from dxplan.source import Diagnostic, error

if TYPE_CHECKING:
    import datetime


def run(args: argparse.Namespace) -> int:
    from dxplan.render import beside, render

    output: str | None = getattr(args, "output", None)
    written: datetime.date | None = None  # the workbook's date: only an xlsx has one
    if args.format == "xlsx":
        written, problems = written_date(args)
        problems += refuse_binary_on_terminal(output)
        if problems:
            return finish(problems, args)
    problems = _by_options(args)
    if problems:
        return finish(problems, args)
    texts = beside(args.format)
    loaded = evaluate_inputs(args, args.year, by=args.by, beside=texts)
    results, diagnostics = loaded.results, loaded.diagnostics
    if results is not None and results.by is not None and loaded.loaded is not None:
        from dxplan.evaluate.entities import select

        lists = {lst.set: lst for lst in loaded.loaded.data.entity_lists}
        chosen, more = select(results.by, lists[results.by.set], args.entity or (),
                              args.indicator or (), args.worst)
        results = attrs.evolve(results, by=chosen)
        diagnostics = diagnostics + more
    code = finish(diagnostics, args)
    if results is None or code != EXIT_OK:
        return code or EXIT_DIAGNOSTICS
    if written is not None:
        return write_output(output, _workbook(loaded, written), args)
    to_file = output is not None and output not in ("", "-")
    text = render(results, args.format, diagnostics=diagnostics,
                  color=not to_file and use_color(args, sys.stdout),
                  width=terminal_width(to_file), written=texts)
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


def _by_options(args: argparse.Namespace) -> list[Diagnostic]:
    """--entity, --indicator and --worst choose from the --by table: alone they mean
    nothing, and a silent full view would look like they worked."""
    given = [f"--{name}" for name in ("entity", "indicator", "worst")
             if getattr(args, name) is not None]
    if given and args.by is None:
        return [error("bad-arguments", f"{', '.join(given)} choose among entities: give --by "
                      "too", hint="e.g. dxplan eval --by municipalities --worst 10")]
    if args.worst is not None and args.worst < 1:
        return [error("bad-arguments", f"--worst {args.worst}: give a number of entities, "
                      "1 or more", hint="e.g. --worst 10")]
    if args.by is not None and args.format == "xlsx":
        return [error("bad-arguments", "--by has no workbook form",
                      hint="write --format csv for a table Excel opens, or leave out --by")]
    return []


def _print(text: str) -> None:
    try:
        sys.stdout.write(text)
    except UnicodeEncodeError:
        # A console or pipe in a legacy code page (cp932 lacks some of the bar and symbol
        # characters): the text is whole or nothing, so send it as UTF-8 instead.
        sys.stdout.flush()
        sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.flush()


def _workbook(loaded: Evaluation, written: datetime.date) -> bytes:
    """The report's workbook, without the comparison with the previous year."""
    from dxplan.render.report import ReportInput
    from dxplan.render.xlsx import render_xlsx
    from dxplan.review.basis import basis

    assert loaded.results is not None and loaded.loaded is not None
    plan = loaded.loaded.workspace.plan if loaded.loaded.workspace is not None else None
    assert plan is not None  # results exist only for a plan
    found = basis(plan, loaded.results, loaded.loaded.data.observations)
    report = ReportInput(loaded.results, plan, None, found, written)
    return render_xlsx(report, written)
