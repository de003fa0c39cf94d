"""Data files checked against the workspace: series the plan reads, projects it lists."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from dxplan.data.cells import STAGE_FORMS
from dxplan.data.checks import check_progress, check_series
from dxplan.data.entities import resolve
from dxplan.data.records import (
    DataSet,
    Observation,
    Observations,
    ProgressRow,
    period_year,
    rows_for,
)
from dxplan.data.xlsx import cell_ref
from dxplan.formula import FUNCTIONS
from dxplan.japanese import YearKind
from dxplan.model import Measure, Workspace
from dxplan.source import Diagnostic, did_you_mean, error, warning
from dxplan.spec.ast import Call, Expr, Var, expr_names, walk_expr


def used_series(workspace: Workspace) -> set[str]:
    """Every series a measure reads: its own id, and the names in its formula."""
    plan = workspace.plan
    if plan is None:
        return set()
    return {m.id for m in plan.measures} | {
        v.name for m in plan.measures for v in expr_names(m.formula)
    }


def validate(workspace: Workspace, data: DataSet) -> tuple[DataSet, list[Diagnostic]]:
    """The data against the plan: series nobody reads, formulas reading series nobody has,
    years that contradict their series (年 in a fiscal series), stages where a number
    belongs, figures after the plan, progress rows against the roadmap of their year.

    The data comes back with each calendar series' years read as calendar years."""
    observations, diagnostics = _years_and_stages(workspace, data.observations)
    data = attrs.evolve(data, observations=observations)
    data, found = resolve(data, data.entity_lists, _entity_set_of(workspace),
                          declared=bool(workspace.entity_sets))
    diagnostics += found
    used = used_series(workspace)
    diagnostics += check_series(data.observations, used)
    diagnostics += _entity_series(data, used)
    diagnostics += _unread_whole_area(workspace, data)
    diagnostics += _formula_inputs(workspace, data)
    diagnostics += _future_years(workspace, data)
    if data.progress and workspace.roadmaps:
        diagnostics += _check_progress(workspace, data.progress)
    return data, diagnostics


def _years_and_stages(workspace: Workspace, observations: Observations
                      ) -> tuple[Observations, list[Diagnostic]]:
    plan = workspace.plan
    if plan is None:
        return observations, []
    calendar = {name for m in plan.measures if m.calendar for name in _series_of(m)}
    milestones = {m.id for m in plan.measures if m.deadline is not None and m.formula is None}
    area = observations.area
    problems: list[Diagnostic] = []
    gone: list[tuple[str, int]] = []  # figures read in bulk that are left out
    for series in sorted(milestones & set(area.values if area is not None else ())):
        assert area is not None
        for given in area.values[series]:  # a number where a stage belongs
            problems.append(_milestone_number(area.observation(series, given)))
            gone.append((series, given))
    out: list[Observation] = []
    places: list[int] = []
    seen: dict[tuple[str, int, str | None], Observation] = {}
    for obs, place in zip(observations.careful,
                          observations.places or [0] * len(observations.careful),
                          strict=True):
        is_calendar = obs.series in calendar
        year = obs.written.in_series(is_calendar) if obs.written is not None else obs.year
        if year is None:
            assert obs.written is not None
            problems.append(_year_kind(obs, is_calendar))
            continue
        if obs.stage is not None and obs.series not in milestones:
            problems.append(error(
                "bad-value", f"'{obs.series}' {obs.year} says a stage "
                f"({obs.stage.value}) where a number belongs{cell_ref(obs.span)}", obs.span,
                f"stages ({STAGE_FORMS}) are the data of an indicator with `milestone`"))
            continue
        if obs.series in milestones and obs.value is not None:
            problems.append(_milestone_number(obs))
            continue
        placed = obs if year == obs.year else attrs.evolve(obs, year=year)
        first = seen.setdefault((placed.series, year, placed.entity), placed)
        # a point in time read as the year of a figure read in bulk: the earlier is first
        bulk = area.rows.get(obs.series, {}).get(year) if first is placed and area \
            is not None and obs.written is not None and obs.written.kind is YearKind.POINT \
            and obs.entity is None and obs.series not in milestones else None
        if bulk is not None:
            assert area is not None
            figure = area.observation(obs.series, year)
            if bulk < place:
                first = seen[placed.series, year, None] = figure
            else:
                problems.append(_twice(figure, placed))
                gone.append((obs.series, year))
        if first is not placed:  # two ways of writing one year (2016年3月末 and 2016年)
            problems.append(_twice(obs, first))
            continue
        out.append(placed)
        places.append(place)
    kept = area.without(gone) if area is not None and gone else area
    return Observations(out, places if observations.places else (), kept), problems


def _milestone_number(obs: Observation) -> Diagnostic:
    return error("bad-value", f"'{obs.series}' is a milestone: its data are stages, not "
                 f"numbers{cell_ref(obs.span)}", obs.span, f"write one of {STAGE_FORMS}")


def _twice(obs: Observation, first: Observation) -> Diagnostic:
    return error("conflicting-rows", f"{obs.series} {first.year} is given twice"
                 f"{cell_ref(obs.span)}", obs.span,
                 f"first given at {first.span.path}:{first.span.line}; keep one")


def _entity_set_of(workspace: Workspace) -> dict[str, str]:
    """The entity set of each series a `by` measure reads: its own id and its formula's."""
    plan = workspace.plan
    if plan is None:
        return {}
    return {name: m.by for m in plan.measures if m.by is not None
            for d in (m, *(r.measure for r in m.revisions))
            for name in (m.id, *(v.name for v in expr_names(d.formula)))}


def _entity_series(data: DataSet, known: set[str]) -> list[Diagnostic]:
    """A warning for each per-entity series the plan does not use, at its first row."""
    figures = data.by_entity
    out: list[Diagnostic] = []
    for series in figures.values:
        if series in known:
            continue
        rows = figures.rows[series]
        span = figures.row_span(min(min(years.values()) for years in rows.values()))
        hint = did_you_mean(series, known) or "no goal, indicator or formula reads it"
        out.append(warning("unknown-series", f"series '{series}' is not used by the plan",
                           span, hint))
    return out


def _unread_whole_area(workspace: Workspace, data: DataSet) -> list[Diagnostic]:
    """A warning for a series given both for the whole area (no municipality) and per
    municipality, when every formula that reads it aggregates the municipalities' figures
    (`mean(s)`, `count_if(s, ...)`): its whole-area figures would be left unread, silently."""
    plan = workspace.plan
    figures = data.by_entity.values
    if plan is None or not figures:
        return []
    aggregated: set[str] = set()
    plain: set[str] = set()
    for m in plan.measures:
        if m.formula is None:
            plain.add(m.id)  # its own figures: the whole area's are its value
        for d in (m, *(r.measure for r in m.revisions)):
            nodes = list(walk_expr(d.formula))
            per_entity = {id(v) for node in nodes for v in _entity_reads(node)}
            for node in nodes:
                if isinstance(node, Var):
                    (aggregated if id(node) in per_entity else plain).add(node.name)
    unread = (aggregated - plain) & set(figures)
    out: list[Diagnostic] = []
    for obs in data.observations.firsts(unread.__contains__):
        out.append(warning("unknown-series", f"the figures of '{obs.series}' without a "
                           "municipality are not used: the plan aggregates its "
                           f"municipalities' figures{cell_ref(obs.span)}", obs.span,
                           "give the municipality of each row, or leave the whole "
                           "area's rows out"))
    return out


def _entity_reads(node: Expr) -> list[Var]:
    """The names `node` reads as every municipality's figures: the one series of
    `mean(s)` (and the like), and every name in `count_if(s, condition)`."""
    function = FUNCTIONS.get(node.func) if isinstance(node, Call) else None
    if function is None or not isinstance(node, Call):
        return []
    if function.series_args:
        return [v for v in walk_expr(node) if isinstance(v, Var)]
    if function.aggregate and len(node.args) == 1 and isinstance(node.args[0], Var):
        return [node.args[0]]
    return []


def _series_of(m: Measure) -> set[str]:
    """The series a measure's own data live in: its id, or what its formula reads."""
    if m.formula is None:
        return {m.id}
    return {v.name for v in expr_names(m.formula)}


def _year_kind(obs: Observation, calendar: bool) -> Diagnostic:
    written = obs.written
    assert written is not None
    if calendar:
        message = (f"'{obs.series}' is declared `year calendar` (暦年), but this row's year "
                   f"is a fiscal year (年度){cell_ref(obs.span)}")
        hint = f"write the calendar year, e.g. {written.year}年 or {written.year}"
    else:
        message = (f"this row's year is a calendar year (年), but '{obs.series}' counts "
                   f"fiscal years (年度){cell_ref(obs.span)}")
        hint = (f"write the fiscal year ({written.year}年度, FY{written.year}), or declare "
                "`year calendar` in the indicator whose data these are")
    return error("year-kind", message, obs.span, hint)


def _check_progress(workspace: Workspace, rows: Sequence[ProgressRow]) -> list[Diagnostic]:
    """Each row against the roadmap of its year; a row of a year with none, once, against
    the nearest roadmap (its number cannot be checked: numbering is per roadmap)."""
    roadmaps = {r.year: r for r in reversed(workspace.roadmaps)}  # the first of a year wins
    out: list[Diagnostic] = []
    for year, roadmap in sorted(roadmaps.items()):
        projects = {p.no: p.name for p in roadmap.projects}
        out += check_progress(rows_for(roadmap, rows), projects, year)
    for row in rows:
        year = period_year(row.period)
        if year not in roadmaps:
            nearest = min(roadmaps, key=lambda y: (abs(y - year), y))
            out += check_progress([row], {row.project: ""}, nearest)
    return out


def _formula_inputs(workspace: Workspace, data: DataSet) -> list[Diagnostic]:
    """A formula reading a series no data file has is most often a typo: say so at the
    formula, not only as an unknown series at the data (whose hint would point the wrong
    way, to the typo)."""
    plan = workspace.plan
    if plan is None or not (len(data.observations) or data.by_entity.values):
        # progress-only data reads no series
        return []
    have = data.observations.series() | set(data.by_entity.values)
    measures = {m.id for m in plan.measures}
    out: list[Diagnostic] = []
    for measure in plan.measures:
        told: set[str] = set()  # one warning for a name however often the formula reads it
        for var in expr_names(measure.formula):
            if var.name in have or (var.name in measures and var.name != measure.id) \
                    or var.name in told:
                continue
            told.add(var.name)
            hint = did_you_mean(var.name, have - measures) or "add its figures to a data file"
            out.append(warning("no-data-for-series", f"no data file has the series "
                               f"'{var.name}' that the formula of '{measure.id}' reads",
                               var.span, hint))
    return out


def _future_years(workspace: Workspace, data: DataSet) -> list[Diagnostic]:
    """Figures dated after the plan's last year: usually a mistyped year, and they would
    move the year `eval` picks by default."""
    plan = workspace.plan
    if plan is None or not plan.end:
        return []
    end = plan.end
    observations, area = data.observations, data.observations.area
    places = observations.places or [0] * len(observations.careful)
    late = [(place, o) for place, o in zip(places, observations.careful, strict=True)
            if o.year > end]
    later = [(row, series, year) for series, rows in (area.rows.items() if area else ())
             if max(rows) > end for year, row in rows.items() if year > end]
    count = len(late) + len(later)
    first = late[0] if late else None
    if later:  # the first in file order, whichever way it was read
        row, series, year = min(later)
        if first is None or row < first[0]:
            assert area is not None
            first = (row, area.observation(series, year))
    if first is None:
        return []
    o = first[1]
    return [
        warning("year-outside-period", f"'{o.series}' has a figure for fiscal {o.year}, "
                f"after the plan period {plan.start}..{plan.end}", o.span,
                "check the year; figures after the plan are evaluated only with --year")
    ] + ([warning("year-outside-period", f"{count - 1} more figures are dated after "
                  f"{plan.end}", None)] if count > 1 else [])
