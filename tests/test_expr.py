"""The formula language: check diagnostics as golden frames, evaluation by hand, and
hypothesis: evaluation is total (never raises, never NaN or inf) on any checked tree."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dxplan.check.formulas import check_formula
from dxplan.formula import FUNCTIONS, Outcome, evaluate
from dxplan.source import SourceFile, Span, format_diagnostic
from dxplan.spec.ast import Binary, Call, Expr, Number, Unary, Var
from dxplan.spec.parse import parse_text
from dxplan.spec.schema import GRADE_VARIABLES

YEAR = 2025


def formula(text: str, keyword: str = "value =") -> Expr:
    """The formula of one `value = ...` statement (or a `grade ... when ...` rule)."""
    module, diagnostics = parse_text(SourceFile("f.dxp", f"{keyword} {text}\n"))
    assert module is not None, diagnostics
    expr = module.statements[0].expr
    assert expr is not None
    return expr


def frames(text: str, variables: tuple[str, ...] | None = None) -> list[str]:
    return [format_diagnostic(d) for d in check_formula(formula(text), variables)]


def run(text: str, **values: float | None) -> Outcome:
    """Evaluate in YEAR; `x_2024=...` gives series x in 2024, plain `x=...` in YEAR."""
    table: dict[tuple[str, int], float | None] = {}
    for key, value in values.items():
        name, _, year = key.partition("_")
        table[(name, int(year) if year else YEAR)] = value
    expr = formula(text)
    assert check_formula(expr) == []
    return evaluate(expr, lambda name, year: table.get((name, year)), YEAR)


# --------------------------------------------------------------------------- check


def test_unknown_function_suggests_the_nearest() -> None:
    assert frames("maen(a, b)") == [
        "f.dxp:1:9: error[unknown-function]: unknown function 'maen'\n"
        "  1 | value = maen(a, b)\n"
        "    |         ^^^^^^^^^^\n"
        "  = hint: did you mean 'mean'?"
    ]


def test_spreadsheet_average_points_to_mean_not_the_look_alike_lag() -> None:
    # by spelling alone 'avg' is nearest to 'lag'; the user means the spreadsheet AVERAGE
    assert frames("avg(gross_product, workers) * 1000") == [
        "f.dxp:1:9: error[unknown-function]: unknown function 'avg'\n"
        "  1 | value = avg(gross_product, workers) * 1000\n"
        "    |         ^^^^^^^^^^^^^^^^^^^^^^^^^^^\n"
        "  = hint: the function is called 'mean' here: mean(a, b, ...), or mean(series) over "
        "the municipalities"
    ]


@pytest.mark.parametrize(("typed", "ours"), [
    ("avg", "mean"), ("average", "mean"), ("AVERAGE", "mean"), ("ave", "mean"),
    ("total", "sum"), ("minimum", "min"), ("maximum", "max"), ("absolute", "abs"),
])
def test_spreadsheet_function_names_name_ours(typed: str, ours: str) -> None:
    [diagnostic] = check_formula(formula(f"{typed}(a)"))
    assert diagnostic.code == "unknown-function"
    assert diagnostic.hint == f"the function is called '{ours}' here: {FUNCTIONS[ours].usage}"


def test_unknown_function_without_a_near_name_lists_them_all() -> None:
    assert frames("foo(a)") == [
        "f.dxp:1:9: error[unknown-function]: unknown function 'foo'\n"
        "  1 | value = foo(a)\n"
        "    |         ^^^^^^\n"
        "  = hint: functions: abs, at, count_if, cumulative, lag, max, mean, median, min, "
        "round, share_if, sum, weighted_mean"
    ]


def test_arity() -> None:
    assert frames("abs(a, b)") == [
        "f.dxp:1:9: error[arity]: 'abs' takes 1 argument(s), got 2\n"
        "  1 | value = abs(a, b)\n"
        "    |         ^^^^^^^^^\n"
        "  = hint: usage: abs(x)"
    ]
    assert frames("round()") == [
        "f.dxp:1:9: error[arity]: 'round' takes 1–2 argument(s), got 0\n"
        "  1 | value = round()\n"
        "    |         ^^^^^^^\n"
        "  = hint: usage: round(x) or round(x, digits)"
    ]
    assert frames("sum()") == [
        "f.dxp:1:9: error[arity]: 'sum' takes 1 or more argument(s), got 0\n"
        "  1 | value = sum()\n"
        "    |         ^^^^^\n"
        "  = hint: usage: sum(a, b, ...), or sum(series) over the municipalities"
    ]


def test_at_and_lag_argument_kinds() -> None:
    # both arguments wrong: both reported, each under its own argument
    assert frames("lag(a + b, 1.5)") == [
        "f.dxp:1:13: error[bad-formula]: the first argument of 'lag' must be a series name\n"
        "  1 | value = lag(a + b, 1.5)\n"
        "    |             ^^^^^\n"
        "  = hint: usage: lag(series, 1): the value n years earlier",
        "f.dxp:1:20: error[bad-formula]: the second argument of 'lag' must be a whole number\n"
        "  1 | value = lag(a + b, 1.5)\n"
        "    |                    ^^^\n"
        "  = hint: usage: lag(series, 1): the value n years earlier",
    ]
    # the arguments swapped
    assert frames("at(2019, a)") == [
        "f.dxp:1:12: error[bad-formula]: the first argument of 'at' must be a series name\n"
        "  1 | value = at(2019, a)\n"
        "    |            ^^^^\n"
        "  = hint: usage: at(series, 2019): the value in a fixed fiscal year",
        "f.dxp:1:18: error[bad-formula]: the second argument of 'at' must be a whole number\n"
        "  1 | value = at(2019, a)\n"
        "    |                  ^\n"
        "  = hint: usage: at(series, 2019): the value in a fixed fiscal year",
    ]
    # an overlong literal parses as inf; it is reported, not an OverflowError from int()
    codes = [d.code for d in check_formula(formula("lag(a, " + "9" * 400 + ")"))]
    assert codes == ["bad-formula"]


def test_text_in_a_formula() -> None:
    assert frames('a + "x"') == [
        "f.dxp:1:13: error[bad-formula]: a text cannot be used in a formula\n"
        '  1 | value = a + "x"\n'
        "    |             ^^^\n"
        "  = hint: formulas work on numbers and series names"
    ]


def test_condition_names_are_limited_to_the_grading_variables() -> None:
    expr = formula("scor >= expected and raww > 1", 'grade A "x" when')
    assert [format_diagnostic(d) for d in check_formula(expr, GRADE_VARIABLES)] == [
        "f.dxp:1:18: error[unknown-name]: unknown name 'scor' in a condition\n"
        '  1 | grade A "x" when scor >= expected and raww > 1\n'
        "    |                  ^^^^\n"
        "  = hint: did you mean 'score'?",
        "f.dxp:1:39: error[unknown-name]: unknown name 'raww' in a condition\n"
        '  1 | grade A "x" when scor >= expected and raww > 1\n'
        "    |                                       ^^^^\n"
        "  = hint: did you mean 'raw'?",
    ]
    # in a `value =` formula any name is a series, resolved against the data later
    assert frames("scor >= expected") == []


def test_a_sound_formula_has_no_diagnostics() -> None:
    assert frames("round(mean(a, lag(a, 1), at(b, 2019)) / max(c, 1) * 100, 1)") == []


# --------------------------------------------------------------------------- evaluation


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a + b * 2", 7.0),  # 1 + 3 * 2 = 7: * binds tighter
        ("(a + b) / 4", 1.0),  # (1 + 3) / 4 = 1
        ("a - b - 1", -3.0),  # (1 - 3) - 1 = -3: left-associative
        ("-a * 2", -2.0),
        ("30% + 0", 30.0),  # a percent literal is its number
        ("1_000 / 8", 125.0),
        ("a < b", 1.0),  # comparisons give 1 (true) or 0 (false)
        ("a >= b", 0.0),
        ("a == 1", 1.0),
        ("a != 1", 0.0),
        ("a <= 1 and b > 2", 1.0),
        ("a < b and b < 2", 0.0),
        ("a > b or b == 3", 1.0),
        ("a > b or b == 4", 0.0),
        ("not a", 0.0),
        ("not (a > b)", 1.0),
        ("not 0", 1.0),
        ("min(b, a, 2)", 1.0),
        ("max(b, a, 2)", 3.0),
        ("sum(a, b, 0.5)", 4.5),  # 1 + 3 + 0.5
        ("mean(a, b, 2)", 2.0),  # (1 + 3 + 2) / 3
        ("abs(a - b)", 2.0),
        ("round(2.5)", 3.0),  # half away from zero (四捨五入, Excel's ROUND), not half-even
        ("round(-2.5)", -3.0),
        ("round(2.675, 2)", 2.68),  # on the decimal shown, though 2.675 is 2.67499.. in binary
        ("round(47.25, 1)", 47.3),
        ("round(1234, -2)", 1200.0),
        ("round(b / 7, 3)", 0.429),  # 3 / 7 = 0.428571.. -> 0.429
    ],
)
def test_evaluation(text: str, expected: float) -> None:
    assert run(text, a=1.0, b=3.0) == Outcome(pytest.approx(expected))  # type: ignore[arg-type]


def test_at_and_lag_read_other_years() -> None:
    # lag(x, 1) in 2025 reads x in 2024; at(x, 2020) reads 2020 whatever the year
    assert run("x - lag(x, 1)", x=130.0, x_2024=100.0).value == pytest.approx(30.0)
    assert run("x / at(x, 2020) * 100", x=150.0, x_2020=120.0).value == pytest.approx(125.0)
    assert run("lag(x, 0)", x=7.0).value == 7.0


def test_missing_input_is_no_value_with_its_reason() -> None:
    assert run("a + b", a=1.0) == Outcome(None, "no value for 'b' in 2025")
    assert run("a + b", a=1.0, b=None) == Outcome(None, "no value for 'b' in 2025")
    assert run("x - lag(x, 1)", x=5.0) == Outcome(None, "no value for 'x' in 2024")
    # and/or stop early, so a missing operand they do not need is no problem
    assert run("0 and b") == Outcome(0.0)
    assert run("1 or b") == Outcome(1.0)
    assert run("1 and b") == Outcome(None, "no value for 'b' in 2025")


def test_a_formula_evaluated_again_reads_its_new_figures(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # each node is made into a function once (formula._COMPILED): what it computes still
    # comes from the figures of each call, and a full table starts afresh without a slip
    import dxplan.formula as formula_module

    monkeypatch.setattr(formula_module, "_COMPILED", {})
    monkeypatch.setattr(formula_module, "_MAX_COMPILED", 3)
    ratio, twice = formula("a / b * 100"), formula("a / b * 100")
    for a, b, expected in [(1.0, 4.0, 25.0), (3.0, 4.0, 75.0), (1.0, 0.0, None)]:
        for expr in (ratio, twice):  # equal, not the same node
            outcome = evaluate(expr, {"a": a, "b": b}.get, YEAR)
            assert outcome.value == expected
    assert len(formula_module._COMPILED) <= 3
    assert run("not (a > 1) or -a < -2", a=3.0) == Outcome(1.0)
    assert run("not (a > 1) or -a < -4", a=3.0) == Outcome(0.0)


def test_division_by_zero_and_overflow_are_no_value() -> None:
    assert run("a / (b - 3)", a=1.0, b=3.0) == Outcome(None, "division by zero")
    assert run("a * a", a=1e200) == Outcome(None, "the result is not a finite number")
    # math.fsum raises OverflowError where + would give inf: caught, not raised
    assert run("sum(a, a)", a=1.7e308) == Outcome(None, "the result is not a finite number")
    assert run("mean(a, a)", a=1.7e308) == Outcome(None, "the result is not a finite number")
    # rounding the largest float up to the next power of ten leaves the floats
    assert run("round(a, -308)", a=1.7976931348623157e308) == Outcome(
        None, "the result is not a finite number")
    # an overlong literal parses as inf: no value rather than inf
    assert run("9" * 400 + " - 1") == Outcome(None, "a number in the formula is too large")


def test_every_function_is_documented_with_its_usage() -> None:
    assert sorted(FUNCTIONS) == ["abs", "at", "count_if", "cumulative", "lag", "max", "mean",
                                 "median", "min", "round", "share_if", "sum", "weighted_mean"]
    for name, function in FUNCTIONS.items():
        usage = function.usage
        assert usage.startswith(name + "(")


# --------------------------------------------------------------------------- totality

_SPAN = Span(SourceFile("<hypothesis>", "x"), 1, 1, 1, 2)
NAMES = ("x", "y", "z")
YEARS = range(2018, 2027)

finite = st.floats(allow_nan=False, allow_infinity=False)
# the largest and smallest floats, where sums overflow and quotients underflow
extreme = st.sampled_from([1.7976931348623157e308, -1.7976931348623157e308, 5e-324, 1e-300])
values = st.one_of(st.none(), st.just(0.0), finite, extreme, st.integers(-5, 5).map(float))


def _number(v: float) -> Number:
    return Number(v, repr(v), _SPAN)


numbers = st.one_of(st.just(0.0), st.integers(-3, 3).map(float), finite, extreme).map(_number)
variables = st.sampled_from(NAMES).map(lambda n: Var(n, _SPAN))
# at/lag take a series name and a whole number, as check_formula demands
shifted = st.builds(
    lambda f, v, n: Call(f, (v, _number(float(n))), _SPAN),
    st.sampled_from(["at", "lag"]), variables, st.integers(-3, 2030),
)
leaves = st.one_of(numbers, variables, shifted)
OPS = ("+", "-", "*", "/", "<", "<=", ">", ">=", "==", "!=", "and", "or")
VARIADIC = ("min", "max", "sum", "mean")


def _extend(children: st.SearchStrategy[Expr]) -> st.SearchStrategy[Expr]:
    return st.one_of(
        st.builds(lambda op, a, b: Binary(op, a, b, _SPAN), st.sampled_from(OPS),
                  children, children),
        st.builds(lambda op, a: Unary(op, a, _SPAN), st.sampled_from(["-", "not"]), children),
        st.builds(lambda f, args: Call(f, tuple(args), _SPAN), st.sampled_from(VARIADIC),
                  st.lists(children, min_size=1, max_size=3)),
        st.builds(lambda a: Call("abs", (a,), _SPAN), children),
        st.builds(lambda a, d: Call("round", (a,) if d is None else (a, d), _SPAN),
                  children, st.one_of(st.none(), children)),
    )


trees = st.recursive(leaves, _extend, max_leaves=12)
tables = st.dictionaries(st.tuples(st.sampled_from(NAMES), st.sampled_from(YEARS)), values)


@given(trees, tables, st.sampled_from(YEARS))
def test_evaluation_is_total(
    expr: Expr, table: dict[tuple[str, int], float | None], year: int
) -> None:
    assert check_formula(expr) == []
    outcome = evaluate(expr, lambda name, y: table.get((name, y)), year)
    if outcome.value is None:
        assert outcome.problem  # no value always says why
    else:
        assert math.isfinite(outcome.value)
        assert outcome.problem is None


@given(st.sampled_from([*VARIADIC, "abs", "round"]),
       st.lists(st.one_of(finite, extreme, st.just(0.0)), min_size=1, max_size=4))
def test_every_function_is_total_on_finite_arguments(func: str, args: list[float]) -> None:
    high = FUNCTIONS[func].max_args
    args = args[: high or len(args)]
    expr = Call(func, tuple(_number(a) for a in args), _SPAN)
    assert check_formula(expr) == []
    outcome = evaluate(expr, lambda _name, _year: None, YEAR)
    assert outcome.value is None or math.isfinite(outcome.value)
