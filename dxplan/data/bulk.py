"""The fast path for long tables: `series,municipality,year,value` rows read straight into
`EntityFigures`, `series,year,value` rows (the whole area's) into `AreaFigures`, with no
record, row object or span made for a row that reads cleanly.

A national data set has 1.7 million per-municipality rows; a large plan 100,000 of the
whole area's. Each line that splits into exactly the
header's cells, has a series (and an entity), a plain year (2024) and a plain number, and
is not a repeat (nor, for the whole area, a figure an earlier file's careful row
gave), is stored as it is read. Every other line (a note, a `-` for no figure,
an era year, a percent sign, a short or long row, a repeat) is handed back as a `Row` to
the careful reader, which reads it exactly as it reads any row and reports what is wrong
at the cell. A file with any quote character is read entirely the careful way only when a
quoted cell runs over several lines (a line with an odd number of quotes); a line whose
quoted cells close on it ("1,234", or every cell quoted as some systems export) is split
by the quote-aware reader and then read as quickly as any other.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping

from dxplan.data.cells import PLAIN_NUMBER
from dxplan.data.records import AreaFigures, EntityFigures, pack_row
from dxplan.data.table import Layout, read_header
from dxplan.data.text import Row, delimiter_of, quoted_row
from dxplan.japanese import YearKind, read_year
from dxplan.source import Diagnostic, SourceFile

# the distinct value cells remembered: enough for the figures a table repeats, few enough
# that a table of distinct figures does not pay to remember each
_REMEMBERED = 4096


def read_bulk(path: str, source: SourceFile, figures: EntityFigures,
              area: AreaFigures | None, file: int, taken: Mapping[str, Collection[int]]
              ) -> tuple[Layout, list[Row]] | None:
    """Store the clean rows of a long table: a per-entity one's in `figures`, a whole-area
    one's in `area` (None: such a table is not read in bulk) as the `file`th file of the
    load; return its layout and the rows left for the careful reader, or None when the
    file is not such a table. `taken`: the years of each series that careful rows of
    earlier files gave for the whole area (a repeat of one is the careful reader's)."""
    lines = source.lines
    quoting = '"' in source.text
    # a cell over several lines leaves an odd number of quotes on its first line: then the
    # rows are not the lines, and the careful reader reads the whole file
    if quoting and any(line.count('"') % 2 for line in lines if '"' in line):
        return None
    delimiter = delimiter_of(path, lines)
    start = next((i for i, line in enumerate(lines) if line.strip()), None)
    if start is None:
        return None
    head = quoted_row(source, lines, start, delimiter) if quoting else None
    layout = read_header(head[0] if isinstance(head, tuple) else
                         Row(source, start, lines[start].split(delimiter)))
    if isinstance(layout, Diagnostic) or layout.kind != "observations":
        return None
    columns = layout.columns
    per_entity = "municipality" in columns
    if not per_entity and area is None:
        return None
    s_at, y_at, v_at = (columns[c] for c in ("series", "year", "value"))
    # the whole area's rows read their series cell twice, so one loop serves both tables
    e_at = columns["municipality"] if per_entity else s_at
    others = [columns[c] for c in ("note", "source") if c in columns]
    width = layout.width
    if per_entity:
        number_of = figures.file_of(source)
        figures.entity_cells[number_of] = (delimiter, e_at)
    else:
        assert area is not None
        number_of = file
        area.files[file] = (source, delimiter, s_at, v_at)
    years: dict[str, int | None] = {}  # a year cell's text -> the plain year it reads as
    first_row = pack_row(number_of, 1)
    # a file has few distinct year cells, and its figures often repeat (0, 100, 12.5):
    # each distinct cell is read once; NaN for a cell that is not a plain number (a `-`,
    # 1,234, 5%, １２, 400 digits), which the careful reader reads
    numbers: dict[str, float] = {}
    plain, nan = PLAIN_NUMBER.fullmatch, math.nan
    values, rows = figures.values, figures.rows
    careful: list[Row] = []
    last_series = last_entity = ""
    by_year: dict[int, float | None] | dict[int, float] = {}
    row_of: dict[int, int] = {}
    blocked: Collection[int] = ()
    for number, line in enumerate(lines[start + 1:], start + 1):
        if quoting and '"' in line:  # "1,234" or every cell quoted, as some systems export
            found = quoted_row(source, lines, number, delimiter)
            assert not isinstance(found, Diagnostic)  # every quote is closed on its line
            cells = found[0].texts
        else:
            cells = line.split(delimiter)
        if len(cells) != width or (others and any(cells[i].strip() for i in others)):
            careful.append(_row(source, number, cells, delimiter))
            continue
        year_text = cells[y_at]
        year = years.get(year_text, 0)
        if year == 0:
            year = _plain_year(year_text, years)
        text = cells[v_at]
        value = numbers.get(text)
        if value is None:
            # the digits-and-a-point test is quicker than the pattern and settles most
            # cells; the pattern (what read_value reads as plain) settles the rest
            value = float(text) + 0.0 if (text.replace(".", "", 1).isdigit()
                                          and text.isascii() and text[-1] != ".") \
                or plain(text) else nan  # "-0" is 0.0, as read_value makes it
            if value - value != 0.0:  # not a figure, or too large to be finite
                value = nan
            if len(numbers) < _REMEMBERED:
                numbers[text] = value
        series = cells[s_at].strip()
        entity = cells[e_at].strip() if per_entity else series
        if year is None or value != value or not series or not entity:
            careful.append(_row(source, number, cells, delimiter))
            continue
        if series != last_series or entity != last_entity:
            last_series, last_entity = series, entity
            if per_entity:
                by_year = values.setdefault(series, {}).setdefault(entity, {})
                row_of = rows.setdefault(series, {}).setdefault(entity, {})
            else:
                assert area is not None
                by_year = area.values.setdefault(series, {})
                row_of = area.rows.setdefault(series, {})
                blocked = taken.get(series, ())
        if year in by_year or year in blocked:  # a repeat: the careful reader says how
            careful.append(_row(source, number, cells, delimiter))
            continue
        by_year[year] = value
        row_of[year] = first_row + number  # its 1-based line, with the file's number
    if area is not None:  # a series whose every row went the careful way has no figure here
        for series in [s for s, years in area.values.items() if not years]:
            del area.values[series], area.rows[series]
    return layout, careful


def _row(source: SourceFile, number: int, cells: list[str], delimiter: str) -> Row:
    """The row of line `number` (0-based) for the careful reader, split as it was."""
    if '"' in source.lines[number]:  # its cells' places are the quote-aware reader's
        found = quoted_row(source, source.lines, number, delimiter)
        assert not isinstance(found, Diagnostic)
        return found[0]
    return Row(source, number, cells)


def _plain_year(text: str, years: dict[str, int | None]) -> int | None:
    """The year a cell's text reads as when written plainly (2024), kept in `years`; None
    for an era year, a 年度 and anything else the careful reader reads."""
    written = read_year(text)
    year = years[text] = written.year if written is not None \
        and written.kind is YearKind.PLAIN else None
    return year

