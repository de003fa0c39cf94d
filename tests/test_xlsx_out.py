"""The workbook for the committee secretariat (`eval --format xlsx`, `report --format xlsx`),
read back with openpyxl: every figure is the one of `eval --format json`, stored as a
number; statuses carry the report's colours; headers are frozen; the same input gives the
same bytes.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from support import write_inputs

from dxplan.cli import main
from dxplan.render.report_css import PROJECT_COLOURS, STATUS_COLOURS
from dxplan.render.xlsx_book import HEADER_ROW

REPO = Path(__file__).resolve().parent.parent
DATE = ("--date", "2025-06-01")


@pytest.fixture
def inputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.chdir(tmp_path)
    return [*write_inputs(tmp_path), "--year", "2025"]


def eval_json(args: list[str], capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    assert main(["eval", *args, "--format", "json"]) == 0
    doc: dict[str, Any] = json.loads(capsys.readouterr().out)
    return doc


def table(book: Any, title: str) -> list[dict[str, Any]]:
    """The rows of a sheet's table, as {header: cell}."""
    sheet = book[title]
    header = [c.value for c in sheet[HEADER_ROW]]
    return [dict(zip(header, row, strict=True))
            for row in sheet.iter_rows(min_row=HEADER_ROW + 1)]


def check_measure(row: dict[str, Any], m: dict[str, Any]) -> None:
    """Every figure of a goal or indicator in the JSON is in its row, as a number."""
    pairs = [("実績", m["value"]), ("実績年度", m["value_year"]), ("素点", m["raw_score"]),
             ("期待値", m["expected"]),
             ("基準値", m["baseline"] and m["baseline"]["value"]),
             ("基準年度", m["baseline"] and m["baseline"]["year"]),
             ("目標値", m["target"] and m["target"]["value"]),
             ("目標年度", m["target"] and m["target"]["year"])]
    score = row.get("スコア", row.get("スコア・指数"))
    assert score is not None
    assert score.value == m["score"], m["id"]
    for header, expected in pairs:
        cell = row[header]
        assert cell.value == expected, (m["id"], header)
        if expected is not None:
            assert isinstance(cell.value, int | float) and cell.data_type == "n"


def test_every_figure_is_that_of_eval_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(REPO)  # the shipped specs and examples: every sheet, the roadmap too
    doc = eval_json([], capsys)
    out = tmp_path / "r.xlsx"
    assert main(["report", "--format", "xlsx", "--output", str(out), *DATE]) == 0
    assert capsys.readouterr().out == f"wrote {out} (2025年度, compared with 2024年度)\n"
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["基本目標", "KPI", "ロードマップ", "出典・注記"]

    goals = {row["ID"].value: row for row in table(book, "基本目標")}
    assert list(goals) == [g["id"] for g in doc["goals"]]
    for g in doc["goals"]:
        check_measure(goals[g["id"]], g)

    kpi_rows = {(row["区分"].value, row["ID"].value): row for row in table(book, "KPI")}
    for f in doc["fields"]:
        assert kpi_rows[("分野", f["id"])]["スコア・指数"].value == f["index"]
    for k in doc["kpis"]:
        row = kpi_rows[("KPI", k["id"])]
        assert row["スコア・指数"].value == k["index"]
        assert row["期待値"].value == k["expected"]
        assert row["カバー率"].value == k["coverage"]
        assert row["カバー率"].number_format == "0%"
        for i in k["indicators"]:
            check_measure(kpi_rows[("中間指標", i["id"])], i)
            weight = kpi_rows[("中間指標", i["id"])]["重み"].value
            assert weight == (None if i["reference"] else i["weight"])

    projects = {row["No."].value: row for row in table(book, "ロードマップ")}
    for p in doc["roadmap"]["projects"]:
        row = projects[p["no"]]
        assert (row["事業"].value, row["備考"].value) == (p["name"], p["note"])
        assert p["status"] in ("on_track", "delayed", "completed", "suspended",
                               "not_started")
        fill = row["状況"].fill.fgColor.rgb[-6:]
        assert fill == PROJECT_COLOURS[p["status"]][1].lstrip("#").upper()
        for due in p["milestones_due"]:
            assert due["text"] in row["期限のマイルストーン"].value


def test_units_formats_colours_and_frozen_headers(inputs: list[str], tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "e.xlsx"
    assert main(["eval", *inputs, "--format", "xlsx", "--output", str(out), *DATE]) == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["基本目標", "KPI", "出典・注記"]  # no roadmap loaded
    rows = {row["ID"].value: row for row in table(book, "KPI")}
    firms = rows["firms"]
    # 26社: the number 26, shown with its unit by the format
    assert firms["実績"].value == 26 and firms["実績"].number_format == '#,##0"社"'
    assert firms["状況"].value == "▲ 順調"
    assert firms["状況"].fill.fgColor.rgb[-6:] == STATUS_COLOURS["on_track"][1][1:].upper()
    assert firms["評価"].value == "A 順調"
    assert firms["出典"].value == "基準値: 県調べ"  # the baseline's own source
    assert rows["cases"]["評価"].value is None  # a reference value has no grade
    for sheet in book.worksheets:
        assert sheet.freeze_panes is not None and sheet.freeze_panes.endswith(
            str(HEADER_ROW + 1))
        assert sheet.cell(HEADER_ROW, 1).font.bold
        widths = [sheet.column_dimensions[c].width for c in "ABC"]
        assert all(w and w > 4 for w in widths)
    # a Japanese name counts two columns a character: the column fits it
    name = book["KPI"].column_dimensions["B"].width
    assert name >= min(2 * len("伴走支援企業数(重み 2)"), 48) - 12


def test_same_input_same_bytes(inputs: list[str], tmp_path: Path) -> None:
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    assert main(["report", *inputs, "--format", "xlsx", "-o", str(first), *DATE]) == 0
    assert main(["report", *inputs, "--format", "xlsx", "-o", str(second), *DATE]) == 0
    assert first.read_bytes() == second.read_bytes()
    book = openpyxl.load_workbook(first)
    assert book.properties.created == book.properties.modified
    assert book.properties.created.isoformat() == "2025-06-01T00:00:00"
    other = tmp_path / "c.xlsx"
    assert main(["report", *inputs, "--format", "xlsx", "-o", str(other),
                 "--date", "2025-06-02"]) == 0
    assert other.read_bytes() != first.read_bytes()  # the date is in it, and only it


def test_source_date_epoch_dates_the_workbook(inputs: list[str], tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1748736000")  # 2025-06-01 00:00 UTC
    out = tmp_path / "a.xlsx"
    assert main(["eval", *inputs, "--format", "xlsx", "-o", str(out)]) == 0
    assert openpyxl.load_workbook(out).properties.created.isoformat() == "2025-06-01T00:00:00"
    assert openpyxl.load_workbook(out)["出典・注記"]["E5"].value == "2025年6月1日"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_workbook_is_refused_on_a_terminal(inputs: list[str],
                                             monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdout", _Terminal())
    assert main(["eval", *inputs, "--format", "xlsx"]) == 2
    assert "error[binary-to-terminal]" in capsys.readouterr().err
    assert main(["report", *inputs, "--format", "xlsx", "-o", "-"]) == 2


def test_a_workbook_goes_to_a_pipe_as_bytes(inputs: list[str],
                                            capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    assert main(["eval", *inputs, "--format", "xlsx", *DATE]) == 0
    data = capfdbinary.readouterr().out
    assert data.startswith(b"PK")  # a zip archive: the workbook itself
    assert openpyxl.load_workbook(io.BytesIO(data)).sheetnames[0] == "基本目標"
