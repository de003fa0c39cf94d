"""Declared grading rules (the plan's 評価基準): first match wins, conditions over
`raw score expected value baseline target change no_data reference`, a condition that
reads a missing figure does not hold; and the check's diagnostics for bad rules.

Every indicator below has baseline 2023 = 0 and target 2028 = 100, so its raw score is its
value and, in 2025, expected = 100*(2025-2023)/(2028-2023) = 40.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import support

from dxplan import pipeline
from dxplan.results import KpiResult, MeasureResult, Results
from dxplan.source import format_diagnostic

GRADING = """\
grading {
    grade "-" "評価不能" when no_data and not reference
    grade R "参考" when reference
    grade S "目標達成" when raw >= 100
    grade F "横ばい" when abs(change) <= 3
    grade A "順調" when score >= expected
    grade B "やや遅れ" when score >= expected * 0.5
    grade C "遅れ" when raw >= 0
    grade D "後退" otherwise
}
"""


def _indicator(ident: str) -> str:
    return (f'        indicator {ident} "{ident}" {{\n'
            "            baseline 2023 = 0\n            target 2028 = 100\n        }\n")


MIXED = ("s1", "s2", "flat", "on", "slow", "late", "back", "none")
SPEC = (
    'plan g "評価" {\n    period 2024..2028\n}\n\n' + GRADING + '\nfield f "分野" {\n'
    '    kpi mixed "いろいろ" {\n' + "".join(_indicator(i) for i in MIXED)
    + '        indicator ref "参考" {\n            reference\n        }\n    }\n'
    '    kpi steady "横ばい" {\n' + _indicator("st1") + "    }\n}\n"
)

DATA = """\
series,year,value
s1,2025,100
s2,2024,99
s2,2025,101
flat,2024,48
flat,2025,50
on,2025,45
slow,2024,10
slow,2025,25
late,2025,5
back,2024,0
back,2025,-10
ref,2025,7
st1,2024,30
st1,2025,32
"""


def run(folder: Path, spec: str = SPEC) -> Results:
    return support.evaluate(support.load({"g.dxp": spec}, {"obs.csv": DATA}), 2025)


def grades(results: Results) -> dict[str, str | None]:
    every: list[MeasureResult | KpiResult] = [
        *results.kpis, *(i for k in results.kpis for i in k.indicators)]
    return {x.id: x.grade.id if x.grade else None for x in every}


def test_first_matching_rule_wins(tmp_path: Path) -> None:
    assert grades(run(tmp_path)) == {
        "s1": "S",  # raw 100 >= 100
        "s2": "S",  # raw 101; its change 101-99 = 2 would be F, but S comes first
        "flat": "F",  # change 50-48 = 2, |2| <= 3; it is on track too (50 >= 40) but F is first
        "on": "A",  # 45 >= 40; one observation, so no change: F's condition does not hold
        "slow": "B",  # change 15; 25 < 40, 25 >= 40*0.5 = 20
        "late": "C",  # 5 < 20, raw 5 >= 0
        "back": "D",  # raw -10 (score clamped to 0): only `otherwise` is left
        "none": "-",  # no data, not a reference
        "ref": None,  # a reference value (参考値) is never graded
        # mixed: (100 + 100 + 50 + 45 + 25 + 5 + 0) / 7 = 46.43 (s2's 101 clamped; `none`
        # unscored). 2024: (99 + 48 + 10 + 0) / 4 = 39.25, change 7.18 > 3; 46.43 >= 40 -> A
        "mixed": "A",
        "steady": "F",  # index 30 (2024) -> 32 (2025): change 2
        "st1": "F",
    }


def test_the_matched_rule_is_kept_with_its_label_and_place(tmp_path: Path) -> None:
    results = run(tmp_path)
    flat = results.find("flat")
    assert isinstance(flat, MeasureResult)
    assert flat.grade is not None
    assert (flat.grade.id, flat.grade.label) == ("F", "横ばい")
    assert flat.grade.span is not None
    assert flat.grade.span.line == SPEC.splitlines().index(
        '    grade F "横ばい" when abs(change) <= 3') + 1


def test_conditions_read_value_baseline_and_target(tmp_path: Path) -> None:
    halfway = ('grading {\n    grade H "半分超" when value > (baseline + target) / 2\n'
               '    grade L "以下" otherwise\n}\n')
    results = run(tmp_path, SPEC.replace(GRADING, halfway))
    assert grades(results) == {
        # an indicator's baseline 0 and target 100: value > 50
        "s1": "H", "s2": "H", "flat": "L", "on": "L", "slow": "L", "late": "L", "back": "L",
        "none": "L",  # no value: the condition does not hold, so `otherwise`
        "ref": None,  # never graded
        "mixed": "L",  # a KPI's value is its index on 0..100: 46.43 <= 50
        "steady": "L",
        "st1": "L",
    }


def test_no_rule_matching_gives_no_grade(tmp_path: Path) -> None:
    only = 'grading {\n    grade S "目標達成" when raw >= 100\n}\n'
    found = grades(run(tmp_path, SPEC.replace(GRADING, only)))
    assert {k for k, v in found.items() if v is not None} == {"s1", "s2"}


def test_bad_rules_are_reported(tmp_path: Path) -> None:
    spec = SPEC.replace(GRADING, """\
grading {
    grade A "順調" when scor >= expected
    grade D "後退" otherwise
    grade E "遅い" when raw < 0
    grade F "x"
    grade A "重複" when raw > 0
}
""")
    (tmp_path / "g.dxp").write_text(spec, encoding="utf-8")
    diagnostics = pipeline.load([str(tmp_path / "g.dxp")]).diagnostics
    shown = [format_diagnostic(d).replace(f"{tmp_path}/", "") for d in diagnostics]
    assert shown == [
        "g.dxp:6:23: error[unknown-name]: unknown name 'scor' in a condition\n"
        '  6 |     grade A "順調" when scor >= expected\n'
        "    |                         ^^^^\n"
        "  = hint: did you mean 'score'?",
        "g.dxp:8:11: warning[unreachable-grade]: grade 'E' comes after `otherwise` and can "
        "never match\n"
        '  8 |     grade E "遅い" when raw < 0\n'
        "    |           ^\n"
        "  = hint: move `otherwise` to the last rule",
        "g.dxp:9:5: error[bad-arguments]: a grade needs `when condition` or `otherwise`\n"
        '  9 |     grade F "x"\n'
        "    |     ^^^^^^^^^^^\n"
        '  = hint: write it as: grade A "順調" when score >= expected',
        "g.dxp:10:11: error[duplicate-id]: the grade 'A' is already defined\n"
        '  10 |     grade A "重複" when raw > 0\n'
        "     |           ^\n"
        "  = hint: first at line 6",
    ]


def test_the_kpi_figures_behind_the_kpi_grades(tmp_path: Path) -> None:
    results = run(tmp_path)
    mixed, steady = results.kpis
    # (100 + 100 + 50 + 45 + 25 + 5 + 0) / 7; `none` unscored, `ref` never in the index
    assert mixed.index == pytest.approx(325 / 7)
    assert mixed.coverage == pytest.approx(7 / 8)
    assert mixed.expected == pytest.approx(40.0)
    assert [p.score for p in mixed.history] == [pytest.approx(39.25), pytest.approx(325 / 7)]
    assert [p.score for p in steady.history] == [pytest.approx(30.0), pytest.approx(32.0)]
