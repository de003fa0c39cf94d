"""The roadmap part of the HTML report: counts per field, the projects delayed or
suspended, and what moved since the previous half. Figures from `progress.RoadmapResult`."""

from __future__ import annotations

from dxplan.progress import AT_RISK, STATUS_ORDER, RoadmapResult, StatusCounts
from dxplan.render.labels import PROJECT_LABELS, period_title, project_label
from dxplan.render.report import ROADMAP_CHANGES, ROADMAP_WORSE, esc


def roadmap_html(result: RoadmapResult) -> list[str]:
    out = ['<section id="roadmap">',
           f"<h2>ロードマップ進捗: {esc(result.name)}({esc(period_title(result.period))})</h2>"]
    refs = result.summary.references
    out.append(f"<p>対象 {result.summary.total}事業"
               + (f"(参考事業 {refs}件は別掲)" if refs else "")
               + f"。報告のある期: {esc('、'.join(result.periods) or '—')}。</p>")
    out += _counts_table(result)
    out += _at_risk(result)
    out += _moves(result)
    return [*out, "</section>"]


def _counts_table(result: RoadmapResult) -> list[str]:
    head = "".join(f"<th>{esc(PROJECT_LABELS[s].symbol)} {esc(PROJECT_LABELS[s].ja)}</th>"
                   for s in STATUS_ORDER)
    out = ["<h3>分野別の進捗</h3>", "<table>",
           f"<thead><tr><th>分野</th>{head}<th>計</th></tr></thead>", "<tbody>"]
    rows = [(g.name, g.counts) for g in result.by_field] + [("全体", result.summary)]
    out += [f"<tr><td>{esc(name)}</td>{_count_cells(counts)}</tr>" for name, counts in rows]
    return [*out, "</tbody>", "</table>"]


def _count_cells(counts: StatusCounts) -> str:
    cells = [f'<td class="num">{item.count}</td>' for item in counts.items]
    return "".join(cells) + f'<td class="num">{counts.total}</td>'


def _at_risk(result: RoadmapResult) -> list[str]:
    risky = [p for p in result.projects if p.status in AT_RISK]
    out = ["<h3>遅れ・中止の事業</h3>"]
    if not risky:
        return [*out, "<p>ありません。</p>"]
    fields = {g.field: g.name for g in result.by_field}
    out += ["<table>", "<thead><tr><th>No.</th><th>事業</th><th>分野</th><th>状況</th>"
            "<th>前期</th><th>備考</th></tr></thead>", "<tbody>"]
    for p in risky:
        new = p.previous_status is not None and p.previous_status != p.status
        label, before = project_label(p.status), project_label(p.previous_status)
        out.append(f'<tr class="{"changed worse" if new else ""}"><td class="num">{p.no}</td>'
                   f"<td>{esc(p.name)}</td><td>{esc(fields.get(p.field, p.field))}</td>"
                   f"<td>{esc(label.symbol)} {esc(label.ja)}</td>"
                   f"<td>{esc(before.ja) if result.previous_period else ''}</td>"
                   f"<td>{esc(p.note or '')}</td></tr>")
    return [*out, "</tbody>", "</table>"]


def _moves(result: RoadmapResult) -> list[str]:
    if result.previous_period is None:
        return ["<p>前期の報告がないため、変化は示していません。</p>"]
    names = {p.no: p.name for p in result.projects}
    out = [f"<h3>前期({esc(period_title(result.previous_period))})からの変化</h3>",
           '<ul class="moves">']
    for key, title in ROADMAP_CHANGES:
        numbers = getattr(result.moves, key)
        tone = ("worse" if key in ROADMAP_WORSE else "better") if numbers else ""
        listed = "、".join(f"{no} {names.get(no, '')}" for no in numbers) or "なし"
        cls = f' class="changed {tone}"' if tone else ""
        out.append(f"<li{cls}><strong>{esc(title)}</strong>: {esc(listed)}</li>")
    return [*out, "</ul>"]
