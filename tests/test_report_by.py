"""The report's 市町村別 section (render/report_by.py): each indicator declared `by` an
entity set, its entities worst first, with the figures of `Results.by`.

The plan of the small tests (TOWNS): `rate` is scored per town from the town's own 2022
value to the target 110 in 2028. Town i has 10 in 2022 and 10 + i / 2 in 2025, so its
score is 100 × (i / 2) / (110 − 10) = i / 2; the path from (2022, 10) to (2028, 110) is
at 60 in 2025, so every town is expected 100 × (60 − 10) / 100 = 50.0. The best town
(the highest i) is ranked 1.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from support import load, write_inputs

from dxplan import pipeline
from dxplan.cli import main
from dxplan.pipeline import Loaded
from dxplan.render.html import render_html
from dxplan.render.report import ReportInput
from dxplan.render.report_md import render_markdown
from dxplan.results import Results

REPO = Path(__file__).resolve().parent.parent

TOWNS = """
entities towns "町村" {
    file "towns.csv"
}

plan p "試験計画" {
    period 2024..2028
}

field f "分野" {
    kpi k "KPI" {
        indicator rate "利用率" {
            by towns
            unit "%"
            value = mean(rate)
            baseline 2022 = 10
            target 2028 = 110
        }
    }
}
"""


def towns(scored: int, unscored: int = 0) -> Loaded:
    """TOWNS with `scored` towns (town i scores i / 2) and `unscored` more with a 2025
    figure but none in the baseline year. Codes are five digits, 10001 up."""
    codes = [f"{10001 + i:05d}" for i in range(scored + unscored)]
    listed = "code,name\n" + "".join(f"{c},町{i:03d}\n" for i, c in enumerate(codes))
    rows = [f"rate,{c},2022,10\n" for c in codes[:scored]]
    rows += [f"rate,{c},2025,{10 + i / 2}\n" for i, c in enumerate(codes)]
    return load(TOWNS, {"towns.csv": listed,
                        "data.csv": "series,municipality,year,value\n" + "".join(rows)})


def report_of(loaded: Loaded, by: str | None = "towns") -> tuple[Results, str, str]:
    """The results with each town's figures, and the report in HTML and in Markdown."""
    results, _ = pipeline.evaluate(loaded, 2025, by=by)
    assert results is not None and loaded.workspace is not None
    assert loaded.workspace.plan is not None
    report = ReportInput(results, loaded.workspace.plan, None)
    return results, render_html(report), render_markdown(report)


def table_rows(html: str, ident: str) -> list[list[str]]:
    """The cells of each body row of the table in the element `ident`."""
    root = ET.fromstring(html)
    part = root.find(f".//*[@id='{ident}']")
    assert part is not None, ident
    return [["".join(td.itertext()) for td in tr.findall("td")]
            for tr in part.findall(".//tbody/tr")]


def markdown_section(md: str) -> str:
    start = md.index("\n## 町村別\n")
    return md[start:md.index("\n## ", start + 1)]


# --- the shipped example --------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """`dxplan report` of the shipped specs and examples, HTML and Markdown."""
    folder = tmp_path_factory.mktemp("shipped")
    here = os.getcwd()
    os.chdir(REPO)  # dxplan.toml names the specs and examples/
    try:
        for form in ("html", "markdown"):
            assert main(["report", "--format", form, "--output", str(folder / form),
                         "--date", "2025-06-01"]) == 0
    finally:
        os.chdir(here)
    return ((folder / "html").read_text(encoding="utf-8"),
            (folder / "markdown").read_text(encoding="utf-8"))


def test_the_shipped_report_lists_the_40_municipalities_worst_first(
        shipped: tuple[str, str]) -> None:
    html, md = shipped
    rows = table_rows(html, "by-municipalities-online_usage")
    assert len(rows) == 40
    scores = [float(row[5]) for row in rows]
    assert scores == sorted(scores)
    # 南部町 went from 32% in 2022 to 39.3% in 2025: 100 × (39.3 − 32) / (70 − 32) = 19.2,
    # the lowest; its own path (32 in 2022 to 70 in 2028) is at 51 in 2025, expected
    # 100 × (51 − 32) / 38 = 50.0: below half of that is 停滞
    assert rows[0] == ["40", "024457", "南部町", "39.3%", "32%", "19.2", "50.0", "▽ 停滞"]
    # the 5 at 100 share rank 1, in the order of how far past 70 they are: 西目屋村 had
    # 71 already in 2022 and is held to 70 as a bound (raw 100); 十和田市
    # 100 × (70.5 − 47.4) / (70 − 47.4) = 102.2, 五所川原市 100 × 28.3 / 27 = 104.8,
    # 黒石市 100 × 33.6 / 31.4 = 107.0, 平川市 100 × 32.4 / 26.3 = 123.2
    assert [row[0] for row in rows[-5:]] == ["1"] * 5
    assert [row[2] for row in rows[-5:]] == ["西目屋村", "十和田市", "五所川原市", "黒石市",
                                             "平川市"]
    # the indicator's row in its KPI's table links to its table here
    assert 'href="#by-municipalities-online_usage"' in html
    # the Markdown report has the same rows in the same order
    start = md.index("\n## 市町村別\n")
    section = md[start:md.index("\n## ", start + 1)]
    md_rows = [line.split(" | ")[1:3] for line in section.splitlines()
               if line.startswith("| ") and line[2:3].isdigit()]
    assert md_rows == [row[1:3] for row in rows]


def test_the_status_counts_add_up_to_the_rows(shipped: tuple[str, str]) -> None:
    html, _md = shipped
    root = ET.fromstring(html)
    counts = root.find(".//*[@id='by-municipalities-online_usage']/p[@class='counts']")
    assert counts is not None
    shown = {part.rsplit(" ", 1)[0]: int(part.rsplit(" ", 1)[1])
             for part in "".join(counts.itertext()).split("・")}
    statuses = [row[7] for row in table_rows(html, "by-municipalities-online_usage")]
    assert shown == {s: statuses.count(s) for s in set(statuses)}


# --- the figures are Results.by's -----------------------------------------------------------


def test_each_row_shows_the_figures_of_results_by() -> None:
    results, html, md = report_of(towns(6, unscored=1))
    assert results.by is not None
    rows = table_rows(html, "by-towns-rate")
    by_code = {e.code: e.indicators[0] for e in results.by.entities}
    assert sorted(row[1] for row in rows) == sorted(by_code)
    for row in rows:
        s = by_code[row[1]]
        assert row[0] == (str(s.rank) if s.rank is not None else "—")
        assert row[3] == f"{s.value:g}%"
        assert row[4] == (f"{s.baseline:g}%" if s.baseline is not None else "—")
        assert row[5] == (f"{s.score:.1f}" if s.score is not None else "—")
        assert row[6] == (f"{s.expected:.1f}" if s.expected is not None else "—")
    # town i scores i / 2 (0.0 … 2.5), worst first; the seventh town has no 2022 figure:
    # no score, no rank, listed last
    assert [row[5] for row in rows] == ["0.0", "0.5", "1.0", "1.5", "2.0", "2.5", "—"]
    assert [row[0] for row in rows] == ["6", "5", "4", "3", "2", "1", "—"]
    assert rows[-1][2:] == ["町006", "13%", "—", "—", "—", "? データなし"]
    section = markdown_section(md)
    assert "| 6 | 100013 | 町000 | 10% | 10% | 0.0 | 50.0 | ▽ 停滞 |" in section
    assert "| — | 100072 | 町006 | 13% | — | — | — | ? データなし |" in section
    assert "▽ 停滞 6・? データなし 1" in section  # each below half the expected 50


def test_a_plan_without_by_has_no_such_section(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    inputs = [*write_inputs(tmp_path), "--year", "2025", "--date", "2025-06-01"]
    assert main(["report", *inputs, "--output", "r.html"]) == 0
    assert main(["report", *inputs, "--format", "markdown", "--output", "r.md"]) == 0
    html, md = (tmp_path / "r.html").read_text("utf-8"), (tmp_path / "r.md").read_text("utf-8")
    assert 'id="by-' not in html and "table entities" not in html
    assert "別\n" not in md and "順位" not in md
    # nor do the results asked for without `by` give one, whatever the plan declares
    _results, html, md = report_of(towns(3), by=None)
    assert 'id="by-' not in html and "## 町村別" not in md


# --- a large set: the two ends ----------------------------------------------------------------


def test_over_100_entities_shows_the_20_lowest_and_the_20_highest() -> None:
    _results, html, md = report_of(towns(150, unscored=5))
    rows = table_rows(html, "by-towns-rate")
    gap = rows[20]
    assert len(rows) == 41 and len(gap) == 1
    # 150 scored, 40 shown: 110 left out between the two ends
    assert gap[0] == "… ほか110町村 …"
    low, high = rows[:20], rows[21:]
    assert [row[5] for row in low] == [f"{i / 2:.1f}" for i in range(20)]  # 0.0 … 9.5
    assert [row[0] for row in low] == [str(150 - i) for i in range(20)]  # 150 … 131
    assert [row[5] for row in high] == [f"{i / 2:.1f}" for i in range(130, 150)]  # … 74.5
    assert high[-1][0] == "1"
    # 155 in the set, 40 shown: 115 left out, the 5 without a score among them
    cut = ("全155町村のうち、スコアの低い20町村と高い20町村を示しています。ほか115町村"
           "(スコアのない5町村を含む)は省略。全町村の表は dxplan eval --by towns --format csv "
           "で出力できます。")
    assert cut in html
    section = markdown_section(md)
    assert cut in section and "| … |  | ほか110町村 … |" in section
    assert section.count("\n| ") == 2 + 41  # the header, its rule, and the rows
    # the whole set counted: scores from 50 (i ≥ 100) meet the expected 50, from 25
    # (i ≥ 50) are at least half of it, the 50 below that are 停滞
    assert "▲ 順調 50・△ やや遅れ 50・▽ 停滞 50・? データなし 5" in section


def test_100_entities_are_all_shown() -> None:
    _results, html, md = report_of(towns(100))
    assert len(table_rows(html, "by-towns-rate")) == 100
    assert "省略" not in html and "省略" not in md
