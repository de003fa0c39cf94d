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
from typing import NamedTuple

import attrs

from dxplan.record import Record
from dxplan.render import labels, words
from dxplan.render import layout as L
from dxplan.render import numbers as n
from dxplan.render.layout import Line, Unit
from dxplan.results import Grade, KpiResult, MeasureResult, Results
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
    make = Rows(results.year)
    goals = [make.cells(m) for m in results.goals]
    rows = {k.id: [make.cells(m) for m in k.indicators] for k in results.kpis}
    grid = Grid.fit([*goals, *(r for kpi in rows.values() for r in kpi)], width)
    if goals:
        yield from L.wrap(L.words(words.word("goals"), "bold", gap=""), width)
        yield from grid.table(words.word("goal"), goals, "")
    kpis = {k.id: k for k in results.kpis}
    head = grid.head(words.word("indicator"), "  ")  # the same over every KPI's table
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
                yield from head
                yield from grid.rows(rows[kpi_id], "  ")


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


class Cells(NamedTuple):
    """A goal's or indicator's four cells (a tuple: made once a row, by the thousand)."""

    name: L.Cell  # one line
    figures: L.Cell
    scores: L.Cell
    state: L.Cell
    dim: bool


class Rows:
    """Makes each goal's or indicator's cells. What many rows show alike (a status with its
    grade, an expected score) is made once a view."""

    def __init__(self, year: int) -> None:
        self.year = year
        self.expected = words.word("expected_short")
        self.reference = L.atom(words.word("reference"))
        self.states: dict[tuple[Status, Grade | None], L.Cell] = {}
        # by what the cell shows: the score's bar, the expected score and its year
        self.scores: dict[tuple[float | None, float | None, int | None], L.Cell] = {}
        self.no_scores = L.cell([])

    def cells(self, m: MeasureResult) -> Cells:
        name = L.words(m.name, gap="")
        name.append(L.atom(f"({m.id})", "dim"))
        if m.reference:
            name.append(self.reference)
        marks = labels.lifecycle_marks(m)
        if marks:
            name.append(L.atom(f"[{marks}]", "bold"))
        figures = [[L.atom(labels.value_text(m, self.year), gap="")]]
        parts = labels.plan_parts(m)
        if parts:
            figures.append([L.atom(part, "dim") for part in parts])
        scores = self.no_scores
        if not m.reference and m.expected is not None:
            scores = self.scores.get((m.score, m.expected, m.expected_year)) or self._scores(m)
        state = self.states.get((m.status, m.grade)) or self._state(m.status, m.grade)
        return Cells(L.cell([name]), L.cell(figures), scores, state, m.reference)

    def _scores(self, m: MeasureResult) -> L.Cell:
        expected = f"{self.expected} {labels.expected_text(m, self.year)}"
        return self.scores.setdefault((m.score, m.expected, m.expected_year), L.cell(
            [[L.atom(n.score_bar(m.score, _BAR), gap="")], [L.atom(expected, "dim", gap="")]]))

    def _state(self, status: Status, grade: Grade | None) -> L.Cell:
        label = labels.status_label(status)
        lines = [_label(label.text, label.style, "")]
        if grade is not None:
            lines.append([L.atom(labels.graded_text(grade), gap="")])
        return self.states.setdefault((status, grade), L.cell(lines))


@attrs.frozen(repr=False)
class Grid(Record):
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
        whole = max([heads[1].whole, *(r.figures.whole for r in rows)])
        fixed = 2 + state + scores + 3 * len(_GAP)  # the KPI tables' indent, three gaps
        wide = width >= COMPACT_BELOW
        if wide and width - fixed - whole >= _WIDE_NAME:
            return cls(width, False, whole, scores, state, False)
        room = width - 2 - len(_DETAIL) - state - scores - 2 * len(_GAP)
        if not wide and room >= whole:
            return cls(width, True, whole, scores, state, False)
        # the figures do not fit whole: measured again by their widest words
        least = max([L.least(heads[1].lines), *(L.least(r.figures.lines) for r in rows)])
        if wide and width - fixed - least >= _WIDE_NAME:
            return cls(width, False, least, scores, state, False)
        return cls(width, True, whole if room >= whole else least, scores, state, room < least)

    def table(self, name_header: str, rows: Iterable[Cells], indent: str) -> list[Line]:
        return [*self.head(name_header, indent), *self.rows(rows, indent)]

    def head(self, name_header: str, indent: str) -> list[Line]:
        """A table's column headers and its rule."""
        width = self.width - len(indent)
        heads = _headers()
        if self.compact:
            lines = L.indented(L.wrap(L.words(name_header, "bold", gap=""), width), indent)
            if not self.flow:
                head = [self._cell(c.lines, w, "bold") for c, w in
                        zip(heads[1:], self._widths()[1:], strict=True)]
                lines += L.indented(L.columns(head, self._widths()[1:], _GAP, bottom=True),
                                    indent + _DETAIL)
        else:
            name = self._name(width)
            head = [self._cell([L.words(name_header, gap="")], name, "bold"),
                    *(self._cell(c.lines, w, "bold") for c, w in
                      zip(heads[1:], self._widths()[1:], strict=True))]
            lines = L.indented(L.columns(head, (name, *self._widths()[1:]), _GAP, bottom=True),
                               indent)
        return [*lines, [(indent, ""), ("─" * width, "")]]

    def rows(self, rows: Iterable[Cells], indent: str) -> list[Line]:
        width = self.width - len(indent)
        out: list[Line] = []
        if self.compact:
            for row in rows:
                out += L.indented(self._compact(row, width), indent)
            return out
        widths = (self._name(width), *self._widths()[1:])
        for row in rows:
            if row.dim:
                out += L.indented([L.styled(line, "dim") for line in L.set_cells(
                    [row.name, row.figures, row.scores, row.state], widths, _GAP)], indent)
            else:
                out += L.set_cells([row.name, row.figures, row.scores, row.state], widths, _GAP,
                                   indent)
        return out

    def _name(self, width: int) -> int:
        """The name column's width, in the wide layout."""
        return width - self.figures - self.scores - self.state - 3 * len(_GAP)

    def _widths(self) -> tuple[int, int, int, int]:
        return (0, self.figures, self.scores, self.state)

    def _cell(self, lines: Sequence[Sequence[Unit]], width: int, style: str = "") -> list[Line]:
        out: list[Line] = []
        for line in lines:
            wrapped = L.wrap(line, width)
            out += [L.styled(w, style) for w in wrapped] if style else wrapped
        return out

    def _compact(self, row: Cells, width: int) -> list[Line]:
        """The name on its line, the figures under it."""
        lines = L.wrap(row.name.lines[0], width)
        detail = width - len(_DETAIL)
        if self.flow:
            for column in (row.figures, row.scores, row.state):
                units = [u._replace(gap="   ") if i and not j else u
                         for i, line in enumerate(column.lines) for j, u in enumerate(line)]
                if units:
                    lines += L.wrap(units, detail, indent=_DETAIL, hang=_DETAIL)
        else:
            lines += L.set_cells([row.figures, row.scores, row.state], self._widths()[1:], _GAP,
                                 _DETAIL)
        return [L.styled(line, "dim") for line in lines] if row.dim else lines


def _headers() -> tuple[L.Cell, ...]:
    """The header cells of the four columns."""
    return (L.cell([]),
            L.cell([L.words(words.word("value"), gap=""), L.words(words.word("plan_short"),
                                                                   gap="")]),
            L.cell([L.words(words.word("score"), gap=""), L.words(words.word("expected"),
                                                                   gap="")]),
            L.cell([L.words(words.word("status"), gap="")]))
