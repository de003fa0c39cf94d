"""The explanation of a basic goal or an indicator: its value (down to each data row), its
baseline and targets as stated, the raw score, score and expected score with their
arithmetic, the status, the grade and the trend.

The arithmetic text of each target form comes from `targets.py`, where the form is scored,
so the explanation cannot say one thing while the figure does another.
"""

from __future__ import annotations

from collections.abc import Sequence

from dxplan.evaluate import rule_of
from dxplan.formula import FUNCTIONS, shifted_read
from dxplan.grading import measure_env
from dxplan.model import Judge, Measure, Plan, Stage
from dxplan.results import Input, MeasureResult, Results
from dxplan.review.steps import (
    Step,
    atom,
    clamp_text,
    dated_step,
    grade_step,
    num,
    observation_step,
    status_step,
    trend_step,
    unit_text,
)
from dxplan.spec.ast import Call, Expr, Leaf, Var, render_expr, substitute


class MeasureSteps:
    def __init__(self, results: Results, plan: Plan) -> None:
        self.results = results
        self.plan = plan
        self.year = results.year

    def measure(self, r: MeasureResult, base: Measure) -> Step:
        # the definition the figures were computed with: in force in the year evaluated
        # (in the last year it was part of the plan, for one since retired)
        m = base.in_force(r.retired.year - 1 if r.retired is not None else self.year)
        head = f'{r.id} "{r.name}"' + (f" (KPI {r.kpi}, field {r.field})" if r.kpi else "")
        parts = [self.value(r, m)]
        if m.source:
            parts.append(Step("source", m.source))
        if m.baseline is not None:
            parts.append(dated_step("baseline", m.baseline, r.unit, r.id, "baseline.value"))
        if m.targets:
            final = len(m.targets) - 1
            parts.append(Step("targets", "the last is the final target", children=tuple(
                dated_step("target", t, r.unit, r.id if i == final else None, "target.value")
                for i, t in enumerate(m.targets))))
        if m.yearly is not None:
            parts.append(dated_step("target", m.yearly, r.unit, r.id, "target.value"))
        if m.deadline is not None:
            parts.append(Step("milestone", f'"{m.deadline.text}" due in {m.deadline.year}',
                              span=m.deadline.span))
        parts += self.lifecycle(r)
        if m.scored:
            parts += self.scores(r, m)
        parts.append(self.status(r, m))
        grade = grade_step(self.plan, r.grade, measure_env(r, self.year))
        parts += [grade] if grade is not None else []
        if m.scored:
            parts.append(trend_step(r.trend, r.history, "raw score"))
        return Step(r.kind, head, span=m.span, children=tuple(parts))

    def lifecycle(self, r: MeasureResult) -> list[Step]:
        """The revisions in force, with the figures the earlier definition would give, and
        when the item joined or left the plan."""
        out = []
        if r.added is not None:
            out.append(Step("added", f'in {r.added.year}: "{r.added.reason}"',
                            span=r.added.span))
        for revision in r.revisions:
            out.append(Step("revised", f'in {revision.year}: "{revision.reason}" '
                            f"(changed: {', '.join(revision.changed) or 'nothing'})",
                            span=revision.span))
        if r.revisions and r.earlier is not None:
            last = r.revisions[-1]
            e = r.earlier
            status = r.earlier_status.value if r.earlier_status else "–"
            out.append(Step("before revision", f"under the definition before {last.year}: "
                            f"raw score {num(e.raw)}, score {num(e.score)}, expected "
                            f"{num(e.expected)}, {status}", e.score))
        if r.retired is not None:
            out.append(Step("retired", f'in {r.retired.year}: "{r.retired.reason}"; the '
                            f"figures are those of {r.retired.year - 1}, counted nowhere",
                            span=r.retired.span))
        return out

    def value(self, r: MeasureResult, m: Measure) -> Step:
        observations = tuple(observation_step(i) for i in r.inputs)
        if r.stage is not None and r.value_year is not None:
            return Step("value", f"{r.stage.value} in {r.value_year}", None, r.id, "stage",
                        children=observations)
        if r.value is None or r.value_year is None:
            return Step("value", f"none up to {self.year}: {r.problem or 'no data'}",
                        None, r.id, "value")
        lag = f", the latest at or before {self.year} (carried over)" if r.carried_over else ""
        text = f"{num(r.value)}{unit_text(r.unit)} in {r.value_year}{lag}"
        if m.formula is None:
            return Step("value", text, r.value, r.id, "value", children=observations)
        filled = substitute(m.formula, self._leaf(r.inputs, r.value_year, r.id))
        formula = Step("formula", f"{render_expr(m.formula)} = {filled} = {num(r.value)}",
                       r.value, span=m.formula.span, children=observations)
        return Step("value", text, r.value, r.id, "value", children=(formula,))

    def _leaf(self, inputs: Sequence[Input], year: int, own: str) -> Leaf:
        """The values a formula read in `year`, from the observations it used; an aggregate
        over entities shows how many entities' figures it took."""
        seen = {(i.series, i.year): i.value for i in inputs}
        counts = {(i.series, i.year): i.entities for i in inputs if i.entities}

        def value_of(name: str, when: int) -> float | None:
            other = self.results.find(name) if name != own else None  # its own series
            if isinstance(other, MeasureResult):
                return next((p.value for p in other.history if p.year == when), None)
            return seen.get((name, when))

        def leaf(node: Expr) -> str | None:
            function = FUNCTIONS.get(node.func) if isinstance(node, Call) else None
            if isinstance(node, Call) and function is not None and node.args and \
                    isinstance(node.args[0], Var) and (node.args[0].name, year) in counts:
                args = [f"{a.name}: {counts[a.name, year]} entities"
                        if isinstance(a, Var) and (a.name, year) in counts else render_expr(a)
                        for a in node.args]
                return f"{node.func}({', '.join(args)})"
            shifted = shifted_read(node)
            if isinstance(node, Var):
                value = value_of(node.name, year)
            elif shifted is not None:
                series, function, n = shifted
                if function.year_read is not None:
                    value = value_of(series, function.year_read(year, n))
                else:  # a running sum: each year's value, added up
                    assert function.years_read is not None
                    parts = [value_of(series, y) for y in function.years_read(year, n)]
                    if not parts or any(v is None for v in parts):
                        return "?"
                    return "(" + " + ".join(atom(v) for v in parts if v is not None) + ")"
            else:
                return None
            return "?" if value is None else atom(value)

        return leaf

    def scores(self, r: MeasureResult, m: Measure) -> list[Step]:
        rule = rule_of(m)
        assert rule is not None
        out = []
        if r.value is not None:
            out.append(Step("raw score", f"{rule.raw_text(r.value, num)} = {num(r.raw)}",
                            r.raw, r.id, "raw_score"))
        if r.raw is not None:
            out.append(Step("score", f"{clamp_text(r.raw, m.clamp)} = {num(r.score)}",
                            r.score, r.id, "score"))
        at = r.expected_year if r.expected_year is not None else self.year
        if r.value_year is not None and at != self.year:
            why = f"the year of the value (judged at its own year, not {self.year})"
        elif self.plan.judge is Judge.EVALUATION_YEAR:
            why = "the year evaluated (`judge at evaluation_year`)"
        else:
            why = "the year evaluated"
        how, scored = rule.expected_text(at, num)
        children = [Step("path", how, rule.target_value(at) if scored else r.expected)]
        if scored is not None:
            children.append(Step("expected score", f"{scored} = {num(r.expected)}", r.expected))
        out.append(Step("expected", f"{num(r.expected)} in {at}, {why}", r.expected, r.id,
                        "expected", children=tuple(children)))
        return out

    def status(self, r: MeasureResult, m: Measure) -> Step:
        if m.deadline is not None and not m.scored and r.stage is not None:
            due = m.deadline.year
            if r.stage is Stage.DONE:
                rule = f"the data says {r.stage.value}: the milestone is met"
            elif r.status.value == "on_track":
                rule = f"{r.stage.value} in {r.value_year}, before it is due in {due}"
            else:
                rule = f"{r.stage.value} in {r.value_year}: not done by {due}"
            return Step("status", f"{r.status.value}: {rule}")
        return status_step(r.status, r.raw, r.score, r.expected)
