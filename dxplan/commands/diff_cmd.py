"""`dxplan diff OLD NEW`: what changed between two versions of a spec, in words, and how
it moves the figures on the same data.

OLD and NEW are paths or `REV:path` (read from git). Other specs are loaded on both
sides, from the working tree: those named with --with; without --with, the specs
dxplan.toml names other than the one compared (a configured spec is taken for the one
compared when it is the same file or defines the same top-level ids), so the roadmap's
KPI links are checked against both versions of the plan. The data is --data, or else
dxplan.toml's; with data, both sides are evaluated on it in the same year.

Exit: 0 no semantic change, 1 changes or errors on either side, 2 usage.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from dxplan import i18n
from dxplan.commands.common import (
    EXIT_DIAGNOSTICS,
    EXIT_OK,
    EXIT_USAGE,
    inputs,
    print_diagnostics,
    use_color,
)
from dxplan.pipeline import Loaded
from dxplan.review.spec_diff import Side, SpecDiff
from dxplan.source import Diagnostic, SourceFile, has_errors

_Read = tuple[SourceFile | None, list[Diagnostic]]


def run(args: argparse.Namespace) -> int:
    from dxplan.pipeline import load_sources
    from dxplan.render.diff import render
    from dxplan.review.spec_diff import compare

    found, config_problems = inputs(args)
    configured = not any(d.code == "no-config" for d in config_problems)
    if has_errors(config_problems) and configured:  # a dxplan.toml that cannot be read
        _report([("dxplan.toml", config_problems)], args)
        return EXIT_USAGE
    old_read, new_read = _read(args.old, "old"), _read(args.new, "new")
    if args.with_specs:
        with_specs = list(args.with_specs)
        shared = [_read_file(p) for p in with_specs]
    else:
        with_specs, shared = _others(found.specs if configured else (), args.old, args.new,
                                     [old_read, new_read])
    data = list(args.data) if args.data is not None else list(found.data if configured else ())
    unread = [(f"OLD ({args.old})", old_read[1]), (f"NEW ({args.new})", new_read[1]),
              (", ".join(with_specs), [d for _, found in shared for d in found])]
    if any(has_errors(p) for _, p in unread):
        return _fail(unread, args)
    shared_sources = [s for s, _ in shared if s is not None]
    assert old_read[0] is not None and new_read[0] is not None
    old_loaded = load_sources([old_read[0], *shared_sources], data)
    new_loaded = load_sources([new_read[0], *shared_sources], data)
    sides = _by_side(old_loaded, new_loaded, old_read[0].path, new_read[0].path,
                     {s.path for s in shared_sources}, [label for label, _ in unread])
    if old_loaded.workspace is None or new_loaded.workspace is None:
        return _fail(sides, args)  # a syntax error: no tree to compare
    old = Side(old_loaded.workspace, old_loaded.modules, (old_read[0].text,))
    new = Side(new_loaded.workspace, new_loaded.modules, (new_read[0].text,))
    diff = compare(old, new)
    if data and old_loaded.ok and new_loaded.ok:
        diff = _with_impact(diff, old_loaded, new_loaded, args.year)
    _report(sides, args)
    errors = any(has_errors(p) for _, p in sides)
    sys.stdout.write(render(diff, args.format, args.old, args.new, with_specs))
    return EXIT_DIAGNOSTICS if errors or diff.semantic else EXIT_OK


def _by_side(old: Loaded, new: Loaded, old_path: str, new_path: str, shared: set[str],
             labels: list[str]) -> list[tuple[str, list[Diagnostic]]]:
    """Each side's problems under its label; those of a shared spec, and of the data, once,
    under their own."""
    def own(loaded: Loaded, path: str) -> list[Diagnostic]:
        return [d for d in loaded.diagnostics if d.span is None or d.span.path == path]

    specs = {old_path, new_path} | shared
    common = [d for d in new.diagnostics if d.span is not None and d.span.path in shared]
    data = [d for d in new.diagnostics if d.span is not None and d.span.path not in specs]
    return [(labels[0], own(old, old_path)), (labels[1], own(new, new_path)),
            (labels[2], common), ("data", data)]


def _read(argument: str, role: str) -> _Read:
    from dxplan.review.gitrev import is_revision, read_revision

    return read_revision(argument, role) if is_revision(argument) else _read_file(argument)


def _read_file(path: str) -> _Read:
    from dxplan.commands.fmt_cmd import read_spec

    return read_spec(path)


def _others(configured: Sequence[str], old: str, new: str, compared: Sequence[_Read]
            ) -> tuple[list[str], list[_Read]]:
    """The configured specs other than the one compared, read."""
    from dxplan.review.gitrev import is_revision, worktree_path

    paths = set()
    for argument in (old, new):
        path = worktree_path(argument) if is_revision(argument) else Path(argument).resolve()
        if path is not None:
            paths.add(path)
    defined = {d for source, _ in compared if source is not None for d in _defines(source)}
    names: list[str] = []
    reads: list[_Read] = []
    for spec in configured:
        if Path(spec).resolve() in paths:
            continue
        read = _read_file(spec)
        if read[0] is not None and defined & _defines(read[0]):
            continue  # another copy of the spec compared, e.g. OLD is /tmp/plan.dxp
        names.append(spec)
        reads.append(read)
    return names, reads


def _defines(source: SourceFile) -> set[tuple[str, str]]:
    """The top-level statements a spec defines, as (keyword, id)."""
    from dxplan.spec.parse import parse_text

    module, _ = parse_text(source)
    if module is None:
        return set()
    return {(s.keyword, str(getattr(s.args[0], "value", "")) if s.args else "")
            for s in module.statements}


def _with_impact(diff: SpecDiff, old: Loaded, new: Loaded, year: int | None) -> SpecDiff:
    """Both sides evaluated on the same data in the same year (the new side's default)."""
    from dxplan.pipeline import evaluate

    after, _ = evaluate(new, year)
    if after is None:
        return diff
    before, _ = evaluate(old, after.year)
    return diff.with_impact(before, after) if before is not None else diff


def _report(sides: Sequence[tuple[str, list[Diagnostic]]], args: argparse.Namespace) -> None:
    """Errors only, under the side they belong to; warnings are `dxplan check`'s."""
    for label, problems in sides:
        errors = [d for d in problems if d.is_error]
        if errors:
            print(i18n.line(f"errors in {label}:"), file=sys.stderr)
            print_diagnostics(errors, use_color(args, sys.stderr))


def _fail(sides: Sequence[tuple[str, list[Diagnostic]]], args: argparse.Namespace) -> int:
    _report(sides, args)
    return EXIT_DIAGNOSTICS
