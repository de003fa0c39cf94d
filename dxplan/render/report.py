"""What the committee report says, in either form (`html.py`, `report_md.py`).

The report is in Japanese for the committee; the words for statuses and trends are the
ones every view uses (`numbers.py`), without the English ids the terminal adds.
"""

from __future__ import annotations

from html import escape
from typing import Final

import attrs

from dxplan.model import Plan
from dxplan.render.labels import (
    JUDGE_JA,
    STATUS_LABELS,
    changed_words,
    kind_word,
    year_reason,
    year_title,
)
from dxplan.render.numbers import MISSING, score
from dxplan.results import Results
from dxplan.review.period import Direction, Movement, PeriodMovements, PlanChange
from dxplan.scoring import Status

TITLE: Final = "進捗状況報告"
# roadmap progress changes (progress.ProjectMoves fields), worded for the committee
ROADMAP_CHANGES: Final = (("newly_delayed", "新たに遅れ"), ("newly_suspended", "新たに中止"),
                          ("recovered", "遅れから回復"), ("newly_completed", "新たに完了"))
ROADMAP_WORSE: Final = frozenset({"newly_delayed", "newly_suspended"})


@attrs.frozen
class ReportInput:
    """Everything the report shows: the results, their plan, and the changes since the
    previous period (None when it could not be evaluated)."""

    results: Results
    plan: Plan
    movements: PeriodMovements | None


def esc(text: object) -> str:
    """Text for HTML content or a quoted attribute."""
    return escape(str(text), quote=True)


def index_text(x: float | None) -> str:
    """An index or score as the report prints it: one decimal ('43.3'), the dash if none."""
    return score(x).strip()


def delta_text(delta: float | None) -> str:
    """A move in points, signed: '+20.0', '-3.5'; '±0.0' for one that rounds to nothing."""
    if delta is None:
        return MISSING
    return "±0.0" if abs(delta) < 0.05 else f"{delta:+.1f}"


def change_note(change: Movement | None) -> str | None:
    """'前回から +20.0、やや遅れ → 順調、評価 B → A'; None when nothing moved that the
    report shows (a move below 0.05 points prints as ±0.0 and says nothing)."""
    if change is None:
        return None
    parts = []
    delta = change.delta
    if delta is not None and abs(delta) >= 0.05:
        parts.append(delta_text(delta))
    elif change.before is None and change.after is not None:
        parts.append("前回はデータなし")
    elif change.before is not None and change.after is None:
        parts.append("今回はデータなし")
    if change.status_changed and change.status_before is not None \
            and change.status_after is not None:
        parts.append(f"{STATUS_LABELS[change.status_before].ja} → "
                     f"{STATUS_LABELS[change.status_after].ja}")
    if change.grade_changed and change.grade_before and change.grade_after:
        parts.append(f"評価 {change.grade_before} → {change.grade_after}")
    return "前回から " + "、".join(parts) if parts else None


def tone(change: Movement | None) -> str:
    """The CSS class (and Markdown mark) of a change: better, worse or same."""
    return change.direction.value if change is not None else Direction.SAME.value


def headline(report: ReportInput) -> list[str]:
    """The overview sentences under the title."""
    results, movements = report.results, report.movements
    counts: dict[Status, int] = {}
    for kpi in results.kpis:
        counts[kpi.status] = counts.get(kpi.status, 0) + 1
    order = [s for s in STATUS_LABELS if counts.get(s)]
    lines = [f"評価年度: {year_reason(results.year_choice, english=False)}。"
             f"判定: {JUDGE_JA[results.judge]}。"]
    lines += [f"KPI {len(results.kpis)}件: " + "、".join(
        f"{STATUS_LABELS[s].ja} {counts[s]}件" for s in order)]
    if movements is not None:
        moved = movements.changed
        better = sum(c.direction is Direction.BETTER for c in moved)
        worse = sum(c.direction is Direction.WORSE for c in moved)
        lines.append(f"前回({year_title(movements.previous_year)})から状況・評価が変わった項目 "
                     f"{len(moved)}件(改善 {better}件、悪化 {worse}件)。"
                     f"新たに達成 {len(movements.newly_achieved)}件、"
                     f"新たに遅れ {len(movements.newly_behind)}件。")
    return lines


PLAN_CHANGE_WORDS: Final = {PlanChange.REVISED: "見直し", PlanChange.ADDED: "追加",
                            PlanChange.RETIRED: "廃止"}
PLAN_CHANGE_HEADER: Final = ("区分", "種別", "項目", "年度", "理由", "変更内容")


def plan_change_rows(movements: PeriodMovements) -> list[list[str]]:
    """The changes of the plan itself in the period (revisions, additions, retirements),
    kept apart from the movements of the figures."""
    return [[PLAN_CHANGE_WORDS[c.change], kind_word(c.kind), c.name, year_title(c.year),
             c.reason, changed_words(c.what)] for c in movements.plan]
