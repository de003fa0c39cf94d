"""Excel workbooks to rows: each worksheet becomes tab-joined text with its cells' numbers.

A worksheet becomes a SourceFile of its own, `book.xlsx:Sheet1`, whose text is the sheet's
rows joined by tabs with row n on line n: the caret frame then shows the row as it is in
Excel, and messages name the cell (`C5`). openpyxl is imported only when a workbook is
actually read, since it costs more start-up time than the rest of dxplan.
"""

from __future__ import annotations

import math
import warnings
from typing import Any

from dxplan.data.text import Row
from dxplan.source import SourceFile, Span

# A sheet as it is cached: (title, rows of (text, number of a numeric cell)).
Grid = list[list[tuple[str, float | None]]]

# Characters in a cell that would split its row over two lines of the tab-joined text, and
# so put every later caret one row off, or (a tab) one cell off.
_FLATTEN = {ord(ch): " " for ch in "\t\n\r"}


class Sheet(SourceFile):
    """A worksheet as tab-joined text; its type is how a span knows to name a cell ref."""

    __slots__ = ()


def read_workbook(raw: bytes) -> list[tuple[str, Grid]]:
    """Every sheet's title and cells; raises whatever openpyxl raises on a damaged file."""
    import io

    import openpyxl

    with warnings.catch_warnings():
        # openpyxl warns about styles and extensions it skips; the core never prints
        warnings.simplefilter("ignore")
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        try:
            return [(sheet.title, _sheet_grid(sheet)) for sheet in book.worksheets]
        finally:
            book.close()


def _sheet_grid(sheet: Any) -> Grid:
    # read-only sheets trust the size stored in the file, which some writers get wrong and
    # which would silently cut columns off; resetting it makes openpyxl read every cell
    reset = getattr(sheet, "reset_dimensions", None)
    if reset is not None:
        reset()
    rows = sheet.iter_rows(min_row=1)
    return [
        [excel_value(cell.value, getattr(cell, "number_format", None)) for cell in row]
        for row in rows
    ]


def excel_value(value: object, number_format: str | None) -> tuple[str, float | None]:
    """A cell's text (as the caret frame shows it) and, for a numeric cell, its number."""
    if value is None:
        return "", None
    if isinstance(value, bool):
        return str(value).upper(), None
    if isinstance(value, int | float) and math.isfinite(value):
        number = float(value)
        if number_format and "%" in number_format:
            from decimal import Decimal

            # Excel stores 30% as 0.3, but the officer typed (and a CSV would hold) 30;
            # Decimal keeps 0.3 * 100 from becoming 30.000000000000004
            number = float(Decimal(repr(value)) * 100)
            return number_text(number) + "%", number
        return number_text(number), number
    return str(value), None


def number_text(number: float) -> str:
    """A figure as a sheet shows it: whole numbers without '.0'."""
    return str(int(number)) if number.is_integer() and abs(number) < 1e15 else repr(number)


def sheet_table(path: str, grid: Grid) -> tuple[Sheet, list[Row]]:
    # every non-empty row is padded to the sheet's width, so a blank trailing cell still
    # has a place (and a cell ref) in the text
    width = max((len(row) for row in grid), default=0)
    padded = [row + [("", None)] * (width - len(row)) if row else [("", None)] for row in grid]
    lines = ["\t".join(text.translate(_FLATTEN) for text, _ in row) for row in padded]
    source = Sheet(path, "\n".join(lines))
    # _FLATTEN swaps whitespace for a space one for one, so the cells' texts have the
    # lengths and the surrounding spaces of what the line shows: Row can place them
    rows = [
        Row(source, number, [text for text, _ in row], [value for _, value in row])
        for number, row in enumerate(padded)
    ]
    return source, rows


def cell_ref(span: Span) -> str:
    """' (cell C5)' for a worksheet cell; a text file's line:col already says where."""
    if not isinstance(span.source, Sheet):
        return ""
    index = span.source.line(span.line)[: span.column - 1].count("\t") + 1
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return f" (cell {letters}{span.line})"
