"""How one figure was reached: an explanation tree built from the results and the model.

Every figure in the tree is the one evaluation produced (read from the results, never
recomputed), shown beside the arithmetic that leads to it from the same inputs, and tied
to its sources: the data row (file:line) of each observation and the spec line of each
baseline, target and grading rule. Plain records, no rich: the views print them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import pairwise

import attrs

from dxplan.formula import shifted_read
from dxplan.model import Dated, Field, Kpi, Measure, Plan, Workspace
from dxplan.results import FieldResult, Grade, Input, KpiResult, MeasureResult, Point, Results
from dxplan.scoring import MIN_COVERAGE, Clamp, Method, Status, Trend, target_path
from dxplan.source import Diagnostic, Span, did_you_mean, error
from dxplan.spec.ast import Expr, Leaf, Var, render_expr, substitute


@attrs.frozen
class Step:
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


@attrs.frozen
class Explanation:
    id: str
    kind: str  # goal, field, kpi or indicator
    name: str
    year: int
    root: Step


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


# --- numbers as the arithmetic shows them -------------------------------------------------


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


def _atom(x: float) -> str:
    """A figure placed as an operand: a negative one bracketed, so `a − (-3)` reads right."""
    return f"({num(x)})" if x < 0 else num(x)


def _unit(unit: str | None) -> str:
    return unit or ""  # Japanese writes units without a space: 26社


def _sum_text(terms: Sequence[str], bracket_one: bool = False) -> str:
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
    Status.INSUFFICIENT_DATA: "coverage below {min_coverage}: the index is shown, "
                              "the status withheld",
}


class _Builder:
    def __init__(self, results: Results, plan: Plan) -> None:
        self.results = results
        self.plan = plan
        self.year = results.year

    # --- basic goals and indicators -------------------------------------------------------

    def measure(self, r: MeasureResult, m: Measure) -> Step:
        head = f'{r.id} "{r.name}"' + (f" (KPI {r.kpi}, field {r.field})" if r.kpi else "")
        parts = [self.value(r, m)]
        if m.source:
            parts.append(Step("source", m.source))
        if m.baseline is not None:
            parts.append(_dated("baseline", m.baseline, r.unit, r.id, "baseline.value"))
        if m.targets:
            final = len(m.targets) - 1
            parts.append(Step("targets", "the last is the final target", children=tuple(
                _dated("target", t, r.unit, r.id if i == final else None, "target.value")
                for i, t in enumerate(m.targets))))
        if not m.reference:
            parts += self.scores(r, m)
        parts.append(self.status(r.status, r.raw, r.score, r.expected))
        grade = self.grade(r.grade, _measure_env(r))
        parts += [grade] if grade is not None else []
        if not m.reference:
            parts.append(_trend(r.trend, r.history, "raw score"))
        return Step(r.kind, head, span=m.span, children=tuple(parts))

    def value(self, r: MeasureResult, m: Measure) -> Step:
        if r.value is None or r.value_year is None:
            return Step("value", f"none up to {self.year}: {r.problem or 'no data'}",
                        None, r.id, "value")
        lag = f", the latest at or before {self.year}" if r.value_year != self.year else ""
        text = f"{num(r.value)}{_unit(r.unit)} in {r.value_year}{lag}"
        observations = tuple(_observation(i) for i in r.inputs)
        if m.formula is None:
            return Step("value", text, r.value, r.id, "value", children=observations)
        filled = substitute(m.formula, self._leaf(r.inputs, r.value_year))
        formula = Step("formula", f"{render_expr(m.formula)} = {filled} = {num(r.value)}",
                       r.value, span=m.formula.span, children=observations)
        return Step("value", text, r.value, r.id, "value", children=(formula,))

    def _leaf(self, inputs: Sequence[Input], year: int) -> Leaf:
        """The values a formula read in `year`, from the observations it used."""
        seen = {(i.series, i.year): i.value for i in inputs}

        def value_of(name: str, when: int) -> float | None:
            other = self.results.find(name)
            if isinstance(other, MeasureResult):
                return next((p.value for p in other.history if p.year == when), None)
            return seen.get((name, when))

        def leaf(node: Expr) -> str | None:
            shifted = shifted_read(node)
            if isinstance(node, Var):
                value = value_of(node.name, year)
            elif shifted is not None:
                series, function, n = shifted
                assert function.year_read is not None
                value = value_of(series, function.year_read(year, n))
            else:
                return None
            return "?" if value is None else _atom(value)

        return leaf

    def scores(self, r: MeasureResult, m: Measure) -> list[Step]:
        if not m.scored or m.baseline is None or m.final_target is None:
            return [Step("score", "not scored: it needs a baseline and a target")]
        b, t = m.baseline.value, m.final_target.value
        out = []
        if r.value is not None:
            out.append(Step("raw score", f"{_raw_text(r.value, b, t, m.method)} = "
                            f"{num(r.raw)}", r.raw, r.id, "raw_score"))
        if r.raw is not None:
            out.append(Step("score", f"{_clamp_text(r.raw, m.clamp)} = {num(r.score)}",
                            r.score, r.id, "score"))
        out.append(self.expected(r, m))
        return out

    def expected(self, r: MeasureResult, m: Measure) -> Step:
        assert m.baseline is not None and m.final_target is not None
        b, t, at = m.baseline.value, m.final_target.value, self.year
        # the points scoring.target_path walks: a later target wins a repeated year, and
        # targets not after the baseline are left out
        later = {d.year: d.value for d in m.targets if d.year > m.baseline.year}
        points = [(m.baseline.year, b), *sorted(later.items())]
        path = target_path(at, (m.baseline.year, b), [(d.year, d.value) for d in m.targets])
        (y0, v0), (yn, vn) = points[0], points[-1]
        if at <= y0:
            how = f"{at} is not after the baseline year {y0}: the baseline {num(v0)}"
        elif at >= yn:
            how = f"{at} is not before the final target year {yn}: the final target {num(vn)}"
        else:
            (ya, va), (yb, vb) = next((p, q) for p, q in pairwise(points)
                                      if p[0] <= at < q[0])
            how = (f"segment {ya}→{yb}: {num(va)} + ({num(vb)} − {_atom(va)}) × ({at} − {ya})"
                   f" / ({yb} − {ya}) = {num(path)}")
        return Step("expected", f"{num(r.expected)} in {at}: the target path's value, scored",
                    r.expected, r.id, "expected", children=(
                        Step("path", how, path),
                        Step("expected score", f"{_raw_text(path, b, t, m.method)}, within "
                             f"0..100 = {num(r.expected)}", r.expected)))

    # --- status, grade, trend -------------------------------------------------------------

    def status(self, status: Status, raw: float | None, score: float | None,
               expected: float | None) -> Step:
        rule = STATUS_RULES[status].format(
            raw=num(raw), score=num(score), expected=num(expected),
            half=num(expected / 2 if expected is not None else None),
            min_coverage=f"{MIN_COVERAGE:.0%}")
        return Step("status", f"{status.value}: {rule}")

    def grade(self, grade: Grade | None, env: dict[str, float | None]
              ) -> Step | None:
        if grade is None:
            return None
        rule = next((g for g in self.plan.grading if g.id == grade.id), None)
        text = f'{grade.id} "{grade.label}": the first rule that holds, '
        if rule is None or rule.condition is None:
            text += "otherwise"
        else:
            cond = rule.condition
            filled = substitute(cond, lambda n: _env_leaf(n, env))
            text += f"when {render_expr(cond)}: {filled}"
        return Step("grade", text, span=grade.span)

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
        parts.append(Step("index", f"{_sum_text(terms, True)} / {_sum_text(weights)} = "
                          f"{num(r.index)}" if terms else "none: no indicator has a score",
                          r.index, r.id, "index"))
        parts.append(Step("coverage", f"scored weight {num(scored_weight)} / weight with a "
                          f"target {num(all_weight)} = {num(r.coverage)} "
                          f"({r.coverage:.0%})", r.coverage, r.id, "coverage"))
        if terms:
            parts.append(Step("expected", f"{_sum_text(expects, True)} / {_sum_text(weights)} = "
                              f"{num(r.expected)}, over the indicators with a score",
                              r.expected, r.id, "expected"))
        if shares:
            written = " and ".join(num(i.weight) for i in counted)
            parts.append(Step("weights", f"the weights ({written}) are shown as shares of "
                              "their total: as written, their products would be too large "
                              "for a number"))
        parts.append(self.status(r.status, r.index, r.index, r.expected))
        grade = self.grade(r.grade, _kpi_env(r))
        parts += [grade] if grade is not None else []
        parts.append(_trend(r.trend, r.history, "index"))
        return Step("kpi", f'{r.id} "{r.name}" (field {r.field})', span=kpi.span,
                    children=tuple(parts))

    def field(self, r: FieldResult, fld: Field) -> Step:
        kpis = [k for k in self.results.kpis if k.field == r.id]
        parts = [Step("kpi", f"{k.id}: index {num(k.index)}", k.index, k.id, "index",
                      next(x.span for x in fld.kpis if x.id == k.id)) for k in kpis]
        indexed = [k.index for k in kpis if k.index is not None]
        text = (f"{_sum_text([num(i) for i in indexed])} / {len(indexed)} = {num(r.index)}, "
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


def _observation(i: Input) -> Step:
    shown = num(i.value) if i.value is not None else f"missing ({i.missing_reason})"
    return Step("observation", f"{i.series} {i.year} = {shown}", i.value, span=i.span)


def _dated(label: str, d: Dated, unit: str | None, of: str | None, key: str) -> Step:
    about = tuple(Step(k, v) for k, v in (("source", d.source), ("note", d.note),
                                           ("url", d.url)) if v)
    return Step(label, f"{d.year} = {num(d.value)}{_unit(unit)}", d.value,
                of, key if of else None, d.span, about)


def _raw_text(x: float, b: float, t: float, method: Method) -> str:
    if method is Method.ATTAINMENT:
        return f"100 × {_atom(x)} / {_atom(t)}" if t >= b else f"100 × {_atom(t)} / {_atom(x)}"
    return f"100 × ({num(x)} − {_atom(b)}) / ({num(t)} − {_atom(b)})"


def _clamp_text(raw: float, clamp: Clamp) -> str:
    low, high = clamp.low, clamp.high
    if low is not None and high is not None:
        return f"clamp({num(raw)}, {num(low)}, {num(high)})"
    if low is not None:
        return f"max({num(raw)}, {num(low)})"
    if high is not None:
        return f"min({num(raw)}, {num(high)})"
    return f"{num(raw)}, not clamped"


def _trend(trend: Trend, history: Sequence[Point], what: str) -> Step:
    seen = [f"{p.year}: {num(p.raw)}" for p in history if p.raw is not None]
    path = f" ({what} by year: {', '.join(seen)})" if seen else ""
    return Step("trend", f"{trend.value}{path}")


def _measure_env(r: MeasureResult) -> dict[str, float | None]:
    return {"raw": r.raw, "score": r.score, "expected": r.expected, "value": r.value,
            "baseline": r.baseline.value if r.baseline else None,
            "target": r.target.value if r.target else None, "change": r.change,
            "no_data": 1.0 if r.raw is None else 0.0, "reference": float(r.reference)}


def _kpi_env(r: KpiResult) -> dict[str, float | None]:
    # as evaluate grades a KPI: its index is value, raw and score on a 0..100 scale, and
    # change is the index minus the last earlier year's
    before = [p.score for p in r.history[:-1] if p.score is not None]
    change = r.index - before[-1] if before and r.index is not None else None
    return {"raw": r.index, "score": r.index, "expected": r.expected, "value": r.index,
            "baseline": 0.0, "target": 100.0, "change": change,
            "no_data": 1.0 if r.index is None else 0.0, "reference": 0.0}


def _env_leaf(node: Expr, env: dict[str, float | None]) -> str | None:
    if isinstance(node, Var):
        value = env.get(node.name)
        return "–" if value is None else _atom(value)
    return None
