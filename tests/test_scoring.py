"""Tests for dxplan.scoring: hand-computed golden cases, then hypothesis properties."""

from __future__ import annotations

import math
import random
import sys
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dxplan.scoring import (
    MIN_COVERAGE,
    Clamp,
    Method,
    Status,
    Trend,
    clamp_score,
    is_finite,
    mean,
    raw_score,
    status_of,
    target_path,
    trend_of,
    weighted_index,
)
from dxplan.targets import expected_score

# --------------------------------------------------------------------------- golden cases

# Plan A: baseline 2023 = 0, targets 2026 = 30 and 2028 = 60 (final T = 60).
A_BASE = (2023, 0.0)
A_TARGETS = [(2026, 30.0), (2028, 60.0)]
DEFAULT = Clamp()


def status_a(x: float, year: int = 2025, clamp: Clamp = DEFAULT) -> Status:
    r = raw_score(x, 0.0, 60.0)
    s = None if r is None else clamp_score(r, clamp)
    return status_of(r, s, expected_score(year, A_BASE, A_TARGETS))


def test_plan_a_path_and_expected() -> None:
    # path 2025 = 0 + (30 - 0) * (2025 - 2023) / (2026 - 2023) = 20 -> 100 * 20 / 60 = 33.33
    assert target_path(2025, A_BASE, A_TARGETS) == pytest.approx(20.0)
    assert expected_score(2025, A_BASE, A_TARGETS) == pytest.approx(100 / 3)
    # path 2027 = 30 + (60 - 30) * (2027 - 2026) / (2028 - 2026) = 45 -> 100 * 45 / 60 = 75
    assert target_path(2027, A_BASE, A_TARGETS) == pytest.approx(45.0)
    assert expected_score(2027, A_BASE, A_TARGETS) == pytest.approx(75.0)
    # before the baseline year the path is b; after the final target it stays at T
    assert target_path(2020, A_BASE, A_TARGETS) == 0.0
    assert target_path(2031, A_BASE, A_TARGETS) == 60.0
    assert expected_score(2023, A_BASE, A_TARGETS) == 0.0
    assert expected_score(2030, A_BASE, A_TARGETS) == 100.0
    # targets given out of order are sorted by year
    assert target_path(2027, A_BASE, A_TARGETS[::-1]) == pytest.approx(45.0)


@pytest.mark.parametrize(
    ("x", "expected_status"),
    [
        (60.0, Status.ACHIEVED),  # raw = 100 * 60 / 60 = 100 >= 100
        (75.0, Status.ACHIEVED),  # raw = 125
        (20.0, Status.ON_TRACK),  # raw = 33.33 = e(2025) = 33.33 (equal, up to float noise)
        (25.0, Status.ON_TRACK),  # raw = 41.67 >= 33.33
        (10.0, Status.BEHIND),  # raw = 16.67 = e / 2 = 16.67 (equal)
        (12.0, Status.BEHIND),  # raw = 20 >= 16.67
        (5.0, Status.STALLED),  # raw = 8.33 < 16.67, >= 0
        (0.0, Status.STALLED),  # raw = 0 (no change from the baseline)
        (-6.0, Status.REGRESSING),  # raw = 100 * -6 / 60 = -10 < 0
    ],
)
def test_plan_a_statuses(x: float, expected_status: Status) -> None:
    assert status_a(x) is expected_status


def test_status_edges() -> None:
    assert status_of(None, None, 50.0) is Status.NO_DATA
    assert status_of(math.nan, None, 50.0) is Status.NO_DATA
    # float noise below 100 is still achieved; a real shortfall is not
    assert status_of(99.99999999999, 99.99999999999, 100.0) is Status.ACHIEVED
    assert status_of(99.9, 99.9, 100.0) is Status.BEHIND
    # In the baseline year e = 0, so by the rule order a regression clamped to 0 is on_track.
    assert status_a(-6.0, year=2023) is Status.ON_TRACK
    # With no expectation the on_track/behind rules are skipped.
    assert status_of(40.0, 40.0, None) is Status.STALLED
    assert status_of(-1.0, 0.0, None) is Status.REGRESSING


def test_lower_is_better() -> None:
    # baseline 2020 = 50, target 2030 = 30: path 2025 = 50 + (30 - 50) * 5 / 10 = 40
    # -> e = 100 * (40 - 50) / (30 - 50) = 50
    base, targets = (2020, 50.0), [(2030, 30.0)]
    e = expected_score(2025, base, targets)
    assert e == pytest.approx(50.0)
    cases = {
        40.0: (50.0, Status.ON_TRACK),  # 100 * (40 - 50) / (30 - 50) = 50 >= 50
        45.0: (25.0, Status.BEHIND),  # 100 * -5 / -20 = 25 >= 50 / 2
        48.0: (10.0, Status.STALLED),  # 100 * -2 / -20 = 10
        55.0: (-25.0, Status.REGRESSING),  # 100 * 5 / -20 = -25
        28.0: (110.0, Status.ACHIEVED),  # 100 * -22 / -20 = 110
    }
    for x, (raw, status) in cases.items():
        r = raw_score(x, 50.0, 30.0)
        assert r == pytest.approx(raw)
        assert r is not None
        assert status_of(r, clamp_score(r, Clamp()), e) is status


def test_attainment_both_directions() -> None:
    at = Method.ATTAINMENT
    # higher is better (T = 80 >= b = 40): 100 * x / T
    assert raw_score(60.0, 40.0, 80.0, at) == pytest.approx(75.0)  # 100 * 60 / 80
    assert raw_score(80.0, 40.0, 80.0, at) == 100.0
    # lower is better (T = 30 < b = 50): 100 * T / x
    assert raw_score(40.0, 50.0, 30.0, at) == pytest.approx(75.0)  # 100 * 30 / 40
    assert raw_score(25.0, 50.0, 30.0, at) == pytest.approx(120.0)  # 100 * 30 / 25
    # lower is better with a value of 0: the target is met (see the test below)
    assert raw_score(0.0, 50.0, 30.0, at) == 100.0
    # division by zero otherwise -> None
    assert raw_score(5.0, -1.0, 0.0, at) is None
    # T == b is fine for attainment (counts as higher is better), an error for progress
    assert raw_score(5.0, 10.0, 10.0, at) == pytest.approx(50.0)
    assert raw_score(5.0, 10.0, 10.0) is None
    # expected: baseline 2020 = 40, target 2030 = 80; path 2025 = 60 -> 100 * 60 / 80 = 75;
    # in the baseline year 100 * 40 / 80 = 50 (attainment does not start from zero)
    assert expected_score(2025, (2020, 40.0), [(2030, 80.0)], at) == pytest.approx(75.0)
    assert expected_score(2020, (2020, 40.0), [(2030, 80.0)], at) == pytest.approx(50.0)


def test_clamp_variants() -> None:
    assert clamp_score(120.0, Clamp()) == 100.0
    assert clamp_score(-5.0, Clamp()) == 0.0
    assert clamp_score(42.0, Clamp()) == 42.0
    assert clamp_score(120.0, Clamp(0.0, 120.0)) == 120.0
    assert clamp_score(130.0, Clamp(0.0, 120.0)) == 120.0
    assert clamp_score(-5.0, Clamp(None, None)) == -5.0
    assert clamp_score(130.0, Clamp(None, None)) == 130.0
    assert clamp_score(-5.0, Clamp(None, 100.0)) == -5.0
    assert clamp_score(math.inf, Clamp(None, None)) == sys.float_info.max
    assert clamp_score(math.nan, Clamp()) == 0.0
    # a custom clamp lets over-achievement show without changing the status
    assert status_a(72.0, clamp=Clamp(0.0, 120.0)) is Status.ACHIEVED  # raw = 120
    with pytest.raises(ValueError):
        Clamp(10.0, 5.0)
    with pytest.raises(ValueError):
        Clamp(math.nan, None)


def test_weighted_index_and_coverage() -> None:
    # (2 * 80 + 1 * 50) / (2 + 1) = 70; coverage = 3 / (2 + 1 + 1) = 0.75
    index, cov = weighted_index([(2.0, 80.0), (1.0, 50.0), (1.0, None)])
    assert index == pytest.approx(70.0)
    assert cov == pytest.approx(0.75)
    # only 1 of 4 weight scored: index still shown, coverage 0.25 flags insufficient data
    index, cov = weighted_index([(1.0, 80.0), (3.0, None)])
    assert index == pytest.approx(80.0)
    assert cov == pytest.approx(0.25)
    assert cov < MIN_COVERAGE
    assert weighted_index([(1.0, None), (1.0, None)]) == (None, 0.0)
    assert weighted_index([]) == (None, 0.0)
    assert weighted_index([(0.0, 50.0)]) == (None, 0.0)
    assert mean([10.0, 20.0, 60.0]) == pytest.approx(30.0)
    assert mean([]) is None


@pytest.mark.parametrize(
    ("points", "trend"),
    [
        # observed (50 - 0) / 5 = 10/yr, needed (100 - 0) / (2030 - 2020) = 10 -> ratio 1
        ([(2020, 0.0), (2025, 50.0)], Trend.ON_TRACK),
        ([(2020, 0.0), (2025, 30.0)], Trend.IMPROVING),  # 6 / 10 = 0.6
        ([(2020, 0.0), (2023, 12.0), (2025, 10.0)], Trend.STAGNATING),  # 2 / 10 = 0.2
        ([(2020, 20.0), (2025, 20.0)], Trend.STAGNATING),  # 0 / 8 = 0
        ([(2020, 20.0), (2025, 10.0)], Trend.DECLINING),  # -2 / 8 < 0
        ([(2020, 50.0), (2024, 100.0)], Trend.ON_TRACK),  # s_last >= 100
        ([(2020, 100.0), (2024, 90.0)], Trend.DECLINING),  # needed 0, observed -2.5
        ([(2020, 40.0)], Trend.UNKNOWN),
        ([], Trend.UNKNOWN),
        # history before the baseline year is ignored: (2018, 90) would make this declining
        ([(2018, 90.0), (2020, 0.0), (2025, 50.0)], Trend.ON_TRACK),
        # y_first >= target year: 1 year is used, needed 60, observed 10 -> 0.17
        ([(2030, 40.0), (2032, 60.0)], Trend.STAGNATING),
    ],
)
def test_trend(points: list[tuple[int, float]], trend: Trend) -> None:
    assert trend_of(points, target_year=2030, start_year=2020) is trend


def test_is_finite() -> None:
    assert is_finite(1.0)
    assert is_finite(0)
    assert not is_finite(None)
    assert not is_finite(math.nan)
    assert not is_finite(-math.inf)
    assert not is_finite(10**400)


# --------------------------------------------------------------------------- properties

M = 1e6
values = st.floats(-M, M, allow_nan=False, allow_infinity=False)
any_float = st.floats(allow_nan=False, allow_infinity=False)
# zero or well away from subnormals, so that scaling a weight never rounds it to zero
weights = st.one_of(st.just(0.0), st.floats(1e-3, 1e3))
scores = st.one_of(st.none(), st.floats(-1e3, 1e3, allow_nan=False))
parts_st = st.lists(st.tuples(weights, scores), max_size=8)


def distinct_pair(
    margin: float = 1e-3, of: st.SearchStrategy[float] = values
) -> st.SearchStrategy[tuple[float, float]]:
    return st.tuples(of, of).filter(lambda p: abs(p[1] - p[0]) >= margin)


@given(distinct_pair())
def test_progress_fixes_baseline_at_0_and_target_at_100(bt: tuple[float, float]) -> None:
    b, t = bt
    assert raw_score(b, b, t) == 0.0
    assert raw_score(t, b, t) == 100.0
    if t != 0:
        assert raw_score(t, b, t, Method.ATTAINMENT) == 100.0


@given(distinct_pair(), values, values)
def test_progress_monotone_towards_target(bt: tuple[float, float], x1: float, x2: float) -> None:
    b, t = bt
    lo, hi = sorted((x1, x2))
    r_lo, r_hi = raw_score(lo, b, t), raw_score(hi, b, t)
    assert r_lo is not None and r_hi is not None
    assert (r_lo <= r_hi) if t > b else (r_lo >= r_hi)


@given(st.floats(1e-3, M), st.floats(1e-3, M), st.floats(1e-3, M), st.floats(1e-3, M))
def test_attainment_monotone(b: float, t: float, x1: float, x2: float) -> None:
    lo, hi = sorted((x1, x2))
    r_lo, r_hi = raw_score(lo, b, t, Method.ATTAINMENT), raw_score(hi, b, t, Method.ATTAINMENT)
    assert r_lo is not None and r_hi is not None
    assert (r_lo <= r_hi) if t >= b else (r_lo >= r_hi)


scales = st.floats(1e-2, 1e2).flatmap(lambda a: st.sampled_from([a, -a]))


@given(distinct_pair(1.0), values, scales, values)
def test_progress_invariant_under_affine_units(
    bt: tuple[float, float], x: float, a: float, c: float
) -> None:
    b, t = bt
    r = raw_score(x, b, t)
    r2 = raw_score(a * x + c, a * b + c, a * t + c)
    assert r is not None and r2 is not None
    # a few ulps of the transformed magnitudes, relative to the transformed span
    tol = 1e-13 * (abs(a) * M + abs(c)) / (abs(a) * abs(t - b)) * (100 + abs(r))
    assert r2 == pytest.approx(r, rel=1e-9, abs=tol)


@given(st.floats(1e-3, M), st.floats(1e-3, M), st.floats(1e-3, M), st.floats(1e-2, 1e2))
def test_attainment_invariant_under_scale(x: float, b: float, t: float, a: float) -> None:
    r = raw_score(x, b, t, Method.ATTAINMENT)
    r2 = raw_score(a * x, a * b, a * t, Method.ATTAINMENT)
    assert r is not None and r2 is not None
    assert r2 == pytest.approx(r, rel=1e-9)


clamps = st.builds(
    lambda lo, span, use_lo, use_hi: Clamp(lo if use_lo else None, lo + span if use_hi else None),
    values,
    st.floats(0, M),
    st.booleans(),
    st.booleans(),
)


@given(st.floats(allow_nan=False), clamps)
def test_clamp_bounds(r: float, clamp: Clamp) -> None:
    s = clamp_score(r, clamp)
    assert math.isfinite(s)
    assert clamp.low is None or s >= clamp.low
    assert clamp.high is None or s <= clamp.high
    inside = (clamp.low is None or r >= clamp.low) and (clamp.high is None or r <= clamp.high)
    if inside and math.isfinite(r):
        assert s == r


@given(parts_st)
def test_weighted_index_between_min_and_max(parts: list[tuple[float, float | None]]) -> None:
    index, cov = weighted_index(parts)
    assert 0.0 <= cov <= 1.0
    scored = [s for w, s in parts if s is not None and w > 0]
    if not scored:
        assert index is None
    else:
        assert index is not None
        assert min(scored) <= index <= max(scored)


@given(parts_st, st.floats(1e-3, 1e3))
def test_weighted_index_invariant_under_weight_scale(
    parts: list[tuple[float, float | None]], k: float
) -> None:
    index, cov = weighted_index(parts)
    index2, cov2 = weighted_index([(w * k, s) for w, s in parts])
    assert cov2 == pytest.approx(cov, rel=1e-9, abs=1e-12)
    if index is None:
        assert index2 is None
    else:
        assert index2 == pytest.approx(index, rel=1e-9, abs=1e-9)


@given(parts_st, st.randoms(use_true_random=False))
def test_weighted_index_invariant_under_permutation(
    parts: list[tuple[float, float | None]], rnd: random.Random
) -> None:
    shuffled = list(parts)
    rnd.shuffle(shuffled)
    assert weighted_index(shuffled) == weighted_index(parts)


@given(parts_st)
def test_missing_parts_are_renormalised(parts: list[tuple[float, float | None]]) -> None:
    only_scored = [(w, s) for w, s in parts if s is not None]
    assert weighted_index(parts)[0] == weighted_index(only_scored)[0]


@st.composite
def monotone_plans(
    draw: st.DrawFn, positive: bool = False
) -> tuple[tuple[int, float], list[tuple[int, float]]]:
    """Plans whose dated targets move monotonically from the baseline to the final target."""
    b, t = draw(distinct_pair(of=st.floats(1e-3, M) if positive else values))
    y0 = draw(st.integers(2000, 2030))
    n = draw(st.integers(0, 3))
    gaps = draw(st.lists(st.integers(1, 5), min_size=n + 1, max_size=n + 1))
    fracs = sorted(draw(st.lists(st.floats(0, 1), min_size=n, max_size=n)))
    years = [y0 + sum(gaps[: i + 1]) for i in range(n + 1)]
    vals = [b + (t - b) * f for f in fracs] + [t]
    return (y0, b), list(zip(years, vals, strict=True))


# attainment of a negative quantity has no meaning, so its plans are positive
@given(
    st.one_of(
        st.tuples(monotone_plans(), st.just(Method.PROGRESS)),
        st.tuples(monotone_plans(positive=True), st.just(Method.ATTAINMENT)),
    )
)
def test_expected_score_monotone_in_year_and_bounded(
    case: tuple[tuple[tuple[int, float], list[tuple[int, float]]], Method],
) -> None:
    (base, targets), method = case
    years = range(base[0] - 2, targets[-1][0] + 3)
    es = [expected_score(y, base, targets, method) for y in years]
    assert all(0.0 <= e <= 100.0 for e in es)
    # (lower-is-better attainment 100 * T / path also rises as the path falls towards T)
    assert all(e1 <= e2 for e1, e2 in pairwise(es))


years_st = st.integers(1900, 2200)
targets_st = st.lists(st.tuples(years_st, any_float), max_size=4)


@given(any_float, any_float, any_float, st.sampled_from(list(Method)), clamps)
def test_scores_never_nan_or_inf(
    x: float, b: float, t: float, method: Method, clamp: Clamp
) -> None:
    r = raw_score(x, b, t, method)
    assert r is None or math.isfinite(r)
    if r is not None:
        assert math.isfinite(clamp_score(r, clamp))


@given(years_st, st.tuples(years_st, any_float), targets_st, st.sampled_from(list(Method)))
def test_paths_never_nan_or_inf(
    year: int, base: tuple[int, float], targets: list[tuple[int, float]], method: Method
) -> None:
    assert math.isfinite(target_path(year, base, targets))
    assert math.isfinite(target_path(year + 0.5, base, targets))
    assert 0.0 <= expected_score(year, base, targets, method) <= 100.0


@given(
    st.lists(st.tuples(any_float, st.one_of(st.none(), any_float)), max_size=6),
    st.lists(any_float, max_size=6),
    st.lists(st.tuples(years_st, any_float), max_size=6),
    years_st,
    st.one_of(st.none(), any_float),
    st.one_of(st.none(), any_float),
    st.one_of(st.none(), any_float),
)
def test_aggregates_never_nan_or_inf(
    parts: list[tuple[float, float | None]],
    vals: list[float],
    history: list[tuple[int, float]],
    year: int,
    raw: float | None,
    score: float | None,
    expected: float | None,
) -> None:
    index, cov = weighted_index(parts)
    assert (index is None or math.isfinite(index)) and math.isfinite(cov)
    m = mean(vals)
    assert m is None or math.isfinite(m)
    assert isinstance(trend_of(sorted(history), year, year - 10), Trend)
    assert isinstance(status_of(raw, score, expected), Status)


def test_attainment_lower_is_better_with_a_value_of_zero_meets_the_target() -> None:
    # baseline 12 accidents, target 4 (lower is better), value 0: 100 * 4 / 0 has no
    # number, but zero accidents meets the target -> raw 100, achieved
    raw = raw_score(0.0, 12.0, 4.0, Method.ATTAINMENT)
    assert raw == 100.0
    assert status_of(raw, raw, 50.0) is Status.ACHIEVED
