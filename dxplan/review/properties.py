"""Property by property: what differs between two versions of one entity, as display text.

Texts are quoted as in a spec (`"労働生産性"`), numbers spelled as fmt writes them,
formulas rendered by `fmt.render_formula`; None means the property is absent.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from dxplan import model
from dxplan.record import Record
from dxplan.scoring import Clamp
from dxplan.spec.ast import number_text
from dxplan.spec.fmt import render_formula
from dxplan.targets import Op


@attrs.frozen(repr=False)
class Property(Record):
    name: str  # "target 2028", "weight", "name"
    before: str | None
    after: str | None
    location: bool = False  # where the entity sits (a KPI's field, an indicator's KPI)


def _q(text: str | None) -> str | None:
    from dxplan.spec.ast import quote

    return None if text is None else quote(text)


def _num(value: float | None) -> str | None:
    return None if value is None else number_text(value)


def _add(out: list[Property], name: str, before: str | None, after: str | None,
         location: bool = False) -> None:
    if before != after:
        out.append(Property(name, before, after, location))


def _dated(out: list[Property], label: str, a: model.Dated | None, b: model.Dated | None,
           with_year: bool) -> None:
    def value(d: model.Dated | None) -> str | None:
        if d is None:
            return None
        stated = number_text(d.value) if d.high is None else \
            f"{number_text(d.value)}..{number_text(d.high)}"
        if d.formula is not None:
            stated = f"{render_formula(d.formula)} (= {stated})"
        if d.op is not Op.EQ and d.op is not Op.RANGE:
            stated = f"{d.op.value} {stated}"
        years = f"{d.first_year}..{d.year}" if d.first_year else str(d.year)
        return f"{years} = {stated}" if with_year else stated

    _add(out, label, value(a), value(b))
    if a is not None and b is not None:
        for key in ("source", "note", "url"):
            _add(out, f"{label} {key}", _q(getattr(a, key)), _q(getattr(b, key)))
        _add(out, f"{label} illustrative", _yes(a.illustrative), _yes(b.illustrative))


def _clamp(c: Clamp) -> str:
    if c.low is None and c.high is None:
        return "none"
    return f"{_num(c.low) or ''}..{_num(c.high) or ''}"


def measure_props(a: model.Measure, b: model.Measure, renames: dict[str, str]
                  ) -> list[Property]:
    """What differs between two versions of a goal or indicator: its own definition
    (`definition_props`), then its revisions and lifecycle (`revision_props`)."""
    return definition_props(a, b, renames) + revision_props(a, b, renames)


def revision_props(a: model.Measure, b: model.Measure, renames: dict[str, str]
                   ) -> list[Property]:
    """Revisions added, removed or changed, each as what it changes, from which year, why:
    `revised 2026: (none) -> target 2028: 70 -> 80 「目標を上方修正」`."""
    out: list[Property] = []
    old = {r.year: r for r in a.revisions}
    new = {r.year: r for r in b.revisions}
    for year in sorted(old.keys() | new.keys()):
        _add(out, f"revised {year}", _revision(a, old.get(year), renames),
             _revision(b, new.get(year), renames))
    for key in ("added", "retired"):
        _add(out, key, _lifecycle(getattr(a, key)), _lifecycle(getattr(b, key)))
    return out


def _revision(m: model.Measure, r: model.Revision | None, renames: dict[str, str]
              ) -> str | None:
    if r is None:
        return None
    before = m.in_force(r.year - 1)
    what = "; ".join(f"{p.name}: {p.before or '(none)'} -> {p.after or '(none)'}"
                     for p in definition_props(before, r.measure, renames))
    return f"{what or 'no change'} {_q(r.reason)}"


def _lifecycle(when: model.Lifecycle | None) -> str | None:
    return None if when is None else f"{when.year} {_q(when.reason)}"


def definition_props(a: model.Measure, b: model.Measure, renames: dict[str, str]
                     ) -> list[Property]:
    out: list[Property] = []
    _add(out, "name", _q(a.name), _q(b.name))
    if a.kpi is not None:
        _add(out, "kpi", renames.get(a.kpi, a.kpi), b.kpi, location=True)
    for key in ("unit", "source", "note"):
        _add(out, key, _q(getattr(a, key)), _q(getattr(b, key)))
    _add(out, "value", render_formula(a.formula) if a.formula else None,
         render_formula(b.formula) if b.formula else None)
    _dated(out, "baseline", a.baseline, b.baseline, with_year=True)
    old_targets = {t.year: t for t in a.targets}
    new_targets = {t.year: t for t in b.targets}
    for year in sorted(old_targets.keys() | new_targets.keys()):
        _dated(out, f"target {year}", old_targets.get(year), new_targets.get(year),
               with_year=False)
    _dated(out, "target each year", a.yearly, b.yearly, with_year=False)
    _add(out, "milestone", _deadline(a.deadline), _deadline(b.deadline))
    _add(out, "weight", _num(a.weight), _num(b.weight))
    _add(out, "reference", _yes(a.reference), _yes(b.reference))
    _add(out, "method", a.method.value, b.method.value)
    _add(out, "clamp", _clamp(a.clamp), _clamp(b.clamp))
    _add(out, "year", "calendar" if a.calendar else "fiscal",
         "calendar" if b.calendar else "fiscal")
    return out


def _deadline(d: model.Deadline | None) -> str | None:
    return None if d is None else f"{d.year} {_q(d.text)}"


def field_props(a: model.Field, b: model.Field) -> list[Property]:
    out: list[Property] = []
    _add(out, "name", _q(a.name), _q(b.name))
    return out


def kpi_props(a: model.Kpi, b: model.Kpi, renames: dict[str, str]) -> list[Property]:
    out: list[Property] = []
    _add(out, "name", _q(a.name), _q(b.name))
    _add(out, "field", renames.get(a.field, a.field), b.field, location=True)
    _add(out, "method", a.method.value, b.method.value)
    _add(out, "note", _q(a.note), _q(b.note))
    for key in ("added", "retired"):
        _add(out, key, _lifecycle(getattr(a, key)), _lifecycle(getattr(b, key)))
    return out


def grade_props(a: model.GradeRule, b: model.GradeRule) -> list[Property]:
    out: list[Property] = []
    _add(out, "label", _q(a.label), _q(b.label))
    _add(out, "when", _condition(a), _condition(b))
    return out


def _condition(rule: model.GradeRule) -> str:
    return "otherwise" if rule.condition is None else render_formula(rule.condition)


def plan_props(a: model.Plan, b: model.Plan) -> list[Property]:
    out: list[Property] = []
    _add(out, "id", a.id, b.id)
    _add(out, "name", _q(a.name), _q(b.name))
    _add(out, "period", f"{a.start}..{a.end}", f"{b.start}..{b.end}")
    _add(out, "vision", _vision(a), _vision(b))
    _add(out, "method", a.method.value, b.method.value)
    _add(out, "note", _q(a.note), _q(b.note))
    _add(out, "illustrative", _q(a.illustrative), _q(b.illustrative))
    return out


def _vision(plan: model.Plan) -> str | None:
    if plan.vision is None:
        return None
    return f"{plan.vision_year} {_q(plan.vision)}"


def roadmap_props(a: model.Roadmap, b: model.Roadmap) -> list[Property]:
    out: list[Property] = []
    _add(out, "name", _q(a.name), _q(b.name))
    _add(out, "year", str(a.year), str(b.year))
    _add(out, "note", _q(a.note), _q(b.note))
    return out


def project_props(a: model.Project, b: model.Project, links_a: Sequence[str],
                  links_b: Sequence[str], renames: dict[str, str]) -> list[Property]:
    out: list[Property] = []
    _add(out, "name", _q(a.name), _q(b.name))
    _add(out, "field", renames.get(a.field, a.field), b.field, location=True)
    _add(out, "category", _q(a.category), _q(b.category), location=True)
    # links are compared through KPI renames, so renaming a KPI is not reported again on
    # every project that links it; a link left dangling is a breaking change of its own
    _add(out, "kpi", " ".join(renames.get(k, k) for k in links_a) or None,
         " ".join(renames.get(k, k) for k in links_b) or None)
    _add(out, "reference", _yes(a.reference), _yes(b.reference))
    _add(out, "note", _q(a.note), _q(b.note))
    _add(out, "milestones", _milestones(a), _milestones(b))
    return out


def _milestones(p: model.Project) -> str | None:
    return "; ".join(f"{m.period} {_q(m.text)}" for m in p.milestones) or None


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"
