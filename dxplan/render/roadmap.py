"""Roadmap progress as JSON, Markdown and terminal tables (docs/roadmap.md).

Every figure comes from `progress.RoadmapResult`; this module only chooses words and
layout. Statuses read as symbol, Japanese word and English id ("! 遅れ delayed") so the
views say what they mean without colour. The terminal view is `roadmap_terminal.py`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

from dxplan.progress import (
    AT_RISK,
    STATUS_ORDER,
    GroupSummary,
    ProjectProgress,
    RoadmapResult,
    StatusCounts,
)
from dxplan.render import words
from dxplan.render.labels import (
    OUTLOOK,
    PROJECT_LABELS,
    period_title,
    project_label,
)
from dxplan.render.numbers import MISSING, percent, rounded

Json = dict[str, Any]

REFERENCE: Final = "※参考事業 reference"
CHANGE_TITLES: Final = (
    ("newly_delayed", "新たに遅れ newly delayed"),
    ("newly_completed", "新たに完了 newly completed"),
    ("recovered", "遅れから回復 recovered"),
    ("newly_suspended", "新たに中止 newly suspended"),
)


def _none() -> str:
    return words.word("none")


# --- JSON ------------------------------------------------------------------------------


def roadmap_dict(result: RoadmapResult) -> Json:
    """The `roadmap` object of `dxplan eval --format json` and of `dxplan roadmap`."""
    return {
        "id": result.id,
        "name": result.name,
        "year": result.year,
        "period": result.period,
        "previous_period": result.previous_period,
        "periods": list(result.periods),
        "summary": _counts_dict(result.summary),
        "projects": [_project_dict(p) for p in result.projects],
        "by_field": [_group_dict(g) for g in result.by_field],
        "by_category": [_group_dict(g) for g in result.by_category],
        "by_kpi": [
            {"kpi": k.kpi, "name": k.kpi_name, "projects": list(k.projects),
             "summary": _counts_dict(k.counts), "at_risk": k.at_risk}
            for k in result.by_kpi
        ],
        "changes": {key: list(getattr(result.moves, key)) for key, _ in CHANGE_TITLES},
        "unreported": list(result.unreported),
    }


def _counts_dict(counts: StatusCounts) -> Json:
    return {
        "total": counts.total,
        "references": counts.references,
        "counts": {item.status: item.count for item in counts.items},
        "shares": {item.status: rounded(item.share) for item in counts.items},
    }


def _project_dict(p: ProjectProgress) -> Json:
    return {
        "no": p.no,
        "name": p.name,
        "field": p.field,
        "category": p.category,
        "kpis": list(p.kpis),
        "status": p.status,
        "note": p.note,
        "reference": p.reference,
        "previous_status": p.previous_status,
        "milestones_due": [{"period": m.period, "text": m.text, "met": m.met}
                           for m in p.milestones_due],
    }


def _group_dict(g: GroupSummary) -> Json:
    out: Json = {"field": g.field}
    if g.category is None:
        out["name"] = g.name
    else:
        out["category"] = g.category
    return out | {"projects": list(g.projects), "summary": _counts_dict(g.counts)}


# --- what the text views share -----------------------------------------------------------


def _status_header() -> list[str]:
    return [f"{PROJECT_LABELS[s].symbol} {PROJECT_LABELS[s].ja} {s}" for s in STATUS_ORDER]


def _count_cells(counts: StatusCounts) -> list[str]:
    cells = [f"{item.count} ({percent(item.share)})" if item.count else "0"
             for item in counts.items]
    total = str(counts.total)
    if counts.references:
        total += f" +{counts.references}※"
    return [*cells, total]


def _group_rows(result: RoadmapResult) -> list[tuple[int, str, StatusCounts]]:
    """(depth, title, counts): each field, then its categories, then the whole roadmap."""
    rows: list[tuple[int, str, StatusCounts]] = []
    for field in result.by_field:
        rows.append((0, f"{field.name} ({field.field})", field.counts))
        rows += [(1, c.name, c.counts) for c in result.by_category if c.field == field.field]
    rows.append((0, "全体 all", result.summary))
    return rows


def _project_name(p: ProjectProgress) -> str:
    return p.name + (f" {REFERENCE}" if p.reference else "")


def _project_title(p: ProjectProgress) -> str:
    return f"{p.no} {_project_name(p)}"


def _at_risk(result: RoadmapResult) -> list[ProjectProgress]:
    return [p for p in result.projects if p.status in AT_RISK]


def _named(result: RoadmapResult, numbers: Iterable[int]) -> list[str]:
    """'54 道路施設…事業' for each project number, in the order given."""
    by_no = {p.no: p for p in result.projects}
    return [_project_title(by_no[n]) for n in numbers]


def kpi_projects(result: RoadmapResult, numbers: Iterable[int]) -> str:
    """'1▲ 2▲ 5×': each serving project with its status symbol (※ for a reference one)."""
    by_no = {p.no: p for p in result.projects}
    return " ".join(
        f"{n}{project_label(by_no[n].status).symbol}{'※' if by_no[n].reference else ''}"
        for n in numbers
    ) or _none()


def _milestone_rows(result: RoadmapResult) -> list[list[str]]:
    return [[_project_title(p), m.text, OUTLOOK[m.met], project_label(p.status).text]
            for p in result.projects for m in p.milestones_due]


def _heading(result: RoadmapResult) -> str:
    return f"{result.name} ({result.id}) — {period_title(result.period)}"


def _since(result: RoadmapResult) -> str:
    previous = result.previous_period
    if previous is None:
        return "変化 changes: no earlier period reported to compare with"
    return f"{period_title(previous)} からの変化 changes since {previous}"


# --- Markdown --------------------------------------------------------------------------


def roadmap_markdown(result: RoadmapResult) -> str:
    """A `##` section (with `###` parts) for `dxplan eval --format markdown` and the report."""
    lines = [f"## ロードマップ進捗 roadmap: {_esc(_heading(result))}", ""]
    lines.append(f"{result.summary.total} projects counted"
                 + (f", {result.summary.references} 参考事業 listed apart (※)"
                    if result.summary.references else "")
                 + f"; reported periods: {', '.join(result.periods) or MISSING}.")
    lines += ["", "### 分野・区分別 by field and category", ""]
    rows = [["└ " * depth + title, *_count_cells(counts)]
            for depth, title, counts in _group_rows(result)]
    lines += _md_table(["分野・区分 field / category", *_status_header(), "計 total"], rows,
                       numeric=len(STATUS_ORDER) + 1)
    lines += ["", "### 遅れ・中止 delayed and suspended", ""]
    risky = _at_risk(result)
    lines += _md_table(["事業 project", "状況 status", "備考 note"],
                       [[_project_title(p), project_label(p.status).text, p.note or ""]
                        for p in risky]) if risky else [_none()]
    milestones = _milestone_rows(result)
    if milestones:
        lines += ["", f"### マイルストーン milestones due in {result.period}", ""]
        lines += _md_table(["事業 project", "マイルストーン milestone", "見込み outlook",
                            "状況 status"], milestones)
    lines += ["", "### 未報告 no report", ""]
    lines += [f"- {_esc(t)}" for t in _named(result, result.unreported)] or [_none()]
    lines += ["", "### KPI別 by KPI", ""]
    lines += _md_table(
        ["KPI", "事業 projects", "遅れ・中止 at risk"],
        [[f"{k.kpi_name} ({k.kpi})", kpi_projects(result, k.projects),
          "! 要注意 at risk" if k.at_risk else ""] for k in result.by_kpi])
    lines += ["", f"### {_since(result)}", ""]
    if result.previous_period is not None:
        for key, title in CHANGE_TITLES:
            named = _named(result, getattr(result.moves, key))
            lines.append(f"- {title} ({len(named)})" if named else f"- {title}: {_none()}")
            lines += [f"  - {_esc(t)}" for t in named]
    return "\n".join(lines) + "\n"


def _md_table(header: list[str], rows: list[list[str]], numeric: int = 0) -> list[str]:
    """The last `numeric` columns right-aligned: counts compare at a glance."""
    rule = ["---:" if i >= len(header) - numeric else "---" for i in range(len(header))]
    out = ["| " + " | ".join(_esc(h) for h in header) + " |", "| " + " | ".join(rule) + " |"]
    out += ["| " + " | ".join(_esc(c) for c in row) + " |" for row in rows]
    return out


def _esc(text: str) -> str:
    """Cell text that cannot break a table: `|` escaped, line breaks joined."""
    return " ".join(text.replace("\\", "\\\\").replace("|", "\\|").split())
