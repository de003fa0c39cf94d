"""Goals and indicators: a measure's own statements, its lifecycle (`added`, `retired`) and
its revisions, checked together into one `Measure`."""

from __future__ import annotations

import attrs

from dxplan import model
from dxplan.check.context import Context
from dxplan.check.properties import (
    Props,
    build,
    read_body,
    resolve_targets,
    targets_sound,
    written_keywords,
)
from dxplan.check.revision import check_lifecycle, check_revisions
from dxplan.scoring import Method
from dxplan.spec import ast


def check_measure(ctx: Context, stmt: ast.Statement, values: list[object],
                  kind: model.MeasureKind, kpi: str | None, field: str | None,
                  method: Method) -> model.Measure | None:
    ident = str(values[0])
    if not ctx.claim(ident, stmt.args[0].span, kind.value):
        return None
    props = Props()
    body = stmt.body or ()
    read_body(ctx, body, props)
    resolve_targets(ctx, props)
    measure = build(props, kind, ident, str(values[1]), kpi, field, method, stmt.span)
    written = written_keywords(body)
    targets_sound(ctx, measure, stmt.args[0].span, written)
    check_lifecycle(ctx, props.added, props.retired)
    revisions = check_revisions(ctx, props, measure, written)
    if not revisions and props.added is None and props.retired is None:
        return measure  # nearly every indicator: no copy (evolve costs six constructions)
    return attrs.evolve(measure, revisions=revisions, added=props.added, retired=props.retired)
