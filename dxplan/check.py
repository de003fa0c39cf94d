"""Syntax trees -> checked model. Every problem is reported in one pass.

The shape of each statement is `shape.py`'s; this module gives them meaning: ids unique
across the workspace, references resolved, years inside the plan, formulas sound.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import cast

from . import ast, model
from .expr import check_formula
from .schema import GRADE_VARIABLES, SCHEMA
from .scoring import Clamp, Method
from .shape import Shape, number_of
from .source import Diagnostic, Span, did_you_mean, error, warning

_MEASURE_PROPS = ("unit", "source", "note")


class Checker(Shape):
    def __init__(self) -> None:
        super().__init__()
        self.ids: dict[str, Span] = {}  # every plan id, one namespace (explain looks them up)
        self.period: tuple[int, int] | None = None

    def claim(self, ident: str, span: Span, what: str) -> bool:
        first = self.ids.get(ident)
        if first is not None:
            self.report(error("duplicate-id", f"the id '{ident}' is already used", span,
                              f"first defined at {first.location()}; give this {what} "
                              "another id"))
            return False
        self.ids[ident] = span
        return True

    # --- plan ---------------------------------------------------------------------------

    def workspace(self, modules: Sequence[ast.Module]) -> model.Workspace:
        plan_parts: list[tuple[ast.Statement, str, list[object]]] = []
        for module in modules:
            for stmt, _spec, values in self.body(module.statements, "top"):
                plan_parts.append((stmt, stmt.keyword, values))
        plans = [p for p in plan_parts if p[1] == "plan"]
        for extra in plans[1:]:
            self.report(error("duplicate-plan", "a workspace holds one plan",
                              extra[0].keyword_span,
                              f"the plan is already defined at {plans[0][0].span.location()}"))
        plan = self.plan(plans[0][0], plans[0][2], plan_parts) if plans else None
        roadmaps = tuple(
            r for stmt, kw, values in plan_parts if kw == "roadmap"
            for r in [self.roadmap(stmt, values, plan)] if r is not None
        )
        if plan is None and plan_parts:
            first = plan_parts[0][0]
            self.report(error("no-plan", "no plan is loaded", first.keyword_span,
                              "load the plan file together with this one "
                              "(e.g. dxplan check specs/plan2024.dxp specs/roadmap2024.dxp)"))
        if not plan_parts and modules:
            paths = ", ".join(m.path for m in modules)
            self.report(error("no-plan", f"{paths}: no plan and no roadmap is defined", None,
                              "a plan file starts with `plan my_plan \"名前\" { ... }`"))
        return model.Workspace(plan, roadmaps, tuple(m.path for m in modules))

    def plan(self, stmt: ast.Statement, values: list[object],
             parts: list[tuple[ast.Statement, str, list[object]]]) -> model.Plan:
        plan_id, name = str(values[0]), str(values[1])
        self.claim(plan_id, stmt.args[0].span, "plan")
        start, end, vision_year, vision, method, note = 0, 0, None, None, Method.PROGRESS, None
        for prop, _spec, vals in self.body(stmt.body or (), "plan"):
            if prop.keyword == "period":
                start, end = vals[0]  # type: ignore[misc]
                if start > end:
                    self.report(error("bad-period", "the period ends before it starts",
                                      prop.args[0].span, "write it as: period 2024..2028"))
            elif prop.keyword == "vision":
                vision_year, vision = int(vals[0]), str(vals[1])  # type: ignore[call-overload]
            elif prop.keyword == "method":
                method = Method(self.method(prop, vals[0]) or "progress")
            elif prop.keyword == "note":
                note = str(vals[0])
        if not start:
            self.report(error("missing-property", "the plan has no period", stmt.keyword_span,
                              "add: period 2024..2028"))
        self.period = (start, end) if start else None
        goals = tuple(
            g for s, kw, v in parts if kw == "goal"
            for g in [self.measure(s, v, "goal", None, None, method)] if g is not None
        )
        fields = tuple(self.field(s, v, method) for s, kw, v in parts if kw == "field")
        grading_stmts = [s for s, kw, _ in parts if kw == "grading"]
        for extra in grading_stmts[1:]:
            self.report(error("duplicate-property", "'grading' is given twice",
                              extra.keyword_span, "keep one grading block"))
        grading = self.grading(grading_stmts[0]) if grading_stmts else ()
        plan = model.Plan(plan_id, name, start, end, vision_year, vision, method, note,
                          goals, fields, grading, span=stmt.span)
        self.formulas(plan)
        return plan

    def field(self, stmt: ast.Statement, values: list[object], method: Method) -> model.Field:
        field_id = str(values[0])
        self.claim(field_id, stmt.args[0].span, "field")
        kpis = tuple(
            self.kpi(s, v, field_id, method)
            for s, _spec, v in self.body(stmt.body or (), "field") if s.keyword == "kpi"
        )
        return model.Field(field_id, str(values[1]), kpis, span=stmt.span)

    def kpi(self, stmt: ast.Statement, values: list[object], field_id: str,
            plan_method: Method) -> model.Kpi:
        kpi_id = str(values[0])
        self.claim(kpi_id, stmt.args[0].span, "KPI")
        method, note = plan_method, None
        parts = list(self.body(stmt.body or (), "kpi"))
        for prop, _spec, vals in parts:
            if prop.keyword == "method":
                method = Method(self.method(prop, vals[0]) or plan_method.value)
            elif prop.keyword == "note":
                note = str(vals[0])
        indicators = tuple(
            m for s, _spec, v in parts if s.keyword == "indicator"
            for m in [self.measure(s, v, "indicator", kpi_id, field_id, method)] if m is not None
        )
        if not any(i.scored for i in indicators):
            self.report(warning("kpi-without-targets",
                                f"KPI '{kpi_id}' has no indicator with a target, so it "
                                "has no index", stmt.args[0].span,
                                "give at least one indicator a baseline and a target"))
        return model.Kpi(kpi_id, str(values[1]), field_id, indicators, method, note,
                         span=stmt.span)

    # --- goals and indicators -------------------------------------------------------------

    def measure(self, stmt: ast.Statement, values: list[object], kind: str,
                kpi: str | None, field: str | None, method: Method) -> model.Measure | None:
        ident = str(values[0])
        if not self.claim(ident, stmt.args[0].span, "goal" if kind == "goal" else "indicator"):
            return None
        props: dict[str, object] = {}
        targets: list[model.Dated] = []
        baseline: model.Dated | None = None
        reference_span: Span | None = None
        # dated values present even when faulty or misspelt (`basline`): each was
        # reported once already, so none is reported missing as well
        written = {s.keyword for s in stmt.body or ()} | {
            kw for s in stmt.body or () for kw in ("baseline", "target")
            if s.keyword not in SCHEMA["measure"] and did_you_mean(s.keyword, [kw])
        }
        for prop, _spec, vals in self.body(stmt.body or (), "measure"):
            kw = prop.keyword
            if kw in _MEASURE_PROPS:
                props[kw] = str(vals[0])
            elif kw == "value":
                assert prop.expr is not None
                self.diagnostics.extend(check_formula(prop.expr))
                props["formula"] = prop.expr
            elif kw in ("baseline", "target"):
                dated = self.dated(prop, vals)
                if dated is None:
                    continue
                if kw == "baseline":
                    baseline = dated
                elif any(t.year == dated.year for t in targets):
                    self.report(error("duplicate-target", f"a target for {dated.year} is "
                                      "given twice", prop.args[0].span, "keep one"))
                else:
                    targets.append(dated)
            elif kw == "weight":
                weight = float(vals[0])  # type: ignore[arg-type]
                if weight <= 0:
                    self.report(error("bad-weight", "a weight must be greater than 0",
                                      prop.args[0].span, "to leave it out of the index, "
                                      "mark the indicator `reference` instead"))
                props["weight"] = weight
            elif kw == "reference":
                props["reference"] = True
                reference_span = prop.keyword_span
            elif kw == "method":
                props["method"] = Method(self.method(prop, vals[0]) or method.value)
            elif kw == "clamp":
                low, high = cast(tuple[float | None, float | None], vals[0])
                if low is not None and high is not None and low >= high:
                    self.report(error("bad-clamp", "the clamp's low end must be below its "
                                      "high end", prop.args[0].span, "e.g. clamp 0..120"))
                else:
                    props["clamp"] = Clamp(low, high)
        targets.sort(key=lambda d: d.year)
        reference = bool(props.get("reference"))
        self.targets_sound(stmt, ident, kind, baseline, targets, reference, reference_span,
                           written)
        return model.Measure(
            kind=kind, id=ident, name=str(values[1]),
            unit=props.get("unit"),  # type: ignore[arg-type]
            source=props.get("source"),  # type: ignore[arg-type]
            note=props.get("note"),  # type: ignore[arg-type]
            formula=props.get("formula"),  # type: ignore[arg-type]
            baseline=baseline, targets=tuple(targets),
            weight=props.get("weight", 1.0),  # type: ignore[arg-type]
            reference=reference,
            method=props.get("method", method),  # type: ignore[arg-type]
            clamp=props.get("clamp", Clamp()),  # type: ignore[arg-type]
            kpi=kpi, field=field, span=stmt.span,
        )

    def dated(self, prop: ast.Statement, vals: list[object]) -> model.Dated | None:
        value = number_of(prop.expr)
        if value is None:
            span = prop.expr.span if prop.expr is not None else prop.span
            self.report(error("bad-value", f"a {prop.keyword} must be a number", span,
                              "formulas go in `value = ...`; write e.g. baseline 2020 = 3720"))
            return None
        if not math.isfinite(value):
            assert prop.expr is not None
            self.report(error("bad-value", f"this {prop.keyword} is too large to compute with",
                              prop.expr.span, "check the number of digits"))
            return None
        extra: dict[str, str] = {}
        for sub, _spec, sub_vals in self.body(prop.body or (), "dated"):
            extra[sub.keyword] = str(sub_vals[0])
        return model.Dated(int(vals[0]), value, extra.get("source"),  # type: ignore[call-overload]
                           extra.get("note"), extra.get("url"), span=prop.span)

    def targets_sound(self, stmt: ast.Statement, ident: str, kind: str,
                      baseline: model.Dated | None, targets: list[model.Dated],
                      reference: bool, reference_span: Span | None,
                      written: set[str]) -> None:
        """`written`: the dated keywords present, faulty ones included, so a value already
        reported as bad is not reported missing as well."""
        where = stmt.args[0].span
        if reference:
            if targets and reference_span is not None:
                self.report(warning("reference-with-target",
                                    f"'{ident}' is reference-only but has a target; the "
                                    "target is ignored", targets[0].span or where,
                                    "remove the target, or remove `reference` to score it"))
            return
        if not targets and "target" not in written:
            self.report(error("missing-target", f"the {kind} '{ident}' has no target", where,
                              "add e.g. `target 2028 = 60`, or mark it `reference` (参考値)"))
        if baseline is None and "baseline" not in written:
            self.report(error("missing-baseline", f"the {kind} '{ident}' has no baseline",
                              where, "add e.g. `baseline 2023 = 0`"))
        if baseline is None or not targets:
            return
        final = targets[-1]
        if final.value == baseline.value:
            self.report(error("target-equals-baseline", f"the target of '{ident}' equals its "
                              "baseline, so progress cannot be measured",
                              final.span or where, "a target must differ from the baseline"))
        for target in targets:
            if target.year <= baseline.year:
                self.report(error("target-before-baseline", f"the target year {target.year} "
                                  f"is not after the baseline year {baseline.year}",
                                  target.span or where, "a target lies after its baseline"))
            elif self.period and not self.period[0] <= target.year <= self.period[1]:
                start, end = self.period
                self.report(error("target-outside-period", f"the target year {target.year} "
                                  f"is outside the plan period {start}..{end}",
                                  target.span or where,
                                  f"targets are set for fiscal years {start} to {end}"))

    # --- formulas and grading --------------------------------------------------------------

    def formulas(self, plan: model.Plan) -> None:
        """A formula may read another measure by its id; such reads must not loop."""
        measures = {m.id: m for m in plan.measures}
        reads = {
            m.id: [v for v in ast.expr_names(m.formula) if v.name in measures and v.name != m.id]
            for m in plan.measures
        }
        state: dict[str, int] = {}  # 1 visiting, 2 done

        def visit(ident: str, trail: list[str]) -> None:
            state[ident] = 1
            for var in reads[ident]:
                if state.get(var.name) == 1:
                    loop = [*trail[trail.index(var.name):], var.name]
                    self.report(error("formula-cycle", "these formulas depend on each other "
                                      "in a circle: " + " -> ".join(loop), var.span,
                                      "break the circle: one of them must read data only"))
                elif var.name not in state:
                    visit(var.name, [*trail, var.name])
            state[ident] = 2

        for ident in reads:
            if ident not in state:
                visit(ident, [ident])

    def grading(self, stmt: ast.Statement) -> tuple[model.GradeRule, ...]:
        rules: list[model.GradeRule] = []
        ids: dict[str, Span] = {}
        for prop, _spec, vals in self.body(stmt.body or (), "grading"):
            grade_id, label = str(vals[0]), str(vals[1])
            otherwise = len(prop.args) == 3
            if otherwise and not (isinstance(prop.args[2], ast.Name)
                                  and prop.args[2].value == "otherwise" and prop.op is None):
                self.report(error("bad-arguments", "a grade ends with `when condition` or "
                                  "`otherwise`", prop.args[2].span,
                                  'write it as: grade D "後退" otherwise'))
                continue
            if not otherwise and prop.op != "when":
                self.report(error("bad-arguments", "a grade needs `when condition` or "
                                  "`otherwise`", prop.span,
                                  'write it as: grade A "順調" when score >= expected'))
                continue
            if grade_id in ids:
                self.report(error("duplicate-id", f"the grade '{grade_id}' is already defined",
                                  prop.args[0].span, f"first at line {ids[grade_id].line}"))
            ids[grade_id] = prop.args[0].span
            if rules and rules[-1].condition is None:
                self.report(warning("unreachable-grade", f"grade '{grade_id}' comes after "
                                    "`otherwise` and can never match", prop.args[0].span,
                                    "move `otherwise` to the last rule"))
            if prop.expr is not None:
                self.diagnostics.extend(check_formula(prop.expr, GRADE_VARIABLES))
            rules.append(model.GradeRule(grade_id, label, prop.expr, span=prop.span))
        return tuple(rules)

    # --- roadmap ---------------------------------------------------------------------------

    def roadmap(self, stmt: ast.Statement, values: list[object],
                plan: model.Plan | None) -> model.Roadmap | None:
        from .check_roadmap import roadmap

        return roadmap(self, stmt, values, plan)


def check(modules: Sequence[ast.Module]) -> tuple[model.Workspace, list[Diagnostic]]:
    checker = Checker()
    workspace = checker.workspace(modules)
    return workspace, checker.diagnostics
