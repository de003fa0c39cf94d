"""Properties of the target forms (dxplan/targets.py), over generated plans and values."""

from __future__ import annotations

import math

import support
from hypothesis import assume, given
from hypothesis import strategies as st

from dxplan.results import MeasureResult
from dxplan.scoring import Method
from dxplan.targets import NOT_MET, Op, Rule, YearlyRule, meets

finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
methods = st.sampled_from([Method.PROGRESS, Method.ATTAINMENT])
bounds = st.sampled_from([Op.GE, Op.GT, Op.LE, Op.LT])


def rule(b: float, op: Op, t: float, method: Method = Method.PROGRESS,
         high: float | None = None) -> Rule:
    return Rule.of((2023, b), [(2028, op, t, high)], method)


@given(finite, bounds, finite, finite, methods)
def test_a_met_bound_scores_exactly_100(b: float, op: Op, t: float, x: float,
                                        method: Method) -> None:
    r = rule(b, op, t, method).raw(x)
    if meets(op, x, t):
        assert r == 100.0
    else:
        assert r is None or r <= NOT_MET  # never reads as met when it is not


@given(finite, bounds, finite, finite, finite, methods)
def test_bounds_are_monotone(b: float, op: Op, t: float, x: float, y: float,
                             method: Method) -> None:
    # for a lower bound a larger value never scores lower; for an upper one, never higher
    assume(x < y)
    if not op.is_lower:
        x, y = y, x
    rx, ry = rule(b, op, t, method).raw(x), rule(b, op, t, method).raw(y)
    assume(rx is not None and ry is not None)
    assert rx <= ry + 1e-9 * max(1.0, abs(ry))


@given(finite, st.floats(0, 1e4), st.floats(0, 1e4), finite)
def test_a_range_is_met_inside_and_scored_as_its_nearer_bound_outside(
        b: float, low: float, width: float, x: float) -> None:
    assume(width > 0)
    high = low + width
    r = rule(b, Op.RANGE, low, high=high).raw(x)
    if low <= x <= high:
        assert r == 100.0
    elif x < low:
        assert r == rule(b, Op.GE, low).raw(x) or r == NOT_MET
    else:
        assert r == rule(b, Op.LE, high).raw(x) or r == NOT_MET


@given(finite, bounds, finite, st.integers(2000, 2040))
def test_expected_scores_stay_within_0_and_100(b: float, op: Op, t: float, year: int) -> None:
    e = rule(b, op, t).expected(year)
    assert 0.0 <= e <= 100.0
    if meets(op, b, t):  # a level already kept (維持) is expected every year
        assert e == 100.0


@given(bounds, finite, finite)
def test_a_yearly_target_is_met_at_100_and_expects_100(op: Op, n: float, x: float) -> None:
    rule_ = YearlyRule(op, n)
    assert rule_.expected(2025) == 100.0
    r = rule_.raw(x)
    assert (r == 100.0) == meets(op, x, n) or r is None


@given(st.integers(1, 10**7), st.sampled_from(["0.2", "1.5", "0.8", "2"]))
def test_a_relative_target_equals_its_computed_number(baseline: int, factor: str) -> None:
    spec = (f'plan p "P" {{\n    period 2024..2028\n}}\ngoal g "G" {{\n'
            f"    baseline 2023 = {baseline:,}\n    target 2028 = baseline * {factor}\n}}\n")
    loaded = support.load({"p.dxp": spec}, clean=False)
    assert loaded.workspace is not None and loaded.workspace.plan is not None
    [goal] = loaded.workspace.plan.goals
    assert goal.final_target is not None
    assert goal.final_target.value == baseline * float(factor)


@given(st.lists(st.integers(0, 10**6), min_size=1, max_size=8), st.integers(0, 7))
def test_cumulative_equals_the_running_sum(yearly: list[int], skip: int) -> None:
    spec = ('plan p "P" {\n    period 2024..2028\n}\ngoal g "G" {\n'
            "    value = cumulative(flow, 2020)\n    baseline 2019 = 0\n"
            "    target 2028 = 10,000,000\n}\n")
    data = "series,year,value\n" + "".join(f"flow,{2020 + i},{v}\n" for i, v in enumerate(yearly))
    results = support.evaluate(support.load({"p.dxp": spec}, {"d.csv": data}, clean=False),
                               2020 + min(skip, len(yearly) - 1))
    goal = results.goals[0]
    assert isinstance(goal, MeasureResult)
    for point in goal.history:
        assert point.value == math.fsum(yearly[: point.year - 2020 + 1])
