"""The semantic diff of two checked workspaces, and its impact on the figures.

It stands on position-free model equality: two versions of a spec that say the same
thing compare equal, whatever their layout. Entities are matched by id; an id that
disappears while another appears with the same content (or the same name) is a rename.
Each change is a record with before -> after texts; `diff_render` turns them into views.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Hashable, Sequence
from enum import StrEnum
from typing import Generic, TypeVar

import attrs

from dxplan import model
from dxplan.data.validate import used_series
from dxplan.record import Record
from dxplan.results import Results
from dxplan.review.impact import Impact
from dxplan.review.properties import (
    Property,
    field_props,
    grade_props,
    kpi_props,
    measure_props,
    plan_props,
    project_props,
    roadmap_props,
)
from dxplan.spec import ast
from dxplan.spec.ast import number_text
from dxplan.spec.fmt import canonical_statements

T = TypeVar("T")
_Links = dict[tuple[str, int], tuple[str, ...]]  # (roadmap, project no) -> KPI ids

NO_CHANGE = "no change"
LAYOUT_ONLY = "no semantic change: layout/comments only"
SAME_MODEL = "no semantic change: the same plan, written differently (order or spelling)"


class EntityKind(StrEnum):
    PLAN = "plan"
    GOAL = "goal"
    FIELD = "field"
    KPI = "kpi"
    INDICATOR = "indicator"
    GRADE = "grade"
    GRADING = "grading"  # the list of grade rules, as a whole
    ROADMAP = "roadmap"
    PROJECT = "project"


class EditAction(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    RENAMED = "renamed"
    MOVED = "moved"  # to another KPI, field or category
    CHANGED = "changed"
    REVISED = "revised"  # a revision recorded in the spec (or an item added or retired)
    REORDERED = "reordered"  # the order of a list, e.g. grading rules, whose first match wins


@attrs.frozen(repr=False)
class Edit(Record):
    """One entity of the spec that differs between the two versions."""

    kind: EntityKind = attrs.field(converter=EntityKind)
    id: str  # the id on the old side (the new side's for `added`)
    action: EditAction = attrs.field(converter=EditAction)
    name: str = ""
    new_id: str | None = None  # renamed
    properties: tuple[Property, ...] = ()


@attrs.frozen(repr=False)
class Breaking(Record):
    """A change that breaks something outside the spec, or shifts figures by design."""

    code: str  # kpi-still-linked, series-unread, weight-changed, target-removed
    message: str


@attrs.frozen(repr=False)
class Side(Record):
    """One side of the diff: the checked workspace and the syntax trees it came from."""

    workspace: model.Workspace
    modules: tuple[ast.Module, ...]
    texts: tuple[str, ...]


@attrs.frozen(repr=False)
class SpecDiff(Record):
    edits: tuple[Edit, ...]
    breaking: tuple[Breaking, ...]
    summary: str  # one line: NO_CHANGE, LAYOUT_ONLY, SAME_MODEL or a count of changes
    impact: tuple[Impact, ...] | None = None  # None: no data, so no figures compared
    year: int | None = None
    renames: dict[str, str] = attrs.field(factory=dict, eq=False)  # old plan id -> new

    def with_impact(self, before: Results, after: Results) -> SpecDiff:
        """This diff with the figures of both sides, evaluated on the same data and year,
        and a note for each baseline or target edited in place over figures already
        reported (the past would be rewritten silently)."""
        from dxplan.review.impact import impact, rewritten_past

        notes = tuple(Breaking("past-rewritten", message)
                      for message in rewritten_past(
                          [(e.new_id or e.id, e.properties) for e in self.edits], after))
        return attrs.evolve(self, impact=impact(before, after, self.renames), year=after.year,
                            breaking=self.breaking + notes)

    @property
    def semantic(self) -> bool:
        return bool(self.edits)


# --- matching -------------------------------------------------------------------------


@attrs.frozen(repr=False)
class _Matched(Record, Generic[T]):
    pairs: list[tuple[T, T]]  # (old, new), in the new side's order
    added: list[T]
    removed: list[T]
    renames: dict[str, str]


def _match(old: Sequence[T], new: Sequence[T], key: Callable[[T], str],
           content: Callable[[T], Hashable], name: Callable[[T], str]) -> _Matched[T]:
    olds = {key(x): x for x in old}
    news = {key(x): x for x in new}
    removed = [x for x in old if key(x) not in news]
    added = [x for x in new if key(x) not in olds]
    renames: dict[str, str] = {}
    # a rename keeps the content; failing that, the (Japanese) name, if it is unambiguous
    for same in (content, name):
        for gone in list(removed):
            candidates = [x for x in added if same(x) == same(gone)]
            if len(candidates) == 1 and sum(same(x) == same(gone) for x in removed) == 1:
                renames[key(gone)] = key(candidates[0])
                removed.remove(gone)
                added.remove(candidates[0])
    back = {v: k for k, v in renames.items()}
    pairs = [(olds[back.get(key(x), key(x))], x) for x in new
             if key(x) in olds or key(x) in back]
    return _Matched(pairs, added, removed, renames)


def _measure_content(m: model.Measure) -> Hashable:
    return attrs.evolve(m, id="", kpi=None, field=None)


def _kpi_content(k: model.Kpi) -> Hashable:
    return attrs.evolve(k, id="", field="", indicators=tuple(
        attrs.evolve(i, kpi=None, field=None) for i in k.indicators))


def _field_content(f: model.Field) -> Hashable:
    return attrs.evolve(f, id="", kpis=tuple(
        attrs.evolve(k, field="", indicators=tuple(attrs.evolve(i, field=None)
                                                   for i in k.indicators)) for k in f.kpis))


def _project_key(p: model.Project) -> str:
    return str(p.no)


# --- the diff -------------------------------------------------------------------------


class _Differ:
    def __init__(self, old: Side, new: Side) -> None:
        self.old, self.new = old, new
        self.edits: list[Edit] = []
        self.breaking: list[Breaking] = []
        self.renames: dict[str, str] = {}  # every plan id renamed (one namespace)

    def entities(self, kind: str, old: Sequence[T], new: Sequence[T],
                 key: Callable[[T], str], content: Callable[[T], Hashable],
                 props: Callable[[T, T], list[Property]], name: Callable[[T], str]
                 ) -> _Matched[T]:
        matched = _match(old, new, key, content, name)
        if kind in ("goal", "field", "kpi", "indicator"):  # the plan's one id namespace
            self.renames.update(matched.renames)
        for a, b in matched.pairs:
            found = tuple(props(a, b))
            renamed = key(a) != key(b)
            if not found and not renamed:
                continue
            moved = any(p.location for p in found)
            revised = all(p.name.startswith("revised ") or p.name in ("added", "retired")
                          for p in found)
            action = "renamed" if renamed else "moved" if moved else \
                "revised" if found and revised else "changed"
            self.edits.append(Edit(kind, key(a), action, name(b),
                                       key(b) if renamed else None, found))
        for x in matched.removed:
            self.edits.append(Edit(kind, key(x), "removed", name(x)))
        for x in matched.added:
            self.edits.append(Edit(kind, key(x), "added", name(x)))
        return matched

    def order(self, kind: str, ident: str, name: str, old: Sequence[str],
              new: Sequence[str], renames: dict[str, str] | None = None) -> None:
        """A `reordered` change when the entities both sides have come in another order."""
        renames = self.renames if renames is None else renames
        common_old = [renames.get(x, x) for x in old if renames.get(x, x) in new]
        common_new = [x for x in new if x in common_old]
        if common_old != common_new:
            self.edits.append(Edit(kind, ident, "reordered", name, None, (
                Property("order", " ".join(common_old), " ".join(common_new)),)))

    def run(self) -> None:
        a, b = self.old.workspace.plan, self.new.workspace.plan
        if a is not None and b is not None:
            self.plan(a, b)
        elif a is not None or b is not None:
            self.edits.append(Edit("plan", (a or b).id,  # type: ignore[union-attr]
                                       "removed" if a else "added"))
        self.roadmaps()

    def plan(self, a: model.Plan, b: model.Plan) -> None:
        found = plan_props(a, b)
        if found:
            self.edits.append(Edit("plan", a.id, "changed", b.name, None, tuple(found)))
        self.entities("goal", a.goals, b.goals, _id, _measure_content,
                      lambda x, y: measure_props(x, y, self.renames), _name)
        self.order("plan", a.id, "goals", _ids(a.goals), _ids(b.goals))
        fields = self.entities("field", a.fields, b.fields, _id, _field_content,
                               field_props, _name)
        self.order("plan", a.id, "fields", _ids(a.fields), _ids(b.fields))
        kpis = self.entities("kpi", a.kpis, b.kpis, _id, _kpi_content,
                             lambda x, y: kpi_props(x, y, self.renames), _name)
        for old_field, new_field in fields.pairs:
            self.order("field", new_field.id, "KPIs", _ids(old_field.kpis), _ids(new_field.kpis))
        self.entities("indicator", a.indicators, b.indicators, _id, _measure_content,
                      lambda x, y: measure_props(x, y, self.renames), _name)
        for old_kpi, new_kpi in kpis.pairs:
            self.order("kpi", new_kpi.id, "indicators", _ids(old_kpi.indicators),
                       _ids(new_kpi.indicators))
        grades = self.entities("grade", a.grading, b.grading, _id,
                               lambda g: attrs.evolve(g, id=""), grade_props, lambda g: g.label)
        self.order("grading", "", "", _ids(a.grading), _ids(b.grading), grades.renames)
        self._breaking(a, b, kpis)

    def roadmaps(self) -> None:
        old_links, new_links = _raw_links(self.old.modules), _raw_links(self.new.modules)
        matched = self.entities("roadmap", self.old.workspace.roadmaps,
                                self.new.workspace.roadmaps, _id,
                                lambda r: attrs.evolve(r, id=""), roadmap_props, _name)
        for ra, rb in matched.pairs:
            projects = self.entities(
                "project", ra.projects, rb.projects, _project_key,
                lambda p: attrs.evolve(p, no=0, field="", category="", kpis=()),
                functools.partial(self._project, old_links, new_links, ra.id, rb.id),
                _name)
            self.order("roadmap", rb.id, "projects", [str(p.no) for p in ra.projects],
                       [str(p.no) for p in rb.projects], projects.renames)

    def _project(self, old_links: _Links, new_links: _Links, old_roadmap: str,
                 new_roadmap: str, a: model.Project, b: model.Project) -> list[Property]:
        return project_props(a, b, old_links.get((old_roadmap, a.no), a.kpis),
                             new_links.get((new_roadmap, b.no), b.kpis), self.renames)

    def _breaking(self, a: model.Plan, b: model.Plan, kpis: _Matched[model.Kpi]) -> None:
        gone = {k.id: kpis.renames.get(k.id) for k in a.kpis if k.id not in {x.id for x in b.kpis}}
        linked: dict[tuple[str, str], list[int]] = {}
        for (roadmap, no), links in sorted(_raw_links(self.new.modules).items()):
            for kpi in links:
                if kpi in gone:
                    linked.setdefault((kpi, roadmap), []).append(no)
        for (kpi, roadmap), numbers in linked.items():
            how = f"renamed to '{gone[kpi]}'" if gone[kpi] else "removed"
            which = f"project{'s' if len(numbers) > 1 else ''} {', '.join(map(str, numbers))}"
            self.breaking.append(Breaking(
                "kpi-still-linked", f"KPI '{kpi}' was {how}, but roadmap {roadmap} {which} "
                f"still link{'s' if len(numbers) == 1 else ''} it"))
        unread = sorted(used_series(self.old.workspace) - used_series(self.new.workspace))
        for series in unread:
            self.breaking.append(Breaking(
                "series-unread", f"data series '{series}' is no longer read by any goal or "
                "indicator: data files that carry it now give 'unknown series' warnings"))
        olds = {m.id: m for m in a.indicators}
        for m in b.indicators:
            before = olds.get(next((o for o, n in self.renames.items() if n == m.id), m.id))
            if before is None:
                continue
            if before.weight != m.weight:
                self.breaking.append(Breaking(
                    "weight-changed", f"the weight of '{m.id}' changed {number_text(before.weight)}"
                    f" -> {number_text(m.weight)}: the index of KPI '{m.kpi}' is re-weighted"))
            for year in sorted({t.year for t in before.targets} - {t.year for t in m.targets}):
                self.breaking.append(Breaking(
                    "target-removed", f"'{m.id}' no longer has a target for {year}"))
        for g in b.goals:
            before = next((o for o in a.goals if o.id == g.id), None)
            for year in sorted({t.year for t in before.targets} - {t.year for t in g.targets}
                               if before else ()):
                self.breaking.append(Breaking(
                    "target-removed", f"goal '{g.id}' no longer has a target for {year}"))


def _id(x: model.Measure | model.Kpi | model.Field | model.GradeRule | model.Roadmap) -> str:
    return x.id


def _ids(xs: Sequence[model.Measure | model.Kpi | model.Field | model.GradeRule]) -> list[str]:
    return [x.id for x in xs]


def _name(x: model.Measure | model.Kpi | model.Field | model.Roadmap | model.Project) -> str:
    return x.name


def _raw_links(modules: Sequence[ast.Module]) -> _Links:
    """Each roadmap project's `kpi` links as written, unknown ids included: the checker
    drops a link to a KPI that no longer exists, and that link is what the diff reports."""
    out: _Links = {}
    for module in modules:
        for roadmap in module.statements:
            rid = roadmap.args[0] if roadmap.args else None
            if roadmap.keyword != "roadmap" or not isinstance(rid, ast.Name):
                continue
            for field in roadmap.body or ():
                for category in field.body or ():
                    for project in category.body or ():
                        no = project.args[0] if project.args else None
                        if project.keyword != "project" or not isinstance(no, ast.Number) \
                                or not math.isfinite(no.value):  # a number too long is no project
                            continue
                        out[(rid.value, int(no.value))] = tuple(
                            str(a.value) for s in project.body or () if s.keyword == "kpi"
                            for a in s.args if isinstance(a, ast.Name))
    return out


def compare(old: Side, new: Side) -> SpecDiff:
    """What changed from `old` to `new`, entity by entity, with the breaking changes."""
    differ = _Differ(old, new)
    differ.run()
    edits = differ.edits
    if not edits and old.workspace != new.workspace:  # a model field no rule describes
        edits.append(Edit("plan", "", "changed", "", None, (
            Property("model", "differs", "differs in a way dxplan diff cannot name yet"),)))
    if edits:
        n = len(edits)
        summary = f"{n} change{'s' if n != 1 else ''}"
    elif old.texts == new.texts:
        summary = NO_CHANGE
    elif [canonical_statements(m.statements) for m in old.modules] == \
            [canonical_statements(m.statements) for m in new.modules]:
        summary = LAYOUT_ONLY
    else:
        summary = SAME_MODEL
    return SpecDiff(tuple(edits), tuple(differ.breaking), summary,
                    renames=dict(differ.renames))
