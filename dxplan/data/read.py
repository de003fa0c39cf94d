"""Observations and roadmap progress from CSV, TSV and Excel (.xlsx) files.

`load_data` reads files and folders into a `DataSet` and returns every problem as a
Diagnostic whose span is the offending cell (file, 1-based line and column), so one run
reports them all. `dxplan.datafiles` finds the files; text files become rows in
`dxplan.datatext`, workbooks in `dxplan.xlsx`; `dxplan.datatable` reads a table's header
and fits its rows to it; this module turns the rows into records.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence

from dxplan import cache
from dxplan.data.cells import (
    PERIOD_FORMS,
    STATUS_FORMS,
    STATUSES,
    Missing,
    parse_period,
    parse_project,
    parse_status,
    parse_value,
    value_hint,
)
from dxplan.data.files import DATA_SUFFIXES, expand, read_bytes
from dxplan.data.records import DataSet, Observation, ProgressRow
from dxplan.data.table import (
    HEADER_HINT,
    KINDS,
    OBSERVATION_COLUMNS,
    PROGRESS_COLUMNS,
    bad_header,
    fit,
    header_names,
    match_header,
    near_header_word,
)
from dxplan.data.text import Row, decode, text_rows
from dxplan.data.xlsx import (
    cell_ref,
    is_workbook,
    number_text,
    read_workbook,
    sheet_table,
    unsaved_formulas,
)
from dxplan.japanese import YEAR_FORMS, parse_year
from dxplan.source import Diagnostic, SourceFile, Span, did_you_mean, error, warning

__all__ = [
    "DATA_SUFFIXES", "OBSERVATION_COLUMNS", "PROGRESS_COLUMNS", "DataSet", "Observation",
    "ProgressRow", "check_progress", "check_series", "load_data", "load_data_bytes",
]  # fmt: skip

# A figure as most files write it ("12.5", "-3", "1234"): read by float() alone, which
# gives what parse_value would. Anything else ("1,234", "30%", "△5", " 7", "1e3", "1_000",
# "nan") takes the full parser.
_PLAIN_NUMBER = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)")


def load_data(paths: Sequence[str]) -> tuple[DataSet, list[Diagnostic]]:
    """Read data files and folders (their *.csv, *.tsv, *.xlsx, not recursively).

    Files are read in path order, so "first" and "second" in duplicate checks and the
    order of the records are the same on every run whatever order `paths` came in.
    """
    loader = _Loader()
    for path in expand(paths, loader.diagnostics):
        raw = read_bytes(path, loader.diagnostics)
        if raw is not None:
            loader.load_bytes(path, raw)
    return loader.result()


def load_data_bytes(files: Sequence[tuple[str, bytes]]) -> tuple[DataSet, list[Diagnostic]]:
    """Data files given as (name, bytes), read as `load_data` reads files of those names."""
    loader = _Loader()
    for path, raw in sorted(files):
        loader.load_bytes(path, raw)
    return loader.result()


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
        message = f"series '{obs.series}' is not used by the plan{cell_ref(obs.span)}"
        out.append(warning("unknown-series", message, obs.span, hint))
    return out


def check_progress(
    rows: Iterable[ProgressRow], projects: Mapping[int, str], year: int
) -> list[Diagnostic]:
    """Progress rows against the roadmap: known project numbers, periods in its fiscal year."""
    out: list[Diagnostic] = []
    for row in rows:
        if row.project not in projects:
            message = f"project {row.project} is not in the roadmap{cell_ref(row.span)}"
            hint = _project_hint(row.project, projects)
            out.append(error("unknown-project", message, row.span, hint))
        match = re.fullmatch(r"([0-9]{4})H[12]", row.period)
        if match is None or int(match.group(1)) != year:
            span = row.period_span or row.span
            message = f"period {row.period} is outside fiscal {year}{cell_ref(span)}"
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


class _Loader:
    """Accumulates records and diagnostics over every file of one load."""

    def __init__(self) -> None:
        self.observations: list[Observation] = []
        self.progress: list[ProgressRow] = []
        self.diagnostics: list[Diagnostic] = []
        self.files: list[str] = []
        self._first_observation: dict[tuple[str, int], Observation] = {}
        self._first_progress: dict[tuple[int, str], ProgressRow] = {}
        # a file has few distinct year cells; parse_year is pure, so each is read once
        self._years: dict[str, int | None] = {}

    def result(self) -> tuple[DataSet, list[Diagnostic]]:
        data = DataSet(tuple(self.observations), tuple(self.progress), tuple(self.files))
        return data, self.diagnostics

    def load_bytes(self, path: str, data: bytes) -> None:
        if path.lower().endswith(".xlsx"):
            self._load_workbook(path, data)
            return
        self.files.append(path)
        source = decode(path, data)
        if isinstance(source, Diagnostic):
            self.diagnostics.append(source)
            return
        rows, problems = text_rows(path, source)
        self._table(source, rows, required=True)
        self.diagnostics.extend(problems)

    def _load_workbook(self, path: str, raw: bytes) -> None:
        # an unchanged workbook's cells come from the cache, without importing openpyxl
        sheets = cache.get("xlsx", raw)
        if not is_workbook(sheets):
            try:
                sheets = read_workbook(raw)
            # a damaged workbook raises anything from BadZipFile to KeyError: "unreadable"
            except Exception as exc:
                message = f"cannot read {path} as an Excel workbook: {exc}"
                hint = "open it in Excel and save it again as .xlsx"
                self.diagnostics.append(error("bad-file", message, None, hint))
                return
            cache.put("xlsx", raw, sheets)
        self.files.append(path)
        tables = [sheet_table(f"{path}:{sheet.title}", sheet.grid) for sheet in sheets]
        # a workbook may carry notes on other sheets; only one with no data sheet is an error
        loaded = [self._table(source, rows, required=False) for source, rows in tables]
        for sheet, (_source, rows), used in zip(sheets, tables, loaded, strict=True):
            self.diagnostics.extend(unsaved_formulas(sheet, rows) if used else [])
        if tables and not any(loaded):
            message = f"no sheet of {path} starts with a data header"
            span = Span.point(tables[0][0], 1, 1)
            self.diagnostics.append(error("bad-header", message, span, HEADER_HINT))

    def _table(self, source: SourceFile, rows: Sequence[Row], *, required: bool) -> bool:
        """Load one table; False (for a worksheet) when it is not meant as data at all."""
        body = [row for row in rows if not row.blank]
        if not body:
            if required:
                span = Span.point(source, 1, 1)
                message = f"{source.path} is empty"
                self.diagnostics.append(error("bad-header", message, span, HEADER_HINT))
            return required
        names = header_names(body[0])
        matched = match_header(names)
        if matched is None:
            # a worksheet is skipped as notes unless some header cell looks like one of ours,
            # so a misspelt or wide-format data sheet is reported rather than ignored
            if not required and not any(near_header_word(name) for name in names):
                return False
            self.diagnostics.append(bad_header(body[0], names))
            return True
        kind, width = matched
        columns = KINDS[kind]
        read = self._observation if kind == "observations" else self._progress
        for row in body[1:]:
            count = len(row.texts)
            if count != width:  # only then can cells be trimmed, extra or missing
                fitted = fit(row, width, columns)
                if isinstance(fitted, Diagnostic):
                    self.diagnostics.append(fitted)
                    continue
                count = fitted
            read(row, count)
        return True

    def _year(self, text: str) -> int | None:
        try:
            return self._years[text]
        except KeyError:
            year = self._years[text] = parse_year(text)
            return year

    def _observation(self, row: Row, count: int) -> None:
        series_text, year_text, value_text = row.texts[:3]
        note = (row.texts[3].strip() or None) if count > 3 else None
        series = series_text.strip()
        year = self._year(year_text)
        if not series:
            span = row.span(0)
            message = f"row has no series name{cell_ref(span)}"
            hint = "name the data series, as the plan's indicators and formulas do"
            self.diagnostics.append(error("bad-row", message, span, hint))
        if year is None:
            span = row.span(1)
            message = f"cannot read '{year_text.strip()}' as a year{cell_ref(span)}"
            hint = f"write a fiscal year: {YEAR_FORMS}"
            self.diagnostics.append(error("bad-year", message, span, hint))
        value = None if row.numbers is None else row.numbers[2]
        reason: str | None = None
        if value is None:
            parsed = _value(value_text)
            if parsed is None:
                text, span = value_text.strip(), row.span(2)
                message = f"cannot read '{text}' as a value{cell_ref(span)}"
                self.diagnostics.append(error("bad-value", message, span, value_hint(text)))
                return
            if isinstance(parsed, Missing):
                reason = parsed.reason
            else:
                value = parsed
        if not series or year is None:
            return
        obs = Observation(series, year, value, reason, note, row.span(0))
        first = self._first_observation.setdefault((series, year), obs)
        if first is obs:
            self.observations.append(obs)
        elif (first.value, first.missing_reason) == (value, reason):
            message = f"{series} {year} is given twice{cell_ref(obs.span)}"
            hint = f"first given at {_at(first.span)}; this row is ignored"
            span = obs.span.to(row.span(2))
            self.diagnostics.append(warning("duplicate-row", message, span, hint))
        else:
            shown, earlier = _shown(value, reason), _shown(first.value, first.missing_reason)
            span = row.span(2)
            message = f"{series} {year} is {shown} here but {earlier} before{cell_ref(span)}"
            hint = f"first given at {_at(first.span)}; keep one of the two rows"
            self.diagnostics.append(error("conflicting-rows", message, span, hint))

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


def _value(text: str) -> float | Missing | None:
    """What parse_value reads, a plain figure without its full grammar."""
    if _PLAIN_NUMBER.fullmatch(text):
        number = float(text)
        if math.isfinite(number):
            return number + 0.0  # "-0" is 0.0, as parse_value makes it
    return parse_value(text)


def _shown(value: float | None, reason: str | None) -> str:
    if value is not None:
        return number_text(value)
    return f"'{reason}' (no figure)" if reason else "blank"


def _at(span: Span) -> str:
    return f"{span.path}:{span.line}{cell_ref(span)}"
