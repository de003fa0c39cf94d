"""Excel workbooks to rows: each worksheet becomes tab-joined text with its cells' numbers.

A worksheet becomes a SourceFile of its own, `book.xlsx:Sheet1`, whose text is the sheet's
rows joined by tabs with row n on line n: the caret frame then shows the row as it is in
Excel, and messages name the cell (`C5`). openpyxl is imported only when a workbook is
actually read, since it costs more start-up time than the rest of dxplan.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterator, Sequence
from typing import Any, NamedTuple, TypeGuard

from dxplan.data.text import Row
from dxplan.source import Diagnostic, SourceFile, Span, warning

# A sheet's cells: rows of (text, number of a numeric cell).
Grid = list[list[tuple[str, float | None]]]


class SheetCells(NamedTuple):
    """A worksheet as it is read and cached."""

    title: str
    grid: Grid
    # (row, column), 1-based, of formula cells without a saved value: a workbook written by
    # a program and never opened in Excel has formulas but none of their results
    unsaved: tuple[tuple[int, int], ...] = ()


# Characters in a cell that would split its row over two lines of the tab-joined text, and
# so put every later caret one row off, or (a tab) one cell off.
_FLATTEN = {ord(ch): " " for ch in "\t\n\r"}


class Sheet(SourceFile):
    """A worksheet as tab-joined text; its type is how a span knows to name a cell ref."""

    __slots__ = ()


def is_workbook(value: object) -> TypeGuard[list[SheetCells]]:
    """Whether a cache entry is what `read_workbook` returns (else it is read again)."""
    return isinstance(value, list) and all(isinstance(s, SheetCells) for s in value)


def read_workbook(raw: bytes) -> list[SheetCells]:
    """Every sheet's title and cells; raises whatever openpyxl raises on a damaged file.

    Excel saves each formula's result beside it, and that result is the figure: dxplan
    does not compute formulas. A cell with a formula and no saved result reads as blank,
    and is listed in `unsaved`, found by a second reading of the formulas themselves, made
    only when some cell could be one (a cell present in the file, blank, and a formula
    somewhere in the workbook).
    """
    sheets: list[SheetCells] = []
    candidates: list[set[tuple[int, int]]] = []
    for sheet in _sheets(raw, data_only=True):
        grid, blank = _sheet_grid(sheet)
        sheets.append(SheetCells(sheet.title, grid))
        candidates.append(blank)
    if not any(candidates) or not _has_formulas(raw):
        return sheets
    for index, sheet in enumerate(_sheets(raw, data_only=False)):
        if index < len(sheets) and candidates[index]:
            unsaved = tuple(sorted(_formula_cells(sheet) & candidates[index]))
            sheets[index] = sheets[index]._replace(unsaved=unsaved)
    return sheets


def _sheets(raw: bytes, *, data_only: bool) -> Iterator[Any]:
    import io

    import openpyxl

    with warnings.catch_warnings():
        # openpyxl warns about styles and extensions it skips; the core never prints
        warnings.simplefilter("ignore")
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=data_only)
        try:
            for sheet in book.worksheets:
                # read-only sheets trust the size stored in the file, which some writers get
                # wrong and which would silently cut columns off; resetting it makes
                # openpyxl read every cell
                reset = getattr(sheet, "reset_dimensions", None)
                if reset is not None:
                    reset()
                yield sheet
        finally:
            book.close()


def _sheet_grid(sheet: Any) -> tuple[Grid, set[tuple[int, int]]]:
    """The cells, and where a cell present in the file is blank (maybe a formula's)."""
    from openpyxl.cell.read_only import EmptyCell

    grid: Grid = []
    blank: set[tuple[int, int]] = set()
    for r, row in enumerate(sheet.iter_rows(min_row=1), start=1):
        cells = []
        for c, cell in enumerate(row, start=1):
            if cell.value is None and not isinstance(cell, EmptyCell):
                blank.add((r, c))
            cells.append(excel_value(cell.value, getattr(cell, "number_format", None)))
        grid.append(cells)
    return grid, blank


def _has_formulas(raw: bytes) -> bool:
    """Whether any worksheet of the workbook holds a formula (an <f> element)."""
    import io
    import re
    import zipfile

    with zipfile.ZipFile(io.BytesIO(raw)) as book:
        parts = [n for n in book.namelist() if n.startswith("xl/worksheets/")]
        return any(re.search(rb"<(?:\w+:)?f[ />]", book.read(n)) for n in parts)


def _formula_cells(sheet: Any) -> set[tuple[int, int]]:
    return {(r, c) for r, row in enumerate(sheet.iter_rows(min_row=1), start=1)
            for c, cell in enumerate(row, start=1) if getattr(cell, "data_type", "") == "f"}


def unsaved_formulas(sheet: SheetCells, rows: Sequence[Row]) -> list[Diagnostic]:
    """A warning at the first of a loaded sheet's formula cells without a saved result,
    naming them all (the first eight runs of them)."""
    if not sheet.unsaved:
        return []
    row, column = sheet.unsaved[0]
    runs = _runs(sheet.unsaved)
    cells = ", ".join(runs[:8]) + (f" and {len(runs) - 8} more" if len(runs) > 8 else "")
    message = (f"{cells} of sheet '{sheet.title}' hold formulas with no saved result, so "
               "they are read as blank")
    hint = ("open and save the workbook in Excel, which saves each formula's result: dxplan "
            "reads the results, it does not compute formulas")
    return [warning("unsaved-formula", message, rows[row - 1].span(column - 1), hint)]


def _runs(cells: Sequence[tuple[int, int]]) -> list[str]:
    """(row, column) cells by column, each run of rows as one range: C2:C5, E7."""
    runs: list[tuple[int, int, int]] = []  # column, first row, last row
    for column, row in sorted((c, r) for r, c in cells):
        if runs and runs[-1][0] == column and runs[-1][2] == row - 1:
            runs[-1] = (column, runs[-1][1], row)
        else:
            runs.append((column, row, row))
    return [f"{column_letters(c)}{first}" + (f":{column_letters(c)}{last}" if last > first
                                            else "") for c, first, last in runs]


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
    return f" (cell {column_letters(index)}{span.line})"


def column_letters(index: int) -> str:
    """A 1-based column number as Excel names it: 1 -> A, 27 -> AA."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters
