"""`dxplan eval` in the terminal (rich): goals, then each field's KPIs with their indicators.

Every cell is a rich `Text`, never a markup string, so a `[` in a name from a spec is
printed as written. Column widths come from rich, which counts wide (Japanese)
characters as two cells; nothing here pads by `len()`. Labels carry words as well as
colour (numbers.STATUS_LABELS), so the output means the same under NO_COLOR.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import TYPE_CHECKING

from dxplan.render import labels
from dxplan.render import numbers as n
from dxplan.results import KpiResult, MeasureResult, Results
from dxplan.scoring import MIN_COVERAGE, Status

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.table import Table
    from rich.text import Text


# The layout is tuned to read at 100 columns; narrower terminals wrap the name column.
DEFAULT_WIDTH = 100
_BAR = 10
_FIGURES = 25  # '2020: 3,720 → 2028: 4,200'
_STATUS = 17  # '▼ 後退 regressing'
_ROOMY = 90  # the name column keeps >= 16 cells next to the fixed ones


def render(results: Results, *, color: bool = False, width: int = DEFAULT_WIDTH) -> str:
    """The whole view as text: ANSI styles when `color`, plain characters otherwise."""
    from rich.console import Console

    out = io.StringIO()
    console = Console(file=out, width=max(width, 40), force_terminal=color,
                      color_system="standard" if color else None, no_color=not color,
                      highlight=False, soft_wrap=False, emoji=False, markup=False,
                      legacy_windows=False)
    for part in renderables(results, roomy=console.width >= _ROOMY):
        console.print(part)
    if results.roadmap is not None:
        from dxplan.render.roadmap import (
            print_roadmap_summary,  # lazy: only runs that loaded a roadmap
        )

        console.print()
        print_roadmap_summary(console, results.roadmap)
    # rich pads table cells and rules to their width; trailing blanks only make files and
    # diffs noisy. (With colour a line ends in an escape code, so nothing is stripped.)
    return "".join(line.rstrip(" ") + "\n" for line in out.getvalue().splitlines())


def renderables(results: Results, roomy: bool = True) -> Iterable[RenderableType]:
    """The view's parts in order. `roomy`: wide enough for the fixed figure columns; a
    narrower console lets every column wrap instead of squeezing the names to nothing."""
    from rich.padding import Padding
    from rich.rule import Rule
    from rich.text import Text

    yield Text.assemble((results.plan_name, "bold"), f" ({results.plan_id}) — ",
                        (labels.year_title(results.year), "bold"), " 評価 evaluation")
    yield Text(f"評価年度 year: {labels.year_reason(results.year_choice)}", style="dim")
    yield Text(f"判定 judged: {labels.JUDGE_WORDS[results.judge]}", style="dim")
    yield Text()
    if results.goals:
        yield measure_table("基本目標 basic goals", "基本目標 goal", results.goals, results.year,
                            roomy)
    kpis = {k.id: k for k in results.kpis}
    for field in results.fields:
        yield Text()
        yield Rule(Text.assemble((f"{field.name} ({field.id})", "bold"), "  分野指数 index ",
                                 (n.score(field.index).strip(), "bold")),
                   align="left", characters="─")
        for kpi_id in field.kpis:
            if kpi_id not in kpis:
                continue
            kpi = kpis[kpi_id]
            yield Text()
            yield from kpi_lines(kpi)
            table = measure_table(None, "中間指標 indicator", kpi.indicators, results.year,
                                  roomy)
            yield Padding(table, (0, 0, 0, 2))


def kpi_lines(kpi: KpiResult) -> Iterable[Text]:
    from rich.text import Text

    marks = labels.lifecycle_marks(kpi)
    yield Text.assemble(("KPI ", "bold"), (kpi.name, "bold"), f" ({kpi.id})",
                        (f" [{marks}]" if marks else "", "bold"))
    status = labels.status_label(kpi.status)
    trend = labels.trend_label(kpi.trend)
    line = Text("  指数 index ")
    line.append(n.score_bar(kpi.index, _BAR), style="bold")
    line.append(f"  (期待 expected {n.score(kpi.expected).strip()})   ")
    line.append(status.text, style=status.style)
    yield line
    more = Text("  ")
    if kpi.grade is not None:
        more.append("評価 ")
        more.append(labels.grade_text(kpi.grade), style="bold")
        more.append("   ")
    more.append("傾向 trend ")
    more.append(trend.text, style=trend.style)
    more.append(f"   カバー率 coverage {n.percent(kpi.coverage)}")
    yield more
    if kpi.status is Status.INSUFFICIENT_DATA:
        floor = n.percent(MIN_COVERAGE)
        yield Text(f"  ! カバー率{floor}未満: 指数は判定外 (under {floor} coverage: "
                   "index not judged)", style=status.style)


def measure_table(title: str | None, name_header: str, measures: Iterable[MeasureResult],
                  year: int, roomy: bool = True) -> Table:
    """One row per goal or indicator, two lines each (value over baseline → target, score
    over expected, status over grade), so the name keeps room at 100 columns."""
    from rich import box
    from rich.table import Table

    table = Table(title=_text(title, "bold") if title else None, title_justify="left",
                  box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=roomy)
    # Fixed room for the figures, the rest for the name: the tables of every KPI line up.
    table.add_column(name_header, ratio=1 if roomy else None, min_width=16 if roomy else 8,
                     overflow="fold")
    table.add_column("実績 value\n基準 → 目標", min_width=_FIGURES if roomy else None,
                     no_wrap=roomy)
    table.add_column("スコア score\n期待 expected", no_wrap=True)
    table.add_column("状況 status", min_width=_STATUS if roomy else None, no_wrap=roomy)
    for m in measures:
        table.add_row(*_measure_cells(m, year), style="dim" if m.reference else None)
    return table


def _measure_cells(m: MeasureResult, year: int) -> list[Text]:
    from rich.text import Text

    name = Text(m.name)
    name.append(f" ({m.id})", style="dim")
    if m.reference:
        name.append(" ※参考値")
    marks = labels.lifecycle_marks(m)
    if marks:
        name.append(f" [{marks}]", style="bold")
    figures = Text(labels.value_text(m, year))
    span = labels.plan_text(m)
    if span:
        figures.append("\n" + span, style="dim")
    scores = Text()
    if not m.reference and m.expected is not None:
        scores.append(n.score_bar(m.score, _BAR))
        scores.append(f"\n期待 {labels.expected_text(m, year)}", style="dim")
    status = labels.status_label(m.status)
    state = Text(status.text, style=status.style)
    if m.grade is not None:
        state.append(f"\n評価 {labels.grade_text(m.grade)}")
    return [name, figures, scores, state]


def _text(text: str, style: str) -> Text:
    from rich.text import Text

    return Text(text, style=style)
