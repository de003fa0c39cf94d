"""Goals and indicators: their properties, dated values and targets, checked into `Measure`s."""

from __future__ import annotations

import math
from typing import cast

from dxplan import model
from dxplan.check.context import Context
from dxplan.check.schema import SCHEMA
from dxplan.check.shape import number_of
from dxplan.formula import check_formula
from dxplan.scoring import Clamp, Method
from dxplan.source import Span, did_you_mean, error, warning
from dxplan.spec import ast

_MEASURE_PROPS = ("unit", "source", "note")


def check_measure(ctx: Context, stmt: ast.Statement, values: list[object], kind: model.MeasureKind,
            kpi: str | None, field: str | None, method: Method) -> model.Measure | None:
    ident = str(values[0])
    if not ctx.claim(ident, stmt.args[0].span, kind.value):
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
    for prop, _spec, vals in ctx.body(stmt.body or (), "measure"):
        kw = prop.keyword
        if kw in _MEASURE_PROPS:
            props[kw] = str(vals[0])
        elif kw == "value":
            assert prop.expr is not None
            ctx.diagnostics.extend(check_formula(prop.expr))
            props["formula"] = prop.expr
        elif kw in ("baseline", "target"):
            dated = check_dated(ctx, prop, vals)
            if dated is None:
                continue
            if kw == "baseline":
                baseline = dated
            elif any(t.year == dated.year for t in targets):
                ctx.report(error("duplicate-target", f"a target for {dated.year} is "
                                  "given twice", prop.args[0].span, "keep one"))
            else:
                targets.append(dated)
        elif kw == "weight":
            weight = float(vals[0])  # type: ignore[arg-type]
            if weight <= 0:
                ctx.report(error("bad-weight", "a weight must be greater than 0",
                                  prop.args[0].span, "to leave it out of the index, "
                                  "mark the indicator `reference` instead"))
            props["weight"] = weight
        elif kw == "reference":
            props["reference"] = True
            reference_span = prop.keyword_span
        elif kw == "method":
            props["method"] = Method(ctx.method(prop, vals[0]) or method.value)
        elif kw == "clamp":
            low, high = cast(tuple[float | None, float | None], vals[0])
            if low is not None and high is not None and low >= high:
                ctx.report(error("bad-clamp", "the clamp's low end must be below its "
                                  "high end", prop.args[0].span, "e.g. clamp 0..120"))
            else:
                props["clamp"] = Clamp(low, high)
    targets.sort(key=lambda d: d.year)
    reference = bool(props.get("reference"))
    targets_sound(ctx, stmt, ident, kind, baseline, targets, reference, reference_span,
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

def check_dated(ctx: Context, prop: ast.Statement, vals: list[object]) -> model.Dated | None:
    value = number_of(prop.expr)
    if value is None:
        span = prop.expr.span if prop.expr is not None else prop.span
        ctx.report(error("bad-value", f"a {prop.keyword} must be a number", span,
                          "formulas go in `value = ...`; write e.g. baseline 2020 = 3720"))
        return None
    if not math.isfinite(value):
        assert prop.expr is not None
        ctx.report(error("bad-value", f"this {prop.keyword} is too large to compute with",
                          prop.expr.span, "check the number of digits"))
        return None
    extra: dict[str, str] = {}
    for sub, _spec, sub_vals in ctx.body(prop.body or (), "dated"):
        extra[sub.keyword] = str(sub_vals[0]) if sub_vals else ""
    return model.Dated(int(vals[0]), value, extra.get("source"),  # type: ignore[call-overload]
                       extra.get("note"), extra.get("url"), span=prop.span,
                       illustrative="illustrative" in extra)

def targets_sound(ctx: Context, stmt: ast.Statement, ident: str, kind: str,
                  baseline: model.Dated | None, targets: list[model.Dated],
                  reference: bool, reference_span: Span | None,
                  written: set[str]) -> None:
    """`written`: the dated keywords present, faulty ones included, so a value already
    reported as bad is not reported missing as well."""
    where = stmt.args[0].span
    if reference:
        if targets and reference_span is not None:
            ctx.report(warning("reference-with-target",
                                f"'{ident}' is reference-only but has a target; the "
                                "target is ignored", targets[0].span or where,
                                "remove the target, or remove `reference` to score it"))
        return
    if not targets and "target" not in written:
        ctx.report(error("missing-target", f"the {kind} '{ident}' has no target", where,
                          "add e.g. `target 2028 = 60`, or mark it `reference` (参考値)"))
    if baseline is None and "baseline" not in written:
        ctx.report(error("missing-baseline", f"the {kind} '{ident}' has no baseline",
                          where, "add e.g. `baseline 2023 = 0`"))
    if baseline is None or not targets:
        return
    final = targets[-1]
    if final.value == baseline.value:
        ctx.report(error("target-equals-baseline", f"the target of '{ident}' equals its "
                          "baseline, so progress cannot be measured",
                          final.span or where, "a target must differ from the baseline"))
    for target in targets:
        if target.year <= baseline.year:
            ctx.report(error("target-before-baseline", f"the target year {target.year} "
                              f"is not after the baseline year {baseline.year}",
                              target.span or where, "a target lies after its baseline"))
        elif ctx.period and not ctx.period[0] <= target.year <= ctx.period[1]:
            start, end = ctx.period
            ctx.report(error("target-outside-period", f"the target year {target.year} "
                              f"is outside the plan period {start}..{end}",
                              target.span or where,
                              f"targets are set for fiscal years {start} to {end}"))
