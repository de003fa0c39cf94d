"""Sheets of cells to the bytes of an .xlsx workbook: styles, column widths, frozen headers.

`xlsx.py` says what each sheet holds as plain `Sheet` records; this module only lays them
out with openpyxl (imported here, lazily: only a run that writes a workbook pays for it).
The bytes depend on the sheets and the date alone: the document's created and modified
times and every zip entry's time are set to that date, so the same input gives the same
file (a test holds it).
"""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Sequence
from typing import Any, Final

import attrs

from dxplan.record import Record
from dxplan.render.numbers import number
from dxplan.source import display_width

# the rows above each sheet's table: its title, the date line, the illustrative banner
HEADER_ROW: Final = 4
_MAX_WIDTH: Final = 48  # a wider column wraps its text instead
_LINE_HEIGHT: Final = 15.0  # points: one line of the default 11 pt font
_BORDER: Final = "C9D1DB"
_HEAD_FILL: Final = "EEF2F7"
_BANNER: Final = ("5C0B0D", "FDE2E2")


@attrs.frozen(repr=False)
class Cell(Record):
    """One cell: a number (with its Excel number format) or a text, and its colours."""

    value: float | int | str | None
    format: str | None = None  # an Excel number format, for a number
    colours: tuple[str, str] | None = None  # (text, fill) as '#rrggbb'
    wrap: bool = False

    @property
    def shown(self) -> str:
        """The text a reader sees, near enough to size the column by."""
        if isinstance(self.value, float | int) and not isinstance(self.value, bool):
            suffix = self.format.rsplit('"', 2)[1] if self.format and '"' in self.format \
                else ""
            return number(float(self.value), places=4) + suffix
        return "" if self.value is None else str(self.value)


@attrs.frozen(repr=False)
class Sheet(Record):
    title: str  # the sheet's tab
    heading: str  # row 1
    header: tuple[str, ...]  # row HEADER_ROW
    rows: tuple[tuple[Cell, ...], ...]
    frozen_columns: int = 1  # the leading columns kept in view when scrolling right


def workbook_bytes(sheets: Sequence[Sheet], *, written: datetime.date, dated: str,
                   banner: str | None, title: str) -> bytes:
    """The workbook: every sheet with its heading, `dated` (row 2), `banner` (row 3, when
    the figures are illustrative) and its table; the document dated `written`."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for sheet in sheets:
        _write_sheet(book.create_sheet(sheet.title), sheet, dated, banner)
    stamp = datetime.datetime(written.year, written.month, written.day)
    book.properties.title = title
    book.properties.creator = "dxplan"
    book.properties.created = book.properties.modified = stamp
    return _save(book, stamp)


def _write_sheet(ws: Any, sheet: Sheet, dated: str, banner: str | None) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    ws.cell(1, 1, sheet.heading).font = Font(bold=True, size=14)
    ws.cell(2, 1, dated)
    if banner:
        cell = ws.cell(3, 1, banner)
        cell.font = Font(bold=True, color=_BANNER[0])
        cell.fill = PatternFill("solid", fgColor=_BANNER[1])
    line = Side(style="thin", color=_BORDER)
    border = Border(left=line, right=line, top=line, bottom=line)
    for column, text in enumerate(sheet.header, start=1):
        cell = ws.cell(HEADER_ROW, column, text)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=_HEAD_FILL)
        cell.border = border
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    widths = [display_width(text) for text in sheet.header]
    for row_index, row in enumerate(sheet.rows, start=HEADER_ROW + 1):
        for column, item in enumerate(row, start=1):
            cell = ws.cell(row_index, column, item.value)
            cell.border = border
            cell.alignment = Alignment(vertical="top", wrap_text=item.wrap)
            if item.format is not None:
                cell.number_format = item.format
            if item.colours is not None:
                text, fill = (c.lstrip("#").upper() for c in item.colours)
                cell.font = Font(color=text, bold=True)
                cell.fill = PatternFill("solid", fgColor=fill)
            shown = max((display_width(part) for part in item.shown.split("\n")), default=0)
            widths[column - 1] = max(widths[column - 1], shown)
    widths = [min(width + 2, _MAX_WIDTH) for width in widths]
    for column, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(column)].width = width
    # not every program fits a row to its wrapped text when it opens the file: say how
    # tall each row is, from the lines its cells wrap to at their column's width
    for row_index, row in enumerate(sheet.rows, start=HEADER_ROW + 1):
        lines = max((_lines(item.shown, widths[column]) for column, item in enumerate(row)
                     if item.wrap), default=1)
        if lines > 1:
            ws.row_dimensions[row_index].height = lines * _LINE_HEIGHT
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, sheet.frozen_columns + 1)
    if sheet.rows:
        last = get_column_letter(len(sheet.header))
        ws.auto_filter.ref = f"A{HEADER_ROW}:{last}{HEADER_ROW + len(sheet.rows)}"


def _lines(text: str, width: float) -> int:
    """How many lines `text` takes in a column `width` characters wide."""
    room = max(int(width) - 2, 1)
    return sum(max(-(-display_width(part) // room), 1) for part in text.split("\n"))


class _DatedZip(zipfile.ZipFile):
    """A zip archive whose every entry carries one fixed time instead of the clock's."""

    stamp: tuple[int, int, int, int, int, int] = (1980, 1, 1, 0, 0, 0)

    def writestr(self, zinfo_or_arcname: str | zipfile.ZipInfo, data: Any,
                 compress_type: int | None = None, compresslevel: int | None = None) -> None:
        if isinstance(zinfo_or_arcname, str):
            zinfo_or_arcname = zipfile.ZipInfo(zinfo_or_arcname, date_time=self.stamp)
            zinfo_or_arcname.compress_type = zipfile.ZIP_DEFLATED
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename: Any, arcname: Any = None, compress_type: int | None = None,
              compresslevel: int | None = None) -> None:
        # openpyxl writes each worksheet through a temporary file, whose time and mode
        # would otherwise go into the archive
        with open(filename, "rb") as handle:
            self.writestr(str(arcname or filename), handle.read())


def _save(book: Any, stamp: datetime.datetime) -> bytes:
    # openpyxl's own save stamps the document and each zip entry with the clock's time;
    # its writer on an archive of our own keeps the date given
    from openpyxl.writer.excel import ExcelWriter

    buffer = io.BytesIO()
    archive = _DatedZip(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    archive.stamp = (max(stamp.year, 1980), stamp.month, stamp.day, 0, 0, 0)
    ExcelWriter(book, archive).save()
    return buffer.getvalue()
