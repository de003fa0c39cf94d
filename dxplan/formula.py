"""The formula language: a fixed table of functions, total when it runs (check/formulas.py
checks a formula's names and arities before it runs).

Each function is one entry of `FUNCTIONS`: its arity, the usage line hints show, and its
code. There are no loops, no recursion and no I/O, so evaluation always terminates. A
missing input, a division by zero or a non-finite result gives "no value" with a reason,
never an exception and never NaN or inf.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import attrs

from dxplan.record import Record
from dxplan.spec.ast import Binary, Call, Expr, Number, Unary, Var, walk_expr


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


def _mean(args: Sequence[float]) -> float:
    """The correctly rounded sum over the count, kept within the smallest and the largest
    value (as the exact mean is): fsum(0.1, 0.1, 0.1) / 3 is 0.10000000000000002."""
    return min(max(_finite_sum(args) / len(args), min(args)), max(args))


def _median(args: Sequence[float]) -> float:
    ordered = sorted(args)
    half = len(ordered) // 2
    return ordered[half] if len(ordered) % 2 else (ordered[half - 1] + ordered[half]) / 2


@attrs.frozen(repr=False)
class Function(Record):
    """One function of the language.

    Most functions take the values of their arguments in the year evaluated (`apply`);
    those marked `aggregate`, given one series that has figures per entity, take every
    entity's value of it instead (`mean(online_usage)`: the mean over the municipalities).
    A function with `year_read` instead reads its first argument, a series name, in another
    year: `year_read(year evaluated, n)` with n its second argument, a whole number.
    A function with `over_entities` reads its arguments entity by entity (`count_if`).
    """

    min_args: int
    max_args: int | None  # None: any number
    usage: str
    apply: Callable[[Sequence[float]], float] | None = None
    year_read: Callable[[int, int], int] | None = None
    # reads its series in a span of years, summing them: (year evaluated, n) -> years
    years_read: Callable[[int, int], range] | None = None
    aggregate: bool = False
    # (entities counted, entities with a value) -> the result; or a weighted mean
    over_entities: Callable[[int, int], float] | None = None
    series_args: int = 0  # how many leading arguments must be series names

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
    "min": Function(1, None, "min(a, b, ...), or min(series) over the municipalities",
                    apply=min, aggregate=True),
    "max": Function(1, None, "max(a, b, ...), or max(series) over the municipalities",
                    apply=max, aggregate=True),
    "sum": Function(1, None, "sum(a, b, ...), or sum(series) over the municipalities",
                    apply=_finite_sum, aggregate=True),
    "mean": Function(1, None, "mean(a, b, ...), or mean(series) over the municipalities",
                     apply=_mean, aggregate=True),
    "median": Function(1, None, "median(a, b, ...), or median(series) over the "
                       "municipalities", apply=_median, aggregate=True),
    "count_if": Function(2, 2, "count_if(series, condition): how many municipalities meet "
                         "the condition, e.g. count_if(dx_started, dx_started >= 1)",
                         over_entities=lambda met, _of: float(met), series_args=1),
    "share_if": Function(2, 2, "share_if(series, condition): the percentage (0–100) of the "
                         "municipalities with a value that meet the condition",
                         over_entities=lambda met, of: 100.0 * met / of, series_args=1),
    "weighted_mean": Function(2, 2, "weighted_mean(series, weights): the mean over the "
                              "municipalities weighted by another series (population)",
                              series_args=2),
    "abs": Function(1, 1, "abs(x)", apply=lambda args: abs(args[0])),
    "round": Function(1, 2, "round(x) or round(x, digits)",
                      apply=lambda args: _round(args[0], int(args[1]) if len(args) > 1 else 0)),
}
_MAX_SPAN = 200  # years a running sum may cover


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


# --- evaluating ---------------------------------------------------------------------------


@attrs.frozen(repr=False)
class Outcome(Record):
    value: float | None
    problem: str | None = None  # why there is no value


# (series name, fiscal year) -> value, or None when there is no observation
Lookup = Callable[[str, int], float | None]
# (series name, fiscal year) -> each entity's value that year (code -> value), or None when
# the series has no figures per entity
EntityLookup = Callable[[str, int], Mapping[str, float] | None]

_ARITHMETIC: dict[str, Callable[[float, float], float]] = {
    "+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
    "<": lambda a, b: float(a < b), "<=": lambda a, b: float(a <= b),
    ">": lambda a, b: float(a > b), ">=": lambda a, b: float(a >= b),
    "==": lambda a, b: float(a == b), "!=": lambda a, b: float(a != b),
}  # fmt: skip


@attrs.frozen(repr=False)
class _Reader(Record):
    """Where a formula's names are read: the whole area's figures (`value`), and each
    entity's, for a series given per entity (`entities`)."""

    value: Lookup
    entities: EntityLookup | None = None
    one: bool = False  # reading one entity's figures (a condition of count_if)

    def each(self, name: str, year: int) -> Mapping[str, float] | None:
        return self.entities(name, year) if self.entities is not None else None

    def needed(self, name: str, year: int, func: str) -> Mapping[str, float]:
        each = self.each(name, year)
        if each is None:
            raise NoValue(f"'{name}' has no figures per municipality for {func}()")
        return each


def evaluate(expr: Expr, lookup: Lookup, year: int,
             entities: EntityLookup | None = None) -> Outcome:
    """The formula's value in `year`: a number or a reason there is none. `entities`
    gives the figures per entity that aggregates (`mean(series)`, `count_if`) read."""
    try:
        value = _eval(expr, _Reader(lookup, entities), year)
    except NoValue as exc:
        return Outcome(None, exc.problem)
    if not math.isfinite(value):
        return Outcome(None, "the result is not a finite number")
    return Outcome(value)


_Compiled = Callable[[_Reader, int], float]
# each formula's node made into a function once, by identity (the node kept, so that its
# id is not another's): a plan's formulas and grade conditions are evaluated for every
# measure in every year, and walking the tree type by type cost twice the time
_COMPILED: dict[int, tuple[Expr, _Compiled]] = {}
_MAX_COMPILED = 100_000  # a long-lived process evaluating many plans starts afresh


def _eval(node: Expr, read: _Reader, year: int) -> float:
    found = _COMPILED.get(id(node))
    if found is None or found[0] is not node:
        if len(_COMPILED) >= _MAX_COMPILED:
            _COMPILED.clear()
        found = _COMPILED[id(node)] = (node, _compile(node))
    return found[1](read, year)


def _compile(node: Expr) -> _Compiled:
    """The node's value as a function of where names are read and the year."""
    if isinstance(node, Number):
        value = node.value
        if not math.isfinite(value):  # an overlong literal parses as inf
            return _fails("a number in the formula is too large")
        return lambda _read, _year: value
    if isinstance(node, Var):
        return _var(node.name)
    if isinstance(node, Unary):
        inner = _compile(node.operand)
        if node.op == "-":
            return lambda read, year: -inner(read, year)
        return lambda read, year: float(not inner(read, year))
    if isinstance(node, Binary):
        return _binary(node)
    if isinstance(node, Call):
        # round() can carry the largest float up to inf
        return lambda read, year: _finite(_call(node, read, year))
    return _fails("a text has no numeric value")


def _fails(problem: str) -> _Compiled:
    def fails(_read: _Reader, _year: int) -> float:
        raise NoValue(problem)

    return fails


def _var(name: str) -> _Compiled:
    def var(read: _Reader, year: int) -> float:
        value = read.value(name, year)
        if value is None and not read.one and read.each(name, year) is not None:
            raise NoValue(f"'{name}' is given per municipality: aggregate it, e.g. "
                          f"mean({name}) or count_if({name}, {name} >= 1)")
        return _checked(value, name, year)

    return var


def _get(lookup: Lookup, name: str, year: int) -> float:
    return _checked(lookup(name, year), name, year)


def _checked(value: float | None, name: str, year: int) -> float:
    if value is None:
        raise NoValue(f"no value for '{name}' in {year}")
    if not math.isfinite(value):
        raise NoValue(f"the value of '{name}' in {year} is not a finite number")
    return value


def _binary(node: Binary) -> _Compiled:
    left, right, op = _compile(node.left), _compile(node.right), node.op
    if op in ("and", "or"):
        stop, at_stop = (False, 0.0) if op == "and" else (True, 1.0)

        def logic(read: _Reader, year: int) -> float:
            if bool(left(read, year)) is stop:
                return at_stop
            return float(bool(right(read, year)))

        return logic
    if op == "/":
        def divide(read: _Reader, year: int) -> float:
            a = left(read, year)
            b = right(read, year)
            if b == 0:
                raise NoValue("division by zero")
            return _finite(a / b)

        return divide
    arithmetic = _ARITHMETIC[op]  # the parser makes no other operator
    return lambda read, year: _finite(arithmetic(left(read, year), right(read, year)))


def _finite(result: float) -> float:
    if not math.isfinite(result):
        raise NoValue("the result is not a finite number")
    return result


def _call(node: Call, read: _Reader, year: int) -> float:
    function = FUNCTIONS.get(node.func)
    if function is None:
        raise NoValue(f"unknown function '{node.func}'")
    shifted = shifted_read(node)
    if function.reads_series:
        assert shifted is not None  # checked beforehand
        series, _function, n = shifted
        if function.year_read is not None:
            return _get(read.value, series, function.year_read(year, n))
        assert function.years_read is not None
        years = function.years_read(year, n)
        if not years:
            raise NoValue(f"no value for '{node.func}({series}, {n})' before {n}")
        if len(years) > _MAX_SPAN:  # a typo such as 24 for 2024: a span no plan has
            raise NoValue(f"{node.func}() over {len(years)} years is not a plan's span")
        return _finite_sum([_get(read.value, series, y) for y in years])
    if function.series_args:
        return _over_entities(node, function, read, year)
    assert function.apply is not None
    if function.aggregate and len(node.args) == 1 and isinstance(node.args[0], Var):
        each = read.each(node.args[0].name, year)
        if each is not None:
            values = [v for v in each.values() if math.isfinite(v)]
            if not values:
                raise NoValue(f"no entity has a value for '{node.args[0].name}' in {year}")
            return function.apply(values)
    return function.apply([_eval(a, read, year) for a in node.args])


def _over_entities(node: Call, function: Function, read: _Reader, year: int) -> float:
    """`count_if`, `share_if`, `weighted_mean`: their series read entity by entity."""
    names = [a.name for a in node.args[:function.series_args] if isinstance(a, Var)]
    each = read.needed(names[0], year, node.func)
    if function.over_entities is None:  # weighted_mean(series, weights)
        weights = read.needed(names[1], year, node.func)
        pairs = [(weights[code], x) for code, x in sorted(each.items()) if code in weights]
        total = _finite_sum([w for w, _ in pairs])
        if total == 0:
            raise NoValue(f"the weights '{names[1]}' sum to zero in {year}")
        mean = _finite_sum([w * x for w, x in pairs]) / total
        values = [x for _w, x in pairs]
        return min(max(mean, min(values)), max(values))
    met = of = 0
    for code in sorted(each):
        try:
            holds = _eval(node.args[1], _one_entity(read, code), year)
        except NoValue:  # the condition reads a figure this entity lacks: not counted
            continue
        of += 1
        met += bool(holds)
    if not of:
        raise NoValue(f"no entity has a value for '{names[0]}' in {year}")
    return function.over_entities(met, of)


def evaluate_for_entity(expr: Expr, lookup: Lookup, entities: EntityLookup, code: str,
                        year: int) -> Outcome:
    """The formula's value for one entity: each series given per entity read as that
    entity's figure (an aggregate over it is that figure; `count_if` counts 1 or 0)."""
    one = _one_entity(_Reader(lookup, entities), code)
    return evaluate(expr, one.value, year, one.entities)


def _one_entity(read: _Reader, code: str) -> _Reader:
    """Names read as one entity's figures (a series given per entity), or as the whole
    area's (any other): how a condition is evaluated for each municipality."""
    entities = read.entities
    assert entities is not None

    def value(name: str, year: int) -> float | None:
        each = entities(name, year)
        return read.value(name, year) if each is None else each.get(code)

    def only(name: str, year: int) -> Mapping[str, float] | None:
        each = entities(name, year)
        return None if each is None else {code: each[code]} if code in each else {}

    return _Reader(value, only, one=True)
