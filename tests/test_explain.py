"""`dxplan explain`: the calculation tree of a goal, KPI, field or indicator, checked
against a hand computation on a small spec, and every figure against `eval --format json`.

The spec and data (tests/support.py, EXPLAIN_SPEC and EXPLAIN_DATA) are shared with
tests/test_report.py. Evaluated in 2025:

  prod   value = gross / workers * 1000 = 1000 / 300 * 1000 = 3333.33 (2024: no 2025 data)
         raw = 100 × (3333.33 − 3000) / (4000 − 3000) = 33.33
         judged at its own year, 2024 (a lagged statistic is compared with 2024's path):
         path 2020→2028 at 2024: 3000 + 1000 × 4/8 = 3500 -> expected 50
         33.33 < 50 but >= 25 -> behind, grade B
  firms  raw = 100 × (26 − 0) / (60 − 0) = 43.33
         path 2023→2026 (the interim target) at 2025: 0 + 30 × 2/3 = 20 -> expected 33.33
         43.33 >= 33.33 -> on_track, grade A
  paper  (lower is better) raw = 100 × (44 − 50) / (30 − 50) = 30
         path at 2025: 50 − 20 × 2/5 = 42 -> expected 100 × (42 − 50) / (30 − 50) = 40
         30 < 40 but >= 20 -> behind, grade B
  k1     index = (2 × 43.33 + 1 × 30) / (2 + 1) = 116.67 / 3 = 38.89
         expected = (2 × 33.33 + 1 × 40) / 3 = 106.67 / 3 = 35.56 -> on_track, grade A
  done   raw = 100 × (21 − 10) / (20 − 10) = 110 -> score 100, achieved, grade S
  k2     index 100, achieved
  f1     index = (38.89 + 100) / 2 = 69.44
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support import EXPLAIN_SPEC as SPEC
from support import write_inputs

from dxplan.cli import main
from dxplan.source import SourceFile
from dxplan.spec.ast import Expr, Var, substitute
from dxplan.spec.parse import parse_text


@pytest.fixture
def inputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("COLUMNS", "160")
    return [*write_inputs(tmp_path), "--year", "2025"]


def explain_json(inputs: list[str], ident: str, capsys: pytest.CaptureFixture[str]
                 ) -> dict[str, Any]:
    assert main(["explain", ident, *inputs, "--format", "json"]) == 0
    doc: dict[str, Any] = json.loads(capsys.readouterr().out)
    return doc


def steps(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield node
    for child in node["children"]:
        yield from steps(child)


def texts(doc: dict[str, Any]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for step in steps(doc["tree"]):
        out.setdefault(step["label"], []).append(step["text"])
    return out


def test_indicator_tree_is_the_hand_computation(inputs: list[str],
                                                capsys: pytest.CaptureFixture[str]) -> None:
    doc = explain_json(inputs, "firms", capsys)
    assert (doc["id"], doc["kind"], doc["year"]) == ("firms", "indicator", 2025)
    t = texts(doc)
    assert t["value"] == ["26社 in 2025"]
    assert t["observation"] == ["firms 2025 = 26"]
    assert t["baseline"] == ["2023 = 0社"]
    assert t["target"] == ["2026 = 30社", "2028 = 60社"]
    assert t["source"] == ["県調べ"] and t["note"] == ["中間目標"]  # provenance of dated values
    assert t["raw score"] == ["100 × (26 − 0) / (60 − 0) = 43.33"]
    assert t["score"] == ["clamp(43.33, 0, 100) = 43.33"]
    assert t["path"] == ["segment 2023→2026: 0 + (30 − 0) × (2025 − 2023) / (2026 − 2023) = 20"]
    assert t["expected score"] == ["100 × (20 − 0) / (60 − 0), within 0..100 = 33.33"]
    assert t["status"] == ["on_track: score 43.33 ≥ expected 33.33"]
    assert t["grade"][0].endswith("when score >= expected: 43.33 >= 33.33")
    # where each figure comes from: the data row and the spec lines
    at = {s["label"] + " " + s["text"]: s["at"] for s in steps(doc["tree"])}
    assert at["observation firms 2025 = 26"].endswith("data.csv:6")
    lines = SPEC.splitlines()
    assert at["baseline 2023 = 0社"].endswith(
        f"t.dxp:{lines.index('            baseline 2023 = 0 {') + 1}")
    assert at["target 2026 = 30社"].endswith(
        f"t.dxp:{lines.index('            target 2026 = 30 {') + 1}")
    grade_line = lines.index('    grade A "順調" when score >= expected') + 1
    assert next(s["at"] for s in steps(doc["tree"]) if s["label"] == "grade").endswith(
        f"t.dxp:{grade_line}")


def test_formula_is_shown_with_its_values(inputs: list[str],
                                          capsys: pytest.CaptureFixture[str]) -> None:
    t = texts(explain_json(inputs, "prod", capsys))
    assert t["value"] == ["3333.33千円 in 2024, the latest at or before 2025 (carried over)"]
    assert t["formula"] == ["gross / workers * 1000 = 1000 / 300 * 1000 = 3333.33"]
    assert t["observation"] == ["gross 2024 = 1000", "workers 2024 = 300"]
    assert t["raw score"] == ["100 × (3333.33 − 3000) / (4000 − 3000) = 33.33"]
    assert t["expected"] == ["50 in 2024, the year of the value (judged at its own year, "
                             "not 2025)"]
    assert t["path"] == ["segment 2020→2028: 3000 + (4000 − 3000) × (2024 − 2020) / "
                         "(2028 − 2020) = 3500"]
    assert t["status"] == ["behind: score 33.33 < expected 50, but ≥ half of it (25)"]


def test_kpi_tree_weights_each_indicator(inputs: list[str],
                                         capsys: pytest.CaptureFixture[str]) -> None:
    doc = explain_json(inputs, "k1", capsys)
    top = {s["label"]: s for s in doc["tree"]["children"] if s["label"] != "indicator"}
    indicators = [s["text"] for s in doc["tree"]["children"] if s["label"] == "indicator"]
    assert indicators == ["firms: weight 2 × score 43.33 = 86.67",
                          "paper: weight 1 × score 30 = 30",
                          "cases: reference, not in the index"]
    assert top["index"]["text"] == "(2 × 43.33 + 1 × 30) / (2 + 1) = 38.89"
    assert top["expected"]["text"].startswith("(2 × 33.33 + 1 × 40) / (2 + 1) = 35.56")
    assert top["coverage"]["text"] == "scored weight 3 / weight with a target 3 = 1 (100%)"
    assert top["status"]["text"] == "on_track: score 38.89 ≥ expected 35.56"
    # the lower-is-better indicator's own arithmetic is nested under it
    paper = next(s for s in doc["tree"]["children"] if s["text"].startswith("paper"))
    assert "100 × (44 − 50) / (30 − 50) = 30" in [s["text"] for s in steps(paper)]


HUGE_WEIGHTS = """\
plan p "P" {
    period 2024..2028
}
field f "F" {
    kpi k "K" {
        indicator a "A" {
            baseline 2023 = 0
            target 2028 = 100
            weight 1E307
        }
        indicator b "B" {
            baseline 2023 = 0
            target 2028 = 100
            weight 3E307
        }
    }
}
""".replace("E307", "0" * 307)


def test_weights_near_the_float_maximum_keep_the_arithmetic_finite(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "w.dxp").write_text(HUGE_WEIGHTS, encoding="utf-8")
    (tmp_path / "d.csv").write_text("series,year,value\na,2024,50\nb,2024,30\n",
                                    encoding="utf-8")
    args = [str(tmp_path / "w.dxp"), "--data", str(tmp_path / "d.csv"), "--format", "json"]
    assert main(["explain", "k", *args]) == 0
    doc = json.loads(capsys.readouterr().out)
    shown = [s["text"] for s in steps(doc["tree"])]
    assert not [text for text in shown if "inf" in text]
    # weights 1e307 and 3e307 (weight × score overflows): shown as shares of their total,
    # 1/4 and 3/4, which give the same index: (0.25 × 50 + 0.75 × 30) / 1 = 35
    top = {s["label"]: s["text"] for s in doc["tree"]["children"]}
    assert [s["text"] for s in doc["tree"]["children"] if s["label"] == "indicator"] == [
        "a: weight 0.25 of the total × score 50 = 12.5",
        "b: weight 0.75 of the total × score 30 = 22.5"]
    assert top["index"] == "(0.25 × 50 + 0.75 × 30) / (0.25 + 0.75) = 35"
    assert top["coverage"] == "scored weight 1 / weight with a target 1 = 1 (100%)"
    assert top["weights"] == ("the weights (1e+307 and 3e+307) are shown as shares of their "
                              "total: as written, their products would be too large for a "
                              "number")


def test_field_is_the_mean_of_its_kpis(inputs: list[str],
                                       capsys: pytest.CaptureFixture[str]) -> None:
    t = texts(explain_json(inputs, "f1", capsys))
    assert t["kpi"] == ["k1: index 38.89", "k2: index 100"]
    assert t["index"] == ["(38.89 + 100) / 2 = 69.44, the mean of its KPIs' indices"]


@pytest.mark.parametrize("ident", ["prod", "f1", "k1", "k2", "firms", "paper", "cases"])
def test_every_figure_equals_eval_json(ident: str, inputs: list[str],
                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", *inputs, "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    items = {x["id"]: x for x in (*doc["goals"], *doc["fields"], *doc["kpis"],
                                  *(i for k in doc["kpis"] for i in k["indicators"]))}
    tree = explain_json(inputs, ident, capsys)["tree"]
    checked = 0
    for step in steps(tree):
        if step["of"] is None:
            continue
        owner: Any = items[step["of"]]
        for part in step["key"].split("."):
            owner = owner[part]
        assert step["value"] == owner, (step["text"], step["key"])
        checked += 1
    assert checked >= 1


def test_unknown_id_suggests_the_nearest(inputs: list[str],
                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "firm", *inputs]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert "error[unknown-id]: no goal, field, KPI or indicator has the id 'firm'" in err
    assert "did you mean 'firms'?" in err


def test_a_second_id_is_a_usage_error_not_a_missing_file(
        inputs: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    # `explain firms prod t.dxp`: 'prod' lands among the SPECs; reading it as a file
    # would say "cannot read prod", which hides that explain takes one id
    assert main(["explain", "firms", "prod", *inputs]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == ("error[not-a-spec]: 'prod' is not a spec file: explain takes one ID\n"
                   "  = hint: explain one ID at a time, e.g. dxplan explain firms\n")


def test_a_missing_dxp_file_is_still_reported_as_missing(
        inputs: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = str(tmp_path / "gone.dxp")
    assert main(["explain", "firms", missing, *inputs]) == 1
    err = capsys.readouterr().err
    assert "error[no-such-file]" in err and "gone.dxp" in err
    assert "not-a-spec" not in err


def test_table_shows_the_tree_with_locations(inputs: list[str],
                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "paper", *inputs]) == 0
    out = capsys.readouterr().out
    assert out.startswith('indicator paper "用紙使用量" (KPI k1, field f1) — 2025年度')
    assert "├── raw score 100 × (44 − 50) / (30 − 50) = 30" in out
    assert "data.csv:8" in out  # paper,2025,44 is line 8 of the data file
    assert "\x1b" not in out


def _formula(text: str) -> Expr:
    module, diagnostics = parse_text(SourceFile("f.dxp", f"value = {text}\n"))
    assert module is not None, diagnostics
    expr = module.statements[0].expr
    assert expr is not None
    return expr


@pytest.mark.parametrize(("formula", "shown"), [
    ("(a + b) * c", "(1 + (-2)) * 3"),
    ("a - (b - c)", "1 - ((-2) - 3)"),
    ("a / b * 1000", "1 / (-2) * 1000"),
    ("-(a + c)", "-(1 + 3)"),
    ("max(a, c) + 1_000", "max(1, 3) + 1_000"),
])
def test_substitute_keeps_the_formula_shape(formula: str, shown: str) -> None:
    # precedence and brackets are render_expr's; a value is placed as an atom
    values = {"a": "1", "b": "(-2)", "c": "3"}
    assert substitute(_formula(formula), lambda node: values.get(node.name)
                      if isinstance(node, Var) else None) == shown
