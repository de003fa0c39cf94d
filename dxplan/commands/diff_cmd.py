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

from .. import ast
from ..diff import Side, SpecDiff
from ..source import Diagnostic, SourceFile, has_errors
from .common import (
    EXIT_DIAGNOSTICS,
    EXIT_OK,
    EXIT_USAGE,
    inputs,
    print_diagnostics,
    use_color,
)

_Read = tuple[SourceFile | None, list[Diagnostic]]


def run(args: argparse.Namespace) -> int:
    from ..diff import compare
    from ..diff_render import render

    found, config_problems = inputs(args)
    configured = not any(d.code == "no-config" for d in config_problems)
    if has_errors(config_problems) and configured:  # a dxplan.toml that cannot be read
        _report([("dxplan.toml", config_problems)], args)
        return EXIT_USAGE
    old_read, new_read = _read(args.old, "old"), _read(args.new, "new")
    old_modules, old_problems = _parse_all([old_read])
    new_modules, new_problems = _parse_all([new_read])
    if args.with_specs:
        with_specs = list(args.with_specs)
        shared, shared_problems = _parse_all([_read_file(p) for p in with_specs])
    else:
        with_specs, shared, shared_problems = _others(
            found.specs if configured else (), args.old, args.new, old_modules + new_modules)
    data = list(args.data) if args.data is not None else list(found.data if configured else ())
    failed = [(f"OLD ({args.old})", old_problems), (f"NEW ({args.new})", new_problems),
              (", ".join(with_specs), shared_problems)]
    if any(has_errors(p) for _, p in failed) or not old_modules or not new_modules:
        return _fail(failed, args)  # a syntax error: no tree to compare

    from ..check import check

    old_ws, old_checked = check([*old_modules, *shared])
    new_ws, new_checked = check([*new_modules, *shared])
    failed[:2] = [(failed[0][0], old_checked), (failed[1][0], new_checked)]
    old = Side(old_ws, (*old_modules, *shared), (_text(old_read),))
    new = Side(new_ws, (*new_modules, *shared), (_text(new_read),))
    diff = compare(old, new)
    errors = any(has_errors(p) for _, p in failed)
    if data and not errors:  # figures from a plan with errors would be read as right
        diff, data_problems = _with_impact(diff, old, new, data, args.year)
        failed.append(("data", data_problems))
        errors = has_errors(data_problems)
    _report(failed, args)
    sys.stdout.write(render(diff, args.format, args.old, args.new, with_specs))
    return EXIT_DIAGNOSTICS if errors or diff.semantic else EXIT_OK


def _read(argument: str, role: str) -> _Read:
    from ..gitrev import is_revision, read_revision

    return read_revision(argument, role) if is_revision(argument) else _read_file(argument)


def _read_file(path: str) -> _Read:
    from .fmt_cmd import read_spec

    return read_spec(path)


def _text(read: _Read) -> str:
    return read[0].text if read[0] is not None else ""


def _parse_all(reads: Sequence[_Read]) -> tuple[list[ast.Module], list[Diagnostic]]:
    from ..parse import parse_text

    modules: list[ast.Module] = []
    problems: list[Diagnostic] = []
    for source, found in reads:
        problems += found
        if source is not None:
            module, more = parse_text(source)
            problems += more
            if module is not None:
                modules.append(module)
    return modules, problems


def _others(configured: Sequence[str], old: str, new: str, compared: Sequence[ast.Module]
            ) -> tuple[list[str], list[ast.Module], list[Diagnostic]]:
    """The configured specs other than the one compared, parsed."""
    from ..gitrev import is_revision, worktree_path

    paths = set()
    for argument in (old, new):
        path = worktree_path(argument) if is_revision(argument) else Path(argument).resolve()
        if path is not None:
            paths.add(path)
    defined = {d for m in compared for d in _defines(m)}
    names: list[str] = []
    modules: list[ast.Module] = []
    problems: list[Diagnostic] = []
    for spec in configured:
        if Path(spec).resolve() in paths:
            continue
        parsed, found = _parse_all([_read_file(spec)])
        if parsed and defined & _defines(parsed[0]):
            continue  # another copy of the spec compared, e.g. OLD is /tmp/plan.dxp
        names.append(spec)
        modules += parsed
        problems += found
    return names, modules, problems


def _defines(module: ast.Module) -> set[tuple[str, str]]:
    return {(s.keyword, str(getattr(s.args[0], "value", "")) if s.args else "")
            for s in module.statements}


def _with_impact(diff: SpecDiff, old: Side, new: Side, data: Sequence[str], year: int | None
                 ) -> tuple[SpecDiff, list[Diagnostic]]:
    from ..data import load_data
    from ..evaluate import default_year, evaluate

    a, b = old.workspace, new.workspace
    if a.plan is None or b.plan is None:
        return diff, []
    dataset, problems = load_data(data)
    if has_errors(problems):
        return diff, problems
    year = year if year is not None else default_year(b.plan, dataset.observations)
    before = evaluate(a, dataset.observations, year)
    after = evaluate(b, dataset.observations, year)
    return diff.with_impact(before, after), []


def _report(sides: Sequence[tuple[str, list[Diagnostic]]], args: argparse.Namespace) -> None:
    """Errors only, under the side they belong to; warnings are `dxplan check`'s."""
    for label, problems in sides:
        errors = [d for d in problems if d.is_error]
        if errors:
            print(f"errors in {label}:", file=sys.stderr)
            print_diagnostics(errors, use_color(args, sys.stderr))


def _fail(sides: Sequence[tuple[str, list[Diagnostic]]], args: argparse.Namespace) -> int:
    _report(sides, args)
    return EXIT_DIAGNOSTICS
