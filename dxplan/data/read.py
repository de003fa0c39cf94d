"""Observations and roadmap progress from CSV, TSV and Excel (.xlsx) files.

`load_data` reads files and folders into a `DataSet` and returns every problem as a
Diagnostic whose span is the offending cell (file, 1-based line and column), so one run
reports them all. `files.py` finds the files; `text.py` and `xlsx.py` make rows;
`table.py` reads a table's header and fits its rows to it; `wide.py` reads a table with
years across; `bulk.py` stores a long table's clean rows with no record each (beside the
records, in `Observations`); this module makes records of the other rows. `checks.py`
checks them against what the plan knows.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from dxplan import cache
from dxplan.data.bulk import read_bulk
from dxplan.data.cells import (
    PERIOD_FORMS,
    STATUS_FORMS,
    STATUSES,
    Missing,
    parse_period,
    parse_project,
    parse_stage,
    parse_status,
    read_value,
    value_hint,
)
from dxplan.data.checks import check_progress, check_series
from dxplan.data.files import DATA_SUFFIXES, data_files, files_key, too_large, unpacks_too_large
from dxplan.data.records import (
    AreaFigures,
    DataSet,
    EntityFigures,
    Observation,
    Observations,
    ProgressRow,
)
from dxplan.data.table import (
    HEADER_HINT,
    LONG_COLUMNS,
    OBSERVATION_COLUMNS,
    OPTIONAL_COLUMNS,
    PROGRESS_COLUMNS,
    SHEET_COLUMNS,
    Layout,
    fit,
    header_names,
    looks_like_header,
    read_header,
)
from dxplan.data.text import Row, decode, text_rows
from dxplan.data.wide import wide_row
from dxplan.data.xlsx import (
    cell_ref,
    is_workbook,
    number_text,
    read_workbook,
    sheet_table,
    unsaved_formulas,
)
from dxplan.japanese import YEAR_FORMS, Year, YearKind, read_year
from dxplan.limits import MAX_BULK_DATA_BYTES, MAX_DATA_BYTES, size_text
from dxplan.source import Diagnostic, SourceFile, Span, did_you_mean, error, warning

__all__ = [
    "DATA_SUFFIXES", "OBSERVATION_COLUMNS", "PROGRESS_COLUMNS", "DataSet", "Observation",
    "ProgressRow", "check_progress", "check_series", "load_data", "load_data_bytes",
]  # fmt: skip

# the cells each kind of fixed-width table needs in every row
_REQUIRED = {"observations": LONG_COLUMNS, "sheet": SHEET_COLUMNS,
             "progress": PROGRESS_COLUMNS[:3]}


def load_data(paths: Sequence[str], skip: Collection[str] = ()
              ) -> tuple[DataSet, list[Diagnostic]]:
    """Read data files and folders (their *.csv, *.tsv, *.xlsx, not recursively), less the
    files of `skip` (real paths: the entity lists, which are no figures).

    Files are read in path order, so "first" and "second" in duplicate checks and the
    order of the records are the same on every run whatever order `paths` came in. Files
    of the same names and bytes as before are read back from the cache (a 100,000-row
    table in 40 ms instead of 90)."""
    found: list[Diagnostic] = []
    files = data_files(paths, skip, found)
    key = files_key(files)
    hit = cache.get("data", key)
    if isinstance(hit, tuple) and len(hit) == 2 and isinstance(hit[0], DataSet):
        data, more = hit
    else:
        data, more = load_data_bytes(files, sort=False)
        if files:
            cache.put("data", key, (data, more), background=True)
    return data, found + list(more)


def prefetch(paths: Sequence[str]) -> None:
    """Read the data files of `paths` into the cache in a second process meanwhile (while
    a large spec is parsed), for `load_data` to read back if that process is done."""
    files = data_files(paths, (), [])  # (what cannot be read is reported by load_data)
    if files:
        cache.make("data", files_key(files), lambda: load_data_bytes(files, sort=False))


def load_data_bytes(files: Sequence[tuple[str, bytes]], *, sort: bool = True
                    ) -> tuple[DataSet, list[Diagnostic]]:
    """Data files given as (name, bytes), read as `load_data` reads files of those names
    (in name order, or with `sort=False` in the order given)."""
    loader = _Loader()
    for path, raw in sorted(files) if sort else files:
        loader.load_bytes(path, raw)
    return loader.result()


class _Loader:
    """Accumulates records and diagnostics over every file of one load."""

    def __init__(self) -> None:
        self.observations: list[Observation] = []
        self.progress: list[ProgressRow] = []
        self.diagnostics: list[Diagnostic] = []
        self.files: list[str] = []
        self._first_observation: dict[tuple[str, int, str | None, bool], Observation] = {}
        self._first_progress: dict[tuple[int, str], ProgressRow] = {}
        self.by_entity = EntityFigures()
        # the whole area's figures read in bulk; each careful record's place in file order
        # beside them, and the years of each series careful rows gave for the whole area
        self.area = AreaFigures()
        self.places: list[int] = []
        self._taken: dict[str, set[int]] = {}
        self._file = 0  # the place of the file being read: its number << 32
        self._lines = False  # a text file's: its records are placed by their lines
        # a file has few distinct year cells; parse_year is pure, so each is read once
        self._years: dict[str, Year | None] = {}

    def result(self) -> tuple[DataSet, list[Diagnostic]]:
        observations = Observations(self.observations, self.places, self.area)
        data = DataSet(observations, tuple(self.progress), tuple(self.files), self.by_entity)
        return data, self.diagnostics

    def load_bytes(self, path: str, data: bytes) -> None:
        if path.lower().endswith(".xlsx"):
            self._load_workbook(path, data)
            return
        self.files.append(path)
        self._file, self._lines = (len(self.files) - 1) << 32, True
        source = decode(path, data)
        if isinstance(source, Diagnostic):
            self.diagnostics.append(source)
            return
        # a whole-area table is read in bulk only within the row-by-row table's limit
        area = self.area if len(data) <= MAX_DATA_BYTES else None
        bulk = read_bulk(path, source, self.by_entity, area, len(self.files) - 1, self._taken)
        if bulk is not None:  # a long table: its clean rows are stored already
            layout, rows = bulk
            self._rows(layout, [row for row in rows if not row.blank], None)
            return
        if len(data) > MAX_DATA_BYTES:  # a row by row table, not a per-municipality one
            self.diagnostics.append(too_large(path, f"{size_text(MAX_DATA_BYTES)}; "
                                              f"{size_text(MAX_BULK_DATA_BYTES)} for a "
                                              "per-municipality table"))
            return
        rows, problems = text_rows(path, source)
        self._table(source, rows, required=True)
        self.diagnostics.extend(problems)

    def _load_workbook(self, path: str, raw: bytes) -> None:
        # an unchanged workbook's cells come from the cache, without importing openpyxl
        sheets = cache.get("xlsx", raw)
        if not is_workbook(sheets):
            problem = unpacks_too_large(path, raw)
            if problem is not None:
                self.diagnostics.append(problem)
                return
            try:
                sheets = read_workbook(raw)
            # a damaged workbook raises anything from BadZipFile to KeyError: "unreadable"
            except Exception as exc:
                message = f"cannot read {path} as an Excel workbook: {exc}"
                hint = "open it in Excel and save it again as .xlsx"
                self.diagnostics.append(error("bad-file", message, None, hint))
                return
            cache.put("xlsx", raw, sheets, background=True)
        self.files.append(path)
        self._file, self._lines = (len(self.files) - 1) << 32, False
        tables = [(sheet, *sheet_table(f"{path}:{sheet.title}", sheet.grid)) for sheet in sheets]
        # a workbook may carry notes on other sheets; only one with no data sheet is an error
        loaded = [self._table(source, rows, required=False, sheet=sheet.title)
                  for sheet, source, rows in tables]
        for (sheet, _source, rows), used in zip(tables, loaded, strict=True):
            self.diagnostics.extend(unsaved_formulas(sheet, rows) if used else [])
        if tables and not any(loaded):
            message = f"no sheet of {path} starts with a data header"
            span = Span.point(tables[0][1], 1, 1)
            self.diagnostics.append(error("bad-header", message, span, HEADER_HINT))

    def _table(self, source: SourceFile, rows: Sequence[Row], *, required: bool,
               sheet: str | None = None) -> bool:
        """Load one table; False (for a worksheet) when it is not meant as data at all."""
        body = [row for row in rows if not row.blank]
        if not body:
            if required:
                span = Span.point(source, 1, 1)
                message = f"{source.path} is empty"
                self.diagnostics.append(error("bad-header", message, span, HEADER_HINT))
            return required
        layout = read_header(body[0], sheet)
        if isinstance(layout, Diagnostic):
            # a worksheet is skipped as notes unless some header cell looks like one of ours,
            # so a misspelt data sheet is reported rather than ignored
            if not required and not looks_like_header(header_names(body[0])):
                return False
            self.diagnostics.append(layout)
            return True
        self._rows(layout, body[1:], sheet)
        return True

    def _rows(self, layout: Layout, body: Sequence[Row], sheet: str | None) -> None:
        """The records of a table's rows under its header's `layout`."""
        if layout.kind == "wide":
            for row in body:
                found, problems = wide_row(layout, row)
                self.diagnostics.extend(problems)
                for obs, column in found:
                    self._add(obs, row, column)
            return
        required_columns = _REQUIRED[layout.kind]
        width = layout.width
        series = sheet.strip() if layout.kind == "sheet" and sheet is not None else None
        # where each column is, looked up once: the rows of a large file are many
        at = tuple(layout.columns.get(name)
                   for name in ("series", "year", "value", *OPTIONAL_COLUMNS))
        for row in body:
            count = len(row.texts)
            if count != width:  # only then can cells be trimmed, extra or missing
                fitted = fit(row, layout, required_columns)
                if isinstance(fitted, Diagnostic):
                    self.diagnostics.append(fitted)
                    continue
                count = fitted
            if layout.kind == "progress":
                self._progress(row, count)
            else:
                self._observation(row, count, at, series)

    def _year(self, text: str) -> Year | None:
        try:
            return self._years[text]
        except KeyError:
            year = self._years[text] = read_year(text)
            return year

    def _observation(self, row: Row, count: int, at: tuple[int | None, ...],
                     sheet_series: str | None) -> None:
        """A row of a long table, or of a worksheet named after its series (`sheet_series`).
        `at`: the columns of the year, the value, and the note, source and municipality."""
        series_at, year_at, value_at, note_at, source_at, entity_at = at
        assert year_at is not None and value_at is not None
        texts = row.texts
        year_text, value_text = texts[year_at], texts[value_at]
        series_at = series_at or 0
        series = sheet_series if sheet_series is not None else texts[series_at].strip()
        written = self._year(year_text)
        year = written.year if written is not None else None
        if not series:
            span = row.span(series_at)
            message = f"row has no series name{cell_ref(span)}"
            hint = "name the data series, as the plan's indicators and formulas do"
            self.diagnostics.append(error("bad-row", message, span, hint))
        if year is None:
            span = row.span(year_at)
            message = f"cannot read '{year_text.strip()}' as a year{cell_ref(span)}"
            hint = f"write a year: {YEAR_FORMS}"
            self.diagnostics.append(error("bad-year", message, span, hint))
        value = None if row.numbers is None else row.numbers[value_at]
        reason: str | None = None
        stage = None
        if value is None:
            parsed = read_value(value_text)
            stage = parse_stage(value_text) if parsed is None else None
            if parsed is None and stage is None:
                text, span = value_text.strip(), row.span(value_at)
                message = f"cannot read '{text}' as a value{cell_ref(span)}"
                self.diagnostics.append(error("bad-value", message, span, value_hint(text)))
                return
            if isinstance(parsed, Missing):
                reason = parsed.reason
            elif parsed is not None:
                value = parsed
        if not series or year is None:
            return
        note = (texts[note_at].strip() or None) if note_at is not None and note_at < count \
            else None
        if source_at is None and entity_at is None:  # the common table: no more to read
            source = entity = None
        else:
            source, entity = ((texts[i].strip() or None) if i is not None and i < count
                              else None for i in (source_at, entity_at))
        # a long row is found by its series cell, a series sheet's by its figure
        where = row.span(series_at) if sheet_series is None else row.span(value_at)
        obs = Observation(series, year, value, reason, note, where, stage, written,
                          source=source, entity=entity)
        self._add(obs, row, value_at)

    def _add(self, obs: Observation, row: Row, value_at: int) -> None:
        """Keep `obs` unless its series and year (and municipality) came before: the same
        figure twice is a warning, two different figures an error. `row` and `value_at`
        place the figure's cell, looked up only then."""
        # a point in time (2016年3月末) is a fiscal or a calendar year by its series, which
        # only the plan knows: it is compared with the other rows once that is known
        point = obs.written is not None and obs.written.kind is YearKind.POINT
        key = (obs.series, obs.year, obs.entity, point)
        place = self._file | (row.line + 1) if self._lines else self._file
        first = self._first_observation.get(key)
        bulk = self.area.rows.get(obs.series, {}).get(obs.year) \
            if first is None and obs.entity is None and not point else None
        if bulk is not None and bulk < place:  # read in bulk from an earlier row
            first = self._first_observation[key] = self.area.observation(obs.series, obs.year)
        if first is not None:
            self._repeat(first, obs, row, value_at)
            return
        self._first_observation[key] = obs
        self.observations.append(obs)
        self.places.append(place)
        if obs.entity is None and not point:
            self._taken.setdefault(obs.series, set()).add(obs.year)
        if bulk is not None:  # read in bulk from a later row of this file: the repeat
            later = self.area.observation(obs.series, obs.year)
            self.area.pop(obs.series, obs.year)
            self._repeat(obs, later, self.area.row(bulk), self.area.value_at(bulk))

    def _repeat(self, first: Observation, obs: Observation, row: Row, value_at: int) -> None:
        """`obs` gives the series and year of `first` again."""
        value_span = row.span(value_at)
        whole = obs.span.to(value_span)
        what = f"{obs.series} {obs.year}" + (f" ({obs.entity})" if obs.entity else "")
        if (first.value, first.missing_reason, first.stage) == \
                (obs.value, obs.missing_reason, obs.stage):
            message = f"{what} is given twice{cell_ref(obs.span)}"
            hint = f"first given at {_at(first.span)}; this row is ignored"
            self.diagnostics.append(warning("duplicate-row", message, whole, hint))
        else:
            shown = _shown(obs.value, obs.missing_reason)
            earlier = _shown(first.value, first.missing_reason)
            message = f"{what} is {shown} here but {earlier} before{cell_ref(value_span)}"
            hint = f"first given at {_at(first.span)}; keep one of the two rows"
            self.diagnostics.append(error("conflicting-rows", message, value_span, hint))

    def _progress(self, row: Row, count: int) -> None:
        project_text, period_text, status_text = row.texts[:3]
        project = parse_project(project_text)
        period = parse_period(period_text)
        status = parse_status(status_text)
        if project is None:
            text, span = project_text.strip(), row.span(0)
            message = f"cannot read '{text}' as a project number{cell_ref(span)}"
            hint = "write the project's number in the roadmap, e.g. 12"
            self.diagnostics.append(error("bad-project", message, span, hint))
        if period is None:
            text, span = period_text.strip(), row.span(1)
            message = f"cannot read '{text}' as a half-year period{cell_ref(span)}"
            hint = f"write a half of a fiscal year: {PERIOD_FORMS}"
            self.diagnostics.append(error("bad-period", message, span, hint))
        if status is None:
            text, span = status_text.strip(), row.span(2)
            message = f"unknown status '{text}'{cell_ref(span)}"
            guess = did_you_mean(text, STATUSES) if text else None
            hint = f"{guess} " if guess else ""
            hint += f"statuses: {STATUS_FORMS}"
            self.diagnostics.append(error("bad-status", message, span, hint))
        if project is None or period is None or status is None:
            return
        note = (row.texts[3].strip() or None) if count > 3 else None
        progress = ProgressRow(project, period, status, note, row.span(0), period_span=row.span(1))
        first = self._first_progress.setdefault((project, period), progress)
        if first is progress:
            self.progress.append(progress)
        elif first.status == status:
            message = f"project {project} {period} is given twice{cell_ref(progress.span)}"
            hint = f"first given at {_at(first.span)}; this row is ignored"
            span = progress.span.to(row.span(2))
            self.diagnostics.append(warning("duplicate-row", message, span, hint))
        else:
            span = row.span(2)
            message = f"project {project} {period} is {status} here but {first.status} before"
            message += cell_ref(span)
            hint = f"first given at {_at(first.span)}; keep one of the two rows"
            self.diagnostics.append(error("conflicting-rows", message, span, hint))


def _shown(value: float | None, reason: str | None) -> str:
    if value is not None:
        return number_text(value)
    return f"'{reason}' (no figure)" if reason else "blank"


def _at(span: Span) -> str:
    return f"{span.path}:{span.line}{cell_ref(span)}"
