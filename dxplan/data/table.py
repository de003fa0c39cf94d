"""A data table's shape: the header row that says which records it holds, and rows that fit.

Two kinds of table are accepted, told apart by their first non-blank row:
`series,year,value[,note]` (observations) and `project,period,status[,note]` (roadmap
progress). A header or row that departs from them is a Diagnostic at the cell that does.
"""

from __future__ import annotations

from dxplan.data.text import Row
from dxplan.data.xlsx import cell_ref
from dxplan.source import Diagnostic, did_you_mean, error

OBSERVATION_COLUMNS = ("series", "year", "value", "note")
PROGRESS_COLUMNS = ("project", "period", "status", "note")

KINDS = {"observations": OBSERVATION_COLUMNS, "progress": PROGRESS_COLUMNS}
HEADER_HINT = (
    "the first row must be series,year,value[,note] (observations) "
    "or project,period,status[,note] (roadmap progress)"
)


def header_names(row: Row) -> list[str]:
    names = [text.replace("\ufeff", "").strip().lower() for text in row.texts]
    while names and not names[-1]:
        names.pop()
    return names


def match_header(names: list[str]) -> tuple[str, int] | None:
    """The kind of table and its width (3 or 4 columns), if `names` is an accepted header."""
    for kind, columns in KINDS.items():
        if tuple(names) in (columns[:3], columns):
            return kind, len(names)
    return None


def near_header_word(name: str) -> bool:
    return bool(name) and did_you_mean(name, {*OBSERVATION_COLUMNS, *PROGRESS_COLUMNS}) is not None


def bad_header(row: Row, names: list[str]) -> Diagnostic:
    """Point at the first cell that departs from whichever accepted header it is closer to."""
    columns = max(
        KINDS.values(), key=lambda cols: sum(a == b for a, b in zip(names, cols, strict=False))
    )
    index = next((i for i, name in enumerate(names) if i >= 4 or name != columns[i]), len(names))
    if index >= len(names):
        # no cell ref: past the row's end, a sheet's tab-joined text cannot name the cell
        message = f"header ends before its '{columns[index]}' column"
        return error("bad-header", message, row.end(), HEADER_HINT)
    span = row.span(index)
    shown = row.texts[index].replace("\ufeff", "").strip()
    guess = None
    if index >= len(columns):
        message = f"unexpected header column '{shown}' after '{columns[-1]}'"
    else:
        message = f"header column '{shown}' should be '{columns[index]}'"
        guess = did_you_mean(names[index], columns) if names[index] else None
    hint = f"{guess} {HEADER_HINT}" if guess else HEADER_HINT
    return error("bad-header", message + cell_ref(span), span, hint)


def fit(row: Row, width: int, columns: tuple[str, ...]) -> int | Diagnostic:
    """How many of a row's cells to read under a header `width` cells wide, or why none."""
    count = len(row.texts)
    # trailing empty cells are what Excel's CSV export leaves after a stray column
    while count > width and row.cell_blank(count - 1):
        count -= 1
    if count > width:
        extra = row.span(width)
        if width == 3 and count == 4:
            hint = "add a 'note' column to the header to keep notes"
        else:
            hint = 'quote a cell that contains the separator, e.g. "1,234"'
        message = f"row has {count} cells but the header has {width}{cell_ref(extra)}"
        return error("bad-row", message, extra, hint)
    if count < 3:
        message = f"row ends before its '{columns[count]}' cell"
        hint = f"every row needs {','.join(columns[:3])}; leave a cell empty for no figure"
        return error("bad-row", message, row.end(), hint)
    return count
