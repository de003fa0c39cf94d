"""Each entity's values: of the series given per entity (a municipality column), and of each
measure declared `by` an entity set.

A series' figures are turned year-major once (year -> entity -> value), so an aggregate
such as `mean(online_usage)` reads one dict per year. A `by` measure's value for an
entity is its own figure (no formula), the entity's figure of the series it aggregates
(`value = mean(online_usage)`: the commonest form, taken as it stands, with no formula
run), or else its formula evaluated for that entity, every series given per entity read
as the entity's figure (docs/language.md, "Municipalities").
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from dxplan import formula
from dxplan.model import Measure
from dxplan.spec.ast import Call, Expr, Var, walk_expr

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from dxplan.data.records import AreaRead, EntityFigures, Observation

PerEntity = dict[str, dict[int, float]]  # code -> year -> value


class EntityRead(NamedTuple):
    """An aggregate's read of a series given per entity: `entities` entities' figures of
    `year`; `row` the packed row of the first of them (for its span)."""

    series: str
    year: int
    entities: int
    row: int | None


class EntityValues:
    """`measures`: the plan's, by id; `lookup(ident)`: what the formula of `ident` reads
    for the whole area."""

    def __init__(self, measures: Mapping[str, Measure], figures: EntityFigures,
                 lookup: Callable[[str], formula.Lookup]) -> None:
        self._measures_by_id = measures
        self._lookup = lookup
        self._figures = figures
        self._missing = {series for series, _code, _year in figures.extras}
        self._by_year: dict[tuple[str, bool], dict[int, dict[str, float]] | None] = {}
        self._measures: dict[str, PerEntity] = {}

    # --- what aggregates read ---------------------------------------------------------

    def by_year(self, name: str, reading: str) -> dict[int, dict[str, float]]:
        """`name`'s figures per entity, year-major, as the formula of `reading` reads them
        (empty when it has none)."""
        return self._year_major(name, reading) or {}

    def _year_major(self, name: str, reading: str) -> dict[int, dict[str, float]] | None:
        measure = self._measures_by_id.get(name)
        is_measure = measure is not None and measure.by is not None and name != reading
        key = (name, is_measure)
        if key not in self._by_year:
            per = self.of_measure(name) if is_measure else self._series(name)
            table: dict[int, dict[str, float]] | None = None
            if per is not None:
                table = {}
                for code, years in per.items():
                    for year, value in years.items():
                        table.setdefault(year, {})[code] = value
            self._by_year[key] = table
        return self._by_year[key]

    def reader(self, reading: str, used: list[Observation | AreaRead | EntityRead]
               ) -> formula.EntityLookup:
        """What the formula of `reading` reads per entity; each (series, year) read is
        added to `used` once, for tracing."""
        seen: set[tuple[str, int]] = set()

        def lookup(name: str, year: int) -> dict[str, float] | None:
            table = self._year_major(name, reading)
            if table is None:
                return None
            each = table.get(year, {})
            if (name, year) not in seen:
                seen.add((name, year))
                used.append(EntityRead(name, year, len(each), self._first_row(name, year)))
            return each

        return lookup

    def _series(self, name: str) -> PerEntity | None:
        per = self._figures.values.get(name)
        if per is None or name not in self._missing:
            return per  # type: ignore[return-value]  # no None among them
        return {code: {y: v for y, v in years.items() if v is not None}
                for code, years in per.items()}

    def _first_row(self, name: str, year: int) -> int | None:
        rows = self._figures.rows.get(name)
        if not rows:
            return None
        found = [r[year] for r in rows.values() if year in r]
        return min(found) if found else None

    # --- a `by` measure's value for each entity ---------------------------------------

    def of_measure(self, ident: str) -> PerEntity:
        """Each entity's values of the measure `ident` (declared `by` a set)."""
        if ident not in self._measures:
            self._measures[ident] = self._compute(self._measures_by_id[ident])
        return self._measures[ident]

    def _compute(self, m: Measure) -> PerEntity:
        formulas = {d.formula for d in (m, *(r.measure for r in m.revisions))}
        if formulas == {None}:
            return self._series(m.id) or {}
        if len(formulas) == 1:
            (only,) = formulas
            name = aggregated_series(only) if only is not None else None
            if name is not None:  # mean(series): each entity's figure of the series
                other = self._measures_by_id.get(name)
                if other is None or other.by is None or name == m.id:
                    return self._series(name) or {}  # a series: as it was read
                table = self._year_major(name, m.id) or {}
                out: PerEntity = {}
                for year, each in table.items():
                    for code, value in each.items():
                        out.setdefault(code, {})[year] = value
                return out
        return self._evaluated(m)

    def _evaluated(self, m: Measure) -> PerEntity:
        """The formula run for each entity and year (any formula; the slow way)."""
        definitions = [m, *(r.measure for r in m.revisions)]
        names = {v.name for d in definitions for v in walk_expr(d.formula)
                 if isinstance(v, Var)}
        tables = [t for n in sorted(names) if (t := self._year_major(n, m.id)) is not None]
        codes = sorted({code for t in tables for each in t.values() for code in each})
        years = sorted({year for t in tables for year in t})
        def entities(name: str, year: int) -> dict[str, float] | None:
            table = self._year_major(name, m.id)
            return None if table is None else table.get(year, {})

        lookup = self._lookup(m.id)
        out: PerEntity = {}
        for year in years:
            expr = m.in_force(year).formula
            for code in codes:
                if expr is None:
                    own = (self._series(m.id) or {}).get(code, {}).get(year)
                    value = own
                else:
                    value = formula.evaluate_for_entity(expr, lookup, entities, code,
                                                        year).value
                if value is not None:
                    out.setdefault(code, {})[year] = value
        return out


def aggregated_series(expr: Expr) -> str | None:
    """The series `expr` aggregates when it is just `mean(s)`, `median(s)`, `sum(s)`,
    `min(s)` or `max(s)`: for one entity, its own figure of `s`."""
    if isinstance(expr, Call) and len(expr.args) == 1 and isinstance(expr.args[0], Var):
        function = formula.FUNCTIONS.get(expr.func)
        if function is not None and function.aggregate:
            return expr.args[0].name
    return None
