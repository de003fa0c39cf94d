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
    assert main(["report", *inputs, "--output", str(out), "--date", "2025-06-01", *extra]) == 0
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


# --- what the figures rest on: date, sources, notes, the illustrative banner --------------


def test_the_report_says_when_it_was_written_and_how_recent_its_figures_are(
        inputs: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    root = ET.fromstring(report(inputs, tmp_path, capsys))
    header = "".join(next(root.iter("header")).itertext())
    # firms, paper, cases and done have 2025 figures: the latest shown
    assert "作成日 2025年6月1日・実績は2025年度まで" in header
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")  # 2025-01-01 00:00 UTC
    out = tmp_path / "epoch.html"
    assert main(["report", *inputs, "--output", str(out)]) == 0
    assert "作成日 2025年1月1日" in out.read_text(encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    assert main(["report", *inputs, "--output", str(out)]) == 2
    assert "error[bad-date]" in capsys.readouterr().err


def test_every_figure_has_a_source_and_every_note_is_shown(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    args = write_inputs(tmp_path)
    spec = Path(args[0])
    spec.write_text(spec.read_text(encoding="utf-8").replace(
        '    vision 2040 "試験の将来像"\n',
        '    vision 2040 "試験の将来像"\n    note "数値は第5回委員会資料による"\n'
        '    illustrative "基準値・目標値は例示値です"\n').replace(
        '        indicator paper "用紙使用量" {\n',
        '        indicator paper "用紙使用量" {\n            source "庁内調べ"\n').replace(
        '    kpi k1 "企業のDX" {\n', '    kpi k1 "企業のDX" {\n        note "KPIの注記"\n'),
        encoding="utf-8")
    root = ET.fromstring(report([*args, "--year", "2025"], tmp_path, capsys))
    header = "".join(next(root.iter("header")).itertext())
    assert "数値は第5回委員会資料による" in header
    assert "例示値 基準値・目標値は例示値です" in text_of(root, "illustrative")
    rows = {"".join(tr[0].itertext()): tr for tr in root.iter("tr") if len(tr) == 9}
    # 出典, the last column of each indicator: the baseline's own source, the measure's
    assert "".join(rows["伴走支援企業数(重み 2)"][8].itertext()) == "基準値: 県調べ"
    assert "".join(rows["用紙使用量"][8].itertext()) == "実績・基準値: 庁内調べ"
    assert "".join(rows["支援件数 ※参考値"][8].itertext()) == "出典未設定"
    sources = text_of(root, "sources")
    assert "中間目標" in text_of(root, "source-firms")  # the 2026 target's note
    for ident in ("prod", "firms", "paper", "cases", "done"):
        assert root.find(f".//*[@id='source-{ident}']") is not None
    assert "目標値は、出典を記したもののほかは本計画による。" in sources
    assert "注記 KPIの注記" in text_of(root, "kpi-k1")
    assert main(["report", *args, "--year", "2025", "--format", "markdown"]) == 0
    md = capsys.readouterr().out
    assert "> 数値は第5回委員会資料による" in md and "注記: KPIの注記" in md
    assert "| 用紙使用量 |" in md and "実績・基準値: 庁内調べ |" in md


def test_no_banner_without_illustrative_figures(inputs: list[str], tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    root = ET.fromstring(report(inputs, tmp_path, capsys))
    assert root.find(".//*[@id='illustrative']") is None


def test_shipped_report_says_its_figures_are_illustrative(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(REPO)
    out = tmp_path / "r.html"
    assert main(["report", "--output", str(out), "--date", "2025-06-01"]) == 0
    root = ET.fromstring(out.read_text(encoding="utf-8"))
    assert "公表された数値ではありません" in text_of(root, "illustrative")
    assert main(["report", "--format", "markdown", "--date", "2025-06-01"]) == 0
    md = capsys.readouterr().out
    assert "> **例示値** 基準値・目標値は" in md
    assert "| 出典 |" in md and "県企画政策部調べ" in md


def test_roadmap_is_as_complete_as_the_markdown_one(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(REPO)
    assert main(["roadmap", "--period", "2024H2", "--format", "json"]) == 0
    road = json.loads(capsys.readouterr().out)["roadmaps"][0]
    out = tmp_path / "r.html"
    assert main(["report", "--output", str(out), "--date", "2025-06-01"]) == 0
    root = ET.fromstring(out.read_text(encoding="utf-8"))
    counts = text_of(root, "roadmap-counts")
    for group in road["by_category"]:
        assert group["category"] in counts
    due = text_of(root, "roadmap-milestones")
    milestones = [m for p in road["projects"] for m in p["milestones_due"]]
    assert milestones and all(m["text"] in due for m in milestones)
    by_kpi = {"".join(tr[0].itertext()): tr for tr in root.find(
        ".//*[@id='roadmap-by-kpi']").iter("tr")}  # type: ignore[union-attr]
    for k in road["by_kpi"]:
        flagged = "要注意" in "".join(by_kpi[k["name"]].itertext())
        assert flagged == k["at_risk"], k["kpi"]
        assert ("changed worse" in (by_kpi[k["name"]].get("class") or "")) == k["at_risk"]
    unreported = "".join(text_of(root, "roadmap-unreported").split())
    assert unreported == "報告のない事業" + ("ありません。" if not road["unreported"] else "")


def test_report_period_shows_the_roadmap_in_that_half(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(REPO)
    assert main(["roadmap", "--period", "2024H1", "--format", "json"]) == 0
    road = json.loads(capsys.readouterr().out)["roadmaps"][0]
    out = tmp_path / "r.html"
    assert main(["report", "--period", "令和6年度上期", "--output", str(out),
                 "--date", "2025-06-01"]) == 0
    root = ET.fromstring(out.read_text(encoding="utf-8"))
    roadmap = text_of(root, "roadmap")
    assert "(2024H1 上期)" in roadmap
    risky = text_of(root, "roadmap-at-risk")
    for p in road["projects"]:
        assert (p["name"] in risky) == (p["status"] in ("delayed", "suspended")), p["no"]
    capsys.readouterr()
    assert main(["report", "--period", "2025H1", "--output", str(out)]) == 1
    assert "error[unknown-period]: nothing is reported for --period 2025H1" in \
        capsys.readouterr().err
