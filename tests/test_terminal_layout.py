"""The terminal views at 120, 80 and 60 columns: every id can be copied whole into
`dxplan explain`, a figure stays on the line of its year, every line fits the terminal,
and the same view reads the same with colour and without.

PLAN has every target form the views put in words (a bound, a range, a relative target,
a yearly one, a milestone, a cumulative value), every lifecycle mark (revised, added,
retired), a value carried over from an earlier year, and names long enough to wrap.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
import support

from dxplan import pipeline
from dxplan.render import labels
from dxplan.render.explain import render as render_explain
from dxplan.render.layout import atom, words, wrap
from dxplan.render.roadmap_terminal import render_roadmap
from dxplan.render.terminal import render
from dxplan.results import MeasureResult, Results
from dxplan.review.explain import explain
from dxplan.source import display_width

REPO = Path(__file__).resolve().parent.parent
WIDTHS = (120, 80, 60)

PLAN = """\
plan every_form "目標のあらゆる形を含む評価用の計画" {
    period 2024..2028
}

grading {
    grade A "順調" when score >= expected
    grade B "遅れ" otherwise
}

goal quake_deaths "想定される大規模地震による犠牲者数を基準値から八割減少させる" {
    unit "人"
    baseline 2022 = 105,000
    target 2028 = baseline * 0.2
}

field community_field "暮らし・まち・地域社会の持続的な発展と安全・安心の確保" {
    kpi community_transformation "地域社会のデジタル・トランスフォーメーションの推進状況" {
        indicator school_admin_system "統合型校務支援システムの整備率(公立小中学校及び県立学校)" {
            unit "%"
            baseline 2022 = 62
            target 2028 >= 100
        }
        indicator online_service_satisfaction "オンライン行政サービスに対する県民の満足度" {
            unit "%"
            baseline 2023 = 20
            target 2028 = 30..40
        }
        indicator new_farmers "新規就農者数(累計)" {
            unit "人"
            value = cumulative(new_farmers_yearly, 2024)
            baseline 2023 = 0
            target 2028 = 1,000
        }
        indicator migrants "県外からの移住者数" {
            unit "人"
            target each year >= 1,000
        }
        indicator lgx_code "LGX行動規範の制定" {
            milestone 2026 "制定"
        }
        indicator gross_product_per_worker "労働生産性(就業者1人当たり県内総生産)" {
            unit "千円"
            baseline 2020 = 3,720
            target 2028 = 4,200
        }
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
        indicator support_cases "県内企業のデジタル化・DX支援件数" {
            unit "件"
            reference
        }
    }
}
"""

DATA = """\
series,year,value
quake_deaths,2025,63000
school_admin_system,2026,81
online_service_satisfaction,2026,25
new_farmers_yearly,2024,180
new_farmers_yearly,2025,210
new_farmers_yearly,2026,190
migrants,2026,950
lgx_code,2026,実施中
gross_product_per_worker,2022,3821
online_usage,2026,62
ai_use,2026,20
fax_cut,2025,30
fax_cut,2026,45
support_cases,2026,1562
"""


def every_form() -> Results:
    return support.evaluate(support.load({"p.dxp": PLAN}, {"d.csv": DATA}), 2026)


def shipped_inputs() -> pipeline.Loaded:
    """The specs and data dxplan.toml names, as `dxplan eval` loads them."""
    config = tomllib.loads((REPO / "dxplan.toml").read_text(encoding="utf-8"))["dxplan"]
    return pipeline.load([str(REPO / p) for p in config["specs"]],
                         [str(REPO / p) for p in config["data"]])


def shipped() -> Results:
    results, _ = pipeline.evaluate(shipped_inputs(), 2025)
    assert results is not None
    return results


def measures(r: Results) -> list[MeasureResult]:
    return [*r.goals, *(m for k in r.kpis for m in k.indicators)]


def ids(r: Results) -> list[str]:
    return [*(m.id for m in measures(r)), *(k.id for k in r.kpis), *(f.id for f in r.fields)]


def assert_fits(text: str, width: int) -> None:
    for line in text.splitlines():
        assert display_width(line) <= width, (width, line)
        assert line == line.rstrip(), line


@pytest.fixture(scope="module")
def views() -> dict[str, Results]:
    return {"every form": every_form(), "shipped": shipped()}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("which", ["every form", "shipped"])
def test_every_id_is_whole_on_one_line_and_every_line_fits(
        views: dict[str, Results], which: str, width: int) -> None:
    r = views[which]
    text = render(r, width=width)
    assert_fits(text, width)
    lines = text.splitlines()
    for ident in ids(r):
        # as `(id)`: whole, and so copyable into `dxplan explain`
        assert any(f"({ident})" in line for line in lines), (width, ident)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("which", ["every form", "shipped"])
def test_a_figure_stays_on_the_line_of_its_year(views: dict[str, Results], which: str,
                                                width: int) -> None:
    r = views[which]
    lines = render(r, width=width).splitlines()
    for m in measures(r):
        pieces = [labels.value_text(m, r.year), *labels.plan_parts(m)]
        if not m.reference and m.expected is not None:
            pieces.append(f"期待 {labels.expected_text(m, r.year)}")
        for piece in filter(None, pieces):
            assert any(piece in line for line in lines), (width, m.id, piece)


def test_every_form_and_mark_is_shown_in_words(views: dict[str, Results]) -> None:
    # each as labels.py words it, whole on one line at 60 columns
    lines = render(views["every form"], width=60).splitlines()
    for words_ in ("2028: 100以上", "2028: 30〜40", "基準値×0.2 = 21,000", "毎年 1,000人以上",
                   "2026: 制定", "累計 580人", "3,821千円 (2022年度値)", "期待 25.0 (2022)",
                   "[目標見直し 2026]", "[追加 2025]", "[廃止 2026]", "※参考値"):
        assert any(words_ in line for line in lines), words_


def test_below_100_columns_the_name_has_its_line_and_the_figures_go_under_it(
        views: dict[str, Results]) -> None:
    lines = render(views["shipped"], width=80).splitlines()
    name = lines.index("  統合型校務支援システムの整備率 (school_admin_system)")
    assert lines[name + 1].split() == ["81%", "█████░░░░░", "50.0", "▲", "順調", "on_track"]
    assert lines[name + 1].startswith("      81%")  # under the name, indented
    wide = render(views["shipped"], width=120).splitlines()
    assert any(line.startswith("  統合型校務支援システムの整備率 (school_admin_system)   81%")
               for line in wide)


def test_colour_changes_nothing_but_the_styles(views: dict[str, Results]) -> None:
    for width in WIDTHS:
        plain = render(views["every form"], width=width)
        coloured = render(views["every form"], width=width, color=True)
        assert "\x1b[" in coloured
        assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == plain


@pytest.mark.parametrize("width", WIDTHS)
def test_roadmap_names_wrap_whole_and_notes_sit_under_their_project(
        views: dict[str, Results], width: int) -> None:
    roadmap = views["shipped"].roadmap
    assert roadmap is not None
    for text in (render_roadmap([roadmap], width=width), render(views["shipped"], width=width)):
        assert_fits(text, width)
        lines = text.splitlines()
        for p in roadmap.projects:
            if p.note and p.status in ("delayed", "suspended"):
                at = next(i for i, line in enumerate(lines)
                          if re.match(rf"  (\S )?{p.no} [^\s\d(]", line))
                # the note follows the name (wrapped or not), indented under it
                note = next(line for line in lines[at + 1:at + 4] if p.note[:4] in line)
                assert note == "     " + note.lstrip() and note.lstrip().startswith(p.note[:4])
    # a KPI id is never broken in the by-KPI list
    text = render_roadmap([roadmap], width=60)
    for k in roadmap.by_kpi:
        assert f"({k.kpi})" in text


@pytest.mark.parametrize("width", WIDTHS)
def test_explain_fits_and_keeps_ids_and_locations_whole(views: dict[str, Results],
                                                        width: int) -> None:
    loaded = shipped_inputs()
    assert loaded.workspace is not None
    r, _ = pipeline.evaluate(loaded, 2025)
    assert r is not None
    for ident in ("safety", "school_admin_system", "productivity"):
        explanation, _ = explain(r, loaded.workspace, ident)
        assert explanation is not None
        text = render_explain(explanation, width=width)
        assert_fits(text, width)
        assert ident in text
        # 'specs/plan2024.dxp:153' and 'examples/observations.csv:41' are never split
        assert all(re.fullmatch(r"\S+\.(dxp|csv):\d+", where)
                   for where in re.findall(r"\S+\.(?:dxp|csv)(?::\d+)?", text))


def test_wrapping_japanese_between_characters_but_never_inside_a_unit() -> None:
    units = [*words("統合型校務支援システム(公立学校)", gap=""), atom("(school_admin_system)")]
    lines = ["".join(t for t, _ in line) for line in wrap(units, 16)]
    # 16 cells hold 8 wide characters; '(' stays with what follows, ')' with what precedes
    # (and an id wider than the whole line is cut, the one case where nothing else can do)
    assert lines == ["統合型校務支援シ", "ステム(公立学校)", "(school_admin_sy", "stem)"]
    wide = ["".join(t for t, _ in line) for line in wrap([atom("(school_admin_system)")], 40)]
    assert wide == ["(school_admin_system)"]
    # a year label keeps its figure: '2024: 7.89'
    text = ["".join(t for t, _ in line)
            for line in wrap(words("by year: 2022: -10.53, 2023: 0, 2024: 7.89"), 20)]
    assert all(not re.search(r"\d{4}:$", line) for line in text), text
