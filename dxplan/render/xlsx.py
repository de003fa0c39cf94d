"""The results as an Excel workbook for the committee secretariat (docs/report.md).

Sheets: 基本目標 (the basic goals), KPI (each field, its KPIs, each KPI's indicators),
ロードマップ (every project in the period, when a roadmap is loaded) and 出典・注記 (the
source of every figure, the notes, the date and the illustrative banner). Headers are in
Japanese; figures are numbers, rounded as `eval --format json` rounds them, with number
formats that show their unit ('26社'); status and grade cells are filled with the
report's colours. Every sheet's first rows are its title, the date line and (when the
figures are illustrative) the banner, then the table's header, frozen.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Final

from dxplan.model import Dated
from dxplan.render.labels import (
    OUTLOOK_JA,
    fiscal_year,
    grade_text,
    kind_word,
    period_title,
    project_label,
    status_text,
    trend_text,
)
from dxplan.render.numbers import rounded
from dxplan.render.report import (
    ILLUSTRATIVE,
    TARGET_SOURCE,
    TITLE,
    ReportInput,
    change_note,
    date_text,
    note_lines,
    source_lines,
    written_line,
)
from dxplan.render.report_css import PROJECT_COLOURS, STATUS_COLOURS
from dxplan.render.xlsx_book import Cell, Sheet, workbook_bytes
from dxplan.results import FieldResult, KpiResult, MeasureResult
from dxplan.scoring import Status

_SCORE: Final = "0.0"
_YEAR: Final = "0"
_SHARE: Final = "0%"

GOAL_HEADER: Final = ("基本目標", "ID", "単位", "実績", "実績年度", "基準値", "基準年度",
                      "目標値", "目標年度", "素点", "スコア", "期待値", "状況", "評価", "傾向")
KPI_HEADER: Final = ("区分", "名称", "ID", "分野", "KPI", "単位", "実績", "実績年度", "基準値",
                     "基準年度", "目標値", "目標年度", "素点", "スコア・指数", "期待値", "状況",
                     "評価", "傾向", "重み", "カバー率")
SINCE_HEADER: Final = ("前回", "前回から")  # with the previous period: its score, the change
TAIL_HEADER: Final = ("出典", "注記")
ROADMAP_HEADER: Final = ("No.", "事業", "分野", "区分", "関連KPI", "状況", "前期の状況",
                         "参考事業", "備考", "期限のマイルストーン")
SOURCES_HEADER: Final = ("区分", "項目", "ID", "出典", "注記")


def render_xlsx(report: ReportInput, written: datetime.date) -> bytes:
    """The workbook's bytes; `written` dates it (and is its only date)."""
    r, plan = report.results, report.plan
    heading = f"{plan.name} {TITLE} {fiscal_year(r.year)}"
    sheets = [_goals(report, heading), _kpis(report, heading)]
    if r.roadmap is not None:
        sheets.append(_roadmap(report, heading))
    sheets.append(_sources(report, heading))
    banner = report.basis.illustrative if report.basis is not None else None
    return workbook_bytes(
        sheets, written=written, dated=written_line(report) or "", title=heading,
        banner=f"{ILLUSTRATIVE}: {banner}" if banner is not None else None)


# --- cells ---------------------------------------------------------------------------------


def _number(x: float | None, fmt: str) -> Cell:
    value = rounded(x)
    return Cell(value, fmt) if value is not None else Cell(None)


def _value(x: float | None, unit: str | None) -> Cell:
    """A figure in its unit: the number stored, the unit in the format ('#,##0"社"')."""
    value = rounded(x)
    if value is None:
        return Cell(None)
    # shown as the report shows it (one decimal); the cell keeps the figure itself
    fmt = "#,##0" if value.is_integer() else "#,##0.0"
    if unit:
        fmt += '"' + unit.replace('"', "") + '"'
    return Cell(value, fmt)


def _year(year: int | None) -> Cell:
    return Cell(year, _YEAR) if year is not None else Cell(None)


def _status(status: Status, text: str | None = None) -> Cell:
    return Cell(status_text(status) if text is None else text,
                colours=STATUS_COLOURS[status.value])


def _text(text: str | None, wrap: bool = False) -> Cell:
    return Cell(text or None, wrap=wrap)


def _lines(lines: Sequence[str]) -> Cell:
    return Cell("\n".join(lines) or None, wrap=True)


def _dated(d: Dated | None, unit: str | None) -> tuple[Cell, Cell]:
    return (_value(d.value, unit), _year(d.year)) if d is not None else (Cell(None), Cell(None))


def _measure_cells(m: MeasureResult) -> tuple[Cell, ...]:
    """From 単位 to 傾向: what a goal and an indicator share."""
    return (_text(m.unit), _value(m.value, m.unit), _year(m.value_year),
            *_dated(m.baseline, m.unit), *_dated(m.target, m.unit), _number(m.raw, _SCORE),
            _number(m.score, _SCORE), _number(m.expected, _SCORE), _status(m.status),
            _status(m.status, grade_text(m.grade)) if m.grade and not m.reference
            else Cell(None),
            _text(trend_text(m.trend)))


def _since(report: ReportInput, ident: str) -> tuple[Cell, ...]:
    if report.movements is None:
        return ()
    change = report.movements.get(ident)
    if change is None:
        return (Cell(None), Cell(None))
    return (_number(change.before, _SCORE), _text(change_note(change), wrap=True))


def _tail(report: ReportInput, m: MeasureResult) -> tuple[Cell, ...]:
    return (_lines(source_lines(report.sources(m.id))), _lines(note_lines(report, m)))


def _header(report: ReportInput, head: tuple[str, ...]) -> tuple[str, ...]:
    return head + (SINCE_HEADER if report.movements is not None else ()) + TAIL_HEADER


# --- sheets --------------------------------------------------------------------------------


def _goals(report: ReportInput, heading: str) -> Sheet:
    rows = tuple((_text(g.name, wrap=True), _text(g.id), *_measure_cells(g),
                  *_since(report, g.id), *_tail(report, g))
                 for g in report.results.goals)
    return Sheet("基本目標", f"{heading} 基本目標", _header(report, GOAL_HEADER), rows)


def _kpis(report: ReportInput, heading: str) -> Sheet:
    r = report.results
    rows: list[tuple[Cell, ...]] = []
    blank_tail = (Cell(None),) * (len(TAIL_HEADER))
    for f in r.fields:
        rows.append(_field_row(report, f) + blank_tail)
        for k in (k for k in r.kpis if k.field == f.id):
            rows.append((*_kpi_row(report, f, k), Cell(None),
                         _text(report.kpi_note(k.id), wrap=True)))
            for i in k.indicators:
                rows.append((_text(kind_word("indicator")), _text(i.name, wrap=True),
                             _text(i.id), _text(f.name), _text(k.name, wrap=True),
                             *_measure_cells(i),
                             _number(i.weight, "0.##") if not i.reference else Cell(None),
                             Cell(None), *_since(report, i.id), *_tail(report, i)))
    return Sheet("KPI", f"{heading} 重要業績評価指標(KPI)と中間指標",
                 _header(report, KPI_HEADER), tuple(rows), frozen_columns=2)


def _field_row(report: ReportInput, f: FieldResult) -> tuple[Cell, ...]:
    cells = [Cell(None)] * len(KPI_HEADER)
    cells[:5] = [_text(kind_word("field")), _text(f.name), _text(f.id), _text(f.name),
                 Cell(None)]
    cells[KPI_HEADER.index("スコア・指数")] = _number(f.index, _SCORE)
    return (*cells, *_since(report, f.id))


def _kpi_row(report: ReportInput, f: FieldResult, k: KpiResult) -> tuple[Cell, ...]:
    cells = [Cell(None)] * len(KPI_HEADER)
    cells[:5] = [_text(kind_word("kpi")), _text(k.name, wrap=True), _text(k.id),
                 _text(f.name), _text(k.name, wrap=True)]
    at = KPI_HEADER.index
    cells[at("スコア・指数")] = _number(k.index, _SCORE)
    cells[at("期待値")] = _number(k.expected, _SCORE)
    cells[at("状況")] = _status(k.status)
    cells[at("評価")] = _status(k.status, grade_text(k.grade)) if k.grade else Cell(None)
    cells[at("傾向")] = _text(trend_text(k.trend))
    cells[at("カバー率")] = _number(k.coverage, _SHARE)
    return (*cells, *_since(report, k.id))


def _roadmap(report: ReportInput, heading: str) -> Sheet:
    result = report.results.roadmap
    assert result is not None
    fields = {g.field: g.name for g in result.by_field}
    kpis = {k.kpi: k.kpi_name for k in result.by_kpi}
    rows = []
    for p in result.projects:
        label = project_label(p.status)
        status = Cell(f"{label.symbol} {label.ja}", colours=PROJECT_COLOURS[label.en])
        before = project_label(p.previous_status) if p.previous_status is not None else None
        due = [f"{m.period} {m.text}({OUTLOOK_JA[m.met]})" for m in p.milestones_due]
        rows.append((Cell(p.no, _YEAR), _text(p.name, wrap=True),
                     _text(fields.get(p.field, p.field)), _text(p.category, wrap=True),
                     _lines([kpis.get(k, k) for k in p.kpis]), status,
                     _text(f"{before.symbol} {before.ja}" if before is not None else None),
                     _text("参考事業" if p.reference else None), _text(p.note, wrap=True),
                     _lines(due)))
    title = f"{heading} ロードマップ: {result.name}({period_title(result.period)})"
    return Sheet("ロードマップ", title, ROADMAP_HEADER, tuple(rows), frozen_columns=2)


def _sources(report: ReportInput, heading: str) -> Sheet:
    r, basis = report.results, report.basis
    plan_word = "計画"
    rows: list[tuple[Cell, ...]] = []

    def about(item: str, text: str) -> None:
        rows.append((_text(plan_word), _text(item), Cell(None), Cell(None), _text(text, True)))

    if report.written is not None:
        about("作成日", date_text(report.written))
    if basis is not None and basis.as_of is not None:
        about("実績の時点", f"{basis.as_of}年度まで")
    if basis is not None and basis.illustrative is not None:
        about(ILLUSTRATIVE, basis.illustrative)
    for note in basis.notes if basis is not None else ():
        about("注記", note)
    about("目標値の出典", TARGET_SOURCE)
    for m in (*r.goals, *(i for k in r.kpis for i in k.indicators)):
        rows.append((_text(kind_word(m.kind)), _text(m.name, wrap=True), _text(m.id),
                     *_tail(report, m)))
    return Sheet("出典・注記", f"{heading} 出典・注記", SOURCES_HEADER, tuple(rows),
                 frozen_columns=2)
