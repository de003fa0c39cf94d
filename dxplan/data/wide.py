"""The rows of a wide table: series down the rows, fiscal years across the columns.

This is how Japanese statistics arrive (指標 | 令和4年度 | 令和5年度 …). Each filled cell
under a year becomes one observation, exactly the one the long row `series,year,value`
would give; a blank cell is no figure at all (write `-` or `x` for a year whose figure is
missing or withheld, as in a long table). The note and source cells of a row, and its
municipality, belong to every figure of that row.
"""

from __future__ import annotations

from dxplan.data.cells import Missing, read_value, value_hint
from dxplan.data.records import Observation
from dxplan.data.table import Layout
from dxplan.data.text import Row
from dxplan.data.xlsx import cell_ref
from dxplan.source import Diagnostic, error

# an observation and the column of the cell it was read from
Found = list[tuple[Observation, int]]


def wide_row(layout: Layout, row: Row) -> tuple[Found, list[Diagnostic]]:
    """The observations of one row under a wide header, and what could not be read."""
    count = _width(row, layout.width)
    if isinstance(count, Diagnostic):
        return [], [count]
    columns = layout.columns

    def cell(name: str) -> str | None:
        index = columns.get(name)
        if index is None or index >= count:
            return None
        return row.texts[index].strip() or None

    series = cell("series")
    entity, note, source = cell("municipality"), cell("note"), cell("source")
    found: Found = []
    problems: list[Diagnostic] = []
    for index, year in layout.years:
        if index >= count or row.cell_blank(index):
            continue
        span = row.span(index)
        value = row.number(index)
        reason: str | None = None
        if value is None:
            text = row.texts[index]
            parsed = read_value(text)
            if parsed is None:
                shown = text.strip()
                message = f"cannot read '{shown}' as a value{cell_ref(span)}"
                problems.append(error("bad-value", message, span, value_hint(shown)))
                continue
            if isinstance(parsed, Missing):
                reason = parsed.reason
            else:
                value = parsed
        found.append((Observation(series or "", year.year, value, reason, note, span,
                                  written=year, source=source, entity=entity), index))
    if found and series is None:
        span = row.span(columns["series"])
        message = f"row has figures but no series name{cell_ref(span)}"
        hint = "name the data series, as the plan's indicators and formulas do"
        return [], [error("bad-row", message, span, hint), *problems]
    return found, problems


def _width(row: Row, width: int) -> int | Diagnostic:
    """How many cells of the row to read: fewer than the header is fine (the rest are
    blank), more only when the extra cells are empty."""
    count = len(row.texts)
    while count > width and row.cell_blank(count - 1):
        count -= 1
    if count > width:
        extra = row.span(width)
        message = f"row has {count} cells but the header has {width}{cell_ref(extra)}"
        hint = ('give the column a header (a fiscal year, note or source), or quote a cell '
                'that contains the separator, e.g. "1,234"')
        return error("bad-row", message, extra, hint)
    return count
