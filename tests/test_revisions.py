"""Revisions in the spec (docs/language.md, "Revising the plan"): each year is evaluated
with the definition then in force, and every view, the diff and the history say what was
revised, added or retired, when and why. Figures computed by hand in the comments."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import support
from hypothesis import given
from hypothesis import strategies as st

from dxplan import pipeline
from dxplan.cli import main
from dxplan.render import render
from dxplan.results import KpiResult, MeasureResult, Results
from dxplan.review.period import PlanChange, compare
from dxplan.scoring import Status

SPEC = """\
plan p "P" {
    period 2024..2028
}

grading {
    grade A "順調" when score >= expected
    grade B "遅れ" otherwise
}

field f "F" {
    kpi k "K" {
        indicator online_usage "オンライン手続き利用率" {
            unit "%"
            baseline 2022 = 35
            target 2028 = 70
            revised 2026 "令和8年度見直し: 目標を上方修正" { target 2028 = 80 }
        }
        indicator ai_use "生成AI活用業務数" {
            added 2025 "令和7年度に追加"
            baseline 2024 = 0
            target 2028 = 50
        }
        indicator fax_cut "FAX削減率" {
            retired 2026 "目標達成により廃止"
            baseline 2022 = 0
            target 2028 = 50
        }
    }
}
"""

DATA = """\
series,year,value
online_usage,2024,50
online_usage,2025,56
online_usage,2026,62
ai_use,2025,10
ai_use,2026,20
fax_cut,2024,20
fax_cut,2025,30
fax_cut,2026,45
"""


def evaluate(year: int, spec: str = SPEC, data: str = DATA) -> Results:
    return support.evaluate(support.load({"p.dxp": spec}, {"d.csv": data}), year)


def indicators(r: Results) -> dict[str, MeasureResult]:
    return {i.id: i for i in r.kpis[0].indicators}


# --- the definition in force, year by year ---------------------------------------------------


def test_2024_before_anything_changed() -> None:
    r = evaluate(2024)
    ind = indicators(r)
    assert set(ind) == {"online_usage", "fax_cut"}  # ai_use is not yet part of the plan
    # online_usage: 100 * (50 - 35) / (70 - 35) = 42.857; fax_cut: 100 * 20 / 50 = 40
    assert ind["online_usage"].score == pytest.approx(300 / 7)
    assert ind["fax_cut"].score == pytest.approx(40.0)
    assert r.kpis[0].index == pytest.approx((300 / 7 + 40) / 2)
    assert ind["online_usage"].revisions == () and ind["online_usage"].earlier is None


def test_2025_with_the_added_indicator() -> None:
    ind = indicators(evaluate(2025))
    # ai_use joins in 2025: 100 * 10 / 50 = 20; path 2024 -> 2028 at 2025: 12.5 -> 25
    assert (ind["ai_use"].score, ind["ai_use"].expected) == (pytest.approx(20.0), 25.0)
    assert ind["ai_use"].added is not None and ind["ai_use"].added.year == 2025
    # the 2028 target is still 70: 100 * 21 / 35 = 60
    assert ind["online_usage"].score == pytest.approx(60.0)
    assert ind["online_usage"].target is not None and ind["online_usage"].target.value == 70.0


def test_2026_with_the_revised_target_and_the_retired_indicator() -> None:
    r = evaluate(2026)
    ind = indicators(r)
    online = ind["online_usage"]
    # revised: 100 * (62 - 35) / (80 - 35) = 60; path 2026: 35 + 45 * 4/6 = 65 -> 66.67
    assert (online.score, online.expected) == (pytest.approx(60.0), pytest.approx(200 / 3))
    assert online.status is Status.BEHIND
    assert [(x.year, x.changed) for x in online.revisions] == [(2026, ("target 2028",))]
    # under the earlier definition: 100 * 27 / 35 = 77.14 >= 66.67: on track
    assert online.earlier is not None and online.earlier.score == pytest.approx(540 / 7)
    assert online.earlier_status is Status.ON_TRACK
    fax = ind["fax_cut"]
    # retired in 2026: listed with its 2025 figures (30 -> 60), counted nowhere
    assert (fax.status, fax.value, fax.value_year, fax.grade) == (Status.RETIRED, 30.0, 2025,
                                                                  None)
    k = r.kpis[0]
    # index (60 + 40) / 2 = 50; expected (66.67 + 50) / 2 = 58.33; coverage over 2 only
    assert (k.index, k.expected, k.coverage) == (pytest.approx(50.0), pytest.approx(175 / 3),
                                                 1.0)


def test_a_retired_kpi_is_listed_and_left_out_of_its_field() -> None:
    spec = SPEC.replace('    kpi k "K" {\n', '    kpi k "K" {\n        retired 2026 "統合"\n') + \
        'field g "G" {\n    kpi other "O" {\n        indicator x "X" {\n' \
        "            baseline 2022 = 0\n            target 2028 = 100\n        }\n    }\n}\n"
    r = evaluate(2026, spec, DATA + "x,2026,30\n")
    k = r.kpis[0]
    assert k.status is Status.RETIRED and k.grade is None
    # its 2025 index: online 60, ai_use 20, fax 60
    assert k.index == pytest.approx((60 + 20 + 60) / 3)
    assert r.fields[0].index is None  # its only KPI is retired


@given(st.integers(2024, 2028), st.integers(2025, 2028), st.integers(71, 200))
def test_any_year_before_a_revision_is_as_if_the_revision_were_not_there(
        year: int, revised: int, target: int) -> None:
    with_revision = SPEC.replace(
        'revised 2026 "令和8年度見直し: 目標を上方修正" { target 2028 = 80 }',
        f'revised {revised} "見直し" {{ target 2028 = {target} }}')
    without = SPEC.replace(
        '            revised 2026 "令和8年度見直し: 目標を上方修正" { target 2028 = 80 }\n', "")
    a, b = evaluate(year, with_revision), evaluate(year, without)
    if year < revised:
        assert a == b
    else:
        assert indicators(a)["online_usage"].target.value == target  # type: ignore[union-attr]


# --- what every view says ---------------------------------------------------------------------


def test_views_mark_revised_added_and_retired_items() -> None:
    r = evaluate(2026)
    for fmt in ("table", "markdown"):
        # the terminal may wrap a long name between its words
        text = re.sub(r"\s+", "", render(r, fmt, width=200))
        for mark in ("目標見直し2026", "追加2025", "廃止2026"):
            assert mark in text, (fmt, mark)
    doc = json.loads(render(r, "json"))
    online, ai, fax = doc["kpis"][0]["indicators"]
    assert online["revisions"] == [{"year": 2026, "reason": "令和8年度見直し: 目標を上方修正",
                                    "changed": ["target 2028"]}]
    assert online["earlier"] == {"raw_score": 77.1429, "score": 77.1429,
                                 "expected": 66.6667, "status": "on_track"}
    assert ai["added"] == {"year": 2025, "reason": "令和7年度に追加"}
    assert (fax["retired"], fax["status"]) == ({"year": 2026, "reason": "目標達成により廃止"},
                                               "retired")


def test_the_report_keeps_changes_of_the_plan_apart_from_changes_of_the_figures() -> None:
    movements = compare(evaluate(2025), evaluate(2026))
    assert [(c.change, c.id, c.year) for c in movements.plan] == [
        (PlanChange.REVISED, "online_usage", 2026), (PlanChange.RETIRED, "fax_cut", 2026)]
    # the retired item is a change of the plan, not a movement of its figures
    assert "fax_cut" not in [c.id for c in movements.changed]
    assert {c.id for c in movements.changed} >= {"online_usage"}  # on_track -> behind


def test_explain_names_the_revision_and_the_earlier_figure(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "p.dxp").write_text(SPEC, encoding="utf-8")
    (tmp_path / "d.csv").write_text(DATA, encoding="utf-8")
    args = [str(tmp_path / "p.dxp"), "--data", str(tmp_path / "d.csv"), "--year", "2026"]
    assert main(["explain", "online_usage", *args, "--format", "json"]) == 0
    steps = {s["label"]: s["text"] for s in json.loads(capsys.readouterr().out)["tree"]["children"]}
    assert steps["revised"] == ('in 2026: "令和8年度見直し: 目標を上方修正" '
                                "(changed: target 2028)")
    assert steps["before revision"] == ("under the definition before 2026: raw score 77.14, "
                                        "score 77.14, expected 66.67, on_track")
    assert steps["raw score"] == "100 × (62 − 35) / (80 − 35) = 60"


def test_history_shows_the_timeline(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "p.dxp").write_text(SPEC, encoding="utf-8")
    (tmp_path / "d.csv").write_text(DATA, encoding="utf-8")
    args = [str(tmp_path / "p.dxp"), "--data", str(tmp_path / "d.csv"), "--year", "2026"]
    assert main(["history", "online_usage", *args, "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [(e["year"], e["kind"]) for e in doc["events"]] == [(None, "written"),
                                                               (2026, "revised")]
    assert doc["events"][1]["changes"] == [{"what": "target 2028", "before": "70",
                                            "after": "80"}]
    # each year by the definition then in force: 2025 against 70, 2026 against 80
    assert [(f["year"], f["score"], f["revision"]) for f in doc["figures"]] == [
        (2024, 42.8571, None), (2025, 60.0, None), (2026, 60.0, 2026)]
    assert main(["history", "onlin_usage", *args]) == 1
    assert "did you mean 'online_usage'?" in capsys.readouterr().err


# --- the diff ------------------------------------------------------------------------------


def test_diff_reports_a_new_revision_and_warns_of_an_edit_in_place(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no dxplan.toml: the two versions alone
    old = SPEC.replace(
        '            revised 2026 "令和8年度見直し: 目標を上方修正" { target 2028 = 80 }\n', "")
    in_place = old.replace("target 2028 = 70", "target 2028 = 80")
    for name, text in (("old.dxp", old), ("new.dxp", SPEC), ("edited.dxp", in_place)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "d.csv").write_text(DATA, encoding="utf-8")
    data = ["--data", str(tmp_path / "d.csv"), "--year", "2026", "--format", "json"]
    main(["diff", str(tmp_path / "old.dxp"), str(tmp_path / "new.dxp"), *data])
    doc = json.loads(capsys.readouterr().out)
    [edit] = doc["changes"]
    assert (edit["action"], edit["id"]) == ("revised", "online_usage")
    assert edit["properties"] == [{"name": "revised 2026", "before": None, "after":
                                   'target 2028: 70 -> 80 "令和8年度見直し: 目標を上方修正"'}]
    assert not [b for b in doc["breaking"] if b["code"] == "past-rewritten"]
    main(["diff", str(tmp_path / "old.dxp"), str(tmp_path / "edited.dxp"), *data])
    doc = json.loads(capsys.readouterr().out)
    [note] = [b for b in doc["breaking"] if b["code"] == "past-rewritten"]
    assert "figures for 2024–2025" in note["message"]
    assert 'revised 2026 "理由" { target 2028 = 80 }' in note["message"]


# --- the checker ------------------------------------------------------------------------------


@pytest.mark.parametrize(("body", "code"), [
    ('revised 2026 "r" { reference }', "not-revisable"),
    ('revised 2026 "r" { target 2028 = 80 }\n            revised 2026 "s" { weight 2 }',
     "duplicate-revision"),
    ('revised 2026 "r" { target 2028 = 70 }', "empty-revision"),
    ('retired 2025 "r"\n            revised 2026 "s" { weight 2 }', "bad-lifecycle"),
    ('added 2026 "r"\n            retired 2025 "s"', "bad-lifecycle"),
    ('revised 2026 "r" { target 2028 = 35 }', "target-equals-baseline"),
])
def test_what_a_revision_may_not_do(body: str, code: str) -> None:
    spec = SPEC.replace('revised 2026 "令和8年度見直し: 目標を上方修正" { target 2028 = 80 }', body)
    loaded = pipeline.load_strings({"p.dxp": spec})
    assert code in [d.code for d in loaded.diagnostics], [d.code for d in loaded.diagnostics]


def test_a_revision_is_formatted_canonically_and_survives_fmt() -> None:
    from dxplan.source import SourceFile
    from dxplan.spec.fmt import format_source

    messy = SPEC.replace('revised 2026 "令和8年度見直し: 目標を上方修正" { target 2028 = 80 }',
                         'revised  R8  "令和8年度見直し: 目標を上方修正"{target 2028=80}')
    text, problems = format_source(SourceFile("p.dxp", messy))
    assert problems == [] and text == SPEC


def test_the_documented_revision_example_checks_clean() -> None:
    doc = (Path(__file__).resolve().parent.parent / "docs" / "language.md").read_text(
        encoding="utf-8")
    section = doc[doc.index("## Revising the plan"):doc.index("## Municipalities")]
    [block] = re.findall(r"```dxp\n(.*?)```", section, flags=re.S)
    spec = 'plan p "P" {\n    period 2024..2028\n}\nfield f "F" {\n    kpi k "K" {\n' + \
        block + "    }\n}\n"
    assert pipeline.load_strings({"doc.dxp": spec}).diagnostics == ()


def test_kpi_results_carry_their_lifecycle() -> None:
    spec = SPEC.replace('    kpi k "K" {\n', '    kpi k "K" {\n        added 2024 "新設"\n')
    k = evaluate(2026, spec).kpis[0]
    assert isinstance(k, KpiResult) and k.added is not None and k.added.reason == "新設"
