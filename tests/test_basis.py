"""What a report's figures rest on: `illustrative` in the language, and the 出典 of each
figure (the measure's `source`, a dated value's own, or the data's `source` column).
"""

from __future__ import annotations

from support import frames, load

from dxplan import pipeline
from dxplan.review.basis import SOME_ILLUSTRATIVE, basis
from dxplan.review.spec_diff import Side, compare

SPEC = """\
plan t "試験計画" {
    period 2024..2028
    note "数値は第5回委員会資料による"
    illustrative "基準値・目標値は例示値です"
}

goal prod "労働生産性" {
    unit "千円"
    source "県民経済計算"
    value = gross / workers * 1000
    baseline 2020 = 3000
    target 2028 = 4000 {
        source "所得向上計画"
    }
}

field f1 "産業" {
    kpi k1 "企業のDX" {
        indicator firms "伴走支援企業数" {
            source "県調べ"
            note "年度末時点"
            baseline 2023 = 0 { illustrative }
            target 2028 = 60 {
                source "委員会資料"
                illustrative
            }
        }
        indicator paper "用紙使用量" {
            baseline 2023 = 50
            target 2028 = 30
        }
    }
}
"""

DATA = """\
series,year,value,note,source
gross,2024,1000,,経済統計
workers,2024,300,,労働力調査
firms,2024,12,,
firms,2025,26,速報値,支援実績報告
paper,2025,44,,
"""


def test_illustrative_is_a_plan_property_and_a_dated_flag() -> None:
    loaded = load({"t.dxp": SPEC}, {"d.csv": DATA})
    assert loaded.workspace is not None and loaded.workspace.plan is not None
    plan = loaded.workspace.plan
    assert plan.illustrative == "基準値・目標値は例示値です"
    firms = next(m for m in plan.indicators if m.id == "firms")
    assert firms.baseline is not None and firms.baseline.illustrative
    assert firms.targets[-1].illustrative and firms.targets[-1].source == "委員会資料"
    paper = next(m for m in plan.indicators if m.id == "paper")
    assert paper.baseline is not None and not paper.baseline.illustrative


def test_illustrative_takes_no_value_in_a_dated_block_and_a_text_in_the_plan() -> None:
    bad = SPEC.replace("baseline 2023 = 0 { illustrative }",
                       'baseline 2023 = 0 { illustrative "yes" }')
    loaded = pipeline.load_strings({"t.dxp": bad})
    assert [d.code for d in loaded.diagnostics] == ["bad-arguments"]
    bad = SPEC.replace('illustrative "基準値・目標値は例示値です"', "illustrative")
    loaded = pipeline.load_strings({"t.dxp": bad})
    assert [d.code for d in loaded.diagnostics] == ["bad-arguments"], frames(
        loaded.diagnostics)


def test_a_spec_diff_names_an_illustrative_flag_taken_away() -> None:
    def side(text: str) -> Side:
        found = load({"t.dxp": text}, {"d.csv": DATA})
        assert found.workspace is not None
        return Side(found.workspace, found.modules, (text,))

    new = SPEC.replace(" { illustrative }", "").replace(
        '    illustrative "基準値・目標値は例示値です"\n', "")
    edits = compare(side(SPEC), side(new)).edits
    shown = {(e.id, p.name, p.before, p.after) for e in edits for p in e.properties}
    assert ("firms", "baseline illustrative", "yes", "no") in shown
    assert ("t", "illustrative", '"基準値・目標値は例示値です"', None) in shown


def test_every_figure_has_its_source() -> None:
    loaded = load({"t.dxp": SPEC}, {"d.csv": DATA})
    results, _ = pipeline.evaluate(loaded, 2025)
    assert results is not None and loaded.workspace is not None
    plan = loaded.workspace.plan
    assert plan is not None
    found = basis(plan, results, loaded.data.observations)
    assert found.notes == ("数値は第5回委員会資料による",)
    assert found.illustrative == "基準値・目標値は例示値です"
    assert found.as_of == 2025  # firms and paper have 2025 figures; prod only 2024's
    prod = found.of("prod")
    assert prod is not None
    # a formula's value rests on each observation it read
    assert prod.value == ("経済統計", "労働力調査")
    assert (prod.baseline, prod.target) == ("県民経済計算", "所得向上計画")
    firms = found.of("firms")
    assert firms is not None
    assert firms.value == ("支援実績報告",)  # the 2025 figure's own source, not 2024's
    assert (firms.baseline, firms.target) == ("県調べ", "委員会資料")
    assert firms.baseline_illustrative and firms.target_illustrative
    assert firms.note == "年度末時点"
    paper = found.of("paper")
    assert paper is not None
    assert (paper.value, paper.baseline, paper.target) == ((), None, None)
    results_2024, _ = pipeline.evaluate(loaded, 2024)
    assert results_2024 is not None
    firms_2024 = basis(plan, results_2024, loaded.data.observations).of("firms")
    assert firms_2024 is not None and firms_2024.value == ("県調べ",)  # the measure's own


def test_single_flagged_values_raise_a_banner_of_their_own() -> None:
    spec = SPEC.replace('    illustrative "基準値・目標値は例示値です"\n', "")
    loaded = load({"t.dxp": spec}, {"d.csv": DATA})
    results, _ = pipeline.evaluate(loaded, 2025)
    assert results is not None and loaded.workspace is not None
    assert loaded.workspace.plan is not None
    found = basis(loaded.workspace.plan, results, loaded.data.observations)
    assert found.illustrative == SOME_ILLUSTRATIVE
    unflagged = spec.replace(" { illustrative }", "").replace("        illustrative\n", "")
    loaded = load({"t.dxp": unflagged}, {"d.csv": DATA})
    results, _ = pipeline.evaluate(loaded, 2025)
    assert results is not None and loaded.workspace is not None
    assert loaded.workspace.plan is not None
    assert basis(loaded.workspace.plan, results, loaded.data.observations).illustrative is None
