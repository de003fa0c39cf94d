"""How one figure was reached: an explanation tree built from the results and the model.

Every figure in the tree is the one evaluation produced (read from the results, never
recomputed), shown beside the arithmetic that leads to it from the same inputs, and tied
to its sources: the data row (file:line) of each observation and the spec line of each
baseline, target and grading rule. Goals and indicators are explain_measure.py's; KPIs
and fields are here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from dxplan.grading import kpi_env
from dxplan.model import Field, Kpi, Measure, Plan, Workspace
from dxplan.results import FieldResult, KpiResult, MeasureResult, Results
from dxplan.review.explain_measure import MeasureSteps
from dxplan.review.steps import (
    Explanation,
    Step,
    grade_step,
    num,
    status_step,
    sum_text,
    trend_step,
)
from dxplan.source import Diagnostic, did_you_mean, error

__all__ = ["Explanation", "Step", "all_ids", "explain", "num"]


def all_ids(plan: Plan) -> list[str]:
    return [*(g.id for g in plan.goals), *(f.id for f in plan.fields),
            *(k.id for k in plan.kpis), *(m.id for m in plan.indicators)]


def explain(results: Results, workspace: Workspace, ident: str
            ) -> tuple[Explanation | None, list[Diagnostic]]:
    """The explanation of one goal, field, KPI or indicator; `unknown-id` if there is none."""
    plan = workspace.plan
    found = results.find(ident)
    if plan is None or found is None:
        hint = did_you_mean(ident, all_ids(plan)) if plan is not None else None
        return None, [error("unknown-id", f"no goal, field, KPI or indicator has the id "
                            f"'{ident}'", hint=hint or "`dxplan eval` lists every id")]
    build = _Builder(results, plan)
    if isinstance(found, KpiResult):
        kpi = next(k for k in plan.kpis if k.id == ident)
        return Explanation(ident, "kpi", found.name, results.year, build.kpi(found, kpi)), []
    if isinstance(found, FieldResult):
        fld = next(f for f in plan.fields if f.id == ident)
        return Explanation(ident, "field", found.name, results.year,
                           build.field(found, fld)), []
    measure = workspace.measure(ident)
    assert measure is not None, "every measure result has its model"
    return Explanation(ident, found.kind, found.name, results.year,
                       build.measure(found, measure)), []


class _Builder:
    def __init__(self, results: Results, plan: Plan) -> None:
        self.results = results
        self.plan = plan
        self.year = results.year
        self.measures = MeasureSteps(results, plan)

    def measure(self, r: MeasureResult, m: Measure) -> Step:
        return self.measures.measure(r, m)

    # --- KPIs and fields ------------------------------------------------------------------

    def kpi(self, r: KpiResult, kpi: Kpi) -> Step:
        models = {m.id: m for m in kpi.indicators}
        parts: list[Step] = []
        terms, weights, expects = [], [], []
        scored_weight = all_weight = 0.0
        counted = [i for i in r.indicators if not i.reference and models[i.id].scored]
        shown, shares = _weights_shown(counted)
        of = " of the total" if shares else ""
        for ind in r.indicators:
            m = models[ind.id]
            body = self.measure(ind, m)
            if ind.reference or not m.scored:
                what = "reference, not in the index" if ind.reference else "not scored"
                parts.append(Step("indicator", f"{ind.id}: {what}", children=body.children,
                                  span=body.span))
                continue
            weight = shown[ind.id]
            all_weight += weight
            if ind.score is None:
                parts.append(Step("indicator", f"{ind.id}: weight {num(weight)}{of}, no score "
                                  "(counts against coverage)", None, ind.id, "score",
                                  body.span, body.children))
                continue
            scored_weight += weight
            terms.append(f"{num(weight)} × {num(ind.score)}")
            weights.append(num(weight))
            expects.append(f"{num(weight)} × {num(ind.expected)}")
            parts.append(Step("indicator", f"{ind.id}: weight {num(weight)}{of} × score "
                              f"{num(ind.score)} = {num(weight * ind.score)}", ind.score,
                              ind.id, "score", body.span, body.children))
        parts.append(Step("index", f"{sum_text(terms, True)} / {sum_text(weights)} = "
                          f"{num(r.index)}" if terms else "none: no indicator has a score",
                          r.index, r.id, "index"))
        parts.append(Step("coverage", f"scored weight {num(scored_weight)} / weight with a "
                          f"target {num(all_weight)} = {num(r.coverage)} "
                          f"({r.coverage:.0%})", r.coverage, r.id, "coverage"))
        if terms:
            parts.append(Step("expected", f"{sum_text(expects, True)} / {sum_text(weights)} = "
                              f"{num(r.expected)}, over the indicators with a score",
                              r.expected, r.id, "expected"))
        if shares:
            written = " and ".join(num(i.weight) for i in counted)
            parts.append(Step("weights", f"the weights ({written}) are shown as shares of "
                              "their total: as written, their products would be too large "
                              "for a number"))
        parts.append(status_step(r.status, r.index, r.index, r.expected))
        grade = grade_step(self.plan, r.grade, kpi_env(r, self.year))
        parts += [grade] if grade is not None else []
        parts.append(trend_step(r.trend, r.history, "index"))
        return Step("kpi", f'{r.id} "{r.name}" (field {r.field})', span=kpi.span,
                    children=tuple(parts))

    def field(self, r: FieldResult, fld: Field) -> Step:
        kpis = [k for k in self.results.kpis if k.field == r.id]
        parts = [Step("kpi", f"{k.id}: index {num(k.index)}", k.index, k.id, "index",
                      next(x.span for x in fld.kpis if x.id == k.id)) for k in kpis]
        indexed = [k.index for k in kpis if k.index is not None]
        text = (f"{sum_text([num(i) for i in indexed])} / {len(indexed)} = {num(r.index)}, "
                "the mean of its KPIs' indices" if indexed else "none: no KPI has an index")
        parts.append(Step("index", text, r.index, r.id, "index"))
        return Step("field", f'{r.id} "{r.name}"', span=fld.span, children=tuple(parts))


def _weights_shown(indicators: Sequence[MeasureResult]) -> tuple[dict[str, float], bool]:
    """Each indicator's weight as a KPI's arithmetic shows it, and whether as a share.

    As written, unless a product or a sum shown with them would overflow a float (weights
    near the largest float): then each as its share of their total, which leaves every
    quotient the same and every figure finite (a share is at most 1)."""
    weights = {i.id: i.weight for i in indicators}
    figures = [i.weight * v for i in indicators for v in (i.score, i.expected) if v is not None]
    if all(math.isfinite(x) for x in [*figures, sum(weights.values())]):
        return weights, False
    largest = max(weights.values())
    scaled = {ident: w / largest for ident, w in weights.items()}
    total = math.fsum(scaled.values())
    return {ident: w / total for ident, w in scaled.items()}, True
