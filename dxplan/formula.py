"""The formula language: a fixed table of functions, checked before it runs, total when it runs.

Each function is one entry of `FUNCTIONS`: its arity, the usage line hints show, and its
code. There are no loops, no recursion and no I/O, so evaluation always terminates. A
missing input, a division by zero or a non-finite result gives "no value" with a reason,
never an exception and never NaN or inf.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import attrs

from dxplan.source import Diagnostic, did_you_mean, error
from dxplan.spec.ast import Binary, Call, Expr, Number, Text, Unary, Var, walk_expr


class NoValue(Exception):
    """Unwinds one evaluation: the formula has no value, for `problem`. Never leaves
    `evaluate`."""

    def __init__(self, problem: str) -> None:
        self.problem = problem


def _finite_sum(args: Sequence[float]) -> float:
    try:
        return math.fsum(args)
    except OverflowError:  # fsum raises where `+` would give inf
        raise NoValue("the result is not a finite number") from None


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


@attrs.frozen
class Function:
    """One function of the language.

    Most functions take the values of their arguments in the year evaluated (`apply`). A
    function with `year_read` instead reads its first argument, a series name, in another
    year: `year_read(year evaluated, n)` with n its second argument, a whole number.
    """

    min_args: int
    max_args: int | None  # None: any number
    usage: str
    apply: Callable[[Sequence[float]], float] | None = None
    year_read: Callable[[int, int], int] | None = None
    # reads its series in a span of years, summing them: (year evaluated, n) -> years
    years_read: Callable[[int, int], range] | None = None

    @property
    def reads_series(self) -> bool:
        """Its first argument is a series name and its second a whole number."""
        return self.year_read is not None or self.years_read is not None

    def arity_text(self) -> str:
        low, high = self.min_args, self.max_args
        return f"{low}" if low == high else f"{low} or more" if high is None else f"{low}–{high}"


FUNCTIONS: dict[str, Function] = {
    "at": Function(2, 2, "at(series, 2019): the value in a fixed fiscal year",
                   year_read=lambda _year, n: n),
    "lag": Function(2, 2, "lag(series, 1): the value n years earlier",
                    year_read=lambda year, n: year - n),
    "cumulative": Function(2, 2, "cumulative(series, 2024): the running sum (累計) of a "
                           "yearly series from 2024 to the year evaluated",
                           years_read=lambda year, n: range(n, year + 1)),
    "min": Function(1, None, "min(a, b, ...)", apply=min),
    "max": Function(1, None, "max(a, b, ...)", apply=max),
    "sum": Function(1, None, "sum(a, b, ...)", apply=_finite_sum),
    "mean": Function(1, None, "mean(a, b, ...)",
                     apply=lambda args: _finite_sum(args) / len(args)),
    "abs": Function(1, 1, "abs(x)", apply=lambda args: abs(args[0])),
    "round": Function(1, 2, "round(x) or round(x, digits)",
                      apply=lambda args: _round(args[0], int(args[1]) if len(args) > 1 else 0)),
}
_MAX_SPAN = 200  # years a running sum may cover
# spreadsheet names people type from habit; spelling similarity alone sends 'avg' to 'lag'
_SPREADSHEET_NAMES = {
    "avg": "mean", "average": "mean", "ave": "mean",
    "total": "sum", "minimum": "min", "maximum": "max", "absolute": "abs",
}


def shifted_read(node: Expr) -> tuple[str, Function, int] | None:
    """(series, function, n) when `node` reads a series in other years (`at`, `lag`,
    `cumulative`)."""
    if not isinstance(node, Call):
        return None
    function = FUNCTIONS.get(node.func)
    if function is None or not function.reads_series or len(node.args) != 2:
        return None
    series, shift = node.args
    if not (isinstance(series, Var) and isinstance(shift, Number)
            and math.isfinite(shift.value)):
        return None
    return series.name, function, int(shift.value)


def reads_in_year(expr: Expr) -> Iterator[Var]:
    """The series a formula reads in the year evaluated (not those read in another year)."""
    def into(node: Expr) -> bool:
        return not (isinstance(node, Call) and node.func in FUNCTIONS
                    and FUNCTIONS[node.func].year_read is not None)

    for node in walk_expr(expr, into):
        if isinstance(node, Var):
            yield node


# --- checking -----------------------------------------------------------------------------


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


# --- evaluating ---------------------------------------------------------------------------


@attrs.frozen
class Outcome:
    value: float | None
    problem: str | None = None  # why there is no value


# (series name, fiscal year) -> value, or None when there is no observation
Lookup = Callable[[str, int], float | None]

_ARITHMETIC: dict[str, Callable[[float, float], float]] = {
    "+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
    "<": lambda a, b: float(a < b), "<=": lambda a, b: float(a <= b),
    ">": lambda a, b: float(a > b), ">=": lambda a, b: float(a >= b),
    "==": lambda a, b: float(a == b), "!=": lambda a, b: float(a != b),
}  # fmt: skip


def evaluate(expr: Expr, lookup: Lookup, year: int) -> Outcome:
    """The formula's value in `year`: a number or a reason there is none."""
    try:
        value = _eval(expr, lookup, year)
    except NoValue as exc:
        return Outcome(None, exc.problem)
    if not math.isfinite(value):
        return Outcome(None, "the result is not a finite number")
    return Outcome(value)


def _eval(node: Expr, lookup: Lookup, year: int) -> float:
    if isinstance(node, Number):
        if not math.isfinite(node.value):  # an overlong literal parses as inf
            raise NoValue("a number in the formula is too large")
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
            raise NoValue("the result is not a finite number")
        return result
    raise NoValue("a text has no numeric value")


def _get(lookup: Lookup, name: str, year: int) -> float:
    value = lookup(name, year)
    if value is None:
        raise NoValue(f"no value for '{name}' in {year}")
    if not math.isfinite(value):
        raise NoValue(f"the value of '{name}' in {year} is not a finite number")
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
            raise NoValue("division by zero")
        result = a / b
    else:
        result = _ARITHMETIC[node.op](a, b)
    if not math.isfinite(result):
        raise NoValue("the result is not a finite number")
    return result


def _call(node: Call, lookup: Lookup, year: int) -> float:
    function = FUNCTIONS.get(node.func)
    if function is None:
        raise NoValue(f"unknown function '{node.func}'")
    shifted = shifted_read(node)
    if function.reads_series:
        assert shifted is not None  # checked beforehand
        series, _function, n = shifted
        if function.year_read is not None:
            return _get(lookup, series, function.year_read(year, n))
        assert function.years_read is not None
        years = function.years_read(year, n)
        if not years:
            raise NoValue(f"no value for '{node.func}({series}, {n})' before {n}")
        if len(years) > _MAX_SPAN:  # a typo such as 24 for 2024: a span no plan has
            raise NoValue(f"{node.func}() over {len(years)} years is not a plan's span")
        return _finite_sum([_get(lookup, series, y) for y in years])
    assert function.apply is not None
    return function.apply([_eval(a, lookup, year) for a in node.args])
