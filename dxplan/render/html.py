"""The committee report as one self-contained HTML file (docs/report.md).

Inline CSS and inline SVG only: no script, no web font, no external request, so the
file opens the same from a USB stick, an e-mail attachment or a printout. Colour always
comes with words (a status badge says 順調, a change says 改善 or 悪化), so a black and
white print still reads. Well-formed as XML too (void elements closed, every attribute
quoted), so a test can parse it strictly. Same input, same bytes: the only date is the
one the report is written on, which the command is given (`--date`, SOURCE_DATE_EPOCH).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from dxplan.render import labels
from dxplan.render import numbers as n
from dxplan.render.labels import (
    CARRIED_NOTE,
    fiscal_year,
    graded_text,
    kind_word,
    status_text,
    trend_text,
)
from dxplan.render.report import (
    ILLUSTRATIVE,
    PLAN_CHANGE_HEADER,
    TARGET_SOURCE,
    TITLE,
    ReportInput,
    badge,
    change_note,
    delta_text,
    esc,
    headline,
    index_text,
    note_lines,
    plan_change_rows,
    source_lines,
    tone,
    written_line,
)
from dxplan.render.report_by import by_html, by_link
from dxplan.render.report_css import CSS
from dxplan.render.svg import Chart, line_chart
from dxplan.results import KpiResult, MeasureResult
from dxplan.review.period import Movement


def render_html(report: ReportInput) -> str:
    r, plan = report.results, report.plan
    title = f"{plan.name} {TITLE} {fiscal_year(r.year)}"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="ja">',
        "<head>",
        '<meta charset="utf-8"/>',
        '<meta name="viewport" content="width=device-width, initial-scale=1"/>',
        f"<title>{esc(title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        *_header(report),
        *_goals(report),
        *_dashboard(report),
        *_changes(report),
        *_details(report),
        *by_html(r),
    ]
    if r.roadmap is not None:
        from dxplan.render.report_roadmap import roadmap_html

        parts += roadmap_html(r.roadmap)
    parts += [*_sources(report), *_legend(), "</body>", "</html>"]
    return "\n".join(parts) + "\n"


def _change(report: ReportInput, ident: str) -> Movement | None:
    return report.movements.get(ident) if report.movements is not None else None


def _classes(base: str, change: Movement | None) -> str:
    """`changed better|worse|same` on an item whose status or grade moved."""
    if change is not None and change.changed:
        return f"{base} changed {tone(change)}".strip()
    return base


def _since(change: Movement | None, tag: str = "p") -> str:
    note = change_note(change)
    if note is None:
        return ""
    return f'<{tag} class="since {tone(change)}">{esc(note)}</{tag}>'


# --- header and dashboard -------------------------------------------------------------------


def _header(report: ReportInput) -> list[str]:
    r, plan = report.results, report.plan
    out = ["<header>", f'<p class="eyebrow">{esc(TITLE)}</p>', f"<h1>{esc(plan.name)}</h1>",
           f'<p class="period">{esc(fiscal_year(r.year))}の評価(計画期間 {plan.start}〜'
           f"{plan.end}年度)</p>"]
    written = written_line(report)
    if written:
        out.append(f'<p class="written">{esc(written)}</p>')
    banner = report.basis.illustrative if report.basis is not None else None
    if banner is not None:
        out.append(f'<p class="banner" id="illustrative"><strong>{ILLUSTRATIVE}</strong> '
                   f"{esc(banner or 'この報告の数値は例示値です。')}</p>")
    if plan.vision:
        when = f"{plan.vision_year}年の" if plan.vision_year else ""
        out.append(f'<p class="vision">{esc(when)}目指す姿「{esc(plan.vision)}」</p>')
    notes = report.basis.notes if report.basis is not None else ()
    out += [f'<p class="plan-note">{esc(note)}</p>' for note in notes]
    out += [f'<p class="headline">{esc(line)}</p>' for line in headline(report)]
    if report.movements is not None:
        out.append('<p class="note">左線付きの項目は前回('
                   f"{esc(labels.year_title(report.movements.previous_year))})から状況または評価が"
                   "変わったもの(緑: 改善、赤: 悪化)。</p>")
    out.append("</header>")
    return out


def _goals(report: ReportInput) -> list[str]:
    out = ['<section id="goals">', "<h2>基本目標</h2>", '<div class="cards">']
    for g in report.results.goals:
        out += _goal_card(g, _change(report, g.id), _source_html(report, g.id))
    return [*out, "</div>", "</section>"]


def _source_html(report: ReportInput, ident: str) -> str:
    """The 出典 of an item's figures, one line each."""
    return "<br/>".join(esc(line) for line in source_lines(report.sources(ident)))


def _goal_card(g: MeasureResult, change: Movement | None, source: str) -> list[str]:
    value = labels.value_text(g, g.value_year or 0) if g.value is not None or g.stage \
        else n.MISSING
    year = f"({g.value_year}年度)" if g.value_year is not None else ""
    target = f"目標 {labels.target_text(g)}" if g.target is not None or g.deadline else ""
    return [
        f'<article class="{_classes("card", change)}" id="goal-{esc(g.id)}">',
        f"<h3>{esc(g.name)}</h3>",
        f'<p class="big">{esc(index_text(g.score))}<span class="unit">点</span></p>',
        f'<p class="small">実績 {esc(value)}{esc(year)}<br/>{esc(target)}</p>',
        f'<p class="badges">{badge(g.status)} <span class="grade">{esc(graded_text(g.grade))}'
        "</span></p>",
        f'<p class="small">傾向 {esc(trend_text(g.trend))}・期待値 '
        f"{esc(index_text(g.expected))}</p>",
        _since(change),
        f'<p class="source">出典 {source}</p>' if source else "",
        "</article>",
    ]


def _dashboard(report: ReportInput) -> list[str]:
    out = ['<section id="kpis">', "<h2>重要業績評価指標(KPI)</h2>"]
    for f in report.results.fields:
        out.append(f'<h3 class="field">{esc(f.name)} <span class="field-index">分野指数 '
                   f"{esc(index_text(f.index))}</span> {_since(_change(report, f.id), 'span')}"
                   "</h3>")
        out.append('<div class="cards">')
        for k in report.results.kpis:
            if k.field == f.id:
                out += _kpi_card(k, _change(report, k.id))
        out.append("</div>")
    return [*out, "</section>"]


def _kpi_card(k: KpiResult, change: Movement | None) -> list[str]:
    short = f"・カバー率 {n.percent(k.coverage)}" if k.coverage < 1 else ""
    return [
        f'<article class="{_classes("card", change)}" id="card-{esc(k.id)}">',
        f'<h3><a href="#kpi-{esc(k.id)}">{esc(k.name)}</a></h3>',
        f'<p class="big">{esc(index_text(k.index))}<span class="unit">/100</span></p>',
        f'<p class="badges">{badge(k.status)} <span class="grade">{esc(graded_text(k.grade))}'
        "</span></p>",
        f'<p class="small">傾向 {esc(trend_text(k.trend))}・期待値 '
        f"{esc(index_text(k.expected))}{esc(short)}</p>",
        _since(change),
        "</article>",
    ]


# --- what changed ---------------------------------------------------------------------------


def _changes(report: ReportInput) -> list[str]:
    changes = report.movements
    if changes is None:
        return []
    out = ['<section id="changes">',
           f"<h2>前回({esc(labels.year_title(changes.previous_year))})からの変化</h2>",
           "<h3>計画の見直し</h3>"]
    plan = plan_change_rows(changes)
    if plan:
        out += ["<table>", "<thead><tr>" + "".join(f"<th>{esc(h)}</th>"
                                                   for h in PLAN_CHANGE_HEADER) + "</tr></thead>",
                "<tbody>", *("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>"
                             for row in plan), "</tbody>", "</table>"]
    else:
        out.append("<p>計画の見直し・追加・廃止はありません。</p>")
    out.append("<h3>実績の変化</h3>")
    moved = changes.changed
    if not moved:
        return [*out, "<p>状況・評価が変わった項目はありません。</p>", "</section>"]
    out += ["<table>", "<thead><tr><th>区分</th><th>項目</th><th>前回</th><th>今回</th>"
            "<th>増減</th><th>状況</th><th>評価</th><th>注記</th></tr></thead>", "<tbody>"]
    for c in moved:
        out.append(_change_row(c))
    return [*out, "</tbody>", "</table>", "</section>"]


def _change_row(c: Movement) -> str:
    delta = delta_text(c.delta)
    status = (f"{esc(status_text(c.status_before))} → {esc(status_text(c.status_after))}"
              if c.status_before is not None and c.status_after is not None
              and c.status_changed else "")
    grade = f"{esc(c.grade_before or n.MISSING)} → {esc(c.grade_after or n.MISSING)}" \
        if c.grade_changed else ""
    notes = [w for w, on in (("新たに達成", c.newly_achieved), ("新たに遅れ", c.newly_behind),
                             (CARRIED_NOTE, c.carried_unchanged))
             if on]
    return (f'<tr class="{_classes("", c)}"><td>{esc(kind_word(c.kind))}</td>'
            f"<td>{esc(c.name)}</td><td class=\"num\">{esc(index_text(c.before))}</td>"
            f'<td class="num">{esc(index_text(c.after))}</td>'
            f'<td class="num">{esc(delta)}</td><td>{status}</td><td>{grade}</td>'
            f"<td>{esc('、'.join(notes))}</td></tr>")


# --- each KPI: its chart and its indicators ---------------------------------------------------


def _details(report: ReportInput) -> list[str]:
    out = ['<section id="details">', "<h2>KPIごとの推移と中間指標</h2>"]
    fields = {f.id: f.name for f in report.results.fields}
    for k in report.results.kpis:
        out += _kpi_detail(report, k, fields.get(k.field, k.field))
    return [*out, "</section>"]


def _kpi_detail(report: ReportInput, k: KpiResult, field_name: str) -> list[str]:
    plan, year = report.plan, report.results.year
    chart = Chart(
        title=f"{k.name} 指数の推移",
        values=tuple((p.year, p.score) for p in k.history if p.score is not None),
        expected=tuple((p.year, p.expected) for p in k.history if p.expected is not None),
        first=plan.start, last=plan.end, now=year, goal=(plan.end, 100.0))
    by_year = "、".join(f"{p.year}年度 {index_text(p.score)}" for p in k.history
                       if p.score is not None)
    meta = [f"分野 {field_name}", f"指数 {index_text(k.index)}(期待値 "
            f"{index_text(k.expected)})", graded_text(k.grade), f"カバー率 "
            f"{n.percent(k.coverage)}"]
    note = report.kpi_note(k.id)
    return [
        f'<section class="{_classes("kpi", _change(report, k.id))}" id="kpi-{esc(k.id)}">',
        f"<h3>{esc(k.name)} <span class=\"id\">{esc(k.id)}</span></h3>",
        f'<p class="meta">{badge(k.status)} {esc("・".join(x for x in meta if x))}</p>',
        f'<p class="note">注記 {esc(note)}</p>' if note else "",
        _since(_change(report, k.id)),
        "<figure>", line_chart(chart),
        f"<figcaption>実線: 指数、破線: 期待値(目標経路)、○: 目標 100。{esc(by_year)}"
        "</figcaption>", "</figure>",
        *_indicator_table(report, k.indicators),
        "</section>",
    ]


def _indicator_table(report: ReportInput, indicators: Sequence[MeasureResult]) -> list[str]:
    out = ['<table class="indicators">',
           "<thead><tr><th>中間指標</th><th>実績</th><th>年度</th><th>基準値 → 目標値</th>"
           "<th>スコア</th><th>期待値</th><th>状況</th><th>前回から</th><th>出典</th>"
           "</tr></thead>",
           "<tbody>"]
    for i in indicators:
        change = _change(report, i.id)
        marks = labels.lifecycle_marks(i, reasons=True)
        name = i.name + (" ※参考値" if i.reference else "") + (f" [{marks}]" if marks else "")
        weight = f"(重み {n.number(i.weight)})" if i.weight != 1 and not i.reference else ""
        out.append(
            f'<tr class="{_classes("", change)}"><td>{esc(name)}{esc(weight)}'
            f"{by_link(report.results, i.id)}</td>"
            f'<td class="num">{esc(labels.value_text(i, i.value_year or 0))}</td>'
            f'<td class="num">{esc(i.value_year or n.MISSING)}</td>'
            f"<td>{esc(_baseline_target(i))}</td>"
            f'<td class="num">{esc(index_text(i.score))}</td>'
            f'<td class="num">{esc(labels.expected_text(i, report.results.year))}</td>'
            f"<td>{badge(i.status)} {esc(graded_text(i.grade) if not i.reference else '')}</td>"
            f"<td>{_since(change, 'span')}</td>"
            f'<td class="source">{_source_html(report, i.id)}</td></tr>')
    return [*out, "</tbody>", "</table>"]


def _baseline_target(m: MeasureResult) -> str:
    return labels.plan_text(m)


# --- what the figures rest on ---------------------------------------------------------------


def _sources(report: ReportInput) -> list[str]:
    """Every goal and indicator with the sources of its figures and every note on them."""
    if report.basis is None:
        return []
    r = report.results
    items = [*r.goals, *(i for k in r.kpis for i in k.indicators)]
    out = ['<section id="sources">', "<h2>出典・注記</h2>", '<table class="sources">',
           "<thead><tr><th>区分</th><th>項目</th><th>出典</th><th>注記</th></tr></thead>",
           "<tbody>"]
    for m in items:
        notes = note_lines(report, m)
        out.append(f'<tr id="source-{esc(m.id)}"><td>{esc(kind_word(m.kind))}</td>'
                   f"<td>{esc(m.name)}</td><td>{_source_html(report, m.id)}</td>"
                   f"<td>{'<br/>'.join(esc(x) for x in notes)}</td></tr>")
    return [*out, "</tbody>", "</table>", f'<p class="note">{TARGET_SOURCE}</p>', "</section>"]


def _legend() -> list[str]:
    rules: Iterable[tuple[str, str]] = (
        ("◎ 達成", "実績が最終目標に到達"),
        ("▲ 順調", "スコアが期待値(基準値から目標値への経路上の値)以上"),
        ("△ やや遅れ", "スコアが期待値の半分以上"),
        ("▽ 停滞", "スコアが期待値の半分未満(基準値以上)"),
        ("▼ 後退", "実績が基準値を下回る"),
    )
    out = ['<footer id="legend">', "<h2>見方</h2>",
           "<p>スコア = 100 × (実績 − 基準値) ÷ (最終目標値 − 基準値)、0〜100 の範囲に収める。"
           "KPIの指数は中間指標のスコアの加重平均(参考値は含まない)、分野指数はKPI指数の平均。"
           "実績はその年度以前で最新の値(統計の公表遅れのため)。</p>", "<ul>"]
    out += [f"<li><strong>{esc(word)}</strong>: {esc(text)}</li>" for word, text in rules]
    out += ["</ul>",
            "<p>傾向: ↑ 目標ペース、↗ 改善、→ 停滞、↘ 悪化(これまでの推移と目標達成に"
            "必要なペースの比較)。計算の過程は <code>dxplan explain ID</code> で確認できます。"
            "</p>", "</footer>"]
    return out
