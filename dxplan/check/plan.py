"""The plan, its fields and KPIs, its grading rules, and the formulas' dependencies."""

from __future__ import annotations

from typing import cast

from dxplan import model
from dxplan.check.context import Context
from dxplan.check.formulas import check_formula
from dxplan.check.measure import check_measure
from dxplan.check.revision import check_lifecycle
from dxplan.scoring import Method
from dxplan.source import Span, error, warning
from dxplan.spec import ast
from dxplan.spec.schema import GRADE_VARIABLES, JUDGE_AT


def check_plan(ctx: Context, stmt: ast.Statement, values: list[object],
         parts: list[tuple[ast.Statement, str, list[object]]]) -> model.Plan:
    plan_id, name = str(values[0]), str(values[1])
    ctx.claim(plan_id, stmt.args[0].span, "plan")
    start, end, vision_year, vision, method, note = 0, 0, None, None, Method.PROGRESS, None
    judge = model.Judge.VALUE_YEAR
    illustrative: str | None = None
    for prop, _spec, vals in ctx.body(stmt.body or (), "plan"):
        if prop.keyword == "period":
            start, end = vals[0]  # type: ignore[misc]
            if start > end:
                ctx.report(error("bad-period", "the period ends before it starts",
                                  prop.args[0].span, "write it as: period 2024..2028"))
        elif prop.keyword == "vision":
            vision_year, vision = int(vals[0]), str(vals[1])  # type: ignore[call-overload]
        elif prop.keyword == "method":
            method = Method(ctx.method(prop, vals[0]) or "progress")
        elif prop.keyword == "note":
            note = str(vals[0])
        elif prop.keyword == "judge":
            judge = _judge(ctx, prop, vals) or judge
        elif prop.keyword == "illustrative":
            illustrative = str(vals[0])
    if not start:
        ctx.report(error("missing-property", "the plan has no period", stmt.keyword_span,
                          "add: period 2024..2028"))
    ctx.period = (start, end) if start else None
    goal = model.MeasureKind.GOAL
    goals = tuple(
        g for s, kw, v in parts if kw == "goal"
        for g in [check_measure(ctx, s, v, goal, None, None, method)] if g is not None
    )
    fields = tuple(check_field(ctx, s, v, method) for s, kw, v in parts if kw == "field")
    grading_stmts = [s for s, kw, _ in parts if kw == "grading"]
    for extra in grading_stmts[1:]:
        ctx.report(error("duplicate-property", "'grading' is given twice",
                          extra.keyword_span, "keep one grading block"))
    grading = check_grading(ctx, grading_stmts[0]) if grading_stmts else ()
    plan = model.Plan(plan_id, name, start, end, vision_year, vision, method, note,
                      goals, fields, grading, span=stmt.span, judge=judge,
                      illustrative=illustrative)
    check_formulas(ctx, plan)
    return plan

def _judge(ctx: Context, prop: ast.Statement, vals: list[object]) -> model.Judge | None:
    """`judge at value_year` (the default) or `judge at evaluation_year`."""
    at, word = str(vals[0]), str(vals[1])
    if at == "at" and word in JUDGE_AT:
        return model.Judge(word)
    ctx.report(error("bad-arguments", "'judge' is not written as expected",
                     prop.args[0].span.to(prop.args[-1].span),
                     "write it as: judge at value_year   (or: judge at evaluation_year)"))
    return None


def check_field(ctx: Context, stmt: ast.Statement, values: list[object], method: Method
                ) -> model.Field:
    field_id = str(values[0])
    ctx.claim(field_id, stmt.args[0].span, "field")
    kpis = tuple(
        check_kpi(ctx, s, v, field_id, method)
        for s, _spec, v in ctx.body(stmt.body or (), "field") if s.keyword == "kpi"
    )
    return model.Field(field_id, str(values[1]), kpis, span=stmt.span)

def check_kpi(ctx: Context, stmt: ast.Statement, values: list[object], field_id: str,
        plan_method: Method) -> model.Kpi:
    kpi_id = str(values[0])
    ctx.claim(kpi_id, stmt.args[0].span, "KPI")
    method, note = plan_method, None
    parts = list(ctx.body(stmt.body or (), "kpi"))
    lifecycle: dict[str, model.Lifecycle] = {}
    for prop, _spec, vals in parts:
        if prop.keyword == "method":
            method = Method(ctx.method(prop, vals[0]) or plan_method.value)
        elif prop.keyword == "note":
            note = str(vals[0])
        elif prop.keyword in ("added", "retired"):
            lifecycle[prop.keyword] = model.Lifecycle(int(cast(int, vals[0])), str(vals[1]),
                                                      span=prop.span)
    check_lifecycle(ctx, lifecycle.get("added"), lifecycle.get("retired"))
    indicators = tuple(
        m for s, _spec, v in parts if s.keyword == "indicator"
        for m in [check_measure(ctx, s, v, model.MeasureKind.INDICATOR, kpi_id, field_id,
                                    method)] if m is not None
    )
    if not any(i.scored for i in indicators):
        ctx.report(warning("kpi-without-targets",
                            f"KPI '{kpi_id}' has no indicator with a target, so it "
                            "has no index", stmt.args[0].span,
                            "give at least one indicator a baseline and a target"))
    return model.Kpi(kpi_id, str(values[1]), field_id, indicators, method, note,
                     span=stmt.span, added=lifecycle.get("added"),
                     retired=lifecycle.get("retired"))

def check_formulas(ctx: Context, plan: model.Plan) -> None:
    """A formula may read another measure by its id; such reads must not loop."""
    measures = {m.id: m for m in plan.measures}
    # every definition a measure has over time counts: a revised formula must not loop
    reads = {
        m.id: [v for d in (m, *(r.measure for r in m.revisions))
               for v in ast.expr_names(d.formula) if v.name in measures and v.name != m.id]
        for m in plan.measures
    }
    state: dict[str, int] = {}  # 1 visiting, 2 done
    # depth first with a stack of its own: a chain of thousands of measures is a plan too
    for root in reads:
        if root in state:
            continue
        state[root] = 1
        trail, pending = [root], [iter(reads[root])]
        while pending:
            var = next(pending[-1], None)
            if var is None:
                pending.pop()
                state[trail.pop()] = 2
            elif state.get(var.name) == 1:
                loop = [*trail[trail.index(var.name):], var.name]
                ctx.report(error("formula-cycle", "these formulas depend on each other "
                                  "in a circle: " + " -> ".join(loop), var.span,
                                  "break the circle: one of them must read data only"))
            elif var.name not in state:
                state[var.name] = 1
                trail.append(var.name)
                pending.append(iter(reads[var.name]))

def check_grading(ctx: Context, stmt: ast.Statement) -> tuple[model.GradeRule, ...]:
    rules: list[model.GradeRule] = []
    ids: dict[str, Span] = {}
    for prop, _spec, vals in ctx.body(stmt.body or (), "grading"):
        grade_id, label = str(vals[0]), str(vals[1])
        otherwise = len(prop.args) == 3
        if otherwise and not (isinstance(prop.args[2], ast.Name)
                              and prop.args[2].value == "otherwise" and prop.op is None):
            ctx.report(error("bad-arguments", "a grade ends with `when condition` or "
                              "`otherwise`", prop.args[2].span,
                              'write it as: grade D "後退" otherwise'))
            continue
        if not otherwise and prop.op != "when":
            ctx.report(error("bad-arguments", "a grade needs `when condition` or "
                              "`otherwise`", prop.span,
                              'write it as: grade A "順調" when score >= expected'))
            continue
        if grade_id in ids:
            ctx.report(error("duplicate-id", f"the grade '{grade_id}' is already defined",
                              prop.args[0].span, f"first at line {ids[grade_id].line}"))
        ids[grade_id] = prop.args[0].span
        if rules and rules[-1].condition is None:
            ctx.report(warning("unreachable-grade", f"grade '{grade_id}' comes after "
                                "`otherwise` and can never match", prop.args[0].span,
                                "move `otherwise` to the last rule"))
        if prop.expr is not None:
            ctx.diagnostics.extend(check_formula(prop.expr, GRADE_VARIABLES))
        rules.append(model.GradeRule(grade_id, label, prop.expr, span=prop.span))
    return tuple(rules)
