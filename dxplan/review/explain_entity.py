"""The explanation of one entity's figure for a `by` measure (`explain ID --entity NAME`):
its own value and where it was read, its own baseline-year value, the plan's targets, and
the raw score, score, expected score, status and rank worked out from them.

The figures are those of `eval --by` (read from the results, never recomputed); the
arithmetic text comes from targets.py through the same rule the evaluation used.
"""

from __future__ import annotations

from dxplan.data.entities import Resolver
from dxplan.data.records import DataSet, EntityFigures
from dxplan.evaluate import entity_rule
from dxplan.evaluate.entity_values import aggregated_series
from dxplan.model import Judge, Measure, Workspace
from dxplan.results import EntityResult, EntityScore, Results
from dxplan.review.steps import (
    Explanation,
    Step,
    clamp_text,
    dated_step,
    num,
    status_step,
    unit_text,
)
from dxplan.source import Diagnostic, error
from dxplan.targets import SYMBOLS, Rule


def explain_entity(results: Results, workspace: Workspace, data: DataSet, ident: str,
                   entity: str) -> tuple[Explanation | None, list[Diagnostic]]:
    """How `entity`'s figure for the measure `ident` is computed; the results must carry
    the `by` table of the measure's entity set."""
    measure = workspace.measure(ident)
    if measure is None:
        return None, []  # the caller reports the unknown id
    by = results.by
    if measure.by is None or by is None or by.set != measure.by or ident not in by.measures:
        scored = [m.id for m in workspace.plan.measures if m.by is not None] \
            if workspace.plan is not None else []
        return None, [error("not-by-entity", f"'{ident}' is not scored per entity",
                            hint=f"--entity explains a measure declared `by` a set: "
                            f"{', '.join(scored)}" if scored else
                            "declare `by municipalities` on the indicator first")]
    entities = next(lst for lst in data.entity_lists if lst.set == by.set)
    resolver = Resolver(entities)
    code = resolver.code(entity)
    row = next((r for r in by.entities if r.code == code), None)
    if row is None:
        return None, [resolver.unknown(entity, None, 1)]
    score = row.indicators[by.measures.index(ident)]
    m = measure.in_force(results.year)
    head = f'{ident} "{measure.name}" for {row.name} ({row.code})'
    parts = _parts(m, row, score, data.by_entity, results, len(by.entities))
    return Explanation(ident, measure.kind.value, measure.name, results.year,
                       Step(measure.kind.value, head, span=measure.span,
                            children=tuple(parts))), []


def _parts(m: Measure, row: EntityResult, s: EntityScore, figures: EntityFigures,
           results: Results, count: int) -> list[Step]:
    unit = unit_text(m.unit)
    series = m.id if m.formula is None else aggregated_series(m.formula)

    def read(year: int | None) -> tuple[Step, ...]:
        rows = figures.rows.get(series or "", {}).get(row.code, {})
        if year is None or year not in rows:
            return ()
        value = figures.values[series or ""][row.code][year]
        return (Step("observation", f"{series} {year} ({row.name}) = {num(value)}", value,
                     span=figures.row_span(rows[year])),)

    out: list[Step] = []
    if s.value is None or s.value_year is None:
        out.append(Step("value", f"none up to {results.year}: {s.problem or 'no data'}"))
    else:
        how = "" if series is not None else \
            f" (the formula evaluated for {row.name}: every series given per entity read as" \
            " its own figure)"
        lag = f", the latest at or before {results.year}" if s.value_year < results.year \
            else ""
        out.append(Step("value", f"{num(s.value)}{unit} in {s.value_year}{lag}{how}",
                        s.value, children=read(s.value_year)))
    if m.baseline is not None:
        out.append(dated_step("baseline", m.baseline, m.unit, None, "baseline.value"))
        own = f"{num(s.baseline)}{unit} in {m.baseline.year}" if s.baseline is not None \
            else f"none in {m.baseline.year}: not scored"
        out.append(Step("own baseline", f"{row.name}'s own value in the baseline year: {own}",
                        s.baseline, children=read(m.baseline.year)))
    if m.targets:
        out.append(Step("targets", "the plan's, the last is the final target", children=tuple(
            dated_step("target", t, m.unit, None, "target.value") for t in m.targets)))
    if m.yearly is not None:
        out.append(dated_step("target", m.yearly, m.unit, None, "target.value"))
    if m.scored and (s.baseline is not None or m.yearly is not None):
        rule = entity_rule(m, s.baseline if s.baseline is not None else 0.0)
        assert rule is not None
        final = m.final_target
        if isinstance(rule, Rule) and final is not None and rule.op is not final.op:
            out.append(Step("kept", f"{row.name} had reached the final target in "
                            f"{rule.baseline_year}: it is held to it as a bound, "
                            f"{SYMBOLS[rule.op]} {num(rule.low)} (維持)"))
        if s.value is not None and s.raw is not None:
            out.append(Step("raw score", f"{rule.raw_text(s.value, num)} = {num(s.raw)}",
                            s.raw))
            out.append(Step("score", f"{clamp_text(s.raw, m.clamp)} = {num(s.score)}",
                            s.score))
        at = s.expected_year if s.expected_year is not None else results.year
        why = "the year evaluated" if results.judge is Judge.EVALUATION_YEAR or \
            at == results.year else "the year of the value"
        how, scored = rule.expected_text(at, num)
        children = [Step("path", how)] + ([Step("expected score", f"{scored} = "
                                                f"{num(s.expected)}", s.expected)]
                                          if scored is not None else [])
        out.append(Step("expected", f"{num(s.expected)} in {at}, {why}", s.expected,
                        children=tuple(children)))
    out.append(status_step(s.status, s.raw, s.score, s.expected))
    if s.rank is not None:
        out.append(Step("rank", f"{s.rank} of {count} by score (1 the best; equal scores "
                        "share a rank)", float(s.rank)))
    return out
