"""Each entity of a set scored on every measure declared `by` it (docs/language.md,
"Municipalities").

An entity is scored like the whole area (the same targets, clamp, method and rule of
judgement), from its own value in the baseline year: its raw score is its progress from
where it started. An exact target it had already reached then becomes a bound to keep
(targets.py `from_baseline`). A target for each year needs no baseline. Ranks are by
score, 1 the best; entities with equal scores share a rank (1, 2, 2, 4).
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from dxplan.data.entities import Resolver
from dxplan.data.records import EntityList
from dxplan.evaluate.evaluator import Evaluator
from dxplan.evaluate.rules import entity_rule
from dxplan.model import EntitySet, Judge, Measure
from dxplan.results import ByResult, EntityResult, EntityScore
from dxplan.scoring import Status, clamp_score, mean, status_of
from dxplan.source import Diagnostic, did_you_mean, error
from dxplan.targets import YearlyRule


def measures_by(evaluator: Evaluator, set_id: str, year: int) -> list[Measure]:
    """The measures scored per entity of `set_id` in `year`: declared `by` it, part of the
    plan in `year`, scored or a reference value (a milestone's stages are not per entity)."""
    return [m for m in evaluator.plan.measures if m.by == set_id and m.active(year)
            and (m.in_force(year).scored or m.in_force(year).reference)]


def score_by(evaluator: Evaluator, entity_set: EntitySet, entities: EntityList, year: int
             ) -> ByResult:
    measures = measures_by(evaluator, entity_set.id, year)
    columns = [_score_measure(evaluator, m, entities, year) for m in measures]
    rows = tuple(EntityResult(e.code, e.name, e.kind, tuple(column[i] for column in columns))
                 for i, e in enumerate(entities.entities))
    return ByResult(entity_set.id, entity_set.label, tuple(m.id for m in measures),
                    tuple(m.name for m in measures), tuple(sorted(rows, key=lambda r: r.code)))


# EntityScore's fields but the rank, which needs every entity's score first
_Fields = tuple[str, float | None, int | None, float | None, float | None, float | None,
                float | None, int | None, Status, str | None]


def _score_measure(evaluator: Evaluator, m: Measure, entities: EntityList, year: int
                   ) -> list[EntityScore]:
    d = m.in_force(year)
    per = evaluator.values.entities.of_measure(m.id)
    shared = evaluator.rule(m, year)
    by_value_year = evaluator.plan.judge is Judge.VALUE_YEAR
    base_year = d.baseline.year if d.baseline is not None else None
    rows: list[_Fields] = []
    for entity in entities.entities:
        years = per.get(entity.code, {})
        used = year if year in years else max((y for y in years if y <= year), default=None)
        value = years[used] if used is not None else None
        own = years.get(base_year) if base_year is not None else None
        problem = None if value is not None else f"no value for {entity.name} up to {year}"
        if d.reference or shared is None:
            rows.append((m.id, value, used, own, None, None, None, None, Status.REFERENCE,
                         problem))
            continue
        rule = shared if isinstance(shared, YearlyRule) else \
            None if own is None else entity_rule(d, own, shared)
        judged = used if used is not None and by_value_year else year
        if rule is None:
            rows.append((m.id, value, used, None, None, None, None, judged, Status.NO_DATA,
                         f"no value for {entity.name} in the baseline year {base_year}"))
            continue
        expected = rule.expected(judged)
        raw = rule.raw(value) if value is not None else None
        score = clamp_score(raw, d.clamp) if raw is not None else None
        rows.append((m.id, value, used, own, raw, score, expected, judged,
                     status_of(raw, score, expected), problem))
    ranks = _ranks([row[5] for row in rows])
    return [EntityScore(*row[:9], rank=rank, problem=row[9])
            for row, rank in zip(rows, ranks, strict=True)]


def _ranks(scores: Sequence[float | None]) -> list[int | None]:
    """Ranks by score, best first; equal scores share the rank of the first of them
    (1, 2, 2, 4); no score, no rank."""
    order = sorted((-s, i) for i, s in enumerate(scores) if s is not None)
    ranks: list[int | None] = [None] * len(scores)
    previous: float | None = None
    rank = 0
    for place, (negative, index) in enumerate(order, start=1):
        if negative != previous:
            rank, previous = place, negative
        ranks[index] = rank
    return ranks


def select(by: ByResult, entities: EntityList, names: Sequence[str] = (),
           measures: Sequence[str] = (), worst: int | None = None
           ) -> tuple[ByResult, list[Diagnostic]]:
    """The part of `by` a user asked to see: the entities `names` (a name or a code), the
    measures `measures`, and the `worst` lowest by mean score over the measures shown
    (those with no score left out), worst first. Ranks stay those among all entities."""
    problems: list[Diagnostic] = []
    rows = list(by.entities)
    if measures:
        unknown = [m for m in measures if m not in by.measures]
        for ident in unknown:
            problems.append(error("unknown-id", f"'{ident}' is not scored by {by.set}",
                                  hint=did_you_mean(ident, by.measures) or
                                  f"measures by {by.set}: {', '.join(by.measures)}"))
        keep = [i for i, ident in enumerate(by.measures) if ident in measures]
        by = attrs.evolve(by, measures=tuple(by.measures[i] for i in keep),
                          names=tuple(by.names[i] for i in keep))
        rows = [attrs.evolve(r, indicators=tuple(r.indicators[i] for i in keep)) for r in rows]
    if names:
        resolver = Resolver(entities)
        wanted: list[str] = []
        for name in names:
            code = resolver.code(name)
            if code is None:
                problems.append(resolver.unknown(name, None, 1))
            elif code not in wanted:
                wanted.append(code)
        by_code = {r.code: r for r in rows}
        rows = [by_code[code] for code in wanted if code in by_code]
    if worst is not None:
        means = [(mean([s.score for s in r.indicators if s.score is not None]), r.code, r)
                 for r in rows]
        rows = [r for m, _code, r in sorted((m, c, r) for m, c, r in means if m is not None)
                ][:worst]
    return attrs.evolve(by, entities=tuple(rows)), problems
