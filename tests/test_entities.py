"""Per-municipality figures: entity lists, the municipality column, aggregates over
entities, each entity scored from its own baseline, and `eval --by`.

Every golden value is worked out by hand in the comment beside it (docs/language.md,
"Municipalities").
"""

from __future__ import annotations

import json

import pytest

from dxplan import pipeline
from dxplan.cli import main
from dxplan.data.entities import check_digit
from dxplan.results import ByResult, Results
from dxplan.scoring import Status
from tests.support import frames, load

ENTITIES = """code,name,kind
022012,青森市,市
022021,弘前市,市
02203,八戸市,市
023043,蓬田村,村
024058,六戸町,町
"""

SPEC = """
entities m "市町村" {
    file "m.csv"
}

plan p "P" {
    period 2024..2028
}

goal started "取組市町村数" {
    value = count_if(dx, dx >= 1)
    baseline 2022 = 1
    target 2028 = 4
}

goal share "取組市町村の割合" {
    reference
    value = share_if(dx, dx >= 1)
}

field f "F" {
    kpi k "K" {
        indicator usage "利用率" {
            by m
            unit "%"
            value = mean(usage)
            baseline 2022 = 48
            target 2028 = 70
        }
        indicator usage_median "利用率(中央値)" {
            reference
            value = median(usage)
        }
        indicator usage_weighted "利用率(人口加重)" {
            reference
            value = weighted_mean(usage, pop)
        }
        indicator usage_spread "利用率(最大−最小)" {
            reference
            value = max(usage) - min(usage)
        }
    }
}
"""

# usage: 青森市 40 → 58, 弘前市 30 → 39, 八戸市 50 → 74, 蓬田村 72 → 71 (2022 → 2025);
# 六戸町 is listed but has no figure. Municipalities are written as names, codes, five-digit
# codes, codes whose leading zero Excel dropped, and names with the prefecture in front.
DATA = """series,municipality,year,value
usage,青森市,2022,40
usage,022021,2022,30
usage,02203,2022,50
usage,蓬田村,2022,72
usage,青森市,2025,58
usage,青森県弘前市,2025,39
usage,22039,2025,74
usage,蓬田村,2025,71
dx,青森市,2022,1
dx,弘前市,2022,0
dx,八戸市,2022,0
dx,蓬田村,2022,0
dx,青森市,2025,1
dx,弘前市,2025,1
dx,八戸市,2025,0
dx,蓬田村,2025,1
pop,青森市,2025,275000
pop,弘前市,2025,165000
pop,八戸市,2025,220000
pop,蓬田村,2025,2500
"""


def loaded(data: str = DATA, entities: str = ENTITIES) -> pipeline.Loaded:
    return load(SPEC, {"m.csv": entities, "data.csv": data})


def by_results(year: int = 2025) -> Results:
    results, diagnostics = pipeline.evaluate(loaded(), year, by="m")
    assert results is not None and results.by is not None, frames(diagnostics)
    return results


def score_of(by: ByResult, name: str, ident: str = "usage") -> object:
    row = next(r for r in by.entities if r.name == name)
    return row.indicators[by.measures.index(ident)]


# --- entity lists and the municipality column ---------------------------------------------


def test_check_digit_is_the_published_rule() -> None:
    # 青森市 02201: 6*0 + 5*2 + 4*2 + 3*0 + 2*1 = 20; 20 mod 11 = 9; 11 - 9 = 2 -> 022012
    assert check_digit("02201") == "2"
    # 八戸市 02203: 0 + 10 + 8 + 0 + 6 = 24; 24 mod 11 = 2; 11 - 2 = 9 -> 022039
    assert check_digit("02203") == "9"


def test_a_five_digit_code_gets_its_check_digit() -> None:
    lists = loaded().data.entity_lists
    assert [e.code for e in lists[0].entities] == ["022012", "022021", "022039", "023043",
                                                   "024058"]


def test_every_spelling_of_a_municipality_lands_on_its_code() -> None:
    figures = loaded().data.by_entity.values["usage"]
    assert figures == {"022012": {2022: 40.0, 2025: 58.0}, "022021": {2022: 30.0, 2025: 39.0},
                       "022039": {2022: 50.0, 2025: 74.0}, "023043": {2022: 72.0, 2025: 71.0}}


def test_an_unknown_municipality_is_an_error_at_its_cell_with_the_nearest_name() -> None:
    data = DATA + "pop,青盛市,2025,9\n"
    result = pipeline.load_strings(SPEC, {"m.csv": ENTITIES, "data.csv": data})
    [problem] = [d for d in result.diagnostics if d.code == "unknown-entity"]
    # the municipality is the second cell: after "pop," (4 characters), column 5
    assert frames([problem]) == [
        "data.csv:22:5: error[unknown-entity]: '青盛市' is not an entity of 'm'\n"
        "  22 | pop,青盛市,2025,9\n"
        "     |     ^^^^^^\n"
        "  = hint: did you mean '青森市'?"]
    assert not result.ok


def test_a_wrong_check_digit_in_the_list_is_reported() -> None:
    result = pipeline.load_strings(SPEC, {"m.csv": ENTITIES.replace("022021", "022022"),
                                          "data.csv": "series,year,value\n"})
    [problem] = [d for d in result.diagnostics if d.code == "bad-entity"]
    assert problem.message == "022022 has the wrong check digit (it would be 022021)"
    assert problem.span is not None and (problem.span.path, problem.span.line) == ("m.csv", 3)


def test_an_unreadable_entity_list_is_the_one_error() -> None:
    # the set is declared: its list's error is reported, not "no entity set is declared"
    result = pipeline.load_strings(SPEC, {"m.csv": "コード,なまえ\n022012,青森市\n",
                                          "data.csv": DATA})
    assert [d.code for d in result.diagnostics] == ["bad-header"]


def test_municipality_rows_without_an_entity_set_are_an_error() -> None:
    spec = 'plan p "P" {\n    period 2024..2028\n}\ngoal g "G" {\n    baseline 2022 = 1\n' \
        '    target 2028 = 2\n}\n'
    result = pipeline.load_strings(spec, {"data.csv": "series,municipality,year,value\n"
                                                      "g,青森市,2024,1\n"})
    assert [d.code for d in result.diagnostics] == ["no-entity-set"]


def test_the_same_figure_given_as_name_and_as_code_is_a_duplicate() -> None:
    result = pipeline.load_strings(SPEC, {"m.csv": ENTITIES,
                                          "data.csv": DATA + "usage,022012,2025,58\n"})
    assert [d.code for d in result.diagnostics] == ["duplicate-row"]
    result = pipeline.load_strings(SPEC, {"m.csv": ENTITIES,
                                          "data.csv": DATA + "usage,022012,2025,59\n"})
    assert [d.code for d in result.diagnostics] == ["conflicting-rows"]


def test_a_whole_area_row_of_an_aggregated_series_is_warned_unread() -> None:
    # usage is read only as mean(usage): a row with no municipality would be ignored
    data = DATA + "usage,,2025,60\n"
    result = pipeline.load_strings(SPEC, {"m.csv": ENTITIES, "data.csv": data})
    assert [(d.code, d.span.line if d.span else None) for d in result.diagnostics] == \
        [("unknown-series", 22)]


def test_a_careful_row_among_bulk_rows_reads_the_same() -> None:
    # an era year, a percent sign and a note send rows to the careful reader; the figures
    # end up beside the bulk-read ones, keyed the same way
    data = DATA.replace("usage,青森市,2025,58", "usage,青森市,令和7年度,58%") \
        .replace("series,municipality,year,value", "series,municipality,year,value,note")
    assert loaded(data).data.by_entity.values == loaded().data.by_entity.values


# --- aggregates over the municipalities ------------------------------------------------------


def test_aggregates_over_the_municipalities() -> None:
    results = by_results()
    goals = {g.id: g for g in results.goals}
    indicators = {i.id: i for i in results.kpis[0].indicators}
    # dx 2025: 青森市 1, 弘前市 1, 八戸市 0, 蓬田村 1 -> 3 meet dx >= 1
    assert goals["started"].value == 3
    # 3 of the 4 municipalities with a figure: 100 * 3 / 4 = 75
    assert goals["share"].value == 75
    # (58 + 39 + 74 + 71) / 4 = 242 / 4 = 60.5
    assert indicators["usage"].value == pytest.approx(60.5)
    # sorted 39, 58, 71, 74: (58 + 71) / 2 = 64.5
    assert indicators["usage_median"].value == pytest.approx(64.5)
    # (58*275000 + 39*165000 + 74*220000 + 71*2500) / (275000 + 165000 + 220000 + 2500)
    # = 38,842,500 / 662,500 = 58.6301887
    assert indicators["usage_weighted"].value == pytest.approx(38_842_500 / 662_500)
    # 74 - 39 = 35
    assert indicators["usage_spread"].value == pytest.approx(35)


def test_the_whole_area_figure_is_scored_as_any_other() -> None:
    usage = next(i for i in by_results().kpis[0].indicators if i.id == "usage")
    # raw = 100 * (60.5 - 48) / (70 - 48) = 1250 / 22 = 56.818; expected at 2025, half way
    # from 2022 to 2028: 50; 56.8 >= 50 -> on track
    assert usage.raw == pytest.approx(1250 / 22)
    assert usage.expected == pytest.approx(50)
    assert usage.status is Status.ON_TRACK
    # traced: one aggregate read of 4 municipalities' figures, located at its first row
    [read] = usage.inputs
    assert (read.series, read.year, read.entities) == ("usage", 2025, 4)
    assert read.span is not None and read.span.line == 6


def test_count_if_history_follows_the_data() -> None:
    started = next(g for g in by_results().goals if g.id == "started")
    # 2022: only 青森市 -> 1; 2025: 3
    assert [(p.year, p.value) for p in started.history] == [(2022, 1), (2025, 3)]


# --- each municipality scored from its own baseline --------------------------------------------


def test_each_municipality_is_scored_from_its_own_baseline() -> None:
    by = by_results().by
    assert by is not None and by.measures == ("usage",)
    # 青森市: 100 * (58 - 40) / (70 - 40) = 60; its path 40 -> 70 is at 55 in 2025 -> 50
    aomori = score_of(by, "青森市")
    assert (aomori.baseline, aomori.raw, aomori.expected, aomori.status, aomori.rank) == \
        (40, pytest.approx(60), pytest.approx(50), Status.ON_TRACK, 3)
    # 弘前市: 100 * (39 - 30) / (70 - 30) = 22.5 < 50 / 2 -> stalled (raw >= 0)
    hirosaki = score_of(by, "弘前市")
    assert (hirosaki.raw, hirosaki.status, hirosaki.rank) == \
        (pytest.approx(22.5), Status.STALLED, 4)
    # 八戸市: 100 * (74 - 50) / (70 - 50) = 120 -> score 100, achieved
    hachinohe = score_of(by, "八戸市")
    assert (hachinohe.raw, hachinohe.score, hachinohe.status, hachinohe.rank) == \
        (pytest.approx(120), 100, Status.ACHIEVED, 1)


def test_a_municipality_past_the_target_at_its_baseline_is_held_to_it() -> None:
    # 蓬田村 started at 72, above the 2028 target of 70 the plan climbs to: progress toward
    # it means nothing, so it is held to >= 70 (維持). 71 meets it: 100, expected 100
    yomogita = score_of(by_results().by, "蓬田村")  # type: ignore[arg-type]
    assert (yomogita.raw, yomogita.expected, yomogita.status, yomogita.rank) == \
        (100, 100, Status.ACHIEVED, 1)  # tied with 八戸市 at 100: both rank 1


def test_a_municipality_without_figures_is_listed_unscored() -> None:
    rokunohe = score_of(by_results().by, "六戸町")  # type: ignore[arg-type]
    assert (rokunohe.value, rokunohe.score, rokunohe.status, rokunohe.rank) == \
        (None, None, Status.NO_DATA, None)
    assert rokunohe.problem == "no value for 六戸町 in the baseline year 2022"


# --- the command ----------------------------------------------------------------------------


@pytest.fixture
def inputs(tmp_path: pytest.TempPathFactory) -> list[str]:
    folder = tmp_path  # type: ignore[assignment]
    (folder / "spec.dxp").write_text(SPEC, encoding="utf-8")  # type: ignore[operator]
    (folder / "m.csv").write_text(ENTITIES, encoding="utf-8")  # type: ignore[operator]
    (folder / "data.csv").write_text(DATA, encoding="utf-8")  # type: ignore[operator]
    return [str(folder / "spec.dxp"), "--data", str(folder / "data.csv")]  # type: ignore[operator]


def test_eval_by_json_has_every_municipality_and_indicator(
        inputs: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", *inputs, "--by", "m", "--format", "json"]) == 0
    by = json.loads(capsys.readouterr().out)["by"]
    assert (by["set"], by["measures"]) == ("m", [{"id": "usage", "name": "利用率"}])
    assert [e["name"] for e in by["entities"]] == ["青森市", "弘前市", "八戸市", "蓬田村",
                                                     "六戸町"]
    assert by["entities"][0]["indicators"] == [{
        "id": "usage", "value": 58.0, "value_year": 2025, "baseline": 40.0, "raw_score": 60.0,
        "score": 60.0, "expected": 50.0, "expected_year": 2025, "status": "on_track",
        "rank": 3}]


def test_worst_lists_the_lowest_mean_scores_first(
        inputs: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    # scores: 弘前市 22.5, 青森市 60, 八戸市 100, 蓬田村 100; 六戸町 has none
    assert main(["eval", *inputs, "--by", "m", "--worst", "2", "--format", "csv"]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert [r.split(",")[2] for r in rows[1:]] == ["弘前市", "青森市"]


def test_entity_picks_by_name_or_code(inputs: list[str],
                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", *inputs, "--by", "m", "--entity", "022039", "--entity", "青森市",
                 "--format", "csv"]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert [r.split(",")[2] for r in rows[1:]] == ["八戸市", "青森市"]


def test_the_terminal_table_shows_each_municipality_whole(
        inputs: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--no-color", "eval", *inputs, "--by", "m"]) == 0
    out = capsys.readouterr().out
    for code, name in [("022012", "青森市"), ("023043", "蓬田村"), ("024058", "六戸町")]:
        assert any(line.startswith(f"{code} {name}") for line in out.splitlines())
    assert "usage" in out and "#3" in out


@pytest.mark.parametrize(("argv", "code", "message"), [
    (["--by", "towns"], "unknown-set", "--by towns: no entity set 'towns' is declared"),
    (["--worst", "3"], "bad-arguments", "--worst choose among entities: give --by too"),
    (["--by", "m", "--worst", "0"], "bad-arguments",
     "--worst 0: give a number of entities, 1 or more"),
])
def test_by_option_mistakes_are_diagnostics(
        inputs: list[str], capsys: pytest.CaptureFixture[str], argv: list[str], code: str,
        message: str) -> None:
    assert main(["eval", *inputs, *argv]) != 0
    assert f"error[{code}]: {message}" in capsys.readouterr().err


def test_explain_entity_shows_its_own_baseline_and_rank(
        inputs: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "usage", *inputs, "--entity", "弘前市", "--format", "json"]) == 0
    tree = json.loads(capsys.readouterr().out)["tree"]
    steps = {c["label"]: c for c in tree["children"]}
    assert steps["own baseline"]["value"] == 30
    assert steps["raw score"]["text"] == "100 × (39 − 30) / (70 − 30) = 22.5"
    assert steps["rank"]["text"].startswith("4 of 5 by score")
    # the figure's row: data.csv line 7 (usage,青森県弘前市,2025,39)
    assert steps["value"]["children"][0]["at"].endswith("data.csv:7")


# --- in Japanese ----------------------------------------------------------------------------


def test_entity_mistakes_read_in_japanese_at_the_same_place(japanese: None) -> None:
    bad_list = ENTITIES.replace("022021", "022022") + "0220,黒石市\n"
    result = pipeline.load_strings(SPEC, {"m.csv": bad_list, "data.csv": DATA[:31] +
                                          "pop,青盛市,2025,9\n"})
    shown = "\n".join(frames(result.diagnostics))
    assert "022022 の検査数字が違います(正しくは 022021)" in shown
    assert "'0220' は全国地方公共団体コードではありません" in shown
    unknown = pipeline.load_strings(SPEC, {"m.csv": ENTITIES, "data.csv": DATA +
                                           "pop,青盛市,2025,9\n"})
    assert frames([d for d in unknown.diagnostics if d.code == "unknown-entity"]) == [
        "data.csv:22:5: error[unknown-entity]: '青盛市' は 'm' の団体にありません\n"
        "  22 | pop,青盛市,2025,9\n"
        "     |     ^^^^^^\n"
        "  = ヒント: '青森市' のことですか?"]


def test_the_entity_table_speaks_japanese(inputs: list[str],
                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", *inputs, "--by", "m", "--no-color", "--lang", "ja"]) == 0
    out = capsys.readouterr().out
    assert "5 団体" in out and "1 指標" in out
    assert "entities" not in out and "indicator" not in out
