"""`dxplan eval` in the terminal: goals, then each field's KPIs with their indicators.

Laid out by `layout.py` (our own, linear in the rows; rich only paints the styles), with
every word from `labels.py`. Labels carry words as well as colour, so the output means
the same under NO_COLOR. The widths of the figure columns are measured once over every row,
so the tables of every KPI line up.

From about 100 columns each goal or indicator is one row of four columns (name, value and
plan, score and expected, status and grade). Narrower, the name has the line to itself
and the figures go under it, in columns while they fit, else each column on its own line.
At any width an id, a figure with its year and a bracketed mark stay whole on one line.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

import attrs

from dxplan.render import labels, words
from dxplan.render import layout as L
from dxplan.render import numbers as n
from dxplan.render.layout import Line, Unit
from dxplan.results import KpiResult, MeasureResult, Results
from dxplan.scoring import MIN_COVERAGE, Status

DEFAULT_WIDTH = 100
COMPACT_BELOW = 100  # narrower: each name over its figures
MIN_WIDTH = 40
_BAR = 10
_GAP = "  "
_WIDE_NAME = 20  # the name column's least width in the wide layout
_DETAIL = "    "  # the figures under a name, in the compact layout
_RULE_STYLE = "bright_green"


def render(results: Results, *, color: bool = False, width: int = DEFAULT_WIDTH) -> str:
    """The whole view as text: ANSI styles when `color`, plain characters otherwise."""
    width = max(width, MIN_WIDTH)
    lines = list(view(results, width))
    if results.roadmap is not None:
        # only runs that loaded a roadmap pay for its module
        from dxplan.render.roadmap_terminal import roadmap_summary

        lines.append([])
        lines += roadmap_summary(results.roadmap, width)
    return L.render(lines, color)


def view(results: Results, width: int) -> Iterator[Line]:
    yield from L.wrap([*L.words(results.plan_name, "bold", gap=""),
                       L.atom(f"({results.plan_id})"), L.atom("—"),
                       L.atom(labels.year_title(results.year), "bold"),
                       L.atom(words.word("evaluation"))], width, hang="  ")
    for key, text in (("year", labels.year_reason(results.year_choice)),
                      ("judged", labels.JUDGE_WORDS[results.judge])):
        yield from L.wrap([*_label(words.label_of(key), "dim"), *L.words(text, "dim")], width,
                          hang="  ")
    yield []
    goals = [cells(m, results.year) for m in results.goals]
    rows = {k.id: [cells(m, results.year) for m in k.indicators] for k in results.kpis}
    grid = Grid.fit([*goals, *(r for kpi in rows.values() for r in kpi)], width)
    if goals:
        yield from L.wrap(L.words(words.word("goals"), "bold", gap=""), width)
        yield from grid.table(words.word("goal"), goals, "")
    kpis = {k.id: k for k in results.kpis}
    for field in results.fields:
        yield []
        title = [*L.words(field.name, "bold", gap=""), L.atom(f"({field.id})", "bold"),
                 L.join([L.atom(words.word("field_index")),
                         L.atom(n.score(field.index).strip(), "bold")], gap=_GAP)]
        yield from L.rule(title, width, style=_RULE_STYLE)
        for kpi_id in field.kpis:
            if kpi_id in kpis:
                yield []
                yield from kpi_lines(kpis[kpi_id], width)
                yield from grid.table(words.word("indicator"), rows[kpi_id], "  ")


def kpi_lines(kpi: KpiResult, width: int) -> list[Line]:
    marks = labels.lifecycle_marks(kpi)
    title = [L.atom(words.word("kpi"), "bold", gap=""), *L.words(kpi.name, "bold"),
             L.atom(f"({kpi.id})"), *([L.atom(f"[{marks}]", "bold")] if marks else [])]
    status = labels.status_label(kpi.status)
    trend = labels.trend_label(kpi.trend)
    expected = f"({words.word('expected')} {n.score(kpi.expected).strip()})"
    index = [L.join([L.atom(words.word("index")),
                     L.atom(n.score_bar(kpi.index, _BAR), "bold")], gap=""),
             L.atom(expected, gap=_GAP), *_label(status.text, status.style, "   ")]
    more = [*([L.atom(labels.graded_text(kpi.grade), gap="")] if kpi.grade else []),
            L.join([L.atom(words.word("trend")), *_label(trend.text, trend.style)],
                   gap="   "),
            L.atom(f"{words.word('coverage')} {n.percent(kpi.coverage)}", gap="   ")]
    lines = L.wrap(title, width, hang="  ")
    lines += L.wrap(index, width, indent="  ", hang="  ")
    lines += L.wrap(more, width, indent="  ", hang="  ")
    if kpi.status is Status.INSUFFICIENT_DATA:
        lines += L.wrap(L.words(words.insufficient_text(n.percent(MIN_COVERAGE)),
                                status.style, gap=""), width, indent="  ", hang="    ")
    return lines


def _label(text: str, style: str = "", gap: str = " ") -> list[Unit]:
    """A status or trend label, whole on one line: '▲ 順調 on_track'."""
    return [L.atom(text, style, gap)]


@attrs.frozen
class Cells:
    """A goal's or indicator's four cells."""

    name: L.Cell  # one line
    figures: L.Cell
    scores: L.Cell
    state: L.Cell
    dim: bool


def cells(m: MeasureResult, year: int) -> Cells:
    name = L.words(m.name, gap="")
    name.append(L.atom(f"({m.id})", "dim"))
    if m.reference:
        name.append(L.atom(words.word("reference")))
    marks = labels.lifecycle_marks(m)
    if marks:
        name.append(L.atom(f"[{marks}]", "bold"))
    figures = [[L.atom(labels.value_text(m, year), gap="")]]
    parts = labels.plan_parts(m)
    if parts:
        figures.append([L.atom(part, "dim") for part in parts])
    scores: list[list[Unit]] = []
    if not m.reference and m.expected is not None:
        scores = [[L.atom(n.score_bar(m.score, _BAR), gap="")],
                  [L.atom(f"{words.word('expected_short')} {labels.expected_text(m, year)}",
                          "dim", gap="")]]
    status = labels.status_label(m.status)
    state = [_label(status.text, status.style, "")]
    if m.grade is not None:
        state.append([L.atom(labels.graded_text(m.grade), gap="")])
    return Cells(L.cell([name]), L.cell(figures), L.cell(scores), L.cell(state), m.reference)


@attrs.frozen
class Grid:
    """The columns every table of one view shares, measured once over all its rows."""

    width: int
    compact: bool
    figures: int
    scores: int
    state: int
    flow: bool  # compact and too narrow for the figures side by side

    @classmethod
    def fit(cls, rows: Sequence[Cells], width: int) -> Grid:
        heads = _headers()
        state = max([heads[3].whole, *(r.state.whole for r in rows)])
        scores = max([heads[2].whole, *(r.scores.whole for r in rows)])
        least = max([L.least(heads[1].lines), *(L.least(r.figures.lines) for r in rows)])
        whole = max([heads[1].whole, *(r.figures.whole for r in rows)])
        fixed = 2 + state + scores + 3 * len(_GAP)  # the KPI tables' indent, three gaps
        if width >= COMPACT_BELOW:
            for figures in (whole, least):
                if width - fixed - figures >= _WIDE_NAME:
                    return cls(width, False, figures, scores, state, False)
        room = width - 2 - len(_DETAIL) - state - scores - 2 * len(_GAP)
        figures = whole if room >= whole else least
        return cls(width, True, figures, scores, state, room < least)

    def table(self, name_header: str, rows: Iterable[Cells], indent: str) -> Iterator[Line]:
        width = self.width - len(indent)
        heads = _headers()
        if self.compact:
            yield from L.indented(L.wrap(L.words(name_header, "bold", gap=""), width), indent)
            if not self.flow:
                head = [self._cell(c.lines, w, "bold") for c, w in
                        zip(heads[1:], self._widths()[1:], strict=True)]
                yield from L.indented(L.columns(head, self._widths()[1:], _GAP, bottom=True),
                                      indent + _DETAIL)
        else:
            name = width - self.figures - self.scores - self.state - 3 * len(_GAP)
            head = [self._cell([L.words(name_header, gap="")], name, "bold"),
                    *(self._cell(c.lines, w, "bold") for c, w in
                      zip(heads[1:], self._widths()[1:], strict=True))]
            yield from L.indented(L.columns(head, (name, *self._widths()[1:]), _GAP,
                                            bottom=True), indent)
        yield [(indent, ""), ("─" * width, "")]
        for row in rows:
            yield from L.indented(self._row(row, width), indent)

    def _widths(self) -> tuple[int, int, int, int]:
        return (0, self.figures, self.scores, self.state)

    def _cell(self, lines: Sequence[Sequence[Unit]], width: int, style: str = "") -> list[Line]:
        out: list[Line] = []
        for line in lines:
            wrapped = L.wrap(line, width)
            out += [L.styled(w, style) for w in wrapped] if style else wrapped
        return out

    def _row(self, row: Cells, width: int) -> list[Line]:
        if not self.compact:
            name = width - self.figures - self.scores - self.state - 3 * len(_GAP)
            lines = L.set_cells([row.name, row.figures, row.scores, row.state],
                                (name, *self._widths()[1:]), _GAP)
        else:
            lines = L.wrap(row.name.lines[0], width)
            detail = width - len(_DETAIL)
            if self.flow:
                for column in (row.figures, row.scores, row.state):
                    units = [u._replace(gap="   ") if i and not j else u
                             for i, line in enumerate(column.lines) for j, u in enumerate(line)]
                    if units:
                        lines += L.wrap(units, detail, indent=_DETAIL, hang=_DETAIL)
            else:
                lines += L.indented(L.set_cells([row.figures, row.scores, row.state],
                                                self._widths()[1:], _GAP), _DETAIL)
        return [L.styled(line, "dim") for line in lines] if row.dim else lines


def _headers() -> tuple[L.Cell, ...]:
    """The header cells of the four columns."""
    return (L.cell([]),
            L.cell([L.words(words.word("value"), gap=""), L.words(words.word("plan_short"),
                                                                   gap="")]),
            L.cell([L.words(words.word("score"), gap=""), L.words(words.word("expected"),
                                                                   gap="")]),
            L.cell([L.words(words.word("status"), gap="")]))
