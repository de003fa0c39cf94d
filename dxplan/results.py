"""What evaluation produces and every view reads: plain records, no behaviour.

Each figure keeps what it was computed from (`inputs`, `history`, the matched grade
rule), so `explain` and the report can trace it to its sources without recomputing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Final, NamedTuple, Protocol, TypeVar, overload

import attrs

from dxplan.model import Dated, Deadline, Judge, Lifecycle, Revision, Stage
from dxplan.processes import Sending
from dxplan.record import Record
from dxplan.scoring import Status, Trend
from dxplan.source import Span, pickled_whole
from dxplan.spec.ast import Expr

if TYPE_CHECKING:
    from dxplan.progress import RoadmapResult

T = TypeVar("T")


@pickled_whole
@attrs.frozen(repr=False)
class Input(Record):
    """One observation a figure was computed from."""

    series: str
    year: int
    value: float | None
    # where it was read: its span, or a figure read in bulk, whose row is placed only when
    # shown (explain, the report's basis). Placing every input on every run split the
    # whole data file into lines in each process: 20-30 ms on the 5,000-indicator plan.
    place: Span | Placed | None = attrs.field(default=None, eq=False)
    missing_reason: str | None = None
    stage: str | None = None  # a qualitative target's stage (Stage), for a milestone
    # an aggregate's read of a series given per entity: how many entities' figures (value
    # None: the figures are the entities'; span: the first of their rows)
    entities: int = 0

    @property
    def span(self) -> Span | None:
        place = self.place
        return place if place is None or isinstance(place, Span) else place.span


class Placed(Protocol):
    """A figure that knows its row and places it when asked (data/records.py AreaRead)."""

    @property
    def span(self) -> Span: ...


class Point(NamedTuple):
    """A figure in one year: the value used (the latest at or before `year`, from
    `value_year`), its raw score and score, and the expected score of `expected_year`.

    A named tuple, not an attrs record like the rest: a large plan makes one for every
    indicator in every year (100,000 for 5,000 indicators), and a tuple is made in a third
    of the time of a frozen attrs instance."""

    year: int
    value: float | None
    raw: float | None
    score: float | None
    expected: float | None
    value_year: int | None = None
    expected_year: int | None = None


class Later(Sequence[T]):
    """A sequence worked out when first read, by the code and from the figures that would
    have made it at once: a large plan's histories (`History`), and the indicators of a
    KPI a child process evaluated and a view has already written (`Indicators`)."""

    __slots__ = ("_items", "_make")

    def __init__(self, make: Callable[[], tuple[T, ...]]) -> None:
        self._make: Callable[[], tuple[T, ...]] | None = make
        self._items: tuple[T, ...] | None = None

    def items(self) -> tuple[T, ...]:
        if self._items is None:
            assert self._make is not None
            self._items, self._make = self._make(), None
        return self._items

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[T, ...]: ...
    def __getitem__(self, index: int | slice) -> T | tuple[T, ...]:
        return self.items()[index]

    def __len__(self) -> int:
        return len(self.items())

    def __iter__(self) -> Iterator[T]:
        return iter(self.items())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Later | tuple):
            return self.items() == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.items())  # as the tuple of the items: equal ones hash alike

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.items()!r})"


class History(Later[Point]):
    """A figure's points by year, worked out when first read.

    The JSON and terminal views show each figure in the year evaluated, its change and its
    trend, which need two or three earlier years; the report's charts, `explain` and
    `history` read every year. A plan of 5,000 indicators over 20 years has 100,000
    points, so they are scored when a view first asks (by the same code, with the same
    figures), not on every run. `years` are the years of the points, when known before."""

    __slots__ = ("recipe", "years")

    def __init__(self, years: Sequence[int] | None,
                 make: Callable[[], tuple[Point, ...]],
                 recipe: Recipe | None = None) -> None:
        super().__init__(make)
        self.years = years
        self.recipe = recipe

    @classmethod
    def of(cls, points: Iterable[Point]) -> History:
        made = tuple(points)
        return cls([p.year for p in made], lambda: made)

    def points(self) -> tuple[Point, ...]:
        return self.items()

    def __reduce__(self) -> tuple[object, ...]:
        # sent by a child process (processes.Sending): the receiver works it out if a view reads it
        if Sending.active and self._items is None and self.recipe is not None:
            return _received, (self.years, self.recipe)
        return History.of, (self.points(),)


class Indicators(Later["MeasureResult"]):
    """A KPI's indicators as a child process sent them once a view had written them
    (evaluate/workers.py `Beside`): as the recipe of the KPI and the year, worked out again
    here only if something reads them. The JSON view writes each KPI's text where it is
    evaluated, and the indicators of half a large plan then cost 60 ms and more to pickle,
    send and read back for nothing."""

    __slots__ = ("recipe",)

    def __init__(self, recipe: tuple[str, int],
                 make: Callable[[], tuple[MeasureResult, ...]] | None = None) -> None:
        super().__init__(make or _unsent)
        self.recipe = recipe

    def __reduce__(self) -> tuple[object, ...]:
        if Sending.active and self._items is None:
            return _indicators_received, (self.recipe,)
        return tuple, (self.items(),)


def _unsent() -> tuple[MeasureResult, ...]:
    raise ValueError("indicators to be sent as their recipe, read before they were sent")


# what a history is the history of: ("measure", id) or ("kpi", id)
Recipe = tuple[str, str]


class Remake(Protocol):
    """How the process that receives a child's results works out what was sent as a
    recipe, as the child would have (the evaluator)."""

    def history_again(self, recipe: Recipe, years: Sequence[int]
                      ) -> Callable[[], tuple[Point, ...]]: ...

    def indicators_again(self, kpi: str, year: int) -> Callable[[], tuple[MeasureResult, ...]]:
        ...


_remake: list[Remake] = []


@contextmanager
def receiving(remake: Remake) -> Iterator[None]:
    """Read results a child sent with histories or indicators as recipes
    (`processes.Sending`): `remake` works each out from its recipe when it is read."""
    _remake.append(remake)
    try:
        yield
    finally:
        _remake.pop()


def _remaking() -> Remake:
    if not _remake:
        raise ValueError("a result sent as a recipe, read outside `receiving`")
    return _remake[-1]


def _received(years: Sequence[int], recipe: Recipe) -> History:
    return History(years, _remaking().history_again(recipe, years), recipe)


def _indicators_received(recipe: tuple[str, int]) -> Indicators:
    return Indicators(recipe, _remaking().indicators_again(*recipe))


NO_HISTORY: Final = History.of(())


@pickled_whole
@attrs.frozen(repr=False)
class YearChoice(Record):
    """The year evaluated, and how it was chosen (every view says so)."""

    year: int
    how: str  # given (--year), config (dxplan.toml), data, latest, plan
    have: int = 0  # scored indicators with a value in `year` (data, latest)
    of: int = 0  # scored indicators in all


@pickled_whole
@attrs.frozen(repr=False)
class Grade(Record):
    id: str
    label: str
    span: Span | None = attrs.field(default=None, eq=False)  # the rule that matched


@pickled_whole
@attrs.frozen(repr=False)
class MeasureResult(Record):
    """A basic goal or an intermediate indicator in the year evaluated."""

    id: str
    name: str
    kind: str
    unit: str | None
    kpi: str | None
    field: str | None
    value: float | None
    value_year: int | None
    baseline: Dated | None
    target: Dated | None  # the final target
    raw: float | None
    score: float | None
    expected: float | None
    status: Status
    grade: Grade | None
    trend: Trend
    reference: bool
    weight: float
    change: float | None = None  # value minus the previous observation's value
    problem: str | None = None  # why there is no value, when there is none
    inputs: tuple[Input, ...] = ()  # observations behind `value`
    history: History = NO_HISTORY  # every observed year up to the year evaluated
    expected_year: int | None = None  # the year `expected` was read at
    targets: tuple[Dated, ...] = ()  # every dated target, interim ones included
    stage: Stage | None = None  # a qualitative target: where the data says it stands
    deadline: Deadline | None = None  # a qualitative target: `milestone 2026 "制定"`
    calendar: bool = False  # its years are calendar years (暦年)
    formula: Expr | None = None  # how its value is computed, when it is
    carried_over: bool = False  # its value is from before the year evaluated (a lag)
    revisions: tuple[Revision, ...] = ()  # those in force by the year evaluated
    added: Lifecycle | None = None
    retired: Lifecycle | None = None  # set once retired: the figures are its last ones
    earlier: Point | None = None  # the year under the definition before the latest revision
    earlier_status: Status | None = None  # and the status it would have had


@pickled_whole
@attrs.frozen(repr=False)
class KpiResult(Record):
    id: str
    name: str
    field: str
    index: float | None
    expected: float | None
    status: Status
    grade: Grade | None
    trend: Trend
    coverage: float
    indicators: Sequence[MeasureResult]  # a tuple, or `Indicators` a child sent
    history: History = NO_HISTORY  # the index (as value and score) by year
    # the index less that of the last earlier year with one (a grade may read it)
    change: float | None = None
    added: Lifecycle | None = None
    retired: Lifecycle | None = None  # set once retired: the figures are its last ones


@pickled_whole
@attrs.frozen(repr=False)
class FieldResult(Record):
    id: str
    name: str
    index: float | None
    kpis: tuple[str, ...]
    history: History = NO_HISTORY


@pickled_whole
@attrs.frozen(repr=False)
class EntityScore(Record):
    """One entity's figures for one `by` indicator: its value, scored from its own value
    in the baseline year (`baseline`) against the plan's targets, and its rank among the
    entities (1 the best score; ties share a rank; None without a score)."""

    id: str
    value: float | None
    value_year: int | None
    baseline: float | None
    raw: float | None
    score: float | None
    expected: float | None
    expected_year: int | None
    status: Status
    rank: int | None = None
    problem: str | None = None  # why there is no score, when there is none


@pickled_whole
@attrs.frozen(repr=False)
class EntityResult(Record):
    code: str  # 全国地方公共団体コード
    name: str
    kind: str | None
    indicators: tuple[EntityScore, ...]  # in the order of ByResult.measures


@pickled_whole
@attrs.frozen(repr=False)
class ByResult(Record):
    """Every measure declared `by` the set, for each entity of it (`eval --by NAME`)."""

    set: str
    label: str
    measures: tuple[str, ...]  # ids, in plan order
    names: tuple[str, ...]  # their names
    entities: tuple[EntityResult, ...]  # in code order


@pickled_whole
@attrs.frozen(repr=False)
class Results(Record):
    plan_id: str
    plan_name: str
    year: int
    goals: tuple[MeasureResult, ...]
    fields: tuple[FieldResult, ...]
    kpis: tuple[KpiResult, ...]
    roadmap: RoadmapResult | None = None  # when a roadmap is loaded
    year_choice: YearChoice | None = None
    judge: Judge = Judge.VALUE_YEAR
    by: ByResult | None = None  # each entity's figures, when asked for (--by)

    def find(self, ident: str) -> MeasureResult | KpiResult | FieldResult | None:
        for kpi in self.kpis:
            if kpi.id == ident:
                return kpi
            for ind in kpi.indicators:
                if ind.id == ident:
                    return ind
        others: tuple[MeasureResult | FieldResult, ...] = (*self.goals, *self.fields)
        return next((x for x in others if x.id == ident), None)
