"""Revisions of the plan (見直し): `revised YEAR "reason" { ... }`, `added YEAR "reason"` and
`retired YEAR "reason"`, checked so that every definition in force, at any year, is sound.

A revision is read with the same property reader as the measure itself, starting from the
definition in force before it, so a revised target is checked exactly like an original.
"""

from __future__ import annotations

from dxplan import model
from dxplan.check.context import Context
from dxplan.check.properties import Props, build, read_body, resolve_targets, targets_sound
from dxplan.source import Span, error, warning


def check_lifecycle(ctx: Context, added: model.Lifecycle | None,
                    retired: model.Lifecycle | None) -> None:
    if added is not None and retired is not None and retired.year <= added.year:
        ctx.report(error("bad-lifecycle", f"retired in {retired.year}, not after it was added "
                         f"in {added.year}", retired.span, "an item is retired after the year "
                         "it was added"))


def check_revisions(ctx: Context, props: Props, base: model.Measure, written: set[str]
                    ) -> tuple[model.Revision, ...]:
    """Each revision, in year order, as the definition in force from its year on."""
    revisions: list[model.Revision] = []
    current, definition = props, base
    seen: dict[int, model.Revision] = {}
    for stmt, year, reason in sorted(props.revised, key=lambda r: r[1]):
        where = stmt.args[0].span
        if year in seen:
            ctx.report(error("duplicate-revision", f"two revisions are dated {year}", where,
                             "put both changes in one `revised` block, or date them apart"))
            continue
        if not _in_life(ctx, year, props, where):
            continue
        revised = current.copy()
        read_body(ctx, stmt.body or (), revised, "revision")
        resolve_targets(ctx, revised)
        new = build(revised, base.kind, base.id, base.name, base.kpi, base.field, base.method,
                    base.span)
        targets_sound(ctx, new, where, written)
        changed = changes(definition, new)
        if not changed:
            ctx.report(warning("empty-revision", f"the revision of {year} changes nothing",
                               where, "remove it, or write what it changes inside its { }"))
        revision = model.Revision(year, reason, changed, new, span=stmt.span)
        seen[year] = revision
        revisions.append(revision)
        current, definition = revised, new
    return tuple(revisions)


def _in_life(ctx: Context, year: int, props: Props, where: Span) -> bool:
    if props.added is not None and year <= props.added.year:
        ctx.report(error("bad-lifecycle", f"a revision in {year}, not after the year the item "
                         f"was added ({props.added.year})", where,
                         "what holds from the year it is added is written in the item itself"))
        return False
    if props.retired is not None and year >= props.retired.year:
        ctx.report(error("bad-lifecycle", f"a revision in {year}, when the item is retired "
                         f"({props.retired.year})", where, "revise it before it is retired"))
        return False
    return True


def changes(old: model.Measure, new: model.Measure) -> tuple[str, ...]:
    """What a revision changed, named as a committee reads it: `target 2028`, `weight`."""
    out = [name for name, a, b in (
        ("unit", old.unit, new.unit), ("source", old.source, new.source),
        ("note", old.note, new.note), ("value", old.formula, new.formula),
        ("baseline", old.baseline, new.baseline), ("weight", old.weight, new.weight),
        ("target each year", old.yearly, new.yearly)) if a != b]
    before = {t.year: t for t in old.targets}
    after = {t.year: t for t in new.targets}
    out += [f"target {year}" for year in sorted(before.keys() | after.keys())
            if before.get(year) != after.get(year)]
    return tuple(out)
