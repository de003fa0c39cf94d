"""The committee report as Markdown: the HTML report's content, tables instead of charts.

Changes since the previous period are marked in words (改善 / 悪化) and bold, since
Markdown has no colour.
"""

from __future__ import annotations

from collections.abc import Sequence

from dxplan.render import labels
from dxplan.render import numbers as n
from dxplan.render.labels import (
    CARRIED_NOTE,
    DIRECTION_WORDS,
    expected_text,
    fiscal_year,
    graded_text,
    kind_word,
    plan_text,
    status_text,
    target_text,
    trend_text,
    value_text,
)
from dxplan.render.report import (
    ILLUSTRATIVE,
    PLAN_CHANGE_HEADER,
    TARGET_SOURCE,
    TITLE,
    ReportInput,
    change_note,
    delta_text,
    headline,
    index_text,
    note_lines,
    plan_change_rows,
    source_lines,
    written_line,
)
from dxplan.render.report_by import by_section, markdown_cells
from dxplan.render.tables import md_escape
from dxplan.results import KpiResult, MeasureResult
from dxplan.review.period import Movement


def render_markdown(report: ReportInput) -> str:
    r, plan = report.results, report.plan
    lines = [f"# {plan.name} {TITLE} {fiscal_year(r.year)}", ""]
    if plan.vision:
        when = f"{plan.vision_year}年の" if plan.vision_year else ""
        lines += [f"{when}目指す姿「{plan.vision}」", ""]
    lines += [f"計画期間 {plan.start}〜{plan.end}年度。", ""]
    written = written_line(report)
    if written:
        lines += [f"{written}。", ""]
    basis = report.basis
    if basis is not None and basis.illustrative is not None:
        lines += [f"> **{ILLUSTRATIVE}** {basis.illustrative}", ""]
    for note in basis.notes if basis is not None else ():
        lines += [f"> {note}", ""]
    lines += [f"- {line}" for line in headline(report)] + [""]
    lines += _goals(report) + _kpis(report) + _changes(report) + _details(report)
    lines += _by(report)
    if r.roadmap is not None:
        from dxplan.render.roadmap import roadmap_markdown

        lines += [roadmap_markdown(r.roadmap).rstrip("\n"), ""]
    lines += _sources(report)
    lines += ["## 見方", "",
              "スコア = 100 × (実績 − 基準値) ÷ (最終目標値 − 基準値)、0〜100 の範囲に収める。"
              "KPIの指数は中間指標のスコアの加重平均(参考値は含まない)、分野指数はKPI指数の"
              "平均。計算の過程は `dxplan explain ID` で確認できます。", ""]
    return "\n".join(lines)


def _change(report: ReportInput, ident: str) -> Movement | None:
    return report.movements.get(ident) if report.movements is not None else None


def _since(change: Movement | None) -> str:
    """The change note; bold, with 改善 or 悪化, when the status or grade moved."""
    note = change_note(change)
    if note is None or change is None:
        return ""
    if not change.changed:
        return note
    return f"**{note}({DIRECTION_WORDS[change.direction]})**"


def _source(report: ReportInput, ident: str) -> str:
    return "; ".join(source_lines(report.sources(ident)))


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    out = ["| " + " | ".join(md_escape(h) for h in header) + " |",
           "|" + "|".join(" --- " for _ in header) + "|"]
    out += ["| " + " | ".join(md_escape(c) for c in row) + " |" for row in rows]
    return [*out, ""]


def _goals(report: ReportInput) -> list[str]:
    rows = [[g.name, index_text(g.score), value_text(g, report.results.year),
             target_text(g), status_text(g.status), graded_text(g.grade),
             trend_text(g.trend), _since(_change(report, g.id)), _source(report, g.id)]
            for g in report.results.goals]
    return ["## 基本目標", "", *_table(
        ["基本目標", "スコア", "実績", "目標", "状況", "評価", "傾向", "前回から", "出典"], rows)]


def _kpis(report: ReportInput) -> list[str]:
    r = report.results
    fields = [[f.name, index_text(f.index), _since(_change(report, f.id))] for f in r.fields]
    names = {f.id: f.name for f in r.fields}
    kpis = [[names.get(k.field, k.field), k.name, index_text(k.index),
             index_text(k.expected), status_text(k.status), graded_text(k.grade),
             trend_text(k.trend), n.percent(k.coverage), _since(_change(report, k.id))]
            for k in r.kpis]
    return ["## 重要業績評価指標(KPI)", "", *_table(["分野", "分野指数", "前回から"], fields),
            *_table(["分野", "KPI", "指数", "期待値", "状況", "評価", "傾向", "カバー率",
                     "前回から"], kpis)]


def _changes(report: ReportInput) -> list[str]:
    changes = report.movements
    if changes is None:
        return []
    out = [f"## 前回({labels.year_title(changes.previous_year)})からの変化", ""]
    plan = plan_change_rows(changes)
    out += ["### 計画の見直し", ""] + (_table(PLAN_CHANGE_HEADER, plan) if plan
                                     else ["計画の見直し・追加・廃止はありません。", ""])
    out += ["### 実績の変化", ""]
    if not changes.changed:
        return [*out, "状況・評価が変わった項目はありません。", ""]
    rows = []
    for c in changes.changed:
        status = f"{status_text(c.status_before)} → {status_text(c.status_after)}" \
            if c.status_changed and c.status_before and c.status_after else ""
        grade = f"{c.grade_before or n.MISSING} → {c.grade_after or n.MISSING}" \
            if c.grade_changed else ""
        notes = [w for w, on in (("新たに達成", c.newly_achieved),
                                 ("新たに遅れ", c.newly_behind),
                                 (CARRIED_NOTE, c.carried_unchanged)) if on]
        rows.append([DIRECTION_WORDS[c.direction], kind_word(c.kind), c.name,
                     index_text(c.before), index_text(c.after),
                     delta_text(c.delta), status, grade,
                     "、".join(notes)])
    return [*out, *_table(["", "区分", "項目", "前回", "今回", "増減", "状況", "評価",
                           "注記"], rows)]


def _details(report: ReportInput) -> list[str]:
    out = ["## KPIごとの推移と中間指標", ""]
    for k in report.results.kpis:
        out += _kpi(report, k)
    return out


def _kpi(report: ReportInput, k: KpiResult) -> list[str]:
    meta = [status_text(k.status), f"指数 {index_text(k.index)}(期待値 "
            f"{index_text(k.expected)})", graded_text(k.grade), f"カバー率 {n.percent(k.coverage)}"]
    since = _since(_change(report, k.id))
    years = [p for p in k.history if p.score is not None]
    out = [f"### {k.name} ({k.id})", "", "・".join(x for x in meta if x)
           + (f"。{since}" if since else ""), ""]
    note = report.kpi_note(k.id)
    if note:
        out += [f"注記: {note}", ""]
    if years:
        out += _table(["年度", *(str(p.year) for p in years)],
                      [["指数", *(index_text(p.score) for p in years)],
                       ["期待値", *(index_text(p.expected) for p in years)]])
    return out + _indicators(report, k.indicators)


def _indicators(report: ReportInput, indicators: Sequence[MeasureResult]) -> list[str]:
    rows = []
    for i in indicators:
        weight = f"(重み {n.number(i.weight)})" if i.weight != 1 and not i.reference else ""
        marks = labels.lifecycle_marks(i, reasons=True)
        rows.append([i.name + (" ※参考値" if i.reference else "") + weight +
                     (f" [{marks}]" if marks else ""),
                     value_text(i, report.results.year), str(i.value_year or n.MISSING),
                     plan_text(i), index_text(i.score),
                     expected_text(i, report.results.year),
                     status_text(i.status) + (f" {graded_text(i.grade)}" if i.grade and
                                              not i.reference else ""),
                     _since(_change(report, i.id)), _source(report, i.id)])
    return _table(["中間指標", "実績", "年度", "基準値 → 目標値", "スコア", "期待値", "状況",
                   "前回から", "出典"], rows)


def _by(report: ReportInput) -> list[str]:
    """The 市町村別 section: each indicator's entities, worst first (report_by.py)."""
    section = by_section(report.results)
    if section is None:
        return []
    out = [f"## {section.title}", ""]
    for line in section.intro:
        out += [line, ""]
    for t in section.tables:
        rows = [markdown_cells(r) for r in t.low]
        if t.between is not None:
            rows.append(["…", "", f"{t.between} …", *([""] * (len(t.header) - 3))])
        rows += [markdown_cells(r) for r in t.high]
        out += [f"### {t.name} ({t.id})", "", f"{t.meta}。", "", t.counts, "",
                *_table(t.header, rows)]
        if t.cut is not None:
            out += [t.cut, ""]
    return out


def _sources(report: ReportInput) -> list[str]:
    """Every goal and indicator with the sources of its figures and the notes on them."""
    if report.basis is None:
        return []
    r = report.results
    rows = []
    for m in (*r.goals, *(i for k in r.kpis for i in k.indicators)):
        notes = note_lines(report, m)
        rows.append([kind_word(m.kind), m.name, _source(report, m.id), "; ".join(notes)])
    return ["## 出典・注記", "", TARGET_SOURCE, "", *_table(["区分", "項目", "出典", "注記"],
                                                          rows)]
