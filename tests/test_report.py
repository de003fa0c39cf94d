"""`dxplan report`: one self-contained, well-formed HTML file (and its Markdown twin) whose
figures are those of `eval --format json`, with what changed since the previous year marked.

The spec and data are test_explain.py's. Evaluated in 2025 against 2024 (hand computed):

  k1     2024: firms 12 -> 20, paper 45 -> 100 × (45 − 50) / (30 − 50) = 25
         index (2 × 20 + 25) / 3 = 21.67 (on_track, A); 2025: 38.89 (on_track, A)
         -> not changed, moved +17.2
  paper  2024: 25 vs expected 100 × (46 − 50) / (30 − 50) = 20 -> on_track, A
         2025: behind, B -> changed, worse, newly behind
  done   2024: 100 × (15 − 10) / 10 = 50 vs expected 20 -> on_track; 2025: achieved
         -> changed, better, newly achieved (and so is its KPI k2)
  prod   its latest value is 2024's in both years -> behind, B both times: not changed
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from support import write_inputs

from dxplan.cli import main
from dxplan.render.numbers import score

REPO = Path(__file__).resolve().parent.parent
VOID = {"meta", "br", "link", "img", "hr", "input", "col", "area", "base", "wbr", "source"}


@pytest.fixture
def inputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.chdir(tmp_path)
    return [*write_inputs(tmp_path), "--year", "2025"]


def report(inputs: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str],
           *extra: str) -> str:
    out = tmp_path / "out.html"
    assert main(["report", *inputs, "--output", str(out), *extra]) == 0
    assert "wrote" in capsys.readouterr().out
    return out.read_text(encoding="utf-8")


def eval_json(inputs: list[str], capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    assert main(["eval", *inputs, "--format", "json"]) == 0
    doc: dict[str, Any] = json.loads(capsys.readouterr().out)
    return doc


class Balance(HTMLParser):
    """Every opened element closed, in order (void elements excepted)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass  # <meta/>, <line/>: opened and closed at once

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()


def text_of(root: ET.Element, ident: str) -> str:
    element = root.find(f".//*[@id='{ident}']")
    assert element is not None, ident
    return "".join(element.itertext())


def classes(root: ET.Element, ident: str) -> set[str]:
    element = root.find(f".//*[@id='{ident}']")
    assert element is not None, ident
    return set(element.get("class", "").split())


def test_html_is_well_formed_and_self_contained(inputs: list[str], tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    html = report(inputs, tmp_path, capsys)
    assert html.startswith('<!DOCTYPE html>\n<html lang="ja">')
    assert '<meta charset="utf-8"/>' in html
    parser = Balance()
    parser.feed(html)
    parser.close()
    assert parser.problems == [] and parser.stack == []
    ET.fromstring(html)  # XML-clean as well: a strict parser reads it
    # nothing is fetched: no remote src/href/url(), no script, no web font
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", html, re.I)
    assert not re.search(r"url\(", html, re.I)
    assert "<script" not in html.lower() and "@font-face" not in html
    assert "@page { size: A4; margin: 15mm; }" in html
    assert "<svg" in html and "<polyline" in html


def test_figures_are_those_of_eval_json(inputs: list[str], tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    doc = eval_json(inputs, capsys)
    root = ET.fromstring(report(inputs, tmp_path, capsys))
    assert "試験の将来像" in text_of(root, "goals") or "試験の将来像" in "".join(root.itertext())
    for kpi in doc["kpis"]:
        shown = score(kpi["index"]).strip()  # one decimal: 38.9, 100.0
        assert shown in text_of(root, f"card-{kpi['id']}")
        detail = text_of(root, f"kpi-{kpi['id']}")
        assert shown in detail
        for ind in kpi["indicators"]:
            assert score(ind["score"]).strip() in detail
    for goal in doc["goals"]:
        assert score(goal["score"]).strip() in text_of(root, f"goal-{goal['id']}")
    cards = text_of(root, "card-k1")
    assert "38.9" in cards and "期待値 35.6" in cards and "順調" in cards


def test_changes_since_the_previous_year_are_marked(inputs: list[str], tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    html = report(inputs, tmp_path, capsys)
    root = ET.fromstring(html)
    assert {"changed", "better"} <= classes(root, "card-k2")  # on_track -> achieved
    assert "changed" not in classes(root, "card-k1")
    assert "前回から +17.2" in text_of(root, "card-k1")
    assert "changed" not in classes(root, "goal-prod")
    assert "前回から" not in text_of(root, "goal-prod")
    rows = {"".join(tr.itertext()): set(tr.get("class", "").split())
            for tr in root.iter("tr")}
    paper = next(c for t, c in rows.items() if t.startswith("用紙使用量"))
    assert {"changed", "worse"} <= paper
    changes = text_of(root, "changes")
    assert "前回(2024年度)からの変化" in changes
    assert "新たに遅れ" in changes and "新たに達成" in changes


def test_same_input_same_bytes(inputs: list[str], tmp_path: Path,
                               capsys: pytest.CaptureFixture[str]) -> None:
    assert report(inputs, tmp_path, capsys) == report(inputs, tmp_path, capsys)


def test_html_goes_to_report_html_by_default(inputs: list[str], tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", *inputs]) == 0
    assert capsys.readouterr().out.startswith("wrote report.html")
    assert (tmp_path / "report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_markdown_carries_the_same_figures(inputs: list[str],
                                           capsys: pytest.CaptureFixture[str]) -> None:
    doc = eval_json(inputs, capsys)
    assert main(["report", *inputs, "--format", "markdown"]) == 0
    md = capsys.readouterr().out
    assert md.startswith("# 試験計画 進捗状況報告 2025年度(令和7年度)")
    for kpi in doc["kpis"]:
        row = next(line for line in md.splitlines() if f"| {kpi['name']} |" in line)
        assert f"| {score(kpi['index']).strip()} |" in row
    paper = next(line for line in md.splitlines() if line.startswith("| 悪化 |"))
    assert "用紙使用量" in paper and "新たに遅れ" in paper
    assert "**前回から +50.0、順調 → 達成、評価 A → S(改善)**" in md  # done: 50 -> 100


def test_shipped_example_lists_the_roadmap(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(REPO)  # dxplan.toml: the shipped specs and examples/
    doc = eval_json([], capsys)
    out = tmp_path / "r.html"
    assert main(["report", "--output", str(out)]) == 0
    capsys.readouterr()
    root = ET.fromstring(out.read_text(encoding="utf-8"))
    roadmap = text_of(root, "roadmap")
    for project in doc["roadmap"]["projects"]:
        if project["status"] in ("delayed", "suspended"):
            assert project["name"] in roadmap
    for no in doc["roadmap"]["changes"]["newly_delayed"]:
        assert f"{no} " in roadmap


def test_no_plan_is_a_diagnostic(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = tmp_path / "bad.dxp"
    spec.write_text('plan t "x" {\n    period 2024..2028\n', encoding="utf-8")
    assert main(["report", str(spec), "--data", str(tmp_path)]) == 1
    assert "error[" in capsys.readouterr().err
