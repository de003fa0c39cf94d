"""The words every view uses for a status, a trend, a grade, a year, a period or a kind of
item: one home for each label, so the terminal, the tables, the report and the workbook say
the same thing.

A status or trend label carries a symbol, the Japanese word and the English id, so a view
still says what it means without colour (NO_COLOR, a printout, a screen reader). Symbols
are chosen from characters terminals draw one cell wide in Western locales.
"""

from __future__ import annotations

from typing import Final

import attrs

from dxplan.japanese import era_name
from dxplan.model import ProjectStatus
from dxplan.render.numbers import MISSING
from dxplan.results import Grade
from dxplan.review.period import Direction
from dxplan.scoring import Status, Trend


@attrs.frozen
class Label:
    symbol: str
    ja: str
    en: str
    style: str  # a rich style name, used only when colour is on

    @property
    def text(self) -> str:
        return f"{self.symbol} {self.ja} {self.en}"


STATUS_LABELS: Final[dict[Status, Label]] = {
    Status.ACHIEVED: Label("◎", "達成", "achieved", "bold green"),
    Status.ON_TRACK: Label("▲", "順調", "on_track", "green"),
    Status.BEHIND: Label("△", "やや遅れ", "behind", "yellow"),
    Status.STALLED: Label("▽", "停滞", "stalled", "dark_orange"),
    Status.REGRESSING: Label("▼", "後退", "regressing", "bold red"),
    Status.NO_DATA: Label("?", "データなし", "no_data", "dim"),
    Status.REFERENCE: Label("※", "参考値", "reference", "dim"),
    Status.INSUFFICIENT_DATA: Label("!", "データ不足", "insufficient_data", "magenta"),
}

TREND_LABELS: Final[dict[Trend, Label]] = {
    Trend.ON_TRACK: Label("↑", "目標ペース", "on_track", "green"),
    Trend.IMPROVING: Label("↗", "改善", "improving", "yellow"),
    Trend.STAGNATING: Label("→", "停滞", "stagnating", "dark_orange"),
    Trend.DECLINING: Label("↘", "悪化", "declining", "red"),
    Trend.UNKNOWN: Label("·", "不明", "unknown", "dim"),
}


def status_label(status: Status) -> Label:
    return STATUS_LABELS[status]


def trend_label(trend: Trend) -> Label:
    return TREND_LABELS[trend]


def grade_text(grade: Grade | None) -> str:
    """'A 順調'; empty when the spec declares no grading."""
    return f"{grade.id} {grade.label}" if grade is not None else ""


def year_title(year: int) -> str:
    return f"{year}年度"


def fiscal_year(year: int) -> str:
    """'2025年度(令和7年度)': the committee reads both calendars."""
    era = era_name(year)
    return f"{year}年度" + (f"({era}年度)" if era.startswith("令和") else "")


def status_text(status: Status) -> str:
    label = STATUS_LABELS[status]
    return f"{label.symbol} {label.ja}"


def trend_text(trend: Trend) -> str:
    label = TREND_LABELS[trend]
    return f"{label.symbol} {label.ja}"


def graded_text(grade: Grade | None) -> str:
    """'評価 A 順調': a grade with its word, as the report prints it."""
    return f"評価 {grade_text(grade)}" if grade is not None else ""


DIRECTION_WORDS: Final = {Direction.BETTER: "改善", Direction.WORSE: "悪化",
                          Direction.SAME: "変化なし"}


def kind_word(kind: str) -> str:
    return {"goal": "基本目標", "field": "分野", "kpi": "KPI", "indicator": "中間指標"}.get(
        kind, kind)


# --- roadmap projects -------------------------------------------------------------------

PROJECT_LABELS: Final[dict[ProjectStatus, Label]] = {
    ProjectStatus.NOT_STARTED: Label("·", "未着手", "not_started", "dim"),
    ProjectStatus.ON_TRACK: Label("▲", "順調", "on_track", "green"),
    ProjectStatus.DELAYED: Label("!", "遅れ", "delayed", "bold yellow"),
    ProjectStatus.COMPLETED: Label("◎", "完了", "completed", "bold green"),
    ProjectStatus.SUSPENDED: Label("×", "中止", "suspended", "bold red"),
    ProjectStatus.UNREPORTED: Label("?", "未報告", "unreported", "magenta"),
}
# a milestone due this period, by whether the project's report says it is going well
OUTLOOK: Final = {True: "達成見込み met", False: "要注意 at risk", None: "未報告 unreported"}
OUTLOOK_JA: Final = {met: words.split()[0] for met, words in OUTLOOK.items()}  # the report's
NONE: Final = "なし none"
HALVES: Final = {"H1": "上期", "H2": "下期"}


def project_label(status: ProjectStatus | None) -> Label:
    return PROJECT_LABELS[status or ProjectStatus.UNREPORTED]


def period_title(period: str | None) -> str:
    """'2024H2 下期'; the dash when nothing has been reported."""
    return f"{period} {HALVES[period[-2:]]}" if period else MISSING
