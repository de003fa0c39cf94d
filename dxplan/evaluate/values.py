"""Each measure's values by year: its own data series, or its formula evaluated year by year
on the series and measures it reads, in dependency order (a chain of any length is fine).

A year's value is computed with the definition in force in that year (a revised formula
applies from the year of its revision), so the past keeps the values it had.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator, Mapping, Sequence

from dxplan import formula
from dxplan.data.records import AreaFigures, AreaRead, EntityFigures, Observation, Observations
from dxplan.evaluate.entity_values import EntityRead, EntityValues
from dxplan.model import Measure, Plan, Stage
from dxplan.results import Input, YearChoice
from dxplan.source import Diagnostic, warning
from dxplan.spec.ast import Var, walk_expr

# at least this share of the scored indicators must have a value in a year for it to be
# the year evaluated by default (docs/language.md, "The year evaluated")
DEFAULT_YEAR_SHARE = 0.5


class Derived:
    """A measure's values by year, each with the observations behind it."""

    def __init__(self) -> None:
        # by year, in no particular order (`years` gives the order); read only
        self.values: Mapping[int, float] = {}
        # the observations behind each value; made into `Input` records only for the
        # year shown (100k records for a large plan otherwise)
        self.inputs: Mapping[int, tuple[Input_, ...]] = {}
        self.problems: dict[int, str] = {}
        self.stages: dict[int, Stage] = {}  # a qualitative target's data
        self._years: list[int] | None = None  # filled once, after the values are complete

    def latest(self, year: int) -> int | None:
        years = self.years()
        at = bisect.bisect_right(years, year)
        return years[at - 1] if at else None

    def years(self) -> list[int]:
        if self._years is None:
            # without stages, the values' years alone (a set of them would be made for
            # every indicator of a large plan only to be sorted again)
            self._years = sorted(self.values.keys() | self.stages.keys()) if self.stages \
                else sorted(self.values)
        return self._years


Input_ = Observation | AreaRead | EntityRead
Figure = Observation | AreaRead  # a whole-area figure, as read carefully or in bulk


class _AreaInputs(Mapping[int, tuple[Input_, ...]]):
    """The inputs of a measure whose values are its own figures, all read in bulk: each
    year's made when it is asked for (the year shown), not one per figure."""

    __slots__ = ("_area", "_series")

    def __init__(self, area: AreaFigures, series: str) -> None:
        self._area, self._series = area, series

    def __getitem__(self, year: int) -> tuple[Input_, ...]:
        found = self._area.read(self._series, year)
        if found is None:
            raise KeyError(year)
        return (found,)

    def __iter__(self) -> Iterator[int]:
        return iter(self._area.values.get(self._series, {}))

    def __len__(self) -> int:
        return len(self._area.values.get(self._series, {}))


class Values:
    """The yearly values of every measure of a plan, from one set of observations and the
    figures given per entity."""

    def __init__(self, plan: Plan, observations: Sequence[Observation],
                 by_entity: EntityFigures | None = None) -> None:
        self.plan = plan
        self.measures = {m.id: m for m in plan.measures}
        # the figures read in bulk are kept as they were read, each series' merged with
        # its careful records when a measure first reads it
        found = observations if isinstance(observations, Observations) \
            else Observations(tuple(observations))
        self._careful: dict[str, dict[int, Observation]] = {}
        for obs in found.careful:
            self._careful.setdefault(obs.series, {})[obs.year] = obs
        self._area = found.area if found.area is not None else AreaFigures()
        self._series: dict[str, dict[int, Figure]] = {}
        self.figures = by_entity if by_entity is not None else EntityFigures()
        self.entities = EntityValues(self.measures, self.figures, self.lookup)
        self.diagnostics: list[Diagnostic] = []
        self._derived: dict[str, Derived] = {}
        for ident in _dependency_order(plan.measures):
            self._derived[ident] = self._derive(self.measures[ident])

    @property
    def area(self) -> AreaFigures:
        """The whole area's figures read in bulk."""
        return self._area

    def of(self, ident: str) -> Derived:
        return self._derived[ident]

    def series(self, name: str) -> dict[int, Figure]:
        """The whole area's figures of the series `name`, by year."""
        found = self._series.get(name)
        if found is None:
            area = self._area
            values, rows = area.values.get(name, {}), area.rows.get(name, {})
            found = {year: AreaRead(name, year, value, rows[year], area)
                     for year, value in values.items()}
            found.update(self._careful.get(name, {}))
            self._series[name] = found
        return found

    def _years_of(self, name: str) -> set[int]:
        return set(self._area.values.get(name, ())) | set(self._careful.get(name, ()))

    def _derive(self, measure: Measure) -> Derived:
        out = Derived()
        ident = measure.id
        values: dict[int, float] = {}
        inputs: dict[int, tuple[Input_, ...]] = {}
        out.values, out.inputs = values, inputs
        if not _has_formula(measure):
            bulk = self._area.values.get(ident)
            if bulk is not None and ident not in self._careful:  # every figure plain
                # the figures as read, not copied: most of a large plan's measures
                out.values, out.inputs = bulk, _AreaInputs(self._area, ident)
                return out
            for year, obs in sorted(self.series(ident).items()):
                if obs.stage is not None:
                    out.stages[year] = obs.stage
                    inputs[year] = (obs,)
                elif obs.value is not None:
                    values[year] = obs.value
                    inputs[year] = (obs,)
                else:
                    out.problems[year] = f"'{ident}' is missing in {year} ({obs.missing_reason})"
            return out
        for year in sorted(self._formula_years(measure)):
            expr = measure.in_force(year).formula
            if expr is None:  # a year before a formula was given: the series itself
                own = self.series(ident).get(year)
                if own is not None and own.value is not None:
                    values[year], inputs[year] = own.value, (own,)
                continue
            used: list[Input_] = []
            outcome = formula.evaluate(expr, self._lookup(ident, used), year,
                                       self.entities.reader(ident, used))
            if outcome.value is None:
                out.problems[year] = outcome.problem or "no value"
                if outcome.problem and not outcome.problem.startswith("no value"):
                    self.diagnostics.append(warning(
                        "formula-no-value", f"'{ident}' has no value in {year}: "
                        f"{outcome.problem}", expr.span))
            else:
                values[year] = outcome.value
                inputs[year] = tuple(used)
        return out

    def _formula_years(self, measure: Measure) -> set[int]:
        """The years a formula can be evaluated in: those its year-following reads have
        (every formula the measure has had: each year uses the one then in force)."""
        years: set[int] = set()
        reads = [v for d in _definitions(measure) if d.formula is not None
                 for v in formula.reads_in_year(d.formula)]
        if any(d.formula is None for d in _definitions(measure)):
            years |= self._years_of(measure.id)
        for var in reads:
            if var.name in self.measures and var.name != measure.id:
                years |= set(self._derived[var.name].values)
            else:
                years |= self._years_of(var.name)
            years |= set(self.entities.by_year(var.name, measure.id))
        return years

    def lookup(self, ident: str) -> formula.Lookup:
        """What the formula of `ident` reads for the whole area (untraced)."""
        return self._lookup(ident, [])

    def _lookup(self, ident: str, used: list[Input_]) -> formula.Lookup:
        def lookup(name: str, year: int) -> float | None:
            if name in self.measures and name != ident:
                other = self._derived[name]
                value = other.values.get(year)
                used.extend(other.inputs.get(year, ()))
                return value
            obs = self.series(name).get(year)
            if obs is None:
                return None
            used.append(obs)
            return obs.value

        return lookup

    # --- the year evaluated -------------------------------------------------------------

    def default_year(self) -> YearChoice:
        """The latest year in which at least half of the scored indicators have a value
        (goals when the plan has no scored indicator); failing that, the latest year with
        any value; failing that, the plan's first year."""
        judged = [m for m in self.plan.indicators if m.targeted] or \
            [m for m in self.plan.goals if m.targeted]
        derived = [self._derived[m.id] for m in judged]
        # the years from the latest down, each counted until one has enough: a large plan
        # has a figure for every indicator in every year, and the latest is the one
        years = sorted(set().union(*(d.values for d in derived),
                                   *(d.stages for d in derived if d.stages)), reverse=True)
        for year in years:
            have = sum(1 for d in derived if year in d.values or year in d.stages)
            if have >= DEFAULT_YEAR_SHARE * len(judged):
                return YearChoice(year, "data", have, len(judged))
        if years:
            have = sum(1 for d in derived if years[0] in d.values or years[0] in d.stages)
            return YearChoice(years[0], "latest", have, len(judged))
        return YearChoice(self.plan.start, "plan", 0, len(judged))

    def later_figures(self, year: int) -> Diagnostic | None:
        """A warning naming the figures dated after `year`: reported, never used."""
        derived = self._derived.values()
        # usually there are none: found in one pass in C, not measure by measure
        if max(set().union(*(d.values for d in derived), *(d.stages for d in derived)),
               default=year) <= year:
            return None
        later = [(obs.year, obs) for m in self.plan.measures
                 for obs in self._inputs_after(m, year)]
        if not later:
            return None
        latest, first = max(later, key=lambda p: (p[0], p[1].series))
        many = len(later) > 1
        return warning("later-figures", f"{len(later)} figure{'s' if many else ''} dated "
                       f"after {year} (up to {latest}) {'are' if many else 'is'} not used",
                       first.span,
                       f"evaluate them with --year {latest}, or set year in dxplan.toml")

    def _inputs_after(self, m: Measure, year: int) -> Iterable[Figure]:
        derived = self._derived[m.id]
        for y in derived.years():
            if y > year:
                yield from (o for o in derived.inputs.get(y, ())[:1]
                            if isinstance(o, Observation | AreaRead))



def _dependency_order(measures: Sequence[Measure]) -> list[str]:
    """Measures in an order where each comes after those its formula reads; iterative, so a
    chain of any length is fine. (The checker has already refused a circle.)"""
    ids = {m.id for m in measures}
    # a measure without a formula reads no other: first, in plan order (most of a plan)
    plain = [m.id for m in measures if not _has_formula(m)]
    reads = {m.id: [n.name for d in _definitions(m) for n in walk_expr(d.formula)
                    if isinstance(n, Var) and n.name in ids and n.name != m.id]
             for m in measures if _has_formula(m)}
    order: list[str] = plain
    state: dict[str, int] = dict.fromkeys(plain, 2)  # 1 on the stack, 2 done
    for start in reads:
        if start in state:
            continue
        stack = [(start, iter(reads[start]))]
        state[start] = 1
        while stack:
            ident, pending = stack[-1]
            nxt = next((n for n in pending if n not in state), None)
            if nxt is None:
                stack.pop()
                state[ident] = 2
                order.append(ident)
            else:
                state[nxt] = 1
                stack.append((nxt, iter(reads[nxt])))
    return order


def input_of(obs: Input_, figures: EntityFigures) -> Input:
    if isinstance(obs, AreaRead):
        return Input(obs.series, obs.year, obs.value, obs)  # placed when shown
    if isinstance(obs, EntityRead):
        span = figures.row_span(obs.row) if obs.row is not None else None
        return Input(obs.series, obs.year, None, span, entities=obs.entities)
    return Input(obs.series, obs.year, obs.value, obs.span, obs.missing_reason,
                 obs.stage.value if obs.stage is not None else None)


def _definitions(measure: Measure) -> list[Measure]:
    return [measure, *(r.measure for r in measure.revisions)]


def _has_formula(measure: Measure) -> bool:
    return measure.formula is not None or \
        any(r.measure.formula is not None for r in measure.revisions)
