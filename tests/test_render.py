"""The views of `dxplan eval`: JSON, CSV, Markdown and the terminal table, on a small plan.

Golden figures for DEMO_SPEC + DEMO_DATA in 2025 (docs/language.md), computed by hand:

- g1: b 2023 = 40, T 2028 = 60, value 50. raw = 100 * (50 - 40) / (60 - 40) = 50;
  path 2025 = 40 + 20 * 2/5 = 48 -> expected = 100 * 8 / 20 = 40; 50 >= 40: on_track, A.
- firms: b 2023 = 0, targets 2026 = 30, 2028 = 60, value 20. raw = 100 * 20 / 60 = 33.3333;
  path 2025 = 0 + 30 * 2/3 = 20 -> expected = 100 * 20 / 60 = 33.3333; s >= e: on_track.
- cases: reference (参考値), value 120: status reference, no score.
- k1 = firms alone (cases is a reference): index 33.3333, expected 33.3333, coverage 1.
- telework: b 2023 = 10, T 2028 = 20, latest value 13 in 2024 (carried over). raw =
  100 * 3 / 10 = 30; judged at 2024, its own year: path 2024 = 10 + 10 * 1/5 = 12 ->
  expected 20; 30 >= 20: on_track (against 2025's path, 40, it would look behind).
- coworking (weight 3): no data -> no_data.
- k2: index = 30 (telework alone), expected 20; coverage = 1 / (1 + 3) = 0.25 < 0.5:
  insufficient_data, and so not graded (no rule names insufficient_data).
- field f1 index = mean(33.3333, 30) = 31.6667.
"""

from __future__ import annotations

import csv
import io
import json
import math
from itertools import pairwise
from pathlib import Path

import attrs
import pytest
import support
from hypothesis import given, settings
from hypothesis import strategies as st
from support import BODY, DEMO_DATA, DEMO_SPEC, PLAN

from dxplan.render import numbers as n
from dxplan.render import render
from dxplan.render.json import dumps, results_to_dict, write
from dxplan.render.tables import CSV_COLUMNS, to_csv, to_markdown
from dxplan.render.terminal import render as render_terminal
from dxplan.results import Results
from dxplan.source import display_width

MEASURE_KEYS = ["id", "name", "unit", "value", "value_year", "carried_over", "baseline", "target",
                "raw_score", "score", "expected", "expected_year", "status", "grade", "trend",
                "reference", "weight", "change", "problem", "stage", "targets", "revisions",
                "added", "retired", "earlier"]


def evaluate_demo(spec: str = DEMO_SPEC, year: int = 2025) -> Results:
    return support.evaluate(support.load({"demo.dxp": spec}, {"data.csv": DEMO_DATA}), year)


@pytest.fixture
def results() -> Results:
    return evaluate_demo()


def _indicator(doc: dict[str, object], ident: str) -> dict[str, object]:
    for kpi in doc["kpis"]:  # type: ignore[attr-defined]
        for ind in kpi["indicators"]:
            if ind["id"] == ident:
                return ind  # type: ignore[no-any-return]
    raise KeyError(ident)


# --- JSON ------------------------------------------------------------------------------


def test_json_layout_is_the_documented_one(results: Results) -> None:
    doc = json.loads(dumps(results))
    assert list(doc) == ["schema_version", "plan", "year", "year_choice", "judge", "goals",
                         "fields", "kpis", "roadmap", "diagnostics"]
    assert doc["schema_version"] == 2
    assert doc["year_choice"] == {"how": "given", "have": 0, "of": 0}
    assert doc["judge"] == "value_year"
    assert doc["plan"] == {"id": "demo", "name": "デモ計画"}
    assert doc["year"] == 2025
    assert doc["roadmap"] is None
    assert doc["diagnostics"] == []
    assert doc["fields"] == [{"id": "f1", "name": "産業|しごと", "index": 31.6667,
                              "kpis": ["k1", "k2"]}]
    assert [list(k) for k in doc["kpis"]] == [
        ["id", "name", "field", "index", "expected", "status", "grade", "trend", "coverage",
         "added", "retired", "indicators"]] * 2
    measures = doc["goals"] + [i for k in doc["kpis"] for i in k["indicators"]]
    assert [m["id"] for m in measures] == ["g1", "firms", "cases", "telework", "coworking"]
    assert all(list(m) == MEASURE_KEYS for m in measures)


def test_json_figures_match_the_hand_computed_ones(results: Results) -> None:
    doc = json.loads(dumps(results))
    firms = _indicator(doc, "firms")
    assert firms["value"] == 20.0 and firms["value_year"] == 2025
    plain = {"op": "=", "high": None, "formula": None, "first_year": None, "each_year": False}
    assert firms["baseline"] == {"year": 2023, "value": 0.0} | plain
    assert firms["target"] == {"year": 2028, "value": 60.0} | plain  # the final target
    assert [t["year"] for t in firms["targets"]] == [2026, 2028]
    assert firms["raw_score"] == 33.3333 and firms["score"] == 33.3333
    assert (firms["expected"], firms["expected_year"]) == (33.3333, 2025)
    assert firms["carried_over"] is False
    assert firms["status"] == "on_track"
    assert firms["grade"] == {"id": "A", "label": "順調"}
    assert firms["change"] == 12.0  # 20 in 2025 - 8 in 2024
    assert firms["reference"] is False and firms["weight"] == 1.0

    goal = doc["goals"][0]
    assert (goal["raw_score"], goal["expected"], goal["status"]) == (50.0, 40.0, "on_track")

    cases = _indicator(doc, "cases")
    assert cases["status"] == "reference" and cases["reference"] is True
    assert cases["score"] is None and cases["baseline"] is None and cases["value"] == 120.0

    telework = _indicator(doc, "telework")
    assert telework["value_year"] == 2024  # the latest value at or before 2025
    assert telework["carried_over"] is True
    assert (telework["raw_score"], telework["expected"], telework["expected_year"]) == (
        30.0, 20.0, 2024)
    assert telework["status"] == "on_track"

    coworking = _indicator(doc, "coworking")
    assert coworking["value"] is None and coworking["status"] == "no_data"
    assert coworking["weight"] == 3.0 and "coworking" in str(coworking["problem"])

    k1, k2 = doc["kpis"]
    assert (k1["index"], k1["expected"], k1["coverage"], k1["status"]) == (
        33.3333, 33.3333, 1.0, "on_track")
    assert (k2["index"], k2["expected"], k2["coverage"], k2["status"], k2["grade"]) == (
        30.0, 20.0, 0.25, "insufficient_data", None)


def test_json_types_are_numbers_or_null_never_strings(results: Results) -> None:
    doc = json.loads(dumps(results))
    for m in doc["goals"] + [i for k in doc["kpis"] for i in k["indicators"]]:
        for key in ("value", "raw_score", "score", "expected", "change"):
            assert m[key] is None or isinstance(m[key], float), (m["id"], key)
        assert m["value_year"] is None or isinstance(m["value_year"], int)
        assert isinstance(m["reference"], bool)
    assert all(isinstance(k["coverage"], float) for k in doc["kpis"])


def test_json_never_writes_nan(results: Results) -> None:
    # A NaN that reached a view becomes null; json.dumps(allow_nan=False) would raise otherwise.
    kpi = results.kpis[0]
    broken = attrs.evolve(kpi.indicators[0], value=math.nan, raw=math.inf, score=math.nan)
    bad = attrs.evolve(results, kpis=(attrs.evolve(kpi, index=math.nan,
                                                   indicators=(broken,)),))
    text = dumps(bad)
    assert "NaN" not in text and "Infinity" not in text
    doc = json.loads(text)
    assert doc["kpis"][0]["index"] is None
    assert _indicator(doc, "firms")["value"] is None


def test_json_puts_each_goal_kpi_and_indicator_on_its_own_line(results: Results) -> None:
    # docs/json.md, "Layout": a line diff of two runs then names the indicator that moved
    lines = dumps(results).split("\n")
    assert lines[:4] == ["{", '  "schema_version": 2,',
                         '  "plan": {"id": "demo", "name": "デモ計画"},', '  "year": 2025,']
    for ident in ("g1", "firms", "cases", "telework", "coworking"):
        (line,) = [x for x in lines if f'{{"id": "{ident}"' in x]
        assert json.loads(line.strip().rstrip(","))["id"] == ident  # the whole object
    (k1,) = [x for x in lines if x.startswith('    {"id": "k1"')]
    assert k1.endswith('"indicators": [')  # its indicators follow, one a line
    assert lines[-1] == "}"


def test_json_writes_each_indicator_as_the_general_layout_would() -> None:
    # `dumps` writes an indicator without revisions in one go, where `write` decides key
    # by key: both must give the same text, with revisions (one line per revision object's
    # list) and without; 2026 is the year the revision of online_usage is in force
    import test_revisions

    for results in (evaluate_demo(), test_revisions.evaluate(2025),
                    test_revisions.evaluate(2026)):
        assert dumps(results) == write(results_to_dict(results))
    revised = test_revisions.evaluate(2026)
    assert any(i.revisions for k in revised.kpis for i in k.indicators)


@settings(max_examples=80)
@given(st.dictionaries(st.text(max_size=3), st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner,
                                                                max_size=3),
    max_leaves=12), max_size=4))
def test_json_writer_keeps_every_value_and_key_order(document: dict[str, object]) -> None:
    text = write(document)
    assert json.loads(text) == document
    assert list(json.loads(text)) == list(document)  # the documented key order stays


def test_grade_is_null_when_the_spec_declares_no_grading(tmp_path: Path) -> None:
    doc = results_to_dict(evaluate_demo(PLAN + BODY))
    measures = doc["goals"] + [i for k in doc["kpis"] for i in k["indicators"]]
    assert {m["grade"] for m in measures} | {k["grade"] for k in doc["kpis"]} == {None}
    # the status does not depend on grading
    assert _indicator(doc, "firms")["status"] == "on_track"


def test_roadmap_is_delegated_to_the_roadmap_view(results: Results,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[object] = []
    marker = object()

    def fake_dict(roadmap: object) -> dict[str, object]:
        seen.append(roadmap)
        return {"id": "r6", "share": 0.5}

    monkeypatch.setattr("dxplan.render.roadmap.roadmap_dict", fake_dict)
    monkeypatch.setattr("dxplan.render.roadmap.roadmap_markdown",
                        lambda roadmap: "## ロードマップ進捗 roadmap\n")
    with_roadmap = attrs.evolve(results, roadmap=marker)
    assert json.loads(dumps(with_roadmap))["roadmap"] == {"id": "r6", "share": 0.5}
    assert seen == [marker]
    assert to_markdown(with_roadmap).rstrip().endswith("## ロードマップ進捗 roadmap")
    assert "ロードマップ" not in to_markdown(results)


# --- CSV and Markdown ---------------------------------------------------------------------


def test_csv_has_one_row_per_goal_kpi_and_indicator(results: Results) -> None:
    text = to_csv(results)
    assert not text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == list(CSV_COLUMNS)
    # 1 goal + 2 KPIs + 4 indicators
    assert len(rows) == 1 + 2 + 4
    assert [(r["kind"], r["id"]) for r in rows] == [
        ("goal", "g1"), ("kpi", "k1"), ("indicator", "firms"), ("indicator", "cases"),
        ("kpi", "k2"), ("indicator", "telework"), ("indicator", "coworking")]
    firms = rows[2]
    assert (firms["field"], firms["kpi"], firms["unit"]) == ("f1", "k1", "社")
    assert (firms["value"], firms["baseline_year"], firms["baseline"]) == ("20", "2023", "0")
    assert (firms["target_year"], firms["target"]) == ("2028", "60")
    assert (firms["raw_score"], firms["score"], firms["expected"]) == (
        "33.3333", "33.3333", "33.3333")
    assert (firms["status"], firms["grade"], firms["reference"]) == ("on_track", "A", "false")
    k2 = rows[4]
    assert (k2["score"], k2["coverage"], k2["status"]) == ("30", "0.25", "insufficient_data")
    assert rows[6]["value"] == "" and rows[6]["status"] == "no_data"


def test_markdown_has_the_goal_kpi_and_indicator_tables(results: Results) -> None:
    text = to_markdown(results)
    lines = text.splitlines()
    assert lines[0] == "# デモ計画 — 2025年度 評価 (evaluation 2025)"
    assert "## 産業\\|しごと (f1) — 分野指数 31.7" in lines  # `|` escaped
    assert "### 企業のDX (k1)" in lines and "### 働き方 (k2)" in lines
    header_rows = [a for a, b in pairwise(lines)
                   if a.startswith("| ") and b.startswith("| ---")]
    # goals, the field's KPI table, one indicator table per KPI
    assert len(header_rows) == 4
    firms = next(line for line in lines if "(firms)" in line)
    assert firms == ("| DX戦略の策定企業数 (firms) | 20社 | 2023: 0 → 2028: 60 | 33.3 | 33.3 "
                     "| ▲ 順調 on_track | A 順調 |")
    assert any("(k2)" in line and "! データ不足 insufficient_data" in line and "25%" in line
               for line in lines)
    assert any("(telework)" in line and "13% (2024年度値)" in line and "20.0 (2024)" in line
               for line in lines)
    assert any("(cases) ※参考値" in line for line in lines)


# --- terminal ----------------------------------------------------------------------------


def test_terminal_reads_without_colour(results: Results) -> None:
    text = render_terminal(results, color=False, width=100)
    assert "\x1b" not in text
    assert text.startswith("デモ計画 (demo) — 2025年度 評価 evaluation\n")
    for word in ("▲ 順調 on_track", "? データなし no_data",
                 "※ 参考値 reference", "! データ不足 insufficient_data", "評価 A 順調"):
        assert word in text, word
    for name in ("県民の満足度", "産業|しごと", "企業のDX", "働き方", "DX戦略の策定企業数",
                 "支援件数", "テレワーク導入率", "コワーキング拠点数"):
        assert name in text, name
    assert "13% (2024年度値)" in text  # a value carried over from an earlier year says so
    assert "期待 20.0 (2024)" in text  # and is judged against its own year's expected score
    assert "20社" in text and "20社 (" not in text
    assert "2023: 0 → 2028: 60" in text
    assert "███░░░░░░░  33.3" in text  # round(33.3 / 10) = 3 of 10 cells
    assert "カバー率 coverage 25%" in text and "分野指数 index 31.7" in text
    assert all(line == line.rstrip() for line in text.splitlines())
    assert all(display_width(line) <= 100 for line in text.splitlines())


def test_terminal_columns_line_up_with_japanese_names(results: Results) -> None:
    # Names of different lengths in wide characters: the value column must still start
    # at one terminal cell in the header and in every row of a table.
    lines = render_terminal(results, color=False, width=100).splitlines()
    start = lines.index(next(line for line in lines if "KPI 働き方" in line))
    header = next(line for line in lines[start:] if "実績 value" in line)
    rows = [next(line for line in lines[start:] if "13% (2024年度値)" in line),
            next(line for line in lines[start:] if "2023: 2 → 2028: 12" in line)]
    column = display_width(header[:header.index("実績")])
    assert display_width(rows[0][:rows[0].index("13%")]) == column
    assert display_width(rows[1][:rows[1].index("2023: 2")]) == column


def test_terminal_colour_is_styling_only(results: Results) -> None:
    coloured = render_terminal(results, color=True, width=100)
    assert "\x1b[" in coloured
    assert "▲ 順調 on_track" in coloured


def test_same_input_gives_the_same_bytes(tmp_path: Path) -> None:
    # two evaluations from separate copies: nothing of a run (time, path, order) leaks in
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, second = evaluate_demo(), evaluate_demo()
    for fmt in ("table", "json", "csv", "markdown"):
        assert render(first, fmt).encode() == render(second, fmt).encode(), fmt


# --- shared formatting -------------------------------------------------------------------


def test_number_formats() -> None:
    assert n.score_bar(43.3) == "████░░░░░░  43.3"
    assert n.score_bar(100.0) == "██████████ 100.0"
    assert n.score_bar(-12.0) == "░░░░░░░░░░ -12.0"  # unclamped scores draw an empty bar
    assert n.score_bar(None) == "               —"
    assert n.plain(33.333333) == "33.3333" and n.plain(-0.00001) == "0"
    assert n.plain(1234567.0) == "1234567" and n.plain(None) == ""
    assert n.number(3821.032) == "3,821.0" and n.number(60.0) == "60"
    assert n.number(-0.01) == "0" and n.number(None) == "—"
    assert n.percent(0.25) == "25%"
    assert n.rounded(math.nan) is None and n.rounded(-0.0) == 0.0
