"""`dxplan report`: the committee report, HTML (a file), Markdown (stdout by default) or an
Excel workbook (a file).

The previous period is the same specs and data evaluated a year earlier; what moved
between the two is highlighted (review/period.py). The report is dated `--date`, else
SOURCE_DATE_EPOCH, else today: the only thing in it that is not from the inputs.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from dxplan import i18n
from dxplan.commands.common import (
    EXIT_DIAGNOSTICS,
    EXIT_OK,
    Evaluation,
    evaluate_inputs,
    finish,
    refuse_binary_on_terminal,
    to_stdout,
    write_output,
    written_date,
)
from dxplan.source import Diagnostic

if TYPE_CHECKING:
    from dxplan.model import Workspace

DEFAULTS = {"html": "report.html", "xlsx": "report.xlsx"}  # Markdown goes to stdout


def run(args: argparse.Namespace) -> int:
    from dxplan.render.report import ReportInput
    from dxplan.review.basis import basis
    from dxplan.review.period import compare

    output = args.output or DEFAULTS.get(args.format)
    written, problems = written_date(args)
    if args.format == "xlsx":
        problems += refuse_binary_on_terminal(output)
    if problems:
        return finish(problems, args)
    # the workbook has no 市町村別 sheet: scoring every entity would be wasted on it
    by = _by_set if args.format != "xlsx" else None
    loaded = evaluate_inputs(args, args.year, _period(args.period), by=by)
    if args.period is not None:
        loaded = _reported(loaded, args.period)
    results, workspace, diagnostics = loaded.results, loaded.workspace, loaded.diagnostics
    code = finish(diagnostics, args)
    if results is None or workspace is None or workspace.plan is None or code != EXIT_OK:
        return code or EXIT_DIAGNOSTICS
    assert loaded.loaded is not None
    previous = loaded.at(results.year - 1)
    changes = compare(previous, results) if previous is not None else None
    found = basis(workspace.plan, results, loaded.loaded.data.observations)
    report = ReportInput(results, workspace.plan, changes, found, written)
    data: str | bytes
    if args.format == "markdown":
        from dxplan.render.report_md import render_markdown

        data = render_markdown(report)
    elif args.format == "xlsx":
        from dxplan.render.xlsx import render_xlsx

        data = render_xlsx(report, written)
    else:
        from dxplan.render.html import render_html

        data = render_html(report)
    code = write_output(output, data, args)
    if code == EXIT_OK and not to_stdout(output):
        print(i18n.line(f"wrote {output} ({results.year}年度, compared with "
                         f"{results.year - 1}年度)"))
    return code


def _by_set(workspace: Workspace) -> str | None:
    """The entity set of the first measure declared `by` one: the report's 市町村別
    section shows it (a plan has one set in practice)."""
    plan = workspace.plan
    return next((m.by for m in plan.measures if m.by is not None), None) if plan else None


def _period(text: str | None) -> str | None:
    """--period as the pipeline takes it ('2024H1'); one that cannot be read is reported
    by `_reported`."""
    from dxplan.data.cells import parse_period

    return parse_period(text) if text is not None else None


def _reported(loaded: Evaluation, period: str) -> Evaluation:
    """No report for a period nothing was reported in (or that is no period at all): the
    roadmap part would show every project unreported."""
    from dxplan.pipeline import roadmap_periods

    if loaded.loaded is None or loaded.results is None or loaded.workspace is None:
        return loaded
    _found, problems = roadmap_periods(loaded.workspace, loaded.loaded.data.progress, period)
    if not problems:
        return loaded
    diagnostics: list[Diagnostic] = [*loaded.diagnostics, *problems]
    return Evaluation(None, loaded.loaded, diagnostics)
