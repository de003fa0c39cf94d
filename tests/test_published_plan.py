"""Plans as prefectures publish them: every target form, lagged statistics judged at their
own year, era years, calendar years, numbers as printed, the year evaluated.

Every golden figure is computed by hand in the comment beside it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import support

from dxplan import pipeline
from dxplan.results import MeasureResult, Results
from dxplan.scoring import Status

ROOT = Path(__file__).resolve().parent.parent

PLAN = """\
plan p "P" {
    period H26..H29
}

goal quake_deaths "想定される大規模地震の犠牲者数" {
    unit "人"
    baseline H25 = 105,000
    target H34 = baseline * 0.2
}

goal visitors "観光入込客数" {
    unit "万人"
    baseline H24..H26 = 650
    target H29 > baseline
}

field f "F" {
    kpi k "K" {
        indicator keep "研修受講率(維持)" {
            unit "%"
            baseline 2013 = 100
            target 2017 >= 100
        }
        indicator up_to "受講率" {
            unit "%"
            baseline 2013 = 80
            target 2017 >= 100
        }
        indicator waiting_days "処理日数" {
            unit "日"
            baseline 2013 = 8
            target 2017 <= 5
        }
        indicator satisfaction "満足度" {
            unit "%"
            baseline 2013 = 20
            target 2017 = 30..40
        }
        indicator new_farmers "新規就農者数(累計)" {
            unit "人"
            value = cumulative(new_farmers_yearly, 2014)
            baseline 2013 = 0
            target 2017 = 1,000
        }
        indicator migrants "移住者数" {
            unit "人"
            target each year >= 1,000
        }
        indicator lgx_code "LGX行動規範の制定" {
            milestone 2016 "制定"
        }
        indicator river_rate "河川整備率" {
            unit "%"
            year calendar
            reference
        }
    }
}
"""

DATA = """\
series,year,value
quake_deaths,H27,63000
visitors,H27,620
keep,2015,98
up_to,2015,90
waiting_days,2015,6
satisfaction,2015,25
new_farmers_yearly,2014,180
new_farmers_yearly,2015,210
migrants,2015,950
lgx_code,2015,実施中
river_rate,平成25年,41.2
river_rate,2015年,42
"""


def results(year: int = 2015, spec: str = PLAN, data: str = DATA) -> Results:
    return support.evaluate(support.load({"p.dxp": spec}, {"d.csv": data}), year)


def measure(r: Results, ident: str) -> MeasureResult:
    found = r.find(ident)
    assert isinstance(found, MeasureResult)
    return found


# --- each form, scored by hand (evaluated in fiscal 2015 = H27) -------------------------


def test_a_relative_long_range_target_in_heisei_years_with_a_printed_number() -> None:
    q = measure(results(), "quake_deaths")
    # baseline H25 = 2013, 105,000; target H34 = 2022 (after the plan period H26..H29),
    # baseline * 0.2 = 21,000 (基準値より8割減)
    assert q.baseline is not None and (q.baseline.year, q.baseline.value) == (2013, 105000.0)
    assert q.target is not None and (q.target.year, q.target.value) == (2022, 21000.0)
    # 63,000 in 2015: 100 * (63000 - 105000) / (21000 - 105000) = 50
    assert q.raw == pytest.approx(50.0)
    # path 2015 = 105000 + (21000 - 105000) * 2/9 = 86333.3 -> expected 100 * 2/9 = 22.2
    assert q.expected == pytest.approx(200 / 9)
    assert q.status is Status.ON_TRACK


def test_a_bound_the_baseline_already_meets_is_kept_by_attainment() -> None:
    keep = measure(results(), "keep")
    # 100%維持: 98 < 100, the baseline met it: 100 * 98 / 100 = 98; expected 100 always
    assert (keep.raw, keep.expected) == (pytest.approx(98.0), 100.0)
    assert keep.status is Status.BEHIND  # 98 >= 100 / 2
    met = measure(results(data=DATA.replace("keep,2015,98", "keep,2015,100")), "keep")
    assert (met.raw, met.status) == (100.0, Status.ACHIEVED)


def test_a_bound_above_the_baseline_is_progress_until_met() -> None:
    up = measure(results(), "up_to")
    # 80 -> >= 100: 90 is 100 * (90 - 80) / (100 - 80) = 50; path 2015 = 80 + 20 * 2/4
    # = 90 -> expected 50: on track
    assert (up.raw, up.expected, up.status) == (pytest.approx(50.0), pytest.approx(50.0),
                                                Status.ON_TRACK)
    over = measure(results(data=DATA.replace("up_to,2015,90", "up_to,2015,120")), "up_to")
    assert over.raw == 100.0  # above the bound is met, and met is exactly 100


def test_an_upper_bound() -> None:
    w = measure(results(), "waiting_days")
    # 8 -> <= 5: 6 is 100 * (6 - 8) / (5 - 8) = 66.7; expected at 2015: path 8 - 3 * 2/4
    # = 6.5 -> 100 * 1.5 / 3 = 50
    assert (w.raw, w.expected, w.status) == (pytest.approx(200 / 3), pytest.approx(50.0),
                                             Status.ON_TRACK)
    met = measure(results(data=DATA.replace("waiting_days,2015,6", "waiting_days,2015,4")),
                  "waiting_days")
    assert met.raw == 100.0


@pytest.mark.parametrize(("value", "raw"), [
    ("35", 100.0),  # inside 30..40: met
    ("25", 50.0),  # below: as >= 30 from the baseline 20: 100 * (25 - 20) / (30 - 20)
    ("45", 100 * 40 / 45),  # above: as <= 40, the baseline 20 is not above it: 100 * 40 / 45
])
def test_a_range(value: str, raw: float) -> None:
    s = measure(results(data=DATA.replace("satisfaction,2015,25", f"satisfaction,2015,{value}")),
                "satisfaction")
    assert s.raw == pytest.approx(raw)


def test_a_cumulative_target_sums_the_yearly_series() -> None:
    farmers = measure(results(), "new_farmers")
    # cumulative from 2014: 180 + 210 = 390 in 2015; 100 * 390 / 1000 = 39
    assert (farmers.value, farmers.value_year, farmers.raw) == (390.0, 2015, pytest.approx(39))
    history = {p.year: p.value for p in farmers.history}
    assert history == {2014: 180.0, 2015: 390.0}


def test_a_target_for_each_year() -> None:
    m = measure(results(), "migrants")
    # 950 against >= 1,000 every year: 100 * 950 / 1000 = 95; expected 100: behind
    assert (m.raw, m.expected, m.status) == (pytest.approx(95.0), 100.0, Status.BEHIND)
    assert m.target is not None and m.target.year == 0 and m.baseline is None


@pytest.mark.parametrize(("year", "stage", "status"), [
    (2015, "実施中", Status.ON_TRACK),  # before 2016, when it is due
    (2016, "実施中", Status.BEHIND),  # due, not done
    (2016, "完了", Status.ACHIEVED),
    (2017, "done", Status.ACHIEVED),
])
def test_a_qualitative_milestone(year: int, stage: str, status: Status) -> None:
    data = DATA.replace("lgx_code,2015,実施中", f"lgx_code,{year},{stage}")
    m = measure(results(year, data=data), "lgx_code")
    assert (m.status, m.raw, m.score, m.grade) == (status, None, None, None)
    assert m.stage is not None


def test_a_milestone_is_not_in_the_kpi_index() -> None:
    r = results()
    k = r.kpis[0]
    # the index is the mean of keep 98, up_to 50, waiting 66.7, satisfaction 50, farmers 39
    # and migrants 95 (river_rate a reference, lgx_code a milestone):
    # (98 + 50 + 66.667 + 50 + 39 + 95) / 6 = 66.444
    assert k.index == pytest.approx((98 + 50 + 200 / 3 + 50 + 39 + 95) / 6)
    assert k.coverage == 1.0


def test_above_the_baseline_over_several_years() -> None:
    v = measure(results(2017, data=DATA.replace("visitors,H27,620", "visitors,H29,620")),
                "visitors")
    # baseline H24..H26 (2012..2014) = 650; target H29 (2017) > baseline: 620 is below:
    # 100 * (620 - 650) / 650 = -4.6, due in 2017 (expected 100): regressing
    assert v.baseline is not None and (v.baseline.first_year, v.baseline.year) == (2012, 2014)
    assert (v.raw, v.expected, v.status) == (pytest.approx(-300 / 65), 100.0,
                                             Status.REGRESSING)
    at = measure(results(2017, data=DATA.replace("visitors,H27,620", "visitors,H29,650")),
                 "visitors")
    assert (at.raw, at.status) == (0.0, Status.STALLED)  # at the baseline: not above it
    above = measure(results(2017, data=DATA.replace("visitors,H27,620", "visitors,H29,700")),
                    "visitors")
    assert (above.raw, above.status) == (100.0, Status.ACHIEVED)


def test_a_calendar_series_reads_calendar_years() -> None:
    river = measure(results(), "river_rate")
    # 平成25年 is calendar 2013, 2015年 calendar 2015: the 2015 value
    assert (river.value, river.value_year, river.grade) == (42.0, 2015, None)
    assert river.status is Status.REFERENCE


# --- years that contradict their series, and points in time --------------------------------


def test_a_calendar_year_in_a_fiscal_series_is_an_error() -> None:
    loaded = pipeline.load_strings({"p.dxp": PLAN}, {"d.csv": DATA + "keep,2016年,99\n"})
    problems = [d for d in loaded.diagnostics if d.is_error]
    assert [(d.code, d.span.line if d.span else None) for d in problems] == [("year-kind", 14)]
    assert "calendar year (年), but 'keep' counts fiscal years (年度)" in problems[0].message


def test_a_fiscal_year_in_a_calendar_series_is_an_error() -> None:
    loaded = pipeline.load_strings({"p.dxp": PLAN}, {"d.csv": DATA + "river_rate,FY2016,43\n"})
    [problem] = [d for d in loaded.diagnostics if d.is_error]
    assert problem.code == "year-kind"
    assert "declared `year calendar`" in problem.message


def test_a_point_in_time_is_the_fiscal_year_that_contains_it() -> None:
    # 2016年3月末 is in fiscal 2015; in the calendar series it is calendar 2016
    data = DATA.replace("up_to,2015,90", "up_to,2016年3月末,90") + "river_rate,2016年3月末,44\n"
    r = results(2016, data=data)
    assert measure(r, "up_to").value_year == 2015
    assert measure(r, "river_rate").value_year == 2016


# --- the lag rule, in both judging modes -----------------------------------------------------

LAGGED = """\
plan t "T" {
    period 2024..2028
}
goal productivity "労働生産性" {
    unit "千円"
    baseline 2020 = 3720
    target 2028 = 4200
}
"""


@pytest.mark.parametrize(("judge", "expected", "expected_year", "status"), [
    # 3,821 in 2022 (the latest at or before 2025): raw 100 * 101 / 480 = 21.04.
    # At its own year 2022: path 3720 + 480 * 2/8 = 3840 -> expected 25: 21.04 >= 12.5
    ("", 25.0, 2022, Status.BEHIND),
    # At the year evaluated, 2025: path 3720 + 480 * 5/8 = 4020 -> 62.5: 21.04 < 31.25
    ("    judge at evaluation_year\n", 62.5, 2025, Status.STALLED),
])
def test_a_lagged_statistic_is_judged_at_its_own_year_unless_the_plan_says(
        judge: str, expected: float, expected_year: int, status: Status) -> None:
    spec = LAGGED.replace("    period 2024..2028\n", "    period 2024..2028\n" + judge)
    r = support.evaluate(support.load({"t.dxp": spec}, {"d.csv": "series,year,value\n"
                                                       "productivity,2022,3821\n"}), 2025)
    g = r.goals[0]
    assert g.raw == pytest.approx(100 * 101 / 480)
    assert (g.expected, g.expected_year, g.status) == (pytest.approx(expected),
                                                       expected_year, status)
    assert g.carried_over and g.value_year == 2022


def test_an_unchanged_carried_over_figure_is_no_new_slip() -> None:
    from dxplan.review.period import compare

    spec = LAGGED.replace("    period 2024..2028\n",
                          "    period 2024..2028\n    judge at evaluation_year\n")
    data = {"d.csv": "series,year,value\nproductivity,2022,3850\n"}
    loaded = support.load({"t.dxp": spec}, data)
    # raw 100 * 130 / 480 = 27.1 both years; expected 50 in 2024 (27.1 >= 25: behind),
    # 62.5 in 2025 (27.1 < 31.25: stalled): the status moves, the figure does not
    before, after = support.evaluate(loaded, 2024), support.evaluate(loaded, 2025)
    movement = compare(before, after).get("productivity")
    assert movement is not None and movement.status_changed
    assert movement.carried_unchanged and not movement.newly_behind


# --- grades only for what is scored ----------------------------------------------------------

GRADED = """\
plan t "T" {
    period 2024..2028
}
grading {
    grade "-" "評価不能" when no_data
    grade A "順調" when score >= expected
    grade C "遅れ" otherwise
}
field f "F" {
    kpi k "K" {
        indicator a "A" {
            baseline 2023 = 0
            target 2028 = 100
        }
        indicator b "B" {
            baseline 2023 = 0
            target 2028 = 100
            weight 3
        }
        indicator ref "参考" {
            reference
        }
    }
}
"""


def test_reference_values_and_kpis_short_of_data_are_not_graded() -> None:
    data = "series,year,value\na,2025,50\nref,2025,7\n"
    r = support.evaluate(support.load({"t.dxp": GRADED}, {"d.csv": data}), 2025)
    k = r.kpis[0]
    # coverage 1 / (1 + 3) = 0.25: insufficient_data, so no grade
    assert (k.status, k.grade) == (Status.INSUFFICIENT_DATA, None)
    ref = next(i for i in k.indicators if i.id == "ref")
    assert (ref.status, ref.grade) == (Status.REFERENCE, None)
    b = next(i for i in k.indicators if i.id == "b")
    assert b.grade is not None and b.grade.id == "-"  # scored, no data: 評価不能
    named = GRADED.replace('grade "-" "評価不能" when no_data',
                           'grade "-" "評価不能" when no_data or insufficient_data')
    k = support.evaluate(support.load({"t.dxp": named}, {"d.csv": data}), 2025).kpis[0]
    assert k.grade is not None and k.grade.id == "-"


def test_conditions_read_value_year_year_and_age() -> None:
    spec = GRADED.replace('grade A "順調" when score >= expected',
                          'grade O "古い" when age >= 2 and value_year < year\n'
                          '    grade A "順調" when score >= expected')
    data = "series,year,value\na,2023,10\nb,2025,50\n"
    k = support.evaluate(support.load({"t.dxp": spec}, {"d.csv": data}), 2025).kpis[0]
    grades = {i.id: i.grade.id if i.grade else None for i in k.indicators}
    assert grades == {"a": "O", "b": "A", "ref": None}  # a's value is 2 years old


# --- the year evaluated ------------------------------------------------------------------------


def test_two_rows_of_a_later_year_do_not_move_the_evaluation() -> None:
    # the newcomer's mistake: two 令和8年度 rows appended to the shipped example data; 2 of
    # 14 scored indicators is not half, so 2025 stays the year, and a warning names them
    from dxplan.commands.config import resolve_inputs

    found, _ = resolve_inputs([], None, ROOT)
    loaded = pipeline.load(found.specs, found.data)
    before, _ = pipeline.evaluate(loaded)
    extra = attrs_evolve_with_rows(loaded, [("paper_reduction", 2026, 12.0),
                                            ("dx_promoters", 2026, 120.0)])
    after, diagnostics = pipeline.evaluate(extra)
    assert before is not None and after is not None
    assert after.year == before.year == 2025
    assert [k.status for k in after.kpis] == [k.status for k in before.kpis]
    [warning] = [d for d in diagnostics if d.code == "later-figures"]
    assert warning.message == "2 figures dated after 2025 (up to 2026) are not used"


def attrs_evolve_with_rows(loaded: pipeline.Loaded, rows: list[tuple[str, int, float]]
                           ) -> pipeline.Loaded:
    import attrs

    from dxplan.data.records import Observation
    from dxplan.source import SourceFile, Span

    where = Span.point(SourceFile("extra.csv", ""), 1, 1)
    added = tuple(Observation(s, y, v, None, None, where) for s, y, v in rows)
    data = attrs.evolve(loaded.data, observations=loaded.data.observations + added)
    return attrs.evolve(loaded, data=data)


# --- the examples of docs/language.md ------------------------------------------------------


def _doc_examples() -> list[str]:
    doc = (ROOT / "docs" / "language.md").read_text(encoding="utf-8")
    section = doc[doc.index("## Writing a published plan"):doc.index("## Municipalities")]
    return re.findall(r"```dxp\n(.*?)```", section, flags=re.S)


def _as_spec(block: str) -> str:
    """A documented example as a whole spec: a plan in front, indicators in a KPI."""
    if block.lstrip().startswith("indicator"):
        block = 'field f "F" {\n    kpi k "K" {\n' + block + "    }\n}\n"
    if "plan " not in block:
        block = 'plan p "P" {\n    period H26..H29\n}\n' + block
    return block


@pytest.mark.parametrize("block", _doc_examples())
def test_every_documented_form_checks_clean(block: str) -> None:
    loaded = pipeline.load_strings({"doc.dxp": _as_spec(block)})
    assert loaded.workspace is not None
    assert [d for d in loaded.diagnostics if d.code != "kpi-without-targets"] == []


def test_the_documented_forms_cover_every_form() -> None:
    text = "\n".join(_doc_examples())
    for form in (">=", "<=", "> baseline", "..", "baseline * 0.2", "cumulative(", "each year",
                 "milestone", "year calendar", "H34", "105,000", "judge at"):
        assert form in text, form


@pytest.mark.parametrize("written", ["2028", "2028年度", "FY2028", "R10", "令和10年度", "H40",
                                     "平成40年度", "２０２８"])
def test_every_way_of_writing_a_year_in_a_spec_is_the_same_year(written: str) -> None:
    spec = LAGGED.replace("target 2028 = 4200", f"target {written} = 4200")
    loaded = support.load({"t.dxp": spec})
    assert loaded.workspace is not None and loaded.workspace.plan is not None
    target = loaded.workspace.plan.goals[0].final_target
    assert target is not None and target.year == 2028


def test_a_heisei_year_past_its_end_is_noted_with_its_reiwa_name() -> None:
    from dxplan.japanese import past_era_end

    assert past_era_end("H34") == "H34 is 2022 (令和4)"
    assert past_era_end("平成31年度") is None  # Heisei's real last year
    loaded = support.load({"p.dxp": PLAN})
    assert loaded.workspace is not None and loaded.workspace.plan is not None
    quake = loaded.workspace.plan.goals[0].final_target
    assert quake is not None and quake.written == "H34"  # explain shows it beside 2022
