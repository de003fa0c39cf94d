"""The roadmap half of checking: projects, their numbers, fields, KPI links, milestones."""

from __future__ import annotations

from dxplan import model
from dxplan.check.context import Context
from dxplan.source import Span, did_you_mean, error
from dxplan.spec import ast


def check_roadmap(ctx: Context, stmt: ast.Statement, values: list[object],
            plan: model.Plan | None) -> model.Roadmap | None:
    roadmap_id, name = str(values[0]), str(values[1])
    ctx.claim(roadmap_id, stmt.args[0].span, "roadmap")
    year: int | None = None
    note: str | None = None
    projects: list[model.Project] = []
    numbers: dict[int, Span] = {}
    fields = {f.id: f for f in plan.fields} if plan else {}
    kpis = {k.id for k in plan.kpis} if plan else set()
    parts = list(ctx.body(stmt.body or (), "roadmap"))
    for prop, _spec, vals in parts:
        if prop.keyword == "year":
            year = int(vals[0])  # type: ignore[call-overload]
            if plan and plan.start and not plan.start <= year <= plan.end:
                ctx.report(error("year-outside-period", f"the roadmap year {year} is "
                                     f"outside the plan period {plan.start}..{plan.end}",
                                     prop.args[0].span, "a roadmap covers one fiscal year "
                                     f"of the plan, {plan.start} to {plan.end}"))
        elif prop.keyword == "note":
            note = str(vals[0])
    if year is None:
        ctx.report(error("missing-property", "the roadmap has no year",
                             stmt.keyword_span, "add: year 2024"))
    for prop, _spec, vals in parts:
        if prop.keyword != "field":
            continue
        field_id = str(vals[0])
        if plan is not None and field_id not in fields:
            ctx.report(error("unknown-reference", f"unknown field '{field_id}'",
                                 prop.args[0].span, did_you_mean(field_id, fields)
                                 or "fields: " + ", ".join(fields)))
        for cat, _s, cat_vals in ctx.body(prop.body or (), "roadmap_field"):
            for proj, _s2, proj_vals in ctx.body(cat.body or (), "category"):
                project = _project(ctx, proj, proj_vals, field_id, str(cat_vals[0]),
                                   kpis if plan else None, year)
                first = numbers.get(project.no)
                if first is not None:
                    ctx.report(error("duplicate-project", f"project number {project.no} "
                                         "is used twice", proj.args[0].span,
                                         f"first used at {first.location()}"))
                    continue
                numbers[project.no] = proj.args[0].span
                projects.append(project)
    return model.Roadmap(roadmap_id, name, year or 0, tuple(projects), note, span=stmt.span)


def _project(ctx: Context, stmt: ast.Statement, values: list[object], field: str,
             category: str, kpis: set[str] | None, year: int | None) -> model.Project:
    links: list[str] = []
    reference = False
    note: str | None = None
    milestones: list[model.Milestone] = []
    for prop, _spec, vals in ctx.body(stmt.body or (), "project"):
        if prop.keyword == "kpi":
            for name in vals[0]:  # type: ignore[attr-defined]
                assert isinstance(name, ast.Name)
                if kpis is not None and name.value not in kpis \
                        and name.value not in ctx.misspelt_ids:
                    ctx.report(error("unknown-reference", f"unknown KPI '{name.value}'",
                                         name.span, did_you_mean(name.value, kpis)
                                         or "KPIs: " + ", ".join(sorted(kpis))))
                else:
                    links.append(name.value)
        elif prop.keyword == "reference":
            reference = True
        elif prop.keyword == "note":
            note = str(vals[0])
        elif prop.keyword == "milestone":
            period = str(vals[0])
            if year is not None and not period.startswith(str(year)):
                ctx.report(error("period-outside-year", f"the milestone {period} is "
                                     f"outside the roadmap year {year}", prop.args[0].span,
                                     f"use {year}H1 or {year}H2"))
            milestones.append(model.Milestone(period, str(vals[1]), span=prop.span))
    return model.Project(int(values[0]), str(values[1]), field, category,  # type: ignore[call-overload]
                         tuple(links), reference, note, tuple(milestones), span=stmt.span)
