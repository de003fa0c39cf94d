"""Grades: the plan's own rules (評価基準), first match wins (docs/language.md, "Grading").

A rule's condition reads the figures of one goal, indicator or KPI by name; `measure_env`
and `kpi_env` are the one place those names get their values, for evaluation and for
`explain` alike. Only scored items are graded: a reference value (参考値) or a qualitative
milestone has no grade, and a KPI with too little data has none unless a rule names
`insufficient_data`.
"""

from __future__ import annotations

from collections.abc import Sequence

from dxplan import formula
from dxplan.model import GradeRule
from dxplan.results import Grade, KpiResult, MeasureResult
from dxplan.scoring import Status
from dxplan.spec.ast import Var, walk_expr

Env = dict[str, float | None]


def grade(rules: Sequence[GradeRule], env: Env) -> GradeRule | None:
    """The first rule whose condition holds; a condition that reads a missing figure does
    not hold. None when the plan declares no grading."""
    def value(name: str, _year: int) -> float | None:
        figure = env.get(name)  # only the names a condition reads: most read two
        return float(figure) if figure is not None else None

    for rule in rules:
        if rule.condition is None or formula.evaluate(rule.condition, value, 0).value:
            return rule
    return None


def grades(rules: Sequence[GradeRule]) -> dict[int, Grade]:
    """Each rule's grade, by the rule's identity: one record for all it is given to."""
    return {id(rule): Grade(rule.id, rule.label, rule.span) for rule in rules}


def names_insufficient_data(rules: Sequence[GradeRule]) -> bool:
    """Whether a rule names `insufficient_data`: only then is such a KPI graded."""
    return any(isinstance(node, Var) and node.name == "insufficient_data"
               for rule in rules for node in walk_expr(rule.condition))


def measure_env(r: MeasureResult, year: int) -> Env:
    """What a rule reads for a goal or an indicator evaluated in `year`."""
    return {"raw": r.raw, "score": r.score, "expected": r.expected, "value": r.value,
            "baseline": r.baseline.value if r.baseline else None,
            "target": r.target.value if r.target else None, "change": r.change,
            "value_year": r.value_year, "year": year,
            "age": year - r.value_year if r.value_year is not None else None,
            "no_data": 1.0 if r.raw is None else 0.0, "reference": float(r.reference),
            "insufficient_data": 0.0}


def kpi_env(r: KpiResult, year: int) -> Env:
    """What a rule reads for a KPI: its index is value, raw and score on a 0..100 scale
    (baseline 0, target 100), and change is the index minus the last earlier year's."""
    return {"raw": r.index, "score": r.index, "expected": r.expected, "value": r.index,
            "baseline": 0.0, "target": 100.0, "change": r.change, "value_year": year,
            "year": year, "age": 0.0, "no_data": 1.0 if r.index is None else 0.0,
            "reference": 0.0,
            "insufficient_data": 1.0 if r.status is Status.INSUFFICIENT_DATA else 0.0}
