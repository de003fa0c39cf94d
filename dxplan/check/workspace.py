"""Syntax trees -> checked model. Every problem is reported in one pass.

The shape of each statement is `shape.py`'s; the other modules give them meaning: ids
unique across the workspace, references resolved, years inside the plan, formulas sound.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from dxplan import model
from dxplan.check.context import Context
from dxplan.check.plan import check_plan
from dxplan.check.roadmap import check_roadmap
from dxplan.source import Diagnostic, error
from dxplan.spec import ast


def check(modules: Sequence[ast.Module]) -> tuple[model.Workspace, list[Diagnostic]]:
    """The workspace the modules define together, and every problem found."""
    ctx = Context()
    return workspace(ctx, modules), ctx.diagnostics


def workspace(ctx: Context, modules: Sequence[ast.Module]) -> model.Workspace:
    plan_parts: list[tuple[ast.Statement, str, list[object]]] = []
    entity_sets: list[model.EntitySet] = []
    for module in modules:
        for stmt, _spec, values in ctx.body(module.statements, "top"):
            if stmt.keyword == "entities":  # first: `by` in the plan refers to them
                found = check_entities(ctx, stmt, values, module.path)
                entity_sets += [found] if found is not None else []
            else:
                plan_parts.append((stmt, stmt.keyword, values))
    plans = [p for p in plan_parts if p[1] == "plan"]
    for extra in plans[1:]:
        ctx.report(error("duplicate-plan", "a workspace holds one plan",
                          extra[0].keyword_span,
                          f"the plan is already defined at {plans[0][0].span.location()}"))
    plan = check_plan(ctx, plans[0][0], plans[0][2], plan_parts) if plans else None
    roadmaps = tuple(
        r for stmt, kw, values in plan_parts if kw == "roadmap"
        for r in [check_roadmap(ctx, stmt, values, plan)] if r is not None
    )
    if plan is None and plan_parts:
        first = plan_parts[0][0]
        ctx.report(error("no-plan", "no plan is loaded", first.keyword_span,
                          "load the plan file together with this one "
                          "(e.g. dxplan check specs/plan2024.dxp specs/roadmap2024.dxp)"))
    if not plan_parts and not entity_sets and modules:
        paths = ", ".join(m.path for m in modules)
        ctx.report(error("no-plan", f"{paths}: no plan and no roadmap is defined", None,
                          "a plan file starts with `plan my_plan \"名前\" { ... }`"))
    return model.Workspace(plan, roadmaps, tuple(m.path for m in modules), tuple(entity_sets))


def check_entities(ctx: Context, stmt: ast.Statement, values: list[object], spec_path: str
                   ) -> model.EntitySet | None:
    """An entity set: its id (in the plan's one namespace) and its file, found from the
    folder of the spec that names it."""
    ident = str(values[0])
    if not ctx.claim(ident, stmt.args[0].span, "entity set"):
        return None
    props = {p.keyword: str(v[0]) for p, _spec, v in ctx.body(stmt.body or (), "entities")}
    if "file" not in props:
        ctx.report(error("missing-property", f"the entity set '{ident}' has no file",
                         stmt.keyword_span, 'add: file "municipalities.csv" (code,name[,kind])'))
        return None
    ctx.entity_sets[ident] = stmt.args[0].span
    path = str(Path(spec_path).parent / props["file"]) if not Path(props["file"]).is_absolute() \
        else props["file"]
    return model.EntitySet(ident, str(values[1]), props["file"], path, props.get("note"),
                           span=stmt.span)
