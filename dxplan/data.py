"""Observations and roadmap progress from CSV, TSV and Excel (.xlsx) files.

`load_data` reads files and folders into a `DataSet` and returns every problem as a
Diagnostic whose span is the offending cell (file, 1-based line and column), so one run
reports them all. A worksheet becomes a SourceFile of its own, `book.xlsx:Sheet1`, whose
text is the sheet's rows joined by tabs with row n on line n: the caret frame then shows
the row as it is in Excel, and messages name the cell (`C5`).
"""

from __future__ import annotations

import math
import os
import re
import warnings
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from dxplan import cache
from dxplan.cells import (
    PERIOD_FORMS,
    STATUS_FORMS,
    STATUSES,
    YEAR_FORMS,
    Missing,
    parse_period,
    parse_project,
    parse_status,
    parse_value,
    parse_year,
    value_hint,
)
from dxplan.source import Diagnostic, SourceFile, Span, did_you_mean, error, warning

OBSERVATION_COLUMNS = ("series", "year", "value", "note")
PROGRESS_COLUMNS = ("project", "period", "status", "note")
DATA_SUFFIXES = (".csv", ".tsv", ".xlsx")

_KINDS = {"observations": OBSERVATION_COLUMNS, "progress": PROGRESS_COLUMNS}
_HEADER_HINT = (
    "the first row must be series,year,value[,note] (observations) "
    "or project,period,status[,note] (roadmap progress)"
)
_CODEC_NAMES = {"utf-8-sig": "UTF-8", "cp932": "CP932 (Shift_JIS)", "utf-16": "UTF-16"}
# Characters that would split a worksheet row over two lines of its tab-joined text
# (str.splitlines breaks on all of these), which would put every later caret one row off.
_FLATTEN = {ord(ch): " " for ch in "\t\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"}


@attrs.frozen
class Observation:
    """One figure. `value` is None exactly when the cell said so, the marker in `missing_reason`."""

    series: str
    year: int
    value: float | None
    missing_reason: str | None
    note: str | None
    span: Span = attrs.field(eq=False)  # the series cell


@attrs.frozen
class ProgressRow:
    project: int
    period: str  # canonical, "2024H1" or "2024H2"
    status: str  # one of cells.STATUSES
    note: str | None
    span: Span = attrs.field(eq=False)  # the project cell
    period_span: Span | None = attrs.field(default=None, eq=False, kw_only=True)


@attrs.frozen
class DataSet:
    observations: tuple[Observation, ...] = ()
    progress: tuple[ProgressRow, ...] = ()
    files: tuple[str, ...] = ()


class _Sheet(SourceFile):
    """A worksheet as tab-joined text; its type is how a span knows to name a cell ref."""

    __slots__ = ()


@attrs.frozen
class _Cell:
    text: str
    span: Span
    number: float | None = None  # an Excel numeric cell, exactly as stored (scaled if %)

    @property
    def blank(self) -> bool:
        return self.number is None and not self.text.strip()


@attrs.frozen
class _Row:
    cells: tuple[_Cell, ...]
    end: Span  # just past the last cell: where a missing cell would have been

    @property
    def blank(self) -> bool:
        return all(cell.blank for cell in self.cells)


def load_data(paths: Sequence[str]) -> tuple[DataSet, list[Diagnostic]]:
    """Read data files and folders (their *.csv, *.tsv, *.xlsx, not recursively).

    Files are read in path order, so "first" and "second" in duplicate checks and the
    order of the records are the same on every run whatever order `paths` came in.
    """
    loader = _Loader()
    for path in _expand(paths, loader.diagnostics):
        loader.load_file(path)
    data = DataSet(tuple(loader.observations), tuple(loader.progress), tuple(loader.files))
    return data, loader.diagnostics


def check_series(observations: Iterable[Observation], known: Iterable[str]) -> list[Diagnostic]:
    """A warning for each series the plan does not use, at its first row in the given order."""
    names = set(known)
    reported: set[str] = set()
    out: list[Diagnostic] = []
    for obs in observations:
        if obs.series in names or obs.series in reported:
            continue
        reported.add(obs.series)
        hint = did_you_mean(obs.series, names) or "no goal, indicator or formula reads it"
        message = f"series '{obs.series}' is not used by the plan{_where(obs.span)}"
        out.append(warning("unknown-series", message, obs.span, hint))
    return out


def check_progress(
    rows: Iterable[ProgressRow], projects: Mapping[int, str], year: int
) -> list[Diagnostic]:
    """Progress rows against the roadmap: known project numbers, periods in its fiscal year."""
    out: list[Diagnostic] = []
    for row in rows:
        if row.project not in projects:
            message = f"project {row.project} is not in the roadmap{_where(row.span)}"
            hint = _project_hint(row.project, projects)
            out.append(error("unknown-project", message, row.span, hint))
        match = re.fullmatch(r"([0-9]{4})H[12]", row.period)
        if match is None or int(match.group(1)) != year:
            span = row.period_span or row.span
            message = f"period {row.period} is outside fiscal {year}{_where(span)}"
            hint = f"this roadmap's periods are {year}H1 (上期) and {year}H2 (下期)"
            out.append(error("period-outside-year", message, span, hint))
    return out


def _project_hint(number: int, projects: Mapping[int, str]) -> str:
    if not projects:
        return "the roadmap lists no projects"
    numbers = sorted(projects)
    nearest = sorted(sorted(numbers, key=lambda n: (abs(n - number), n))[:2])
    names = ", ".join(f"{n} 「{projects[n]}」" for n in nearest)
    return f"projects are numbered {numbers[0]}–{numbers[-1]}; nearest: {names}"


def _expand(paths: Sequence[str], diagnostics: list[Diagnostic]) -> list[str]:
    found: dict[str, str] = {}  # real path -> path as the user spelled it
    for path in paths:
        if os.path.isdir(path):
            try:
                entries = sorted(os.listdir(path))
            except OSError as exc:
                diagnostics.append(error("unreadable-file", f"cannot list {path}: {exc.strerror}"))
                continue
            members = [os.path.join(path, name) for name in entries if _is_data_name(name)]
            members = [member for member in members if os.path.isfile(member)]
            if not members:
                message = f"no .csv, .tsv or .xlsx files in {path}"
                diagnostics.append(warning("no-data-files", message))
            for member in members:
                found.setdefault(os.path.realpath(member), member)
        elif os.path.exists(path):
            found.setdefault(os.path.realpath(path), path)
        else:
            parent, name = os.path.split(os.path.normpath(path))
            try:
                siblings = os.listdir(parent or ".")
            except OSError:
                siblings = []
            hint = did_you_mean(name, siblings) or "give a .csv, .tsv or .xlsx file or a folder"
            diagnostics.append(error("no-such-file", f"no such file or folder: {path}", None, hint))
    return sorted(found.values())


def _is_data_name(name: str) -> bool:
    # "~$book.xlsx" is the lock file Excel keeps beside an open workbook, not a workbook
    return not name.startswith((".", "~$")) and name.lower().endswith(DATA_SUFFIXES)


class _Loader:
    """Accumulates records and diagnostics over every file of one load."""

    def __init__(self) -> None:
        self.observations: list[Observation] = []
        self.progress: list[ProgressRow] = []
        self.diagnostics: list[Diagnostic] = []
        self.files: list[str] = []
        self._first_observation: dict[tuple[str, int], Observation] = {}
        self._first_progress: dict[tuple[int, str], ProgressRow] = {}

    def load_file(self, path: str) -> None:
        lowered = path.lower()
        if lowered.endswith(".xls"):
            hint = "save it from Excel as .xlsx or as 'CSV UTF-8 (comma delimited)'"
            message = f"{path}: the old Excel .xls format cannot be read"
            self.diagnostics.append(error("unsupported-file", message, None, hint))
            return
        if lowered.endswith(".xlsx"):
            self._load_workbook(path)
            return
        data = self._read(path)
        if data is None:
            return
        self.files.append(path)
        source = _decode(path, data)
        if isinstance(source, Diagnostic):
            self.diagnostics.append(source)
            return
        rows, problems = _split(source, _delimiter(path, source))
        self._table(source, rows, required=True)
        self.diagnostics.extend(problems)

    def _read(self, path: str) -> bytes | None:
        try:
            with open(path, "rb") as handle:
                return handle.read()
        except OSError as exc:
            self.diagnostics.append(error("unreadable-file", f"cannot read {path}: {exc.strerror}"))
            return None

    def _load_workbook(self, path: str) -> None:
        raw = self._read(path)
        if raw is None:
            return
        sheets = cache.get("xlsx", raw)
        if not isinstance(sheets, list):
            try:
                sheets = _read_workbook(path)
            # a damaged workbook raises anything from BadZipFile to KeyError: "unreadable"
            except Exception as exc:
                message = f"cannot read {path} as an Excel workbook: {exc}"
                hint = "open it in Excel and save it again as .xlsx"
                self.diagnostics.append(error("bad-file", message, None, hint))
                return
            cache.put("xlsx", raw, sheets)
        self.files.append(path)
        tables = [_sheet_table(f"{path}:{title}", grid) for title, grid in sheets]
        # a workbook may carry notes on other sheets; only one with no data sheet is an error
        loaded = [self._table(source, rows, required=False) for source, rows in tables]
        if tables and not any(loaded):
            message = f"no sheet of {path} starts with a data header"
            span = Span.point(tables[0][0], 1, 1)
            self.diagnostics.append(error("bad-header", message, span, _HEADER_HINT))

    def _table(self, source: SourceFile, rows: Sequence[_Row], *, required: bool) -> bool:
        """Load one table; False (for a worksheet) when it is not meant as data at all."""
        body = [row for row in rows if not row.blank]
        if not body:
            if required:
                span = Span.point(source, 1, 1)
                message = f"{source.path} is empty"
                self.diagnostics.append(error("bad-header", message, span, _HEADER_HINT))
            return required
        header, *data = body
        names = _header_names(header)
        matched = _match_header(names)
        if matched is None:
            # a worksheet is skipped as notes unless some header cell looks like one of ours,
            # so a misspelt or wide-format data sheet is reported rather than ignored
            if not required and not any(_near_header_word(name) for name in names):
                return False
            self.diagnostics.append(_bad_header(header, names))
            return True
        kind, width = matched
        for row in data:
            cells = self._fit(row, width, _KINDS[kind])
            if cells is None:
                continue
            if kind == "observations":
                self._observation(cells)
            else:
                self._progress(cells)
        return True

    def _fit(self, row: _Row, width: int, columns: tuple[str, ...]) -> tuple[_Cell, ...] | None:
        cells = list(row.cells)
        # trailing empty cells are what Excel's CSV export leaves after a stray column
        while len(cells) > width and cells[-1].blank:
            cells.pop()
        if len(cells) > width:
            extra = cells[width]
            if width == 3 and len(cells) == 4:
                hint = "add a 'note' column to the header to keep notes"
            else:
                hint = 'quote a cell that contains the separator, e.g. "1,234"'
            message = f"row has {len(cells)} cells but the header has {width}{_where(extra.span)}"
            self.diagnostics.append(error("bad-row", message, extra.span, hint))
            return None
        if len(cells) < 3:
            message = f"row ends before its '{columns[len(cells)]}' cell"
            hint = f"every row needs {','.join(columns[:3])}; leave a cell empty for no figure"
            self.diagnostics.append(error("bad-row", message, row.end, hint))
            return None
        return tuple(cells)

    def _observation(self, cells: tuple[_Cell, ...]) -> None:
        series_cell, year_cell, value_cell = cells[:3]
        note = _note(cells)
        series = series_cell.text.strip()
        year = parse_year(year_cell.text)
        if not series:
            message = f"row has no series name{_where(series_cell.span)}"
            hint = "name the data series, as the plan's indicators and formulas do"
            self.diagnostics.append(error("bad-row", message, series_cell.span, hint))
        if year is None:
            message = f"cannot read '{year_cell.text.strip()}' as a year{_where(year_cell.span)}"
            hint = f"write a fiscal year: {YEAR_FORMS}"
            self.diagnostics.append(error("bad-year", message, year_cell.span, hint))
        value: float | None = value_cell.number
        reason: str | None = None
        if value is None:
            parsed = parse_value(value_cell.text)
            if parsed is None:
                text = value_cell.text.strip()
                message = f"cannot read '{text}' as a value{_where(value_cell.span)}"
                hint = value_hint(text)
                self.diagnostics.append(error("bad-value", message, value_cell.span, hint))
                return
            if isinstance(parsed, Missing):
                reason = parsed.reason
            else:
                value = parsed
        if not series or year is None:
            return
        obs = Observation(series, year, value, reason, note, series_cell.span)
        first = self._first_observation.setdefault((series, year), obs)
        if first is obs:
            self.observations.append(obs)
        elif (first.value, first.missing_reason) == (value, reason):
            message = f"{series} {year} is given twice{_where(series_cell.span)}"
            hint = f"first given at {_at(first.span)}; this row is ignored"
            span = series_cell.span.to(value_cell.span)
            self.diagnostics.append(warning("duplicate-row", message, span, hint))
        else:
            shown, earlier = _shown(value, reason), _shown(first.value, first.missing_reason)
            message = f"{series} {year} is {shown} here but {earlier} before"
            message += _where(value_cell.span)
            hint = f"first given at {_at(first.span)}; keep one of the two rows"
            self.diagnostics.append(error("conflicting-rows", message, value_cell.span, hint))

    def _progress(self, cells: tuple[_Cell, ...]) -> None:
        project_cell, period_cell, status_cell = cells[:3]
        project = parse_project(project_cell.text)
        period = parse_period(period_cell.text)
        status = parse_status(status_cell.text)
        if project is None:
            text = project_cell.text.strip()
            message = f"cannot read '{text}' as a project number{_where(project_cell.span)}"
            hint = "write the project's number in the roadmap, e.g. 12"
            self.diagnostics.append(error("bad-project", message, project_cell.span, hint))
        if period is None:
            text = period_cell.text.strip()
            message = f"cannot read '{text}' as a half-year period{_where(period_cell.span)}"
            hint = f"write a half of a fiscal year: {PERIOD_FORMS}"
            self.diagnostics.append(error("bad-period", message, period_cell.span, hint))
        if status is None:
            text = status_cell.text.strip()
            message = f"unknown status '{text}'{_where(status_cell.span)}"
            guess = did_you_mean(text, STATUSES) if text else None
            hint = f"{guess} " if guess else ""
            hint += f"statuses: {STATUS_FORMS}"
            self.diagnostics.append(error("bad-status", message, status_cell.span, hint))
        if project is None or period is None or status is None:
            return
        row = ProgressRow(
            project, period, status, _note(cells), project_cell.span, period_span=period_cell.span
        )
        first = self._first_progress.setdefault((project, period), row)
        if first is row:
            self.progress.append(row)
        elif first.status == status:
            message = f"project {project} {period} is given twice{_where(project_cell.span)}"
            hint = f"first given at {_at(first.span)}; this row is ignored"
            span = project_cell.span.to(status_cell.span)
            self.diagnostics.append(warning("duplicate-row", message, span, hint))
        else:
            message = f"project {project} {period} is {status} here but {first.status} before"
            message += _where(status_cell.span)
            hint = f"first given at {_at(first.span)}; keep one of the two rows"
            self.diagnostics.append(error("conflicting-rows", message, status_cell.span, hint))


def _note(cells: tuple[_Cell, ...]) -> str | None:
    if len(cells) < 4:
        return None
    return cells[3].text.strip() or None


def _shown(value: float | None, reason: str | None) -> str:
    if value is not None:
        return _number_text(value)
    return f"'{reason}' (no figure)" if reason else "blank"


def _number_text(number: float) -> str:
    return str(int(number)) if number.is_integer() and abs(number) < 1e15 else repr(number)


def _at(span: Span) -> str:
    return f"{span.path}:{span.line}{_where(span)}"


def _where(span: Span) -> str:
    """' (cell C5)' for a worksheet cell; a text file's line:col already says where."""
    if not isinstance(span.source, _Sheet):
        return ""
    index = span.source.line(span.line)[: span.column - 1].count("\t") + 1
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return f" (cell {letters}{span.line})"


def _header_names(row: _Row) -> list[str]:
    names = [cell.text.replace("\ufeff", "").strip().lower() for cell in row.cells]
    while names and not names[-1]:
        names.pop()
    return names


def _match_header(names: list[str]) -> tuple[str, int] | None:
    for kind, columns in _KINDS.items():
        if tuple(names) in (columns[:3], columns):
            return kind, len(names)
    return None


def _near_header_word(name: str) -> bool:
    return bool(name) and did_you_mean(name, {*OBSERVATION_COLUMNS, *PROGRESS_COLUMNS}) is not None


def _bad_header(row: _Row, names: list[str]) -> Diagnostic:
    """Point at the first cell that departs from whichever accepted header it is closer to."""
    columns = max(
        _KINDS.values(), key=lambda cols: sum(a == b for a, b in zip(names, cols, strict=False))
    )
    index = next((i for i, name in enumerate(names) if i >= 4 or name != columns[i]), len(names))
    if index >= len(names):
        # no cell ref: past the row's end, a sheet's tab-joined text cannot name the cell
        message = f"header ends before its '{columns[index]}' column"
        return error("bad-header", message, row.end, _HEADER_HINT)
    span = row.cells[index].span
    shown = row.cells[index].text.replace("\ufeff", "").strip()
    guess = None
    if index >= len(columns):
        message = f"unexpected header column '{shown}' after '{columns[-1]}'"
    else:
        message = f"header column '{shown}' should be '{columns[index]}'"
        guess = did_you_mean(names[index], columns) if names[index] else None
    hint = f"{guess} {_HEADER_HINT}" if guess else _HEADER_HINT
    return error("bad-header", message + _where(span), span, hint)


def _decode(path: str, data: bytes) -> SourceFile | Diagnostic:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        codecs = ["utf-16"]  # Excel's "Unicode text" export
    elif data.startswith(b"\xef\xbb\xbf"):
        codecs = ["utf-8-sig"]  # a BOM settles it; a CP932 retry would only blur where it broke
    else:
        codecs = ["utf-8-sig", "cp932"]
    failures: list[tuple[int, str]] = []
    for codec in codecs:
        try:
            return SourceFile(path, data.decode(codec))
        except UnicodeDecodeError as exc:
            failures.append((exc.start, codec))
    # the encoding that read furthest is most likely the one the file was meant to be in
    start, codec = max(failures)
    if codec == "utf-8-sig" and data.startswith(b"\xef\xbb\xbf"):
        start += 3  # that codec counts its error offset from after the BOM it skipped
    head = (data[:start].decode(codec, errors="replace") + "x").splitlines()
    source = SourceFile(path, data.decode(codec, errors="replace"))
    span = Span.point(source, len(head), len(head[-1]))
    names = " or ".join(_CODEC_NAMES[c] for c in codecs)
    message = f"line {len(head)} is not {names} text (byte 0x{data[start]:02x})"
    hint = "save the file from Excel as 'CSV UTF-8 (comma delimited)'"
    return error("bad-encoding", message, span, hint)


def _delimiter(path: str, source: SourceFile) -> str:
    if path.lower().endswith(".tsv"):
        return "\t"
    first = next((line for line in source.lines if line.strip()), "")
    return "\t" if first.count("\t") > first.count(",") else ","


def _span(source: SourceFile, line: int, start: int, end_line: int, end: int) -> Span:
    """A span from 0-based line numbers and offsets; never narrower than one character."""
    if end_line == line and end <= start:
        end = start + 1
    return Span(source, line + 1, start + 1, end_line + 1, end + 1)


def _cell(
    source: SourceFile, line: int, start: int, shown: str, text: str, number: float | None = None
) -> _Cell:
    """A single-line cell whose span covers `shown` at `start`, less surrounding spaces."""
    stripped = shown.strip()
    if stripped:
        start += len(shown) - len(shown.lstrip())
    return _Cell(text, _span(source, line, start, line, start + len(stripped)), number)


def _split(source: SourceFile, delimiter: str) -> tuple[list[_Row], list[Diagnostic]]:
    """Records of RFC 4180 text with each cell's position, which the csv module cannot give."""
    lines = source.lines
    rows: list[_Row] = []
    number = 0
    while number < len(lines):
        text = lines[number]
        cells: list[_Cell] = []
        pos = 0
        if '"' not in text:  # the common row: no quoting, so a plain split is exact
            for shown in text.split(delimiter):
                cells.append(_cell(source, number, pos, shown, shown))
                pos += len(shown) + 1
            rows.append(_Row(tuple(cells), _span(source, number, len(text), number, len(text))))
            number += 1
            continue
        while True:
            start_line, start = number, pos
            if text.startswith('"', pos):
                parts: list[str] = []
                pos += 1
                while True:
                    quote = text.find('"', pos)
                    if quote < 0:
                        parts.append(text[pos:] + "\n")
                        number += 1
                        if number == len(lines):
                            message = "quoted cell is never closed"
                            hint = 'end the cell with "; write a quote inside a cell as ""'
                            span = _span(source, start_line, start, start_line, start + 1)
                            return rows, [error("bad-row", message, span, hint)]
                        text, pos = lines[number], 0
                    elif text.startswith('"', quote + 1):
                        parts.append(text[pos : quote + 1])
                        pos = quote + 2
                    else:
                        parts.append(text[pos:quote])
                        pos = quote + 1
                        break
                stop = _cell_end(text, delimiter, pos)
                parts.append(text[pos:stop])
                span = _span(source, start_line, start, number, stop)
                cells.append(_Cell("".join(parts), span))
            else:
                stop = _cell_end(text, delimiter, pos)
                cells.append(_cell(source, number, pos, text[pos:stop], text[pos:stop]))
            if stop == len(text):
                break
            pos = stop + 1
        rows.append(_Row(tuple(cells), _span(source, number, len(text), number, len(text))))
        number += 1
    return rows, []


def _cell_end(text: str, delimiter: str, pos: int) -> int:
    found = text.find(delimiter, pos)
    return len(text) if found < 0 else found


def _read_workbook(path: str) -> list[tuple[str, list[list[tuple[str, float | None]]]]]:
    # imported here: openpyxl costs more start-up time than the rest of dxplan, and an
    # unchanged workbook's cells come from the cache without it
    import openpyxl

    with warnings.catch_warnings():
        # openpyxl warns about styles and extensions it skips; the core never prints
        warnings.simplefilter("ignore")
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            return [(sheet.title, _sheet_grid(sheet)) for sheet in book.worksheets]
        finally:
            book.close()


def _sheet_grid(sheet: Any) -> list[list[tuple[str, float | None]]]:
    # read-only sheets trust the size stored in the file, which some writers get wrong and
    # which would silently cut columns off; resetting it makes openpyxl read every cell
    reset = getattr(sheet, "reset_dimensions", None)
    if reset is not None:
        reset()
    rows = sheet.iter_rows(min_row=1)
    return [
        [_excel_value(cell.value, getattr(cell, "number_format", None)) for cell in row]
        for row in rows
    ]


def _excel_value(value: object, number_format: str | None) -> tuple[str, float | None]:
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
            return _number_text(number) + "%", number
        return _number_text(number), number
    return str(value), None


def _sheet_table(
    path: str, grid: list[list[tuple[str, float | None]]]
) -> tuple[_Sheet, list[_Row]]:
    # every non-empty row is padded to the sheet's width, so a blank trailing cell still
    # has a place (and a cell ref) in the text
    width = max((len(row) for row in grid), default=0)
    padded = [row + [("", None)] * (width - len(row)) if row else row for row in grid]
    lines = ["\t".join(text.translate(_FLATTEN) for text, _ in row) for row in padded]
    source = _Sheet(path, "\n".join(lines))
    rows: list[_Row] = []
    for number, (row, line) in enumerate(zip(padded, lines, strict=True)):
        cells: list[_Cell] = []
        pos = 0
        for text, value in row:
            shown = text.translate(_FLATTEN)
            cells.append(_cell(source, number, pos, shown, text, value))
            pos += len(shown) + 1
        if not cells:
            cells.append(_cell(source, number, 0, "", ""))
        rows.append(_Row(tuple(cells), _span(source, number, len(line), number, len(line))))
    return source, rows
