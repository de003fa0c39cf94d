"""The records data files become: observations and roadmap progress, with their cells' spans.

Every later stage reads these; none of them needs the readers that made them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import attrs

from dxplan.japanese import Year
from dxplan.model import ProjectStatus, Stage
from dxplan.source import SourceFile, Span

if TYPE_CHECKING:
    from dxplan.model import Roadmap


@attrs.frozen
class Observation:
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


@attrs.frozen
class ProgressRow:
    project: int
    period: str  # canonical, "2024H1" or "2024H2"
    status: ProjectStatus  # never UNREPORTED
    note: str | None
    span: Span = attrs.field(eq=False)  # the project cell
    period_span: Span | None = attrs.field(default=None, eq=False, kw_only=True)


@attrs.frozen
class Entity:
    """A municipality (or other part of the plan's area): its 全国地方公共団体コード (six
    digits, check digit included), its name and its kind (市, 町, 村 ...)."""

    code: str
    name: str
    kind: str | None = None


@attrs.frozen
class EntityList:
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


@attrs.frozen
class Extras:
    """What a per-entity figure carries besides its value: rare, so kept aside."""

    missing_reason: str | None = None
    note: str | None = None
    source: str | None = None


def pack_row(file: int, line: int) -> int:
    return (file << 32) | line


@attrs.frozen
class DataSet:
    observations: tuple[Observation, ...] = ()
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
