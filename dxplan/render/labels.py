"""The words every view uses for a status, a trend, a grade, a year, a period or a kind of
item: one home for each label, so the terminal, the tables, the report and the workbook say
the same thing.

A status or trend label carries a symbol, the Japanese word and the English id, so a view
still says what it means without colour (NO_COLOR, a printout, a screen reader). Symbols
are chosen from characters terminals draw one cell wide in Western locales.

The words follow the run's language, as render/words.py says: bilingual in English ("▲
順調 on_track"), Japanese alone in Japanese ("▲ 順調"). The committee's report
(report*.py, html.py, xlsx.py) is Japanese in both.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import attrs

from dxplan.japanese import era_name
from dxplan.model import Dated, Judge, ProjectStatus, Stage
from dxplan.record import Record
from dxplan.render import numbers as n
from dxplan.render.words import Bilingual, both, japanese
from dxplan.results import Grade, KpiResult, MeasureResult, YearChoice
from dxplan.scoring import Status, Trend
from dxplan.spec.ast import Call, Expr, Var, render_expr
from dxplan.targets import Op, meets


@attrs.frozen(repr=False)
class Label(Record):
    symbol: str
    ja: str
    en: str
    style: str  # a rich style name, used only when colour is on

    @property
    def text(self) -> str:
        """'▲ 順調 on_track' in English, '▲ 順調' in Japanese."""
        return f"{self.symbol} {both(self.ja, self.en)}"


STATUS_LABELS: Final[dict[Status, Label]] = {
    Status.ACHIEVED: Label("◎", "達成", "achieved", "bold green"),
    Status.ON_TRACK: Label("▲", "順調", "on_track", "green"),
    Status.BEHIND: Label("△", "やや遅れ", "behind", "yellow"),
    Status.STALLED: Label("▽", "停滞", "stalled", "dark_orange"),
    Status.REGRESSING: Label("▼", "後退", "regressing", "bold red"),
    Status.NO_DATA: Label("?", "データなし", "no_data", "dim"),
    Status.REFERENCE: Label("※", "参考値", "reference", "dim"),
    Status.INSUFFICIENT_DATA: Label("!", "データ不足", "insufficient_data", "magenta"),
    Status.RETIRED: Label("-", "廃止", "retired", "dim"),
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


def year_reason(choice: YearChoice | None, english: bool = True) -> str:
    """Why this year is the one evaluated: Japanese, then English in brackets."""
    how = choice.how if choice is not None else "given"
    have, of = (choice.have, choice.of) if choice is not None else (0, 0)
    ja, en = {
        "given": ("--year で指定", "given with --year"),
        "config": ("dxplan.toml で指定", "set in dxplan.toml"),
        "data": (f"採点する指標{of}件のうち{have}件に値がある最新の年度",
                 f"the latest year in which {have} of {of} scored indicators have a value"),
        "latest": ("半数の指標に値がある年度がないため、値がある最新の年度",
                   "no year has values for half the scored indicators: the latest with any"),
    }.get(how, ("データがないため計画の初年度", "no data: the plan's first year"))
    return f"{ja} ({en})" if english and not japanese() else ja


JUDGE_JA: Final = {Judge.VALUE_YEAR: "実績の年度の期待値と比較",
                   Judge.EVALUATION_YEAR: "評価年度の期待値と比較"}
JUDGE_WORDS: Final = Bilingual({
    Judge.VALUE_YEAR: f"{JUDGE_JA[Judge.VALUE_YEAR]} (each figure against the expected value "
                      "of its own year)",
    Judge.EVALUATION_YEAR: f"{JUDGE_JA[Judge.EVALUATION_YEAR]} (each figure against the "
                           "expected value of the year evaluated)",
}, JUDGE_JA)


# --- targets and values, in the words a committee reads ----------------------------------

OP_WORDS: Final = {Op.GE: "以上", Op.GT: "超", Op.LE: "以下", Op.LT: "未満"}
STAGE_WORDS: Final = {Stage.NOT_STARTED: "未着手", Stage.IN_PROGRESS: "実施中",
                      Stage.DONE: "完了"}
CUMULATIVE: Final = "累計"
# a lagged statistic carried over unchanged from the last period: never a new slip
CARRIED_NOTE: Final = "前回と同じ実績(公表待ち)"
EACH_YEAR: Final = "毎年"
KEEP: Final = "維持"


def relative_text(formula: Expr) -> str:
    """`baseline * 0.2` as 基準値×0.2."""
    text = render_expr(formula, leaf=lambda n: "基準値" if isinstance(n, Var)
                       and n.name == "baseline" else None)
    return text.replace(" * ", "×").replace(" / ", "÷").replace(" + ", "+").replace(" - ", "−")


def target_words(d: Dated, unit: str | None, baseline: Dated | None = None) -> str:
    """A target's value as the plan states it: '60', '100%以上', '30〜40%',
    '基準値×0.2 = 21,000人', '100%以上(維持)' for a bound the baseline already meets."""
    if d.op is Op.RANGE and d.high is not None:
        text = f"{n.number(d.value)}〜{n.number(d.high)}{unit or ''}"
    else:
        text = n.with_unit(d.value, unit) + OP_WORDS.get(d.op, "")
    if isinstance(d.formula, Var):  # the baseline itself: 基準値(650)超
        text = f"{relative_text(d.formula)}({text.removesuffix(OP_WORDS.get(d.op, ''))})" \
            f"{OP_WORDS.get(d.op, '')}"
    elif d.formula is not None:
        text = f"{relative_text(d.formula)} = {text}"
    if baseline is not None and d.op is not Op.EQ and d.year and \
            meets(d.op, baseline.value, d.value, d.high):
        text += f"({KEEP})"
    return text


def is_cumulative(m: MeasureResult) -> bool:
    return isinstance(m.formula, Call) and m.formula.func == "cumulative"


def value_text(m: MeasureResult, year: int) -> str:
    """The value used: '26社', '累計 1,234人', '実施中', and its year when it is carried
    over from an earlier one: '3,821千円 (2022年度値)'."""
    if m.stage is not None:
        text = STAGE_WORDS[m.stage]
    else:
        text = n.with_unit(m.value, m.unit)
        if m.value is not None and is_cumulative(m):
            text = f"{CUMULATIVE} {text}"
    if m.carried_over and m.value_year is not None:
        text += f" ({m.value_year}{'年' if m.calendar else '年度'}値)"
    return text


REVISED: Final = "目標見直し"  # a revision that changed a target
AMENDED: Final = "見直し"  # one that changed something else (a weight, a unit, a formula)
ADDED: Final = "追加"
RETIRED: Final = "廃止"


_CHANGED: Final = {"baseline": "基準値", "weight": "重み", "unit": "単位", "value": "算定式",
                   "source": "出典", "note": "備考", "target each year": "毎年の目標"}


def changed_words(what: Sequence[str]) -> str:
    """What a revision changed, in the committee's words: '目標値(2028年度)、重み'."""
    return "、".join(f"目標値({w.split()[1]}年度)" if w.startswith("target ") and
                    w.split()[1].isdigit() else _CHANGED.get(w, w) for w in what)


def lifecycle_marks(item: MeasureResult | KpiResult, reasons: bool = False) -> str:
    """'目標見直し 2026', '追加 2025', '廃止 2026' (with their reasons, 「...」, when asked):
    how the plan has changed this item, as every view marks it."""
    marks = []
    if isinstance(item, MeasureResult):
        for r in item.revisions:
            word = REVISED if any(c.startswith("target") for c in r.changed) else AMENDED
            marks.append(f"{word} {r.year}" + (f"「{r.reason}」" if reasons else ""))
    for word, when in ((ADDED, item.added), (RETIRED, item.retired)):
        if when is not None:
            marks.append(f"{word} {when.year}" + (f"「{when.reason}」" if reasons else ""))
    return " ".join(marks)


def target_text(m: MeasureResult) -> str:
    """The final target: '2028: 60', '2028: 100%以上', '毎年 1,000人以上', '2026: 制定'."""
    if m.deadline is not None and m.target is None:
        return f"{m.deadline.year}: {m.deadline.text}"
    target = m.target
    if target is None:
        return n.MISSING
    if not target.year:  # each year
        return f"{EACH_YEAR} {target_words(target, m.unit)}"
    return f"{target.year}: {target_words(target, None, m.baseline)}"


def plan_text(m: MeasureResult) -> str:
    """Baseline and target: '2023: 0 → 2028: 60', '2022: 82 → 2028: 100%以上',
    '毎年 1,000人以上', '2026: 制定'; empty for a reference value."""
    if m.deadline is not None or (m.target is not None and not m.target.year):
        return target_text(m)
    if m.baseline is None and m.target is None:
        return ""
    base = n.MISSING if m.baseline is None else \
        f"{_years(m.baseline)}: {n.number(m.baseline.value)}"
    return f"{base} → {target_text(m)}"


def _years(d: Dated) -> str:
    return f"{d.first_year}–{d.year}" if d.first_year else str(d.year)


def expected_text(m: MeasureResult | KpiResult, year: int) -> str:
    """The expected score, with the year it was read at when that is not the year evaluated
    (a lagged statistic is judged against its own year): '62.5', '25.0 (2022)'."""
    text = n.score(m.expected).strip()
    at = m.expected_year if isinstance(m, MeasureResult) else None
    if m.expected is not None and at is not None and at != year:
        text += f" ({at})"
    return text


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


# keyed by review.period.Direction's values (a StrEnum member is equal to its value), so
# the views that name no movement need not import the review package
DIRECTION_WORDS: Final = {"better": "改善", "worse": "悪化", "same": "変化なし"}


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
OUTLOOK_JA: Final = {True: "達成見込み", False: "要注意", None: "未報告"}  # the report's
OUTLOOK: Final = Bilingual({True: "達成見込み met", False: "要注意 at risk",
                            None: "未報告 unreported"}, OUTLOOK_JA)
# nothing in a list; a constant for the views written before the language was chosen at
# run time: none_text() is the one that follows it
HALVES: Final = {"H1": "上期", "H2": "下期"}


def project_label(status: ProjectStatus | None) -> Label:
    return PROJECT_LABELS[status or ProjectStatus.UNREPORTED]


def period_title(period: str | None) -> str:
    """'2024H2 下期'; the dash when nothing has been reported."""
    return f"{period} {HALVES[period[-2:]]}" if period else n.MISSING


def plan_parts(m: MeasureResult) -> list[str]:
    """`plan_text` in the parts a narrow view may put on lines of their own, each whole:
    ['2020: 3,720', '→ 2028: 4,200']; none for a reference value."""
    text = plan_text(m)
    base, arrow, target = text.partition(" → ")
    return [base, f"→ {target}"] if arrow else [text] if text else []
