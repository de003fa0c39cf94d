"""`dxplan explain ID`: how one goal, field, KPI or indicator figure is computed."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from dxplan.commands.common import (
    EXIT_DIAGNOSTICS,
    EXIT_OK,
    EXIT_USAGE,
    evaluate_inputs,
    finish,
    print_diagnostics,
    terminal_width,
    use_color,
)
from dxplan.source import Diagnostic, error

if TYPE_CHECKING:
    from dxplan.model import Workspace


def run(args: argparse.Namespace) -> int:
    from dxplan.review.explain import explain

    misplaced = _ids_among_specs(args.id, args.specs)
    if misplaced:
        print_diagnostics(misplaced, use_color(args, sys.stderr))
        return EXIT_USAGE
    entity: str | None = getattr(args, "entity", None)
    loaded = evaluate_inputs(args, args.year, by=_set_of(args.id) if entity else None)
    results, workspace, diagnostics = loaded.results, loaded.workspace, loaded.diagnostics
    if results is None or workspace is None:
        return finish(diagnostics, args) or EXIT_DIAGNOSTICS
    explanation, problems = explain(results, workspace, args.id)
    if explanation is not None and entity is not None and loaded.loaded is not None:
        from dxplan.review.explain_entity import explain_entity

        explanation, problems = explain_entity(results, workspace, loaded.loaded.data,
                                               args.id, entity)
    code = finish(diagnostics + problems, args)
    if explanation is None or code != EXIT_OK:
        return EXIT_DIAGNOSTICS
    if args.format == "json":
        from dxplan.render.explain import dumps

        sys.stdout.write(dumps(explanation) + "\n")
        return EXIT_OK
    from dxplan.render.explain import render

    sys.stdout.write(render(explanation, color=use_color(args, sys.stdout),
                            width=terminal_width()))
    return EXIT_OK


def _set_of(ident: str) -> Callable[[Workspace], str | None]:
    """The entity set of the measure to explain, once the specs are loaded (None: no such
    measure, or none declared `by` a set: explain says which)."""
    def find(workspace: Workspace) -> str | None:
        measure = workspace.measure(ident)
        return measure.by if measure is not None else None

    return find


def _ids_among_specs(ident: str, specs: list[str]) -> list[Diagnostic]:
    """`explain safety industry` puts the second id where a SPEC goes; reading it as a
    file would report "cannot read industry", which hides the real mistake."""
    return [
        error("not-a-spec", f"'{spec}' is not a spec file: explain takes one ID", None,
              f"explain one ID at a time, e.g. dxplan explain {ident}")
        for spec in specs
        if not spec.endswith(".dxp") and not Path(spec).exists()
    ]
