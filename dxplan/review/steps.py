"""The explanation tree's records and the arithmetic it shows, shared by every explanation.

Plain records, no rich: the views print them.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from dxplan.japanese import past_era_end
from dxplan.model import Dated, Plan
from dxplan.record import Record
from dxplan.results import Grade, Input, Point
from dxplan.scoring import MIN_COVERAGE, Clamp, Status, Trend
from dxplan.source import Span
from dxplan.spec.ast import Expr, Var, render_expr, substitute


@attrs.frozen(repr=False)
class Step(Record):
    """One line of an explanation and the lines it stands on.

    `value` is the figure the step arrives at; `of` and `key` name where the same figure
    is in `eval --format json` (the item's id and its key), so a test can hold them equal.
    """

    label: str
    text: str
    value: float | None = None
    of: str | None = None
    key: str | None = None
    span: Span | None = attrs.field(default=None, eq=False)
    children: tuple[Step, ...] = ()


@attrs.frozen(repr=False)
class Explanation(Record):
    id: str
    kind: str  # goal, field, kpi or indicator
    name: str
    year: int
    root: Step


def num(x: float | None) -> str:
    """A figure in an arithmetic line: up to two decimals, no grouping, no trailing zeros."""
    if x is None:
        return "–"
    if x != 0 and abs(x) < 0.005:
        return f"{x:.3g}"
    if abs(x) >= 1e15:  # beyond a float's 15 exact digits: the digits would be noise
        return f"{x:.6g}"
    text = f"{x:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def atom(x: float) -> str:
    """A figure placed as an operand: a negative one bracketed, so `a − (-3)` reads right."""
    return f"({num(x)})" if x < 0 else num(x)


def unit_text(unit: str | None) -> str:
    return unit or ""  # Japanese writes units without a space: 26社


def sum_text(terms: Sequence[str], bracket_one: bool = False) -> str:
    """Terms added up as an operand: bracketed when there are several (or, with
    `bracket_one`, when the one term is itself a product, so `(2 × 43.33) / 2` reads)."""
    return terms[0] if len(terms) == 1 and not bracket_one else f"({' + '.join(terms)})"


STATUS_RULES = {
    Status.ACHIEVED: "raw score {raw} ≥ 100",
    Status.ON_TRACK: "score {score} ≥ expected {expected}",
    Status.BEHIND: "score {score} < expected {expected}, but ≥ half of it ({half})",
    Status.STALLED: "score {score} < half the expected ({half}), raw score {raw} ≥ 0",
    Status.REGRESSING: "raw score {raw} < 0: below the baseline",
    Status.NO_DATA: "no value to score",
    Status.REFERENCE: "参考値: shown, never scored or indexed",
    Status.RETIRED: "廃止: retired from the plan; its last figures, counted nowhere",
    Status.INSUFFICIENT_DATA: "coverage below {min_coverage}: the index is shown, "
                              "the status withheld",
}


def status_step(status: Status, raw: float | None, score: float | None,
            expected: float | None) -> Step:
    rule = STATUS_RULES[status].format(
        raw=num(raw), score=num(score), expected=num(expected),
        half=num(expected / 2 if expected is not None else None),
        min_coverage=f"{MIN_COVERAGE:.0%}")
    return Step("status", f"{status.value}: {rule}")

def grade_step(plan: Plan, grade: Grade | None, env: dict[str, float | None]
           ) -> Step | None:
    if grade is None:
        return None
    rule = next((g for g in plan.grading if g.id == grade.id), None)
    text = f'{grade.id} "{grade.label}": the first rule that holds, '
    if rule is None or rule.condition is None:
        text += "otherwise"
    else:
        cond = rule.condition
        filled = substitute(cond, lambda n: _env_leaf(n, env))
        text += f"when {render_expr(cond)}: {filled}"
    return Step("grade", text, span=grade.span)


def observation_step(i: Input) -> Step:
    if i.entities:  # an aggregate's read: every entity's figure of the year
        return Step("observation", f"{i.series} {i.year}: the figures of {i.entities} "
                    f"entities, the first row at", span=i.span)
    shown = num(i.value) if i.value is not None else f"missing ({i.missing_reason})"
    return Step("observation", f"{i.series} {i.year} = {shown}", i.value, span=i.span)


def dated_step(label: str, d: Dated, unit: str | None, of: str | None, key: str) -> Step:
    """A baseline or target as stated, with its provenance: `2028 >= 100%`,
    `2022 = baseline × 0.2 = 21000`, `2012..2014 = 650` (a baseline over years)."""
    about = tuple(Step(k, v) for k, v in (("source", d.source), ("note", d.note),
                                           ("url", d.url)) if v)
    year = "each year" if not d.year else f"{d.first_year}..{d.year}" if d.first_year \
        else str(d.year)
    if d.written:
        year += f" ({past_era_end(d.written) or d.written})"
    value = f"{num(d.value)}..{num(d.high)}" if d.high is not None else num(d.value)
    formula = f"{render_expr(d.formula)} = " if d.formula is not None else ""
    return Step(label, f"{year} {d.op.value} {formula}{value}{unit_text(unit)}", d.value,
                of, key if of else None, d.span, about)


def clamp_text(raw: float, clamp: Clamp) -> str:
    low, high = clamp.low, clamp.high
    if low is not None and high is not None:
        return f"clamp({num(raw)}, {num(low)}, {num(high)})"
    if low is not None:
        return f"max({num(raw)}, {num(low)})"
    if high is not None:
        return f"min({num(raw)}, {num(high)})"
    return f"{num(raw)}, not clamped"


def trend_step(trend: Trend, history: Sequence[Point], what: str) -> Step:
    seen = [f"{p.year}: {num(p.raw)}" for p in history if p.raw is not None]
    path = f" ({what} by year: {', '.join(seen)})" if seen else ""
    return Step("trend", f"{trend.value}{path}")


def _env_leaf(node: Expr, env: dict[str, float | None]) -> str | None:
    if isinstance(node, Var):
        value = env.get(node.name)
        return "–" if value is None else atom(value)
    return None
