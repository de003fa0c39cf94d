"""The numbers of docs/language.md end to end, on one small plan and one CSV, every figure
computed by hand.

Evaluated in 2025 unless a test says otherwise. Progress scores are r = 100*(x-b)/(T-b)
with T the final (latest) target; the expected score e(t) follows the target path through
(y0, b), each dated target and (yT, T), scored with r and clamped to 0..100.
"""

from __future__ import annotations

import attrs
import pytest
import support

from dxplan.pipeline import Loaded, evaluate, load_strings
from dxplan.results import (
    FieldResult,
    Input,
    KpiResult,
    MeasureResult,
    Point,
    Results,
    YearChoice,
)
from dxplan.scoring import Status, Trend
from dxplan.source import Severity, Span

SPEC = """\
plan t "試験計画" {
    period 2024..2028
}

grading {
    grade "-" "評価不能" when no_data
    grade S "目標達成" when raw >= 100
    grade F "横ばい" when abs(change) <= 1
    grade A "順調" when score >= expected
    grade B "やや遅れ" when score >= expected * 0.5
    grade C "遅れ" when raw >= 0
    grade D "後退" otherwise
}

goal productivity "労働生産性" {
    unit "千円"
    value = gross / workers * 1000
    baseline 2020 = 3720
    target 2028 = 4200
}

field industry "産業" {
    kpi k1 "進捗法" {
        indicator a "中間目標つき" {
            baseline 2023 = 0
            target 2026 = 30
            target 2028 = 60
            weight 2
        }
        indicator b "低いほど良い" {
            baseline 2023 = 50
            target 2028 = 30
        }
        indicator c "参考値" {
            reference
        }
    }
    kpi k2 "達成率法" {
        method attainment
        indicator d "達成" {
            baseline 2023 = 40
            target 2028 = 80
        }
        indicator e "低いほど良い達成" {
            baseline 2023 = 20
            target 2028 = 10
            clamp 0..120
        }
        indicator g "後退" {
            method progress
            clamp none
            baseline 2023 = 100
            target 2028 = 200
        }
    }
}

field life "暮らし" {
    kpi k3 "データ不足" {
        indicator h "あり" {
            baseline 2023 = 0
            target 2028 = 100
        }
        indicator i "なし" {
            baseline 2023 = 0
            target 2028 = 100
            weight 3
        }
    }
    kpi k4 "計算式" {
        indicator ratio "利用率" {
            value = users / population * 100
            baseline 2023 = 20
            target 2028 = 70
        }
        indicator growth "増加数" {
            value = users - lag(users, 1)
            baseline 2023 = 0
            target 2028 = 100
        }
        indicator vs_base "2024年比" {
            value = ratio - at(ratio, 2024)
            baseline 2024 = 0
            target 2028 = 10
        }
        indicator per_staff "職員1人当たり" {
            value = users / staff
            baseline 2023 = 0
            target 2028 = 100
        }
    }
}
"""

DATA = """\
series,year,value,note
gross,2024,4000
workers,2024,1000
a,2024,10
a,2025,21
b,2024,48
b,2025,x,秘匿
c,2025,999
d,2025,100
e,2025,8
g,2025,90
h,2023,10
h,2025,50
i,2025,x
users,2023,200
users,2024,250
users,2025,300
population,2024,1000
population,2025,1000
staff,2025,0
"""


def load(spec: str = SPEC, data: str = DATA) -> Loaded:
    return support.load({"plan.dxp": spec}, {"obs.csv": data})


@pytest.fixture(scope="module")
def loaded() -> Loaded:
    return load()


@pytest.fixture(scope="module")
def results(loaded: Loaded) -> Results:
    return support.evaluate(loaded, 2025)


def measure(results: Results, ident: str) -> MeasureResult:
    found = results.find(ident)
    assert isinstance(found, MeasureResult)
    return found


def kpi(results: Results, ident: str) -> KpiResult:
    found = results.find(ident)
    assert isinstance(found, KpiResult)
    return found


def field(results: Results, ident: str) -> FieldResult:
    found = results.find(ident)
    assert isinstance(found, FieldResult)
    return found


def scores(history: tuple[Point, ...]) -> dict[int, float | None]:
    return {p.year: p.score for p in history}


def values(history: tuple[Point, ...]) -> dict[int, float | None]:
    return {p.year: p.value for p in history}


def grade(result: MeasureResult | KpiResult) -> str | None:
    return result.grade.id if result.grade else None


# --------------------------------------------------------------------------- indicators


def test_progress_through_an_interim_target(results: Results) -> None:
    a = measure(results, "a")
    assert (a.value, a.value_year) == (21.0, 2025)
    # raw = 100*(21-0)/(60-0) = 35; clamp 0..100 leaves 35
    assert a.raw == pytest.approx(35.0)
    assert a.score == pytest.approx(35.0)
    # path(2025) = 0 + (30-0)*(2025-2023)/(2026-2023) = 20 (the 2026 interim target, not
    # the straight line to 2028's 60, which would give 24) -> 100*20/60 = 33.333
    assert a.expected == pytest.approx(100 / 3)
    assert a.status is Status.ON_TRACK  # 35 >= 33.333
    assert a.change == pytest.approx(11.0)  # 21 - 10 (2024)
    assert grade(a) == "A"  # |11| > 1, so F does not match; 35 >= 33.333
    # raw by year (2024: 100*10/60 = 16.667, 2025: 35); slope 18.333 a year against
    # (100-16.667)/(2028-2024) = 20.833 needed: ratio 0.88 -> improving (>= 0.5, < 1)
    assert a.trend is Trend.IMPROVING
    assert scores(a.history) == pytest.approx({2024: 100 / 6, 2025: 35.0})


def test_lower_is_better_uses_the_latest_value_and_skips_a_suppressed_cell(
    results: Results,
) -> None:
    b = measure(results, "b")
    # 2025 is `x` (秘匿): skipped, so the 2024 figure is used and its year reported
    assert (b.value, b.value_year) == (48.0, 2024)
    assert b.inputs == (Input("b", 2024, 48.0),)
    # raw = 100*(48-50)/(30-50) = 10
    assert b.raw == pytest.approx(10.0)
    # judged at the value's own year, 2024 (the lag rule), not at 2025:
    # path(2024) = 50 + (30-50)*1/5 = 46 -> 100*(46-50)/(30-50) = 20; 10 >= 20/2 -> behind
    # (at 2025 the path is 42 -> 40, and the same 2024 figure would look stalled)
    assert (b.expected, b.expected_year) == (pytest.approx(20.0), 2024)
    assert b.carried_over
    assert b.status is Status.BEHIND
    assert grade(b) == "B"
    assert b.change is None  # no observation before 2024
    assert b.trend is Trend.UNKNOWN  # one point


def test_a_reference_indicator_is_shown_but_not_scored(results: Results) -> None:
    c = measure(results, "c")
    assert (c.value, c.value_year, c.reference) == (999.0, 2025, True)
    assert (c.raw, c.score, c.expected) == (None, None, None)
    assert c.status is Status.REFERENCE
    assert grade(c) is None  # 参考値: never graded (not 評価不能: it has a value)


def test_attainment_and_clamps(results: Results) -> None:
    d = measure(results, "d")
    # attainment: raw = 100*100/80 = 125; default clamp 0..100 -> 100
    assert d.raw == pytest.approx(125.0)
    assert d.score == 100.0
    # path(2025) = 40 + (80-40)*2/5 = 56 -> 100*56/80 = 70
    assert d.expected == pytest.approx(70.0)
    assert d.status is Status.ACHIEVED
    assert grade(d) == "S"
    e = measure(results, "e")
    # lower is better: raw = 100*T/x = 100*10/8 = 125; `clamp 0..120` -> 120
    assert e.raw == pytest.approx(125.0)
    assert e.score == 120.0
    # path(2025) = 20 + (10-20)*2/5 = 16 -> 100*10/16 = 62.5
    assert e.expected == pytest.approx(62.5)
    assert e.status is Status.ACHIEVED
    g = measure(results, "g")
    # `method progress` overrides the KPI's attainment: raw = 100*(90-100)/(200-100) = -10;
    # `clamp none` keeps -10 (the default would give 0)
    assert g.raw == pytest.approx(-10.0)
    assert g.score == pytest.approx(-10.0)
    # path(2025) = 100 + 100*2/5 = 140 -> 40
    assert g.expected == pytest.approx(40.0)
    assert g.status is Status.REGRESSING
    assert grade(g) == "D"  # raw < 0: only `otherwise` is left


def test_no_data(results: Results) -> None:
    i = measure(results, "i")
    assert (i.value, i.value_year, i.raw, i.score) == (None, None, None, None)
    assert i.status is Status.NO_DATA
    assert i.problem == "'i' is missing in 2025 (x)"
    assert i.expected == pytest.approx(40.0)  # path(2025) = 0 + 100*2/5 = 40
    assert grade(i) == "-"


def test_a_stale_series_keeps_its_change_and_trend(results: Results) -> None:
    h = measure(results, "h")
    assert (h.value, h.value_year) == (50.0, 2025)
    assert h.raw == pytest.approx(50.0)
    assert h.status is Status.ON_TRACK  # 50 >= path(2025) = 100*2/5 = 40
    assert h.change == pytest.approx(40.0)  # 50 - 10 (2023; no 2024 figure)
    # slope (50-10)/(2025-2023) = 20 a year >= (100-10)/(2028-2023) = 18 needed
    assert h.trend is Trend.ON_TRACK


# --------------------------------------------------------------------------- formulas


def test_formula_ratio_of_two_series(results: Results) -> None:
    ratio = measure(results, "ratio")
    # 300 / 1000 * 100 = 30 -> raw = 100*(30-20)/(70-20) = 20; e(2025) = 40; 20 >= 20
    assert ratio.value == pytest.approx(30.0)
    assert ratio.value_year == 2025
    assert ratio.raw == pytest.approx(20.0)
    assert ratio.status is Status.BEHIND
    assert grade(ratio) == "B"
    assert ratio.change == pytest.approx(5.0)  # 2024: 250/1000*100 = 25
    assert set(ratio.inputs) == {Input("users", 2025, 300.0), Input("population", 2025, 1000.0)}


def test_formula_with_lag(results: Results) -> None:
    growth = measure(results, "growth")
    # 2025: 300 - 250 = 50; 2024: 250 - 200 = 50; 2023 would need users in 2022
    assert values(growth.history) == {2024: 50.0, 2025: 50.0}
    assert growth.raw == pytest.approx(50.0)  # 100*(50-0)/(100-0)
    assert growth.status is Status.ON_TRACK  # 50 >= 40
    assert growth.change == 0.0
    assert grade(growth) == "F"  # |0| <= 1 matches before `score >= expected`


def test_formula_with_at_reading_another_measure(results: Results) -> None:
    vs_base = measure(results, "vs_base")
    # `ratio` is a measure id: 2025 ratio 30 - at(ratio, 2024) 25 = 5; 2024: 25 - 25 = 0
    assert values(vs_base.history) == pytest.approx({2024: 0.0, 2025: 5.0})
    # raw = 100*(5-0)/(10-0) = 50; path(2025) = 0 + 10*(1/4) = 2.5 -> 25
    assert vs_base.raw == pytest.approx(50.0)
    assert vs_base.expected == pytest.approx(25.0)
    assert vs_base.status is Status.ON_TRACK


def test_division_by_zero_is_no_value_and_a_warning(loaded: Loaded) -> None:
    results, diagnostics = support.evaluate_with(loaded, 2025)
    per_staff = measure(results, "per_staff")
    assert per_staff.value is None
    assert per_staff.status is Status.NO_DATA
    assert per_staff.problem == "division by zero"
    [diagnostic] = diagnostics  # the only one: a missing lag input warns no one
    line = SPEC.splitlines().index("            value = users / staff") + 1
    assert diagnostic.severity is Severity.WARNING
    assert diagnostic.code == "formula-no-value"
    assert diagnostic.message == "'per_staff' has no value in 2025: division by zero"
    assert diagnostic.span is not None
    assert (diagnostic.span.line, diagnostic.span.column) == (line, 21)


def test_basic_goal_from_a_formula(results: Results) -> None:
    [goal] = results.goals
    # 4000 / 1000 * 1000 = 4000 (2024, the latest up to 2025)
    assert goal.value == pytest.approx(4000.0)
    assert goal.value_year == 2024
    # raw = 100*(4000-3720)/(4200-3720) = 100*280/480 = 58.333
    assert goal.raw == pytest.approx(175 / 3)
    # judged at 2024, the value's year: path(2024) = 3720 + 480*(2024-2020)/(2028-2020)
    # = 3960 -> 100*240/480 = 50 (at 2025 it would be 62.5, and the goal behind)
    assert (goal.expected, goal.expected_year) == (pytest.approx(50.0), 2024)
    assert goal.status is Status.ON_TRACK  # 58.333 >= 50
    assert grade(goal) == "A"


# --------------------------------------------------------------------------- KPIs, fields


def test_kpi_index_with_weights_leaves_the_reference_out(results: Results) -> None:
    k1 = kpi(results, "k1")
    # I = (2*35 + 1*10) / (2+1) = 26.667; `c` (reference) is in neither sum
    assert k1.index == pytest.approx(80 / 3)
    assert k1.coverage == 1.0
    # expected by the same weights, each at its own value's year: a (2025) 33.333,
    # b (2024) 20: (2*33.333 + 1*20) / 3 = 28.889
    assert k1.expected == pytest.approx((200 / 3 + 20) / 3)
    assert k1.status is Status.BEHIND  # 26.667 < 28.889, >= 14.444
    assert grade(k1) == "B"
    # 2024: (2*16.667 + 10)/3 = 14.444; slope 12.222 against (100-14.444)/(2028-2024) =
    # 21.389 needed: ratio 0.57 -> improving
    assert scores(k1.history) == pytest.approx({2024: 130 / 9, 2025: 80 / 3})
    assert k1.trend is Trend.IMPROVING


def test_kpi_by_attainment(results: Results) -> None:
    k2 = kpi(results, "k2")
    # (100 + 120 + -10) / 3 = 70; expected (70 + 62.5 + 40) / 3 = 57.5
    assert k2.index == pytest.approx(70.0)
    assert k2.expected == pytest.approx(57.5)
    assert k2.status is Status.ON_TRACK
    assert k2.trend is Trend.UNKNOWN  # one year of data


def test_insufficient_coverage_still_shows_the_index(results: Results) -> None:
    k3 = kpi(results, "k3")
    # h scored (weight 1), i not (weight 3): coverage 1/4 < 50%
    assert k3.coverage == pytest.approx(0.25)
    assert k3.index == pytest.approx(50.0)  # h alone
    assert k3.status is Status.INSUFFICIENT_DATA


def test_kpi_with_a_formula_that_has_no_value(results: Results) -> None:
    k4 = kpi(results, "k4")
    # (20 + 50 + 50) / 3 = 40 over the scored three; per_staff missing: coverage 3/4
    assert k4.index == pytest.approx(40.0)
    assert k4.coverage == pytest.approx(0.75)
    # expected over the same three: (40 + 40 + 25) / 3 = 35
    assert k4.expected == pytest.approx(35.0)
    assert k4.status is Status.ON_TRACK
    # 2024: ratio 100*(25-20)/50 = 10, growth 50, vs_base 0 -> 20; 2025: 40. Slope 20 a
    # year against (100-20)/(2028-2024) = 20 needed -> on track
    assert scores(k4.history) == pytest.approx({2024: 20.0, 2025: 40.0})
    assert k4.trend is Trend.ON_TRACK
    # change 40 - 20 = 20: not flat; 40 >= 35 -> A
    assert grade(k4) == "A"


def test_field_index_is_the_mean_of_its_kpis(results: Results) -> None:
    assert field(results, "industry").index == pytest.approx((80 / 3 + 70) / 2)  # 48.333
    life = field(results, "life")
    assert life.index == pytest.approx((50 + 40) / 2)  # 45, k3 counts despite low coverage
    assert life.kpis == ("k3", "k4")
    # by year, a KPI's last index stands until its next one (as its data do):
    # 2023: k3 10 (h) alone; 2024: k3 still 10, k4 20 -> 15; 2025: 45
    assert scores(life.history) == pytest.approx({2023: 10.0, 2024: 15.0, 2025: 45.0})


# --------------------------------------------------------------------------- other years


def test_an_earlier_year_sits_on_the_status_boundaries(
    loaded: Loaded,
) -> None:
    results = support.evaluate(loaded, 2024)
    a = measure(results, "a")
    # a = 10: raw 100*10/60 = 16.667; path(2024) = 30*(1/3) = 10 -> 16.667: s == e
    assert a.raw == pytest.approx(a.expected)
    assert a.status is Status.ON_TRACK
    b = measure(results, "b")
    # b = 48: raw 10; path(2024) = 50 - 20/5 = 46 -> 100*(46-50)/(30-50) = 20: s == e/2
    assert b.expected == pytest.approx(20.0)
    assert b.status is Status.BEHIND
    # nothing after 2024 is read: d has only a 2025 figure
    assert measure(results, "d").status is Status.NO_DATA
    assert measure(results, "d").problem == "no data for 'd' up to 2024"


def test_default_year_is_the_latest_year_half_the_scored_indicators_have(
    loaded: Loaded, results: Results
) -> None:
    # 11 scored indicators (c is a reference value). In 2025: a, d, e, g, h, ratio, growth,
    # vs_base have a value (8 >= 5.5); b and i are `x`, per_staff divides by zero
    default = support.evaluate(loaded)
    assert default.year_choice == YearChoice(2025, "data", 8, 11)
    assert attrs.evolve(default, year_choice=results.year_choice) == results


def test_the_plan_without_grading_grades_nothing() -> None:
    start, end = SPEC.index("grading {"), SPEC.index("goal productivity")
    results = support.evaluate(load(SPEC[:start] + SPEC[end:]), 2025)
    every: list[MeasureResult | KpiResult] = [
        *results.goals, *results.kpis, *(i for k in results.kpis for i in k.indicators)]
    assert [x.grade for x in every] == [None] * len(every)
    assert measure(results, "a").status is Status.ON_TRACK  # statuses do not need grades


def test_an_input_read_in_bulk_is_placed_only_when_shown() -> None:
    # a plain `series,year,value` file is read in bulk: each input keeps its row and
    # becomes the careful reader's span (the series cell) only when explain or the
    # report's basis asks; equality ignores where an input was read
    loaded = load_strings({"p.dxp": 'plan p "P" {\n    period 2024..2028\n}\n'
                           'field f "F" {\n    kpi k "K" {\n        indicator a "A" {\n'
                           '            baseline 2024 = 10\n            target 2028 = 20\n'
                           '        }\n    }\n}\n'},
                          {"d.csv": "series,year,value\na,2024,10\na,2025,12\n"})
    results = evaluate(loaded, 2025)[0]
    assert results is not None
    (read,) = results.kpis[0].indicators[0].inputs
    assert not isinstance(read.place, Span)  # not placed yet
    assert read == Input("a", 2025, 12.0)
    assert read.span is not None and read.span.location() == "d.csv:3:1"
    assert (read.span.end_line, read.span.end_column) == (3, 2)  # the cell `a`
