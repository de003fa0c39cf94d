"""Roadmap progress in the terminal: `dxplan roadmap`, and the summary `dxplan eval` ends with.

Laid out by `layout.py` like the evaluation (docs/roadmap.md): the counts by field and
category as a table while it fits, each project listed with its status and its note
indented under it, names wrapped between words or Japanese characters, never inside a
project number or a KPI id.
"""

from __future__ import annotations

from collections.abc import Sequence

from dxplan.progress import STATUS_ORDER, ProjectProgress, RoadmapResult
from dxplan.render import layout as L
from dxplan.render import words
from dxplan.render.labels import OUTLOOK, PROJECT_LABELS, project_label
from dxplan.render.layout import Line, Unit
from dxplan.render.roadmap import (
    CHANGE_TITLES,
    _at_risk,
    _count_cells,
    _group_rows,
    _heading,
    _project_name,
    _since,
    kpi_projects,
)

_NOTE = "     "  # a project's note and milestones, under its name
_GAP = "  "
_TEXT_COLUMN = 16  # the groups table's title column at least; narrower, titles go above


def _none() -> str:
    return words.word("none")


def render_roadmap(results: Sequence[RoadmapResult], *, color: bool = False,
                   width: int = 100) -> str:
    """Each result (a roadmap in one period) in turn, in the order given."""
    width = max(width, 40)
    lines: list[Line] = []
    for index, result in enumerate(results):
        if index:
            lines.append([])
        lines += _one(result, width)
    return L.render(lines, color)


def roadmap_summary(result: RoadmapResult, width: int) -> list[Line]:
    """The short form `dxplan eval` ends with: counts by field, what is at risk, what
    changed. `dxplan roadmap` has the detail."""
    lines = L.rule([L.atom(_heading(result), "bold", "")], width, centre=True)
    rows = [(f"{f.name} ({f.field})", f.counts) for f in result.by_field]
    rows.append((words.word("all"), result.summary))
    titles = min(max(L.width_of(title) for title, _ in rows), width // 2)
    for title, counts in rows:
        parts = [f"{PROJECT_LABELS[i.status].symbol} {i.count} {PROJECT_LABELS[i.status].ja}"
                 for i in counts.items if i.count]
        head = L.wrap([*L.words(title, gap="")], titles)
        first = head[-1] + [(" " * (titles - L.line_width(head[-1])), "")]
        hang = " " * (2 + titles + 7)
        lines += L.indented(head[:-1], "  ")
        lines += L.wrap([L.atom(f"{counts.total:>3}"),
                         *(L.atom(p, gap="   ") for p in parts)], width,
                        indent="  " + "".join(t for t, _ in first) + " ", hang=hang)
    risky = _at_risk(result)
    lines += L.wrap([*L.words(words.word("delayed_suspended") + ":", "bold", ""),
                     L.atom(str(len(risky) or _none()), "bold")], width)
    for p in risky:
        lines += _project(p, width, with_status=False)
    if result.previous_period is not None:
        moved = [f"{title.split()[0]} {len(getattr(result.moves, key))}"
                 for key, title in CHANGE_TITLES if getattr(result.moves, key)]
        lines += L.wrap(L.words(_since(result), "bold", ""), width)
        lines += L.wrap([L.atom(m, gap="   ") for m in moved] or [L.atom(_none())], width,
                        indent="  ", hang="  ")
    lines += L.wrap([*L.words(words.listed_apart(result.summary.references), "dim", ""),
                     L.atom(words.word("roadmap_details"), "dim")], width)
    return lines


def _project(p: ProjectProgress, width: int, with_status: bool = True) -> list[Line]:
    """'  ! 17 name   ! 遅れ delayed', its note indented under it."""
    label = project_label(p.status)
    head: list[Unit] = []
    style = label.style
    if with_status:
        style = ""
    else:
        head.append(L.atom(label.symbol, style, ""))
    head += [L.atom(str(p.no), style, " " if head else ""),
             *L.words(_project_name(p), style)]
    if with_status:
        head.append(L.atom(label.text, label.style, "   "))
    lines = L.wrap(head, width, indent="  ", hang=_NOTE)
    if p.note:
        lines += L.wrap(L.words(p.note, gap=""), width, indent=_NOTE, hang=_NOTE)
    return lines


def _one(result: RoadmapResult, width: int) -> list[Line]:
    lines = L.rule([L.atom(_heading(result), "bold", "")], width, centre=True)
    refs = result.summary.references
    lines += L.wrap(L.words(words.counted_text(result.summary.total, refs), gap=""), width)
    lines += _groups(result, width)

    lines += _section(words.word("delayed_suspended"), width)
    risky = _at_risk(result)
    for p in risky:
        lines += _project(p, width)
    if not risky:
        lines.append([("  " + _none(), "")])

    due = [p for p in result.projects if p.milestones_due]
    if due:
        lines += _section(words.milestones_title(result.period), width)
        for p in due:
            lines += _project(p, width)
            for m in p.milestones_due:
                lines += L.wrap([*L.words(m.text, gap=""), L.atom(OUTLOOK[m.met], gap="   ")],
                                width, indent=_NOTE, hang=_NOTE)

    lines += _section(words.word("no_report"), width)
    by_no = {p.no: p for p in result.projects}
    for no in result.unreported:
        lines += L.wrap([L.atom(str(no), gap=""), *L.words(_project_name(by_no[no]))], width,
                        indent="  ", hang=_NOTE)
    if not result.unreported:
        lines.append([("  " + _none(), "")])

    lines += _section(words.word("by_kpi"), width)
    for k in result.by_kpi:
        head = [*L.words(k.kpi_name, gap=""), L.atom(f"({k.kpi})")]
        if k.at_risk:
            head.append(L.atom(words.word("at_risk_short"), "bold yellow", "   "))
        lines += L.wrap(head, width, indent="  ", hang=_NOTE)
        lines += L.wrap([L.atom(s) for s in kpi_projects(result, k.projects).split(" ")],
                        width, indent=_NOTE, hang=_NOTE)
    legend = [*(PROJECT_LABELS[s].text for s in STATUS_ORDER),
              f"※ {words.word('reference_project')}"]
    lines += L.wrap([L.atom(text, "dim", "   ") for text in legend], width, indent="  ",
                    hang="  ")

    lines += _section(_since(result), width)
    if result.previous_period is not None:
        by_no = {p.no: p for p in result.projects}
        for key, title in CHANGE_TITLES:
            numbers = getattr(result.moves, key)
            count = f" ({len(numbers)})" if numbers else f": {_none()}"
            lines += L.wrap(L.words(title + count, gap=""), width, indent="  ", hang="    ")
            for no in numbers:
                lines += L.wrap([L.atom(str(no), gap=""),
                                 *L.words(_project_name(by_no[no]))], width, indent="    ",
                                hang="      ")
    return lines


def _section(title: str, width: int) -> list[Line]:
    return [[], *L.wrap(L.words(title, "bold", ""), width)]


def _groups(result: RoadmapResult, width: int) -> list[Line]:
    """Fields and their categories by status, as a table while the titles keep
    `_TEXT_COLUMN` cells; narrower, each title above its counts. A status no project is in
    gets no column (it is named under the table instead)."""
    shown = [i for i, item in enumerate(result.summary.items) if item.count]
    heads: list[list[Line]] = []
    for i in shown:
        label = PROJECT_LABELS[STATUS_ORDER[i]]
        heads.append([[(f"{label.symbol} {label.ja}", "bold")], [(label.en, "bold")]])
    total_ja, total_en = words.WORDS["total"]
    heads.append([[(total_ja, "bold")], [(total_en, "bold")]])
    rows = [(depth, title, _count_cells(counts)) for depth, title, counts in _group_rows(result)]
    figures = [[c for i, c in enumerate(cells[:-1]) if i in shown] + [cells[-1]]
               for _, _, cells in rows]
    widths = [max([*(L.line_width(line) for line in head), *(L.width_of(f[j]) for f in figures)])
              for j, head in enumerate(heads)]
    right = [True] * len(widths)
    counts_width = sum(widths) + len(_GAP) * (len(widths) - 1)
    longest = max([L.width_of(t) + 2 * depth for depth, t, _ in rows] +
                  [L.width_of(w) for w in words.WORDS["groups"]])
    text = min(width - counts_width - len(_GAP), longest)
    title_ja, title_en = words.WORDS["groups"]
    out: list[Line] = []
    if text >= _TEXT_COLUMN:
        head = [[[(title_ja, "bold")], [(title_en, "bold")]], *heads]
        out += L.columns(head, [text, *widths], _GAP, [False, *right], bottom=True)
        out.append([("─" * (text + len(_GAP) + counts_width), "")])
        for (depth, title, _), row in zip(rows, figures, strict=True):
            style = "bold" if depth == 0 else ""
            name = L.wrap(L.words(title, style, ""), text - 2 * depth, indent="  " * depth,
                          hang="  " * depth)
            out += L.columns([name, *([[(f, style)]] for f in row)], [text, *widths], _GAP,
                             [False, *right])
    else:
        out += L.wrap(L.words(f"{title_ja} {title_en}", "bold", ""), width)
        out += L.indented(L.columns(heads, widths, _GAP, right, bottom=True), _NOTE)
        out.append([("─" * min(width, len(_NOTE) + counts_width), "")])
        for (depth, title, _), row in zip(rows, figures, strict=True):
            style = "bold" if depth == 0 else ""
            out += L.wrap(L.words(title, style, ""), width, indent="  " * depth,
                          hang="  " * depth)
            out += L.indented(L.columns([[[(f, style)]] for f in row], widths, _GAP, right),
                              _NOTE)
    absent = [PROJECT_LABELS[s].text for i, s in enumerate(STATUS_ORDER) if i not in shown]
    if absent:
        out += L.wrap([L.atom("0:", "dim", ""), *(L.atom(a + ",", "dim") for a in absent[:-1]),
                       L.atom(absent[-1], "dim")], width, indent="  ", hang="     ")
    return out
