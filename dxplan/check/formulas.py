"""A formula's names and arities, checked before it runs: unknown functions (with the
spreadsheet names people type from habit), wrong argument counts, series names where a
function needs one, texts and ranges where a number belongs."""

from __future__ import annotations

import math
from collections.abc import Iterable

from dxplan.formula import FUNCTIONS
from dxplan.source import Diagnostic, did_you_mean, error
from dxplan.spec.ast import Binary, Call, Expr, Number, Text, Var, walk_expr

# spreadsheet names people type from habit; spelling similarity alone sends 'avg' to 'lag'
_SPREADSHEET_NAMES = {
    "avg": "mean", "average": "mean", "ave": "mean",
    "total": "sum", "minimum": "min", "maximum": "max", "absolute": "abs",
}


def check_formula(expr: Expr, variables: Iterable[str] | None = None,
                  where: str = "a condition", hint: str | None = None) -> list[Diagnostic]:
    """Names and arities. `variables` limits the names allowed (grading conditions, a
    relative target), `where` names that place in messages; None means any name is a data
    series or measure id, resolved later."""
    allowed = None if variables is None else set(variables)
    out: list[Diagnostic] = []
    for node in walk_expr(expr):
        if isinstance(node, Text):
            out.append(error("bad-formula", "a text cannot be used in a formula", node.span,
                             "formulas work on numbers and series names"))
        elif isinstance(node, Binary) and node.op == "..":
            out.append(error("bad-formula", "a range (low..high) is only a target's value",
                             node.span, "write e.g. target 2028 = 30..40"))
        elif isinstance(node, Var):
            if allowed is not None and node.name not in allowed:
                out.append(error("unknown-name", f"unknown name '{node.name}' in {where}",
                                 node.span, did_you_mean(node.name, allowed) or hint
                                 or f"conditions may use: {', '.join(sorted(allowed))}"))
        elif isinstance(node, Call):
            _check_call(node, out)
    return out


def _check_call(node: Call, out: list[Diagnostic]) -> None:
    function = FUNCTIONS.get(node.func)
    if function is None:
        out.append(error("unknown-function", f"unknown function '{node.func}'", node.span,
                         _function_hint(node.func)))
        return
    n = len(node.args)
    if n < function.min_args or (function.max_args is not None and n > function.max_args):
        out.append(error("arity", f"'{node.func}' takes {function.arity_text()} argument(s), "
                         f"got {n}", node.span, f"usage: {function.usage}"))
        return
    for arg in node.args[:function.series_args]:
        if not isinstance(arg, Var):
            out.append(error("bad-formula", f"'{node.func}' takes a series name here, whose "
                             "figures are given per municipality", arg.span,
                             f"usage: {function.usage}"))
    if function.reads_series:
        if not isinstance(node.args[0], Var):
            out.append(error("bad-formula", f"the first argument of '{node.func}' must be a "
                             "series name", node.args[0].span, f"usage: {function.usage}"))
        shift = node.args[1]
        # isfinite first: int() of an overlong literal (inf) would raise
        if not (isinstance(shift, Number) and math.isfinite(shift.value)
                and shift.value == int(shift.value)):
            out.append(error("bad-formula", f"the second argument of '{node.func}' must be a "
                             "whole number", node.args[1].span, f"usage: {function.usage}"))


def _function_hint(name: str) -> str:
    ours = _SPREADSHEET_NAMES.get(name.lower())
    if ours is not None:
        return f"the function is called '{ours}' here: {FUNCTIONS[ours].usage}"
    return did_you_mean(name, FUNCTIONS) or f"functions: {', '.join(sorted(FUNCTIONS))}"
