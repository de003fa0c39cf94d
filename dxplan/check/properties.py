"""A goal's or indicator's properties, baselines and targets, read and checked.

A measure's body is read into `Props` by `read_body`; the same reader serves a revision's
body, so a revised target is checked exactly as an original one. `measure.py` puts the
pieces together.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import cast

import attrs

from dxplan import model
from dxplan.check.context import Context
from dxplan.check.formulas import check_formula
from dxplan.check.shape import EACH_YEAR, number_of
from dxplan.formula import evaluate
from dxplan.japanese import past_era_end
from dxplan.scoring import PERCENT, Clamp, Method
from dxplan.source import Span, did_you_mean, error, warning
from dxplan.spec import ast
from dxplan.spec.ast import number_text
from dxplan.spec.schema import SCHEMA, YEAR_KINDS
from dxplan.targets import Op

_TEXT_PROPS = ("unit", "source", "note")
_RELATIVE_HINT = "a target's formula may read only `baseline`: target 2028 = baseline * 0.2"


@attrs.define
class Props:
    """What a measure's statements say, gathered before they are checked together."""

    texts: dict[str, str] = attrs.field(factory=dict)
    formula: ast.Expr | None = None
    baseline: model.Dated | None = None
    targets: dict[int, model.Dated] = attrs.field(factory=dict)
    pending: list[tuple[ast.Statement, object]] = attrs.field(factory=list)  # targets
    yearly: model.Dated | None = None
    deadline: model.Deadline | None = None
    weight: float = 1.0
    reference_span: Span | None = None
    method: Method | None = None
    clamp: Clamp = PERCENT  # one shared record (it is frozen): 5,000 fewer to cache
    calendar: bool = False
    by: str | None = None
    added: model.Lifecycle | None = None
    retired: model.Lifecycle | None = None
    revised: list[tuple[ast.Statement, int, str]] = attrs.field(factory=list)
    # target years a revision inherits: replacing one is the point, repeating one is not
    inherited: set[int] = attrs.field(factory=set)

    def copy(self) -> Props:
        """What a revision starts from: everything in force before it."""
        return attrs.evolve(self, texts=dict(self.texts), targets=dict(self.targets),
                            pending=[], revised=[], inherited=set(self.targets))


def build(props: Props, kind: model.MeasureKind, ident: str, name: str, kpi: str | None,
          field: str | None, method: Method, span: Span | None) -> model.Measure:
    """The definition `props` describe (without its revisions and lifecycle)."""
    return model.Measure(
        kind=kind, id=ident, name=name,
        unit=props.texts.get("unit"), source=props.texts.get("source"),
        note=props.texts.get("note"), formula=props.formula,
        baseline=props.baseline, targets=tuple(sorted(props.targets.values(),
                                                       key=lambda d: d.year)),
        weight=props.weight, reference=props.reference_span is not None,
        method=props.method or method, clamp=props.clamp, kpi=kpi, field=field,
        span=span, yearly=props.yearly, deadline=props.deadline, calendar=props.calendar,
        by=props.by,
    )


def written_keywords(body: Sequence[ast.Statement]) -> set[str]:
    """The dated keywords present even when faulty or misspelt (`basline`): each was
    reported once already, so none is reported missing as well."""
    return {s.keyword for s in body} | {
        kw for s in body for kw in ("baseline", "target")
        if s.keyword not in SCHEMA["measure"] and did_you_mean(s.keyword, [kw])
    }


def read_body(ctx: Context, body: Sequence[ast.Statement], props: Props,
              context: str = "measure") -> None:
    """Fill `props` from the statements of a measure (or of a revision) that fit `context`."""
    for prop, _spec, vals in ctx.body(body, context):
        kw = prop.keyword
        if kw in _TEXT_PROPS:
            props.texts[kw] = str(vals[0])
        elif kw == "value":
            assert prop.expr is not None
            ctx.diagnostics.extend(check_formula(prop.expr))
            props.formula = prop.expr
        elif kw == "baseline":
            props.baseline = _baseline(ctx, prop, vals) or props.baseline
        elif kw == "target":
            props.pending.append((prop, vals[0]))
        elif kw == "milestone":
            props.deadline = model.Deadline(int(cast(int, vals[0])), str(vals[1]),
                                            span=prop.span)
        elif kw == "weight":
            weight = float(cast(float, vals[0]))
            if weight <= 0:
                ctx.report(error("bad-weight", "a weight must be greater than 0",
                                 prop.args[0].span, "to leave it out of the index, "
                                 "mark the indicator `reference` instead"))
            props.weight = weight
        elif kw == "reference":
            props.reference_span = prop.keyword_span
        elif kw == "method":
            chosen = ctx.method(prop, vals[0])
            props.method = Method(chosen) if chosen else props.method
        elif kw == "clamp":
            low, high = cast(tuple[float | None, float | None], vals[0])
            if low is not None and high is not None and low >= high:
                ctx.report(error("bad-clamp", "the clamp's low end must be below its "
                                 "high end", prop.args[0].span, "e.g. clamp 0..120"))
            else:
                props.clamp = Clamp(low, high)
        elif kw == "by":
            name = str(vals[0])
            if name in ctx.entity_sets:
                props.by = name
            else:
                ctx.report(error("unknown-reference", f"unknown entity set '{name}'",
                                 prop.args[0].span, did_you_mean(name, ctx.entity_sets)
                                 or "declare it: entities municipalities \"市町村\" "
                                 "{ file \"municipalities.csv\" }"))
        elif kw in ("added", "retired"):
            when = model.Lifecycle(int(cast(int, vals[0])), str(vals[1]), span=prop.span)
            setattr(props, kw, when)
        elif kw == "revised":
            props.revised.append((prop, int(cast(int, vals[0])), str(vals[1])))
        elif kw == "year":
            word = str(vals[0])
            if word not in YEAR_KINDS:
                ctx.report(error("bad-arguments", f"unknown kind of year '{word}'",
                                 prop.args[0].span, did_you_mean(word, YEAR_KINDS)
                                 or "write: year calendar (暦年) or year fiscal (年度)"))
            props.calendar = word == "calendar"


def resolve_targets(ctx: Context, props: Props) -> None:
    """The targets read so far, now that the baseline is known (a relative target reads it)."""
    for stmt, year in props.pending:
        dated = _target(ctx, stmt, year, props.baseline)
        if dated is None:
            continue
        if year == EACH_YEAR:
            if props.yearly is not None:
                ctx.report(error("duplicate-target", "a target for each year is given twice",
                                 stmt.args[0].span, "keep one"))
            props.yearly = dated
        elif dated.year in props.targets and dated.year not in props.inherited:
            ctx.report(error("duplicate-target", f"a target for {dated.year} is given twice",
                             stmt.args[0].span, "keep one"))
        else:
            props.targets[dated.year] = dated
            props.inherited.discard(dated.year)
    props.pending.clear()


def _provenance(ctx: Context, prop: ast.Statement) -> dict[str, str]:
    """A baseline's or target's `source`, `note`, `url`, and the `illustrative` flag."""
    if not prop.body:  # nearly every one
        return {}
    return {sub.keyword: str(vals[0]) if vals else ""
            for sub, _spec, vals in ctx.body(prop.body or (), "dated")}


def _written_year(arg: ast.Arg) -> str | None:
    """The year as written when it is not the plain number fmt writes (H34, 令和6年度)."""
    if isinstance(arg, ast.Range):
        return None
    text = arg.value if isinstance(arg, ast.Name) else None
    return text if text is not None and past_era_end(text) is not None else None


def _baseline(ctx: Context, prop: ast.Statement, vals: list[object]) -> model.Dated | None:
    value = _number(ctx, prop, prop.expr)
    if value is None:
        return None
    first, last = cast(tuple[int, int], vals[0])
    extra = _provenance(ctx, prop)
    return model.Dated(last, value, extra.get("source"), extra.get("note"), extra.get("url"),
                       span=prop.span, first_year=first if first != last else None,
                       written=_written_year(prop.args[0]),
                       illustrative="illustrative" in extra)


def _number(ctx: Context, prop: ast.Statement, expr: ast.Expr | None) -> float | None:
    value = number_of(expr)
    if value is None:
        span = expr.span if expr is not None else prop.span
        ctx.report(error("bad-value", f"a {prop.keyword} must be a number", span,
                         "formulas go in `value = ...`; write e.g. baseline 2020 = 3720"))
        return None
    if not math.isfinite(value):
        assert expr is not None
        ctx.report(error("bad-value", f"this {prop.keyword} is too large to compute with",
                         expr.span, "check the number of digits"))
        return None
    return value


def _target(ctx: Context, prop: ast.Statement, year: object,
            baseline: model.Dated | None) -> model.Dated | None:
    expr = prop.expr
    assert expr is not None and prop.op is not None
    op = Op(prop.op)
    high: float | None = None
    if isinstance(expr, ast.Binary) and expr.op == "..":
        if op is not Op.EQ:
            ctx.report(error("bad-value", "a range is written `= low..high`", expr.span,
                             "write e.g. target 2028 = 30..40"))
            return None
        low_value = _value(ctx, prop, expr.left, baseline)
        high = _value(ctx, prop, expr.right, baseline)
        if low_value is None or high is None:
            return None
        if not low_value < high:
            ctx.report(error("bad-value", "a range's low end must be below its high end",
                             expr.span, "write e.g. target 2028 = 30..40"))
            return None
        value, op = low_value, Op.RANGE
    else:
        found = _value(ctx, prop, expr, baseline)
        if found is None:
            return None
        value = found
    extra = _provenance(ctx, prop)
    sides = (expr.left, expr.right) if op is Op.RANGE and isinstance(expr, ast.Binary) \
        else (expr,)
    relative = expr if any(number_of(side) is None for side in sides) else None
    return model.Dated(0 if year == EACH_YEAR else int(cast(int, year)), value,
                       extra.get("source"), extra.get("note"), extra.get("url"),
                       span=prop.span, op=op, high=high, formula=relative,
                       written=_written_year(prop.args[0]),
                       illustrative="illustrative" in extra)


def _value(ctx: Context, prop: ast.Statement, expr: ast.Expr,
           baseline: model.Dated | None) -> float | None:
    """A target's number, or its formula over `baseline` computed (基準値より8割減)."""
    if number_of(expr) is not None:
        return _number(ctx, prop, expr)
    problems = check_formula(expr, ("baseline",), where="a target's formula",
                             hint=_RELATIVE_HINT)
    if problems:
        ctx.diagnostics.extend(problems)
        return None
    if baseline is None:
        ctx.report(error("missing-baseline", "this target reads `baseline`, but there is "
                         "none", expr.span, "add e.g. `baseline 2013 = 105,000`"))
        return None
    b = baseline.value
    outcome = evaluate(expr, lambda name, _year: b if name == "baseline" else None, 0)
    if outcome.value is None:
        ctx.report(error("bad-value", f"this target has no value: {outcome.problem}",
                         expr.span, _RELATIVE_HINT))
        return None
    return outcome.value


def targets_sound(ctx: Context, m: model.Measure, where: Span, written: set[str]) -> None:
    """The targets of a measure, together: present, of one form, after the baseline."""
    dated = [*m.targets, *([m.yearly] if m.yearly else [])]
    if m.reference:
        if (dated or m.deadline) and m.span is not None:
            first = dated[0].span if dated else m.deadline.span if m.deadline else None
            ctx.report(warning("reference-with-target",
                               f"'{m.id}' is reference-only but has a target; the "
                               "target is ignored", first or where,
                               "remove the target, or remove `reference` to score it"))
        return
    forms = [name for name, present in (("dated targets", bool(m.targets)),
                                        ("a target for each year", m.yearly is not None),
                                        ("a milestone", m.deadline is not None)) if present]
    if len(forms) > 1:
        span = (m.yearly.span if m.yearly else m.deadline.span if m.deadline else None)
        ctx.report(error("mixed-targets", f"'{m.id}' has {' and '.join(forms)}; a goal or "
                         "indicator is judged in one way", span or where,
                         "split it into two indicators, one for each kind of target"))
        return
    if not forms and "target" not in written and "milestone" not in written:
        ctx.report(error("missing-target", f"the {m.kind.value} '{m.id}' has no target", where,
                         "add e.g. `target 2028 = 60`, or mark it `reference` (参考値)"))
    if not m.targets:
        return
    if m.baseline is None:
        if "baseline" not in written:
            ctx.report(error("missing-baseline", f"the {m.kind.value} '{m.id}' has no "
                             "baseline", where, "add e.g. `baseline 2023 = 0`"))
        return
    final = m.targets[-1]
    if final.op is Op.EQ and final.value == m.baseline.value:
        ctx.report(error("target-equals-baseline", f"the target of '{m.id}' equals its "
                         "baseline, so progress cannot be measured", final.span or where,
                         f"to keep the level (維持), write a bound: target {final.year} >= "
                         f"{number_text(final.value)} (or <= for at most)"))
    for target in m.targets:
        if target.year <= m.baseline.year:
            ctx.report(error("target-before-baseline", f"the target year {target.year} "
                             f"is not after the baseline year {m.baseline.year}",
                             target.span or where, "a target lies after its baseline"))
