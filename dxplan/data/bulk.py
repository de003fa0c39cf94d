"""The fast path for large per-entity tables: `series,municipality,year,value` rows read
straight into `EntityFigures`, with no record, row object or span made for a row that
reads cleanly.

A national data set has 1.7 million such rows. Each line that splits into exactly the
header's cells, has a series and an entity, a plain year (2024) and a plain number, and
is not a repeat, is stored as it is read. Every other line (a note, a `-` for no figure,
an era year, a percent sign, a short or long row, a repeat) is handed back as a `Row` to
the careful reader, which reads it exactly as it reads any row and reports what is wrong
at the cell. A file with any quote character is read entirely the careful way only when a
quoted cell runs over several lines (a line with an odd number of quotes); a line whose
quoted cells close on it ("1,234", or every cell quoted as some systems export) is split
by the quote-aware reader and then read as quickly as any other.
"""

from __future__ import annotations

import math

from dxplan.data.cells import PLAIN_NUMBER
from dxplan.data.records import EntityFigures, pack_row
from dxplan.data.table import Layout, read_header
from dxplan.data.text import Row, delimiter_of, quoted_row
from dxplan.japanese import YearKind, read_year
from dxplan.source import Diagnostic, SourceFile


def read_bulk(path: str, source: SourceFile, figures: EntityFigures
              ) -> tuple[Layout, list[Row]] | None:
    """Store the clean rows of a per-entity long table in `figures`; return its layout and
    the rows left for the careful reader, or None when the file is not such a table."""
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
    if isinstance(layout, Diagnostic) or layout.kind != "observations" \
            or "municipality" not in layout.columns:
        return None
    columns = layout.columns
    s_at, e_at, y_at, v_at = (columns[c] for c in ("series", "municipality", "year", "value"))
    others = [columns[c] for c in ("note", "source") if c in columns]
    width = layout.width
    file = figures.file_of(source)
    figures.entity_cells[file] = (delimiter, e_at)
    first_row = pack_row(file, 1)
    plain = PLAIN_NUMBER.fullmatch
    inf = math.inf  # not a figure: such a cell goes to the careful reader
    years: dict[str, int | None] = {}  # a year cell's text -> the plain year it reads as
    values, rows = figures.values, figures.rows
    careful: list[Row] = []
    last_series = last_entity = ""
    by_year: dict[int, float | None] = {}
    row_of: dict[int, int] = {}
    for number in range(start + 1, len(lines)):
        line = lines[number]
        quoted = quoting and '"' in line
        if quoted:  # "1,234" or every cell quoted, as some systems export
            found = quoted_row(source, lines, number, delimiter)
            assert not isinstance(found, Diagnostic)  # every quote is closed on its line
            row: Row | None = found[0]
            cells = found[0].texts
        else:
            row, cells = None, line.split(delimiter)
        if len(cells) != width or (others and any(cells[i].strip() for i in others)):
            careful.append(row or Row(source, number, cells))
            continue
        year_text = cells[y_at]
        year = years.get(year_text, 0)
        if year == 0:
            written = read_year(year_text)
            year = years[year_text] = written.year if written is not None \
                and written.kind is YearKind.PLAIN else None
        text = cells[v_at]
        # the digits-and-a-point test is quicker than the pattern and settles most cells;
        # the pattern (what read_value reads as plain) settles the rest
        value = float(text) if (text.replace(".", "", 1).isdigit() and text.isascii()
                                and text[-1] != ".") or plain(text) else inf
        series, entity = cells[s_at].strip(), cells[e_at].strip()
        if year is None or value - value != 0.0 or not series or not entity:
            careful.append(row or Row(source, number, cells))
            continue
        if series != last_series or entity != last_entity:
            last_series, last_entity = series, entity
            by_year = values.setdefault(series, {}).setdefault(entity, {})
            row_of = rows.setdefault(series, {}).setdefault(entity, {})
        if year in by_year:  # a repeat: the careful reader says whether it conflicts
            careful.append(row or Row(source, number, cells))
            continue
        by_year[year] = value + 0.0  # "-0" is 0.0, as read_value makes it
        row_of[year] = first_row + number  # its 1-based line, with the file's number
    return layout, careful
