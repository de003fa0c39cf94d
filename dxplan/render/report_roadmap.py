"""The roadmap part of the HTML report: as complete as `dxplan roadmap --format markdown`.

Counts by field and by category, the projects delayed or suspended, the milestones due in
the period, the projects with no report, the projects serving each KPI (a KPI with a
delayed or suspended project flagged), and what moved since the previous half. Figures
from `progress.RoadmapResult`.
"""

from __future__ import annotations

from dxplan.model import ProjectStatus
from dxplan.progress import AT_RISK, STATUS_ORDER, ProjectProgress, RoadmapResult, StatusCounts
from dxplan.render.labels import OUTLOOK_JA, PROJECT_LABELS, period_title, project_label
from dxplan.render.report import ROADMAP_CHANGES, ROADMAP_WORSE, esc
from dxplan.render.roadmap import kpi_projects

# a table of more rows than this takes most of a printed page: it may run onto the next
_WHOLE_ROWS = 12


def roadmap_html(result: RoadmapResult) -> list[str]:
    out = ['<section id="roadmap">',
           f"<h2>ロードマップ進捗: {esc(result.name)}({esc(period_title(result.period))})</h2>"]
    refs = result.summary.references
    out.append(f"<p>対象 {result.summary.total}事業"
               + (f"(参考事業 {refs}件は別掲)" if refs else "")
               + f"。報告のある期: {esc('、'.join(result.periods) or '—')}。</p>")
    out += _counts_table(result)
    out += _at_risk(result)
    out += _milestones(result)
    out += _unreported(result)
    out += _by_kpi(result)
    out += _moves(result)
    return [*out, "</section>"]


def _block(title: str, body: list[str], ident: str, *, whole: bool = True) -> list[str]:
    """A titled part, kept whole on a printed page unless it is long enough to fill most
    of one (then only its rows are kept whole, and its header repeats on the next page)."""
    cls = "part" if whole else "part long"
    return [f'<div class="{cls}" id="{ident}">', f"<h3>{esc(title)}</h3>", *body, "</div>"]


def _counts_table(result: RoadmapResult) -> list[str]:
    head = "".join(f"<th>{esc(PROJECT_LABELS[s].symbol)} {esc(PROJECT_LABELS[s].ja)}</th>"
                   for s in STATUS_ORDER)
    out = ['<table class="counts">',
           f"<thead><tr><th>分野・区分</th>{head}<th>計</th></tr></thead>", "<tbody>"]
    for field in result.by_field:
        out.append(f'<tr class="group"><td>{esc(field.name)}</td>{_count_cells(field.counts)}'
                   "</tr>")
        out += [f'<tr><td class="sub">{esc(c.name)}</td>{_count_cells(c.counts)}</tr>'
                for c in result.by_category if c.field == field.field]
    out.append(f'<tr class="group"><td>全体</td>{_count_cells(result.summary)}</tr>')
    rows = len(result.by_field) + len(result.by_category) + 1
    return _block("分野・区分別の進捗", [*out, "</tbody>", "</table>"], "roadmap-counts",
                  whole=rows <= _WHOLE_ROWS)


def _count_cells(counts: StatusCounts) -> str:
    cells = [f'<td class="num">{item.count}</td>' for item in counts.items]
    return "".join(cells) + f'<td class="num">{counts.total}</td>'


def _badge(status: ProjectStatus | None) -> str:
    label = project_label(status)
    return (f'<span class="badge p-{(status or ProjectStatus.UNREPORTED).value}">'
            f"{esc(label.symbol)} {esc(label.ja)}</span>")


def _name(p: ProjectProgress) -> str:
    return esc(p.name) + (" ※参考事業" if p.reference else "")


def _at_risk(result: RoadmapResult) -> list[str]:
    risky = [p for p in result.projects if p.status in AT_RISK]
    if not risky:
        return _block("遅れ・中止の事業", ["<p>ありません。</p>"], "roadmap-at-risk")
    fields = {g.field: g.name for g in result.by_field}
    out = ["<table>", "<thead><tr><th>No.</th><th>事業</th><th>分野</th><th>状況</th>"
           "<th>前期</th><th>備考</th></tr></thead>", "<tbody>"]
    for p in risky:
        new = p.previous_status is not None and p.previous_status != p.status
        before = project_label(p.previous_status)
        out.append(f'<tr class="{"changed worse" if new else ""}"><td class="num">{p.no}</td>'
                   f"<td>{_name(p)}</td><td>{esc(fields.get(p.field, p.field))}</td>"
                   f"<td>{_badge(p.status)}</td>"
                   f"<td>{esc(before.ja) if result.previous_period else ''}</td>"
                   f"<td>{esc(p.note or '')}</td></tr>")
    return _block("遅れ・中止の事業", [*out, "</tbody>", "</table>"], "roadmap-at-risk")


def _milestones(result: RoadmapResult) -> list[str]:
    due = [(p, m) for p in result.projects for m in p.milestones_due]
    title = f"{period_title(result.period)}が期限のマイルストーン"
    if not due:
        return _block(title, ["<p>ありません。</p>"], "roadmap-milestones")
    out = ["<table>", "<thead><tr><th>No.</th><th>事業</th><th>マイルストーン</th>"
           "<th>見込み</th><th>状況</th></tr></thead>", "<tbody>"]
    for p, m in due:
        tone = {True: "", False: "changed worse", None: "changed"}[m.met]
        out.append(f'<tr class="{tone}"><td class="num">{p.no}</td><td>{_name(p)}</td>'
                   f"<td>{esc(m.text)}</td><td>{esc(OUTLOOK_JA[m.met])}</td>"
                   f"<td>{_badge(p.status)}</td></tr>")
    return _block(title, [*out, "</tbody>", "</table>"], "roadmap-milestones")


def _unreported(result: RoadmapResult) -> list[str]:
    by_no = {p.no: p for p in result.projects}
    listed = "、".join(f"{no} {_name(by_no[no])}" for no in result.unreported)
    return _block("報告のない事業", [f"<p>{listed or 'ありません。'}</p>"], "roadmap-unreported")


def _by_kpi(result: RoadmapResult) -> list[str]:
    out = ["<table>", "<thead><tr><th>KPI</th><th>事業(番号と状況)</th><th>事業数</th>"
           "<th>遅れ・中止</th></tr></thead>", "<tbody>"]
    for k in result.by_kpi:
        risk = sum(k.counts.count(s) for s in AT_RISK)
        out.append(f'<tr class="{"changed worse" if k.at_risk else ""}">'
                   f"<td>{esc(k.kpi_name)}</td><td>{esc(kpi_projects(result, k.projects))}</td>"
                   f'<td class="num">{k.counts.total}</td>'
                   f"<td>{f'要注意({risk}事業)' if k.at_risk else ''}</td></tr>")
    legend = "　".join(f"{PROJECT_LABELS[s].symbol} {PROJECT_LABELS[s].ja}" for s in STATUS_ORDER)
    out += ["</tbody>", "</table>", f'<p class="note">{esc(legend)}　※ 参考事業</p>']
    return _block("KPI別の事業", out, "roadmap-by-kpi")


def _moves(result: RoadmapResult) -> list[str]:
    if result.previous_period is None:
        return ["<p>前期の報告がないため、変化は示していません。</p>"]
    names = {p.no: p.name for p in result.projects}
    out = ['<ul class="moves">']
    for key, title in ROADMAP_CHANGES:
        numbers = getattr(result.moves, key)
        tone = ("worse" if key in ROADMAP_WORSE else "better") if numbers else ""
        listed = "、".join(f"{no} {names.get(no, '')}" for no in numbers) or "なし"
        cls = f' class="changed {tone}"' if tone else ""
        out.append(f"<li{cls}><strong>{esc(title)}</strong>: {esc(listed)}</li>")
    title = f"前期({period_title(result.previous_period)})からの変化"
    return _block(title, [*out, "</ul>"], "roadmap-moves")
