"""`dxplan history ID`: the timeline of one goal, indicator or KPI (docs/review.md)."""

from __future__ import annotations

import argparse
import sys

from dxplan.commands.common import EXIT_DIAGNOSTICS, EXIT_OK, evaluate_inputs, finish
from dxplan.source import did_you_mean, error


def run(args: argparse.Namespace) -> int:
    from dxplan.evaluate import Evaluator
    from dxplan.review.history import history, ids

    loaded = evaluate_inputs(args, args.year)
    results, workspace = loaded.results, loaded.workspace
    code = finish(loaded.diagnostics, args)
    if results is None or workspace is None or workspace.plan is None or code != EXIT_OK:
        return code or EXIT_DIAGNOSTICS
    assert loaded.loaded is not None
    plan = workspace.plan
    found = history(plan, Evaluator(plan, loaded.loaded.data.observations), args.id,
                    results.year)
    if found is None:
        hint = did_you_mean(args.id, ids(plan)) or "`dxplan eval` lists every id"
        return finish([error("unknown-id", f"no goal, indicator or KPI has the id "
                             f"'{args.id}'", hint=hint)], args) or EXIT_DIAGNOSTICS
    from dxplan.render.history import history_json, history_text

    sys.stdout.write(history_json(found) if args.format == "json" else history_text(found))
    return EXIT_OK
