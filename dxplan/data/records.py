"""The records data files become: observations and roadmap progress, with their cells' spans.

Every later stage reads these; none of them needs the readers that made them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import attrs

from dxplan.japanese import Year
from dxplan.model import ProjectStatus, Stage
from dxplan.source import Span

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
class DataSet:
    observations: tuple[Observation, ...] = ()
    progress: tuple[ProgressRow, ...] = ()
    files: tuple[str, ...] = ()


def period_year(period: str) -> int:
    """The fiscal year of a canonical period such as '2024H2'."""
    return int(period[:-2])


def rows_for(roadmap: Roadmap, rows: Iterable[ProgressRow]) -> tuple[ProgressRow, ...]:
    """The rows reporting on `roadmap`: those whose period lies in its fiscal year."""
    return tuple(row for row in rows if period_year(row.period) == roadmap.year)
