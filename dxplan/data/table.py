"""A data table's shape: the header row says which records it holds, and in which columns.

Four shapes are accepted, told apart by the first non-blank row:

- **long** observations: `series,year,value` and any of `note`, `source`, `municipality`,
  in any order (`series,municipality,year,value` is the usual per-municipality one);
- roadmap **progress**: `project,period,status[,note]`;
- **wide** observations: a `series` column and fiscal years across (`2024`, `FY2024`,
  `令和6年度`, `R6`, `2024年`), optionally `municipality`, `note` and `source` columns;
- a worksheet named after its **series**: `year,value`, then any of `note`, `source`.

Observation headers may be written in Japanese as well (指標, 年度, 値, 備考, 出典, 市町村 …:
`WORDS`). A header or row that departs from them is a Diagnostic at the cell that does.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

import attrs

from dxplan.data.text import Row
from dxplan.data.xlsx import cell_ref
from dxplan.japanese import Year, parse_year, read_year
from dxplan.record import Record
from dxplan.source import Diagnostic, closest, did_you_mean, error

# each column's words; the first is the one messages use
WORDS: Final[Mapping[str, tuple[str, ...]]] = {
    "series": ("series", "指標", "系列"),
    "year": ("year", "年度"),
    "value": ("value", "値"),
    "note": ("note", "備考", "注記"),
    "source": ("source", "出典"),
    "municipality": ("municipality", "市町村", "団体コード", "code"),
}
_CANONICAL: Final = {word: name for name, words in WORDS.items() for word in words}

LONG_COLUMNS: Final = ("series", "year", "value")
SHEET_COLUMNS: Final = ("year", "value")
OPTIONAL_COLUMNS: Final = ("note", "source", "municipality")
OBSERVATION_COLUMNS: Final = LONG_COLUMNS + OPTIONAL_COLUMNS
PROGRESS_COLUMNS: Final = ("project", "period", "status", "note")
# the label columns a wide table may have beside its years
WIDE_COLUMNS: Final = ("series", "municipality", "note", "source")

HEADER_HINT: Final = (
    "the first row must be series,year,value[,note] (observations; optional columns note, "
    "source, municipality), project,period,status[,note] (roadmap progress), or a series "
    "column and fiscal years across, e.g. 指標,令和5年度,令和6年度 (a wide table)"
)
WIDE_HINT: Final = (
    "a wide table has a series column (series, 指標 or 系列), years across (2024, FY2024, "
    "令和6年度, R6, 2024年) and optionally municipality (市町村, 団体コード, code), "
    "note (備考) and source (出典) columns"
)


@attrs.frozen(repr=False)
class Layout(Record):
    """Which records a table holds and where each column is.

    `kind` is observations, progress, wide or sheet (a worksheet of one series, named
    after it); `columns` maps each named column to its index; `years` gives a wide
    table's year columns as (index, the year as its header writes it).
    """

    kind: str
    width: int
    columns: Mapping[str, int]
    years: tuple[tuple[int, Year], ...] = ()


def header_names(row: Row) -> list[str]:
    names = [text.replace("\ufeff", "").strip().lower() for text in row.texts]
    while names and not names[-1]:
        names.pop()
    return names


def read_header(row: Row, sheet: str | None = None) -> Layout | Diagnostic:
    """The layout the header `row` gives, or why it gives none. `sheet` is the worksheet's
    title, when the table is one: a `year,value` sheet is named after its series."""
    names = header_names(row)
    words = [_CANONICAL.get(name, name) for name in names]
    if tuple(words[:3]) == LONG_COLUMNS:
        return _with_optional(row, names, words, "observations", 3, OPTIONAL_COLUMNS)
    if set(LONG_COLUMNS) <= set(words):  # the same columns in another order
        return _any_order(row, names, words)
    if tuple(words[:3]) == PROGRESS_COLUMNS[:3]:
        return _with_optional(row, names, words, "progress", 3, PROGRESS_COLUMNS[3:])
    if tuple(words[:2]) == SHEET_COLUMNS:
        if sheet is None:
            span = row.span(0)
            return error("bad-header", "a year,value table has no series column", span,
                         "add a series column (series,year,value), or keep the table on a "
                         "worksheet named after its series")
        return _with_optional(row, names, words, "sheet", 2, ("note", "source"))
    years = [None if word in WORDS else read_year(text) for text, word in
             zip(row.texts, words, strict=False)]
    if any(year is not None for year in years):
        return _wide(row, names, words, years)
    return bad_header(row, names)


def looks_like_header(names: list[str]) -> bool:
    """Whether a worksheet's first row was meant as a data header (and is reported when it
    is not a sound one) rather than the title of a sheet of notes."""
    known = {*_CANONICAL, *PROGRESS_COLUMNS}
    return any(name and (name in known or did_you_mean(name, known) is not None
                         or parse_year(name) is not None) for name in names)


def _with_optional(row: Row, names: list[str], words: list[str], kind: str, fixed: int,
                   optional: tuple[str, ...]) -> Layout | Diagnostic:
    columns = {word: index for index, word in enumerate(words[:fixed])}
    for index in range(fixed, len(words)):
        word = words[index]
        if word in optional and word not in columns:
            columns[word] = index
            continue
        span = row.span(index)
        shown = row.texts[index].replace("\ufeff", "").strip()
        if word in columns:
            message = f"header column '{shown}' is given twice"
            hint = f"keep one '{word}' column"
        else:
            message = ("header cell is empty" if not shown
                       else f"unexpected header column '{shown}' after '{words[fixed - 1]}'")
            guess = did_you_mean(names[index], optional) if shown else None
            allowed = ", ".join(optional)
            hint = f"{guess} " if guess else ""
            hint += f"columns after '{words[fixed - 1]}' may be {allowed}, each once"
        return error("bad-header", message + cell_ref(span), span, hint)
    return Layout(kind, len(words), columns)


def _any_order(row: Row, names: list[str], words: list[str]) -> Layout | Diagnostic:
    """A long table whose columns come in another order (series,municipality,year,value)."""
    columns: dict[str, int] = {}
    for index, word in enumerate(words):
        if word in OBSERVATION_COLUMNS and word not in columns:
            columns[word] = index
            continue
        span = row.span(index)
        shown = row.texts[index].replace("\ufeff", "").strip()
        if word in columns:
            message, hint = f"header column '{shown}' is given twice", f"keep one '{word}' column"
        else:
            message = "header cell is empty" if not shown else \
                f"unexpected header column '{shown}'"
            guess = did_you_mean(names[index], OBSERVATION_COLUMNS) if shown else None
            hint = (f"{guess} " if guess else "") + \
                f"a long table's columns are {', '.join(OBSERVATION_COLUMNS)}, each once"
        return error("bad-header", message + cell_ref(span), span, hint)
    return Layout("observations", len(words), columns)


def _wide(row: Row, names: list[str], words: list[str], written: list[Year | None]
          ) -> Layout | Diagnostic:
    columns: dict[str, int] = {}
    year_columns: dict[int, int] = {}  # year -> its column
    for index, (word, form) in enumerate(zip(words, written, strict=False)):
        year = form.year if form is not None else None
        span = row.span(index)
        shown = row.texts[index].replace("\ufeff", "").strip()
        if year is not None and year in year_columns:
            first = row.texts[year_columns[year]].strip()
            message = f"fiscal {year} has two columns: '{first}' and '{shown}'"
            return error("bad-header", message + cell_ref(span), span,
                         "keep one column for each fiscal year")
        if year is not None:
            year_columns[year] = index
        elif word in WIDE_COLUMNS and word in columns:
            message = f"header column '{shown}' is a second {word} column"
            hint = ("give a wide table one municipality column; keep the other (a name "
                    "beside a code) as a note" if word == "municipality"
                    else f"keep one {word} column")
            return error("bad-header", message + cell_ref(span), span, hint)
        elif word in WIDE_COLUMNS:
            columns[word] = index
        else:
            message = ("header cell is empty" if not shown else
                       f"header column '{shown}' is neither a fiscal year nor a column of a "
                       "wide table")
            guess = did_you_mean(names[index], [*_CANONICAL]) if shown else None
            return error("bad-header", message + cell_ref(span), span,
                         f"{guess} {WIDE_HINT}" if guess else WIDE_HINT)
    if "series" not in columns:
        span = row.span(0)
        return error("bad-header", "a table with years across has no series column"
                     + cell_ref(span), span, WIDE_HINT)
    forms = {index: form for index, form in enumerate(written) if form is not None}
    order = tuple(sorted((index, forms[index]) for index in year_columns.values()))
    return Layout("wide", len(words), columns, order)


def bad_header(row: Row, names: list[str]) -> Diagnostic:
    """Point at the first cell that departs from whichever accepted header it is closer to."""
    words = [_CANONICAL.get(name, name) for name in names]
    columns = max((OBSERVATION_COLUMNS, PROGRESS_COLUMNS),
                  key=lambda cols: sum(a == b for a, b in zip(words, cols, strict=False)))
    index = next((i for i, word in enumerate(words) if i >= 3 or word != columns[i]),
                 len(words))
    if index >= len(words):
        # no cell ref: past the row's end, a sheet's tab-joined text cannot name the cell
        message = f"header ends before its '{columns[index]}' column"
        return error("bad-header", message, row.end(), HEADER_HINT)
    span = row.span(index)
    shown = row.texts[index].replace("\ufeff", "").strip()
    message = f"header column '{shown}' should be '{columns[index]}'"
    # the column this cell was meant as: when that is another one ('yaer' where 'series'
    # belongs), the columns are out of order, and "did you mean 'year'?" would contradict
    # the message
    meant = words[index] if words[index] in columns[:3] else \
        closest(names[index], columns[:3]) if names[index] else None
    if meant is None:
        hint = HEADER_HINT
    elif meant == columns[index]:
        hint = f"did you mean '{meant}'? {HEADER_HINT}"
    else:
        order, nth = ",".join(columns[:3]), _NTH[columns.index(meant)]
        hint = f"the columns come in the order {order}: " + (
            f"'{shown}' is the {nth} column" if shown.lower() == meant
            else f"'{shown}' reads as '{meant}', the {nth} column")
    return error("bad-header", message + cell_ref(span), span, hint)


_NTH: Final = ("first", "second", "third")


def fit(row: Row, layout: Layout, columns: tuple[str, ...]) -> int | Diagnostic:
    """How many of a row's cells to read under the header of `layout`, or why none.
    `columns`: the names of the cells every row needs."""
    width = layout.width
    count = len(row.texts)
    # trailing empty cells are what Excel's CSV export leaves after a stray column
    while count > width and row.cell_blank(count - 1):
        count -= 1
    if count > width:
        extra = row.span(width)
        if width == len(columns) and count == width + 1:
            hint = "add a 'note' column to the header to keep notes"
        else:
            hint = 'quote a cell that contains the separator, e.g. "1,234"'
        message = f"row has {count} cells but the header has {width}{cell_ref(extra)}"
        return error("bad-row", message, extra, hint)
    missing = sorted((layout.columns[c], c) for c in columns if layout.columns[c] >= count)
    if missing:
        message = f"row ends before its '{missing[0][1]}' cell"
        hint = f"every row needs {','.join(columns)}; leave a cell empty for no figure"
        return error("bad-row", message, row.end(), hint)
    return count
