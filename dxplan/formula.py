"""The formula language: a fixed set of functions, checked before it runs, total when it runs.

There are no loops, no recursion and no I/O, so evaluation always terminates. A missing
input, a division by zero or a non-finite result gives "no value" with a reason, never an
exception and never NaN or inf.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import attrs

from dxplan.source import Diagnostic, did_you_mean, error
from dxplan.spec.ast import Binary, Call, Expr, Number, Text, Unary, Var

# name -> (min args, max args or None for any), usage shown in hints
FUNCTIONS: dict[str, tuple[int, int | None, str]] = {
    "at": (2, 2, "at(series, 2019): the value in a fixed fiscal year"),
    "lag": (2, 2, "lag(series, 1): the value n years earlier"),
    "min": (1, None, "min(a, b, ...)"),
    "max": (1, None, "max(a, b, ...)"),
    "sum": (1, None, "sum(a, b, ...)"),
    "mean": (1, None, "mean(a, b, ...)"),
    "abs": (1, 1, "abs(x)"),
    "round": (1, 2, "round(x) or round(x, digits)"),
}
# functions whose first argument is read in another year: it must be a series name
_SHIFTING = ("at", "lag")
# spreadsheet names people type from habit; spelling similarity alone sends 'avg' to 'lag'
_SPREADSHEET_NAMES = {
    "avg": "mean", "average": "mean", "ave": "mean",
    "total": "sum", "minimum": "min", "maximum": "max", "absolute": "abs",
}


def check_formula(expr: Expr, variables: Iterable[str] | None = None) -> list[Diagnostic]:
    """Names and arities. `variables` limits the names allowed (grading conditions);
    None means any name is a data series or measure id, resolved later."""
    allowed = None if variables is None else set(variables)
    out: list[Diagnostic] = []

    def visit(node: Expr) -> None:
        if isinstance(node, Text):
            out.append(error("bad-formula", "a text cannot be used in a formula", node.span,
                             "formulas work on numbers and series names"))
        elif isinstance(node, Var):
            if allowed is not None and node.name not in allowed:
                out.append(error("unknown-name", f"unknown name '{node.name}' in a condition",
                                 node.span, did_you_mean(node.name, allowed)
                                 or f"conditions may use: {', '.join(sorted(allowed))}"))
        elif isinstance(node, Call):
            _check_call(node, out)
            for arg in node.args:
                visit(arg)
        elif isinstance(node, Unary):
            visit(node.operand)
        elif isinstance(node, Binary):
            visit(node.left)
            visit(node.right)

    visit(expr)
    return out


def _check_call(node: Call, out: list[Diagnostic]) -> None:
    spec = FUNCTIONS.get(node.func)
    if spec is None:
        out.append(error("unknown-function", f"unknown function '{node.func}'", node.span,
                         _function_hint(node.func)))
        return
    low, high, usage = spec
    n = len(node.args)
    if n < low or (high is not None and n > high):
        want = f"{low}" if low == high else f"{low} or more" if high is None else f"{low}–{high}"
        out.append(error("arity", f"'{node.func}' takes {want} argument(s), got {n}", node.span,
                         f"usage: {usage}"))
        return
    if node.func in _SHIFTING:
        if not isinstance(node.args[0], Var):
            out.append(error("bad-formula", f"the first argument of '{node.func}' must be a "
                             "series name", node.args[0].span, f"usage: {usage}"))
        shift = node.args[1]
        # isfinite first: int() of an overlong literal (inf) would raise
        if not (isinstance(shift, Number) and math.isfinite(shift.value)
                and shift.value == int(shift.value)):
            out.append(error("bad-formula", f"the second argument of '{node.func}' must be a "
                             "whole number", node.args[1].span, f"usage: {usage}"))


def _function_hint(name: str) -> str:
    ours = _SPREADSHEET_NAMES.get(name.lower())
    if ours is not None:
        return f"the function is called '{ours}' here: {FUNCTIONS[ours][2]}"
    return did_you_mean(name, FUNCTIONS) or f"functions: {', '.join(sorted(FUNCTIONS))}"


@attrs.frozen
class Outcome:
    value: float | None
    problem: str | None = None  # why there is no value


# (series name, fiscal year) -> value, or None when there is no observation
Lookup = Callable[[str, int], float | None]


class _NoValue(Exception):
    """Internal: unwinds one evaluation; never leaves this module."""

    def __init__(self, problem: str) -> None:
        self.problem = problem


def evaluate(expr: Expr, lookup: Lookup, year: int) -> Outcome:
    """The formula's value in `year`: a number or a reason there is none."""
    try:
        value = _eval(expr, lookup, year)
    except _NoValue as exc:
        return Outcome(None, exc.problem)
    if not math.isfinite(value):
        return Outcome(None, "the result is not a finite number")
    return Outcome(value)


def _eval(node: Expr, lookup: Lookup, year: int) -> float:
    if isinstance(node, Number):
        if not math.isfinite(node.value):  # an overlong literal parses as inf
            raise _NoValue("a number in the formula is too large")
        return node.value
    if isinstance(node, Var):
        return _get(lookup, node.name, year)
    if isinstance(node, Unary):
        inner = _eval(node.operand, lookup, year)
        return -inner if node.op == "-" else float(not inner)
    if isinstance(node, Binary):
        return _binary(node, lookup, year)
    if isinstance(node, Call):
        result = _call(node, lookup, year)
        if not math.isfinite(result):  # round() can carry the largest float up to inf
            raise _NoValue("the result is not a finite number")
        return result
    raise _NoValue("a text has no numeric value")


def _get(lookup: Lookup, name: str, year: int) -> float:
    value = lookup(name, year)
    if value is None:
        raise _NoValue(f"no value for '{name}' in {year}")
    if not math.isfinite(value):
        raise _NoValue(f"the value of '{name}' in {year} is not a finite number")
    return value


def _binary(node: Binary, lookup: Lookup, year: int) -> float:
    if node.op in ("and", "or"):
        left = bool(_eval(node.left, lookup, year))
        if node.op == "and" and not left:
            return 0.0
        if node.op == "or" and left:
            return 1.0
        return float(bool(_eval(node.right, lookup, year)))
    a = _eval(node.left, lookup, year)
    b = _eval(node.right, lookup, year)
    if node.op == "/":
        if b == 0:
            raise _NoValue("division by zero")
        result = a / b
    else:
        result = {
            "+": lambda: a + b, "-": lambda: a - b, "*": lambda: a * b,
            "<": lambda: float(a < b), "<=": lambda: float(a <= b),
            ">": lambda: float(a > b), ">=": lambda: float(a >= b),
            "==": lambda: float(a == b), "!=": lambda: float(a != b),
        }[node.op]()  # fmt: skip
    if not math.isfinite(result):
        raise _NoValue("the result is not a finite number")
    return result


def _call(node: Call, lookup: Lookup, year: int) -> float:
    if node.func in _SHIFTING:
        series = node.args[0]
        shift = node.args[1]
        assert isinstance(series, Var) and isinstance(shift, Number)  # checked beforehand
        when = int(shift.value) if node.func == "at" else year - int(shift.value)
        return _get(lookup, series.name, when)
    args = [_eval(a, lookup, year) for a in node.args]
    if node.func == "min":
        return min(args)
    if node.func == "max":
        return max(args)
    if node.func in ("sum", "mean"):
        try:
            total = math.fsum(args)
        except OverflowError:  # fsum raises where `+` would give inf
            raise _NoValue("the result is not a finite number") from None
        return total if node.func == "sum" else total / len(args)
    if node.func == "abs":
        return abs(args[0])
    if node.func == "round":
        return _round(args[0], int(args[1]) if len(args) > 1 else 0)
    raise _NoValue(f"unknown function '{node.func}'")


def _round(x: float, digits: int) -> float:
    """Half away from zero on the decimal the number shows, as Excel's ROUND and 四捨五入:
    round(2.5) = 3 and round(2.675, 2) = 2.68, where Python's round gives 2 and 2.67."""
    # beyond ±400 digits the answer is known, and Decimal's exponent limits are not hit
    if digits >= 400:
        return x
    digits = max(digits, -400)
    try:
        rounded = Decimal(repr(x)).quantize(Decimal(1).scaleb(-digits), ROUND_HALF_UP)
    except InvalidOperation:  # more digits than Decimal keeps: x has none to round there
        return x
    return float(rounded) + 0.0  # + 0.0 turns -0.0 into 0.0
