"""`dxplan roadmap`: the shipped example counted by hand, the three formats, and the
command's own diagnostics."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from dxplan.cli import main

REPO = Path(__file__).resolve().parent.parent


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["--no-color", "roadmap", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def nonzero(summary: dict[str, Any]) -> dict[str, int]:
    return {status: n for status, n in summary["counts"].items() if n}


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)  # dxplan.toml there names specs/ and examples/


# Counted by hand from examples/progress.csv. Fields: industry 1-28, living 29-55,
# administration 56-75; 76 is the reference project (参考事業), never counted.
# 2024H1: not_started 38 | 56 63 67; delayed 15 17 | 34 46 | 60; the rest on_track.
H1 = {
    "industry": {"on_track": 26, "delayed": 2},  # 28 - 15, 17
    "living": {"not_started": 1, "on_track": 24, "delayed": 2},  # 27 - 38 - 34, 46
    "administration": {"not_started": 3, "on_track": 16, "delayed": 1},  # 20 - 3 - 60
}
# 2024H2: suspended 5; completed 8 | 30 39 40 | 56 61 65 (and 76, not counted);
# delayed 17 | 46 54 | 66; the rest on_track.
H2 = {
    "industry": {"on_track": 25, "delayed": 1, "completed": 1, "suspended": 1},
    "living": {"on_track": 22, "delayed": 2, "completed": 3},  # 27 - 46, 54 - 30, 39, 40
    "administration": {"on_track": 16, "delayed": 1, "completed": 3},  # 20 - 66 - 56, 61, 65
}


@pytest.mark.usefixtures("in_repo")
def test_shipped_example_every_period(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--format", "json")
    assert (code, err) == (0, "")
    document = json.loads(out)
    h1, h2 = document["roadmaps"]
    assert [(r["id"], r["period"], r["previous_period"]) for r in (h1, h2)] == [
        ("r6", "2024H1", None), ("r6", "2024H2", "2024H1")]
    for result, expected in ((h1, H1), (h2, H2)):
        fields = {f["field"]: f["summary"] for f in result["by_field"]}
        assert {f: nonzero(s) for f, s in fields.items()} == expected
        assert [fields[f]["total"] for f in expected] == [28, 27, 20]
        assert [fields[f]["references"] for f in expected] == [0, 0, 1]
        assert result["summary"]["total"] == 75
        assert result["unreported"] == []
    # whole roadmap: H1 4 + 66 + 5 = 75; H2 63 + 4 + 7 + 1 = 75
    assert nonzero(h1["summary"]) == {"not_started": 4, "on_track": 66, "delayed": 5}
    assert nonzero(h2["summary"]) == {"on_track": 63, "delayed": 4, "completed": 7,
                                      "suspended": 1}
    assert h2["summary"]["shares"]["on_track"] == 0.84  # 63 / 75
    assert h2["changes"] == {"newly_delayed": [54, 66],
                             "newly_completed": [8, 30, 39, 40, 56, 61, 65, 76],
                             "recovered": [15, 34, 60], "newly_suspended": [5]}
    reference = h2["projects"][-1]
    assert (reference["no"], reference["reference"], reference["status"]) == (
        76, True, "completed")


@pytest.mark.usefixtures("in_repo")
def test_shipped_example_table(capsys: pytest.CaptureFixture[str],
                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "160")  # wide enough that no name or note is folded
    code, out, err = run(capsys)
    assert (code, err) == (0, "")
    assert "\x1b[" not in out  # --no-color: the words carry the meaning
    first, second = out.split("2024H2 下期 ──")
    assert "2024H1 上期" in first
    # the whole-roadmap rows: H1 4 / 66 / 5 of 75 (+76); H2 63 / 4 / 7 / 1
    assert _row(first, "全体 all") == ["4", "(5%)", "66", "(88%)", "5", "(7%)", "75", "+1※"]
    assert _row(second, "全体 all") == ["63", "(84%)", "4", "(5%)", "7", "(9%)", "1", "(1%)",
                                        "75", "+1※"]
    assert "0: · 未着手 not_started, ? 未報告 unreported" in second
    assert "! 遅れ delayed" in second and "× 中止 suspended" in second
    # a project at risk: number, name and status on its line, the note indented under it
    lines = second.splitlines()
    at = lines.index("  17 陸奥湾海況自動観測システム更新整備事業   ! 遅れ delayed")
    assert lines[at + 1] == "     機器納入が年度末にずれ込む見込み"
    assert "新たに遅れ newly delayed (2)" in second
    assert "54 道路施設適正管理推進事業" in second.split("newly delayed")[1]


def _row(text: str, title: str) -> list[str]:
    line = next(line for line in text.splitlines() if line.startswith(title))
    return line[len(title):].split()


@pytest.mark.usefixtures("in_repo")
def test_one_period(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--period", "令和6年度下期", "--format", "json")
    assert code == 0
    (only,) = json.loads(out)["roadmaps"]
    assert (only["period"], only["previous_period"]) == ("2024H2", "2024H1")


@pytest.mark.usefixtures("in_repo")
def test_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--period", "2024H2", "--format", "markdown")
    assert code == 0
    assert out.startswith("## ロードマップ進捗 roadmap: 令和6年度DX関連事業ロードマップ (r6) — "
                          "2024H2 下期\n")
    assert ("| 全体 all | 0 | 63 (84%) | 4 (5%) | 7 (9%) | 1 (1%) | 0 | 75 +1※ |"
            in out.splitlines())
    assert "| 17 陸奥湾海況自動観測システム更新整備事業 | 観測ブイ更新・自動観測再開 | " \
           "要注意 at risk | ! 遅れ delayed |" in out
    assert "- 新たに中止 newly suspended (1)\n  - 5 協働ロボット" in out


@pytest.mark.usefixtures("in_repo")
def test_unknown_period(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--period", "2025H1")
    assert (code, out) == (1, "")
    assert err == ("error[unknown-period]: nothing is reported for --period 2025H1\n"
                   "  = hint: reported periods: 2024H1, 2024H2\n")


@pytest.mark.usefixtures("in_repo")
def test_period_that_is_not_a_period(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--period", "autumn")
    assert (code, out) == (1, "")
    assert err.startswith("error[unknown-period]: --period autumn is not a half-year period\n")
    assert err.endswith("reported periods: 2024H1, 2024H2\n")


@pytest.mark.usefixtures("in_repo")
def test_no_roadmap_loaded(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "specs/plan2024.dxp")
    assert (code, out) == (1, "")
    assert err.startswith("error[no-roadmap]: no roadmap in the specs loaded\n")


@pytest.mark.usefixtures("in_repo")
def test_bad_progress_row_stops_with_its_location(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = tmp_path / "progress.csv"
    data.write_text("project,period,status\n77,2024H1,on_track\n", encoding="utf-8")
    code, out, err = run(capsys, "specs/plan2024.dxp", "specs/roadmap2024.dxp",
                         "--data", str(data))
    assert (code, out) == (1, "")
    assert err.splitlines()[0] == (
        f"{data}:2:1: error[unknown-project]: project 77 is not in the roadmap")
    assert err.splitlines()[-1] == (
        "  = hint: projects are numbered 1–76; nearest: 75 「情報セキュリティ対策推進事業」, "
        "76 「議会事務のICT化推進事業」")


@pytest.mark.usefixtures("in_repo")
def test_roadmap_without_reports(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = tmp_path / "progress.csv"
    data.write_text("project,period,status\n", encoding="utf-8")
    code, out, _ = run(capsys, "specs/plan2024.dxp", "specs/roadmap2024.dxp",
                       "--data", str(data), "--format", "json")
    assert code == 0
    (only,) = json.loads(out)["roadmaps"]
    assert (only["period"], only["summary"]["counts"]["unreported"]) == (None, 75)
    assert len(only["unreported"]) == 76


@pytest.mark.usefixtures("in_repo")
def test_eval_ends_with_the_short_roadmap_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval"]) == 0
    out = capsys.readouterr().out
    summary = out[out.index("令和6年度DX関連事業ロードマップ (r6) — 2024H2"):]
    # examples/progress.csv, 2024H2, reference project 76 left out (counted by hand):
    # delayed 17 46 54 66; completed 8 30 39 40 56 61 65; suspended 5; on_track the
    # other 63 of 75
    assert " ".join(summary.split("\n")[4].split()) == (
        "全体 all 75 ▲ 63 順調 ! 4 遅れ ◎ 7 完了 × 1 中止")
    assert "遅れ・中止 delayed and suspended: 5" in summary
    for no in (5, 17, 46, 54, 66):
        assert f" {no} " in summary
    assert "新たに遅れ 2" in summary and "詳細 details: dxplan roadmap" in summary
