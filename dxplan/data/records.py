"""The records data files become: observations and roadmap progress, with their cells' spans.

Every later stage reads these; none of them needs the readers that made them (a figure
read in bulk finds its cell, when it is shown, by the text reader's own rules).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from operator import itemgetter
from typing import TYPE_CHECKING, Any, NamedTuple, overload

import attrs

from dxplan.data.text import Row, quoted_row
from dxplan.japanese import Year, YearKind
from dxplan.model import ProjectStatus, Stage
from dxplan.processes import Sending, shared
from dxplan.record import Record
from dxplan.source import Diagnostic, SourceFile, Span

if TYPE_CHECKING:
    from dxplan.model import Roadmap


@attrs.frozen(repr=False)
class Observation(Record):
    """One figure. `value` is None when the cell said there is none (the marker in
    `missing_reason`) or when it named a stage (未着手, 実施中, 完了) instead.

    `source` is the figure's 出典 from the data (a `source` column); `entity` the
    municipality or other part of the whole it is for (None: the whole plan's area).
    """

    series: str
    year: int
    value: float | None
    missing_reason: str | None
    note: str | None
    span: Span = attrs.field(eq=False)  # the series cell (long tables), the figure's (wide)
    stage: Stage | None = None  # a qualitative target's stage, where the value cell says one
    written: Year | None = attrs.field(default=None, eq=False)  # the year cell, as read
    source: str | None = attrs.field(default=None, kw_only=True)
    entity: str | None = attrs.field(default=None, kw_only=True)


@attrs.frozen(repr=False)
class ProgressRow(Record):
    project: int
    period: str  # canonical, "2024H1" or "2024H2"
    status: ProjectStatus  # never UNREPORTED
    note: str | None
    span: Span = attrs.field(eq=False)  # the project cell
    period_span: Span | None = attrs.field(default=None, eq=False, kw_only=True)


@attrs.frozen(repr=False)
class Entity(Record):
    """A municipality (or other part of the plan's area): its 全国地方公共団体コード (six
    digits, check digit included), its name and its kind (市, 町, 村 ...)."""

    code: str
    name: str
    kind: str | None = None


@attrs.frozen(repr=False)
class EntityList(Record):
    """The entities of one `entities` set, in file order, as read from its file."""

    set: str
    entities: tuple[Entity, ...]
    path: str


class EntityFigures:
    """The figures given per entity, in bulk: for each series, each entity's values by
    year, one dict per series and entity rather than one record per figure (a national
    data set has 1.7 million). Filled while loading, then only read.

    The entity is as the row wrote it (a name or a code) until validation keys it by code.
    A figure's row is kept as one integer, (file number << 32) | line, and becomes a span
    only when a message or explain needs it; a figure whose cell said there is none
    (`-`, `x`) has the value None and its reason in `extras`, with any note and source.
    """

    def __init__(self) -> None:
        self.values: dict[str, dict[str, dict[int, float | None]]] = {}
        self.rows: dict[str, dict[str, dict[int, int]]] = {}
        self.extras: dict[tuple[str, str, int], Extras] = {}
        self.sources: list[SourceFile] = []
        # a bulk-read file's delimiter and entity column, to place an entity's cell
        self.entity_cells: dict[int, tuple[str, int]] = {}

    def __len__(self) -> int:
        return sum(len(years) for per in self.values.values() for years in per.values())

    def file_of(self, source: SourceFile) -> int:
        """The number `source`'s rows are packed with (given on first use)."""
        if not self.sources or self.sources[-1] is not source:
            if source in self.sources:
                return self.sources.index(source)
            self.sources.append(source)
        return len(self.sources) - 1

    def put(self, series: str, entity: str, year: int, value: float | None, row: int,
            extras: Extras | None = None) -> None:
        self.values.setdefault(series, {}).setdefault(entity, {})[year] = value
        self.rows.setdefault(series, {}).setdefault(entity, {})[year] = row
        if extras is not None:
            self.extras[series, entity, year] = extras

    def has(self, series: str, entity: str, year: int) -> bool:
        return year in self.values.get(series, {}).get(entity, {})

    def row_span(self, row: int) -> Span:
        """The whole row a figure was read from."""
        source, line = self.sources[row >> 32], row & 0xFFFFFFFF
        return Span(source, line, 1, line, len(source.line(line)) + 1)

    def entity_span(self, row: int) -> Span:
        """The entity's cell of a row (the whole row where the cell cannot be placed)."""
        placed = self.entity_cells.get(row >> 32)
        if placed is None:
            return self.row_span(row)
        delimiter, column = placed
        source, line = self.sources[row >> 32], row & 0xFFFFFFFF
        cells = source.line(line).split(delimiter)
        start = sum(len(c) + 1 for c in cells[:column]) + 1
        return Span(source, line, start, line, start + max(len(cells[column]), 1))


@attrs.frozen(repr=False)
class Extras(Record):
    """What a per-entity figure carries besides its value: rare, so kept aside."""

    missing_reason: str | None = None
    note: str | None = None
    source: str | None = None


def pack_row(file: int, line: int) -> int:
    return (file << 32) | line


# the way every bulk-read year is written: a plain 2024 (an era year goes the careful way)
_PLAIN: dict[int, Year] = {}


class AreaFigures:
    """The whole area's figures read in bulk (a `series,year,value` table): for each series,
    its values by year, one dict per series rather than one record per figure. Only plain
    years and plain numbers are here, with no note and no source: a figure that carries
    more is an `Observation`.

    A figure's row is one integer, (file << 32) | line, `file` being the file's place in
    the load: the number orders it among every record read, and becomes a span (the
    series cell, as the careful reader places it) only when a message or a trace needs it.
    """

    def __init__(self) -> None:
        self.values: dict[str, dict[int, float]] = {}
        self.rows: dict[str, dict[int, int]] = {}
        # each file's text, delimiter, and series and value columns, to place a cell
        self.files: dict[int, tuple[SourceFile, str, int, int]] = {}

    def __len__(self) -> int:
        return sum(map(len, self.values.values()))

    def __reduce__(self) -> tuple[Any, ...]:
        # a child process's results hold figures read in bulk (`AreaRead`, an input not yet
        # placed): the parent holds the same figures (processes.Sending)
        if Sending.active and id(self) in Sending.shared:
            return shared, (id(self),)
        return _figures_again, (self.__dict__,)

    def row(self, row: int) -> Row:
        """The row a figure was read from, its cells placed as the careful reader places them."""
        source, delimiter, _series, _value = self.files[row >> 32]
        line = (row & 0xFFFFFFFF) - 1
        text = source.lines[line]
        if '"' in text:  # its quoted cells close on the line: bulk reading took them so
            found = quoted_row(source, source.lines, line, delimiter)
            assert not isinstance(found, Diagnostic)
            return found[0]
        return Row(source, line, text.split(delimiter))

    def span(self, row: int) -> Span:
        """The series cell of a figure's row: where the careful reader's record points."""
        return self.row(row).span(self.files[row >> 32][2])

    def value_at(self, row: int) -> int:
        """The column of the value in a figure's row."""
        return self.files[row >> 32][3]

    def observation(self, series: str, year: int) -> Observation:
        """The figure as the record the careful reader would have made of its row."""
        row = self.rows[series][year]
        written = _PLAIN.get(year) or _PLAIN.setdefault(year, Year(year, YearKind.PLAIN))
        return Observation(series, year, self.values[series][year], None, None,
                           self.span(row), None, written)

    def read(self, series: str, year: int) -> AreaRead | None:
        """The figure of `series` in `year` as a formula reads it, if there is one."""
        value = self.values.get(series, {}).get(year)
        if value is None:
            return None
        return AreaRead(series, year, value, self.rows[series][year], self)

    def without(self, gone: Iterable[tuple[str, int]]) -> AreaFigures:
        """A copy with the figures of `gone` (series, year) left out; this one unchanged."""
        out = AreaFigures()
        out.values, out.rows, out.files = dict(self.values), dict(self.rows), self.files
        for series, year in gone:
            if series in out.values and year in out.values[series]:
                values, rows = dict(out.values[series]), dict(out.rows[series])
                del values[year], rows[year]
                out.values[series], out.rows[series] = values, rows
        for series in [s for s, years in out.values.items() if not years]:
            del out.values[series], out.rows[series]
        return out

    def pop(self, series: str, year: int) -> int:
        """Take a figure out while loading (a careful row before it gives the same figure);
        its row."""
        del self.values[series][year]
        row = self.rows[series].pop(year)
        if not self.values[series]:
            del self.values[series], self.rows[series]
        return row


def _figures_again(state: dict[str, Any]) -> AreaFigures:
    figures = AreaFigures.__new__(AreaFigures)
    figures.__dict__.update(state)
    return figures


class AreaRead(NamedTuple):
    """A whole-area figure read in bulk, as a formula and a trace read it: a reference
    that becomes a span only when shown."""

    series: str
    year: int
    value: float
    row: int
    figures: AreaFigures

    @property
    def stage(self) -> Stage | None:
        return None

    @property
    def missing_reason(self) -> str | None:
        return None

    @property
    def span(self) -> Span:
        return self.figures.span(self.row)


class Observations(Sequence[Observation]):
    """Every whole-area figure of a load, in file order: the records of the rows read the
    careful way (`careful`, each at its place in `places`: (file << 32) | line, or
    file << 32 in a workbook, whose records keep their order), and the figures read in
    bulk (`area`), made into records only when something iterates over them. The
    pipeline's own stages read `careful` and `area` as they are; a 100,000-row table
    costs no record per row."""

    __slots__ = ("_all", "area", "careful", "places")

    def __init__(self, careful: Sequence[Observation] = (), places: Sequence[int] = (),
                 area: AreaFigures | None = None) -> None:
        self.careful = tuple(careful)
        self.places = tuple(places) if area is not None else ()
        self.area = area if area is not None and area.values else None
        self._all: tuple[Observation, ...] | None = None if self.area else self.careful

    def records(self) -> tuple[Observation, ...]:
        if self._all is None:
            area = self.area
            assert area is not None and len(self.places) == len(self.careful)
            placed = [(place, obs) for place, obs in zip(self.places, self.careful,
                                                         strict=True)]
            placed += [(row, area.observation(series, year))
                       for series, rows in area.rows.items() for year, row in rows.items()]
            # stable: the careful records that share a place keep their order
            placed.sort(key=lambda pair: pair[0])
            self._all = tuple(obs for _place, obs in placed)
        return self._all

    def firsts(self, keep: Callable[[str], bool]) -> list[Observation]:
        """The first record of each series `keep` accepts, in file order."""
        found: dict[str, tuple[int, int]] = {}  # series -> (place, careful index or year)
        careful = self.careful
        places = self.places or [0] * len(careful)
        for index, (obs, place) in enumerate(zip(careful, places, strict=True)):
            if obs.series not in found and keep(obs.series):
                found[obs.series] = (place, index)
        area = self.area
        bulk: set[str] = set()
        for series, rows in (area.rows.items() if area is not None else ()):
            if keep(series):
                year, row = min(rows.items(), key=itemgetter(1))
                if series not in found or row < found[series][0]:
                    found[series] = (row, year)
                    bulk.add(series)
        out = sorted(found.items(), key=itemgetter(1))
        return [area.observation(series, at) if area is not None and series in bulk
                else careful[at] for series, (_place, at) in out]

    def kept(self, keep: Callable[[Observation], bool]) -> Observations:
        """These figures less the careful records `keep` refuses."""
        chosen = [i for i, obs in enumerate(self.careful) if keep(obs)]
        if len(chosen) == len(self.careful):
            return self
        return Observations([self.careful[i] for i in chosen],
                            [self.places[i] for i in chosen] if self.places else (), self.area)

    def series(self) -> set[str]:
        """Every series with a figure here."""
        return {o.series for o in self.careful} | set(self.area.values if self.area else ())

    def __len__(self) -> int:
        return len(self.careful) + (len(self.area) if self.area is not None else 0)

    def __iter__(self) -> Iterator[Observation]:
        return iter(self.records())

    @overload
    def __getitem__(self, index: int) -> Observation: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Observation, ...]: ...
    def __getitem__(self, index: int | slice) -> Observation | tuple[Observation, ...]:
        return self.records()[index]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Observations | tuple | list):
            return self.records() == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.records())

    def __add__(self, other: Sequence[Observation]) -> tuple[Observation, ...]:
        return self.records() + tuple(other)

    def __radd__(self, other: Sequence[Observation]) -> tuple[Observation, ...]:
        return tuple(other) + self.records()

    def __repr__(self) -> str:
        return repr(self.records())


def as_observations(found: Iterable[Observation]) -> Observations:
    return found if isinstance(found, Observations) else Observations(tuple(found))


@attrs.frozen(repr=False)
class DataSet(Record):
    # given as any sequence of records (a tuple in a test), kept as `Observations`
    observations: Observations = attrs.field(factory=Observations, converter=as_observations)
    progress: tuple[ProgressRow, ...] = ()
    files: tuple[str, ...] = ()
    # per-entity figures (a municipality column), and the entity sets' lists
    by_entity: EntityFigures = attrs.field(factory=EntityFigures, eq=False)
    entity_lists: tuple[EntityList, ...] = ()


def period_year(period: str) -> int:
    """The fiscal year of a canonical period such as '2024H2'."""
    return int(period[:-2])


def rows_for(roadmap: Roadmap, rows: Iterable[ProgressRow]) -> tuple[ProgressRow, ...]:
    """The rows reporting on `roadmap`: those whose period lies in its fiscal year."""
    return tuple(row for row in rows if period_year(row.period) == roadmap.year)
