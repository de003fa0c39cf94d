"""`dxplan report`: the committee report, HTML (a file) or Markdown (stdout by default).

The previous period is the same specs and data evaluated a year earlier; what moved
between the two is highlighted (changes.py).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dxplan.commands.common import EXIT_DIAGNOSTICS, EXIT_OK, evaluate_inputs, finish, write_atomic
from dxplan.source import error

DEFAULT_HTML = "report.html"


def run(args: argparse.Namespace) -> int:
    from dxplan.render.report import ReportInput
    from dxplan.review.period import compare

    loaded = evaluate_inputs(args, args.year)
    results, workspace, diagnostics = loaded.results, loaded.workspace, loaded.diagnostics
    code = finish(diagnostics, args)
    if results is None or workspace is None or workspace.plan is None or code != EXIT_OK:
        return code or EXIT_DIAGNOSTICS
    previous = loaded.at(results.year - 1)
    changes = compare(previous, results) if previous is not None else None
    report = ReportInput(results, workspace.plan, changes)
    if args.format == "markdown":
        from dxplan.render.report_md import render_markdown

        text = render_markdown(report)
        output = args.output
    else:
        from dxplan.render.html import render_html

        text = render_html(report)
        output = args.output or DEFAULT_HTML
    if output is None or output == "-":
        sys.stdout.write(text)
        return EXIT_OK
    try:
        write_atomic(Path(output), text)
    except OSError as exc:
        return finish([error("cannot-write", f"cannot write {output}: {exc.strerror or exc}")],
                      args)
    print(f"wrote {output} ({results.year}年度, compared with {results.year - 1}年度)")
    return EXIT_OK
