"""How a spec edit moves the figures: both versions evaluated on the same data and year,
compared item by item."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import attrs

from dxplan.record import Record
from dxplan.results import MeasureResult, Results
from dxplan.review.properties import Property


@attrs.frozen(repr=False)
class Impact(Record):
    """A figure that moved: a goal's or indicator's score, a KPI's or field's index."""

    kind: str
    id: str
    name: str
    before: float | None
    after: float | None
    status_before: str | None = None
    status_after: str | None = None
    # the expected score or index: a changed interim target moves only this
    expected_before: float | None = None
    expected_after: float | None = None

    @property
    def expected_moved(self) -> bool:
        return not _same(self.expected_before, self.expected_after)

    @property
    def delta(self) -> float | None:
        return None if self.before is None or self.after is None else self.after - self.before


def impact(before: Results, after: Results, renames: dict[str, str] | None = None
           ) -> tuple[Impact, ...]:
    """Every goal, field, KPI and indicator whose figure, status or expected score differs,
    new order
    first, then those that are gone. `renames` maps old ids to new ones."""
    renames = renames or {}

    Row = tuple[str, str, str, float | None, str | None, float | None]

    def rows(r: Results) -> list[Row]:
        out: list[Row] = []
        out += [("goal", g.id, g.name, g.score, g.status.value, g.expected) for g in r.goals]
        out += [("field", f.id, f.name, f.index, None, None) for f in r.fields]
        out += [("kpi", k.id, k.name, k.index, k.status.value, k.expected) for k in r.kpis]
        out += [("indicator", i.id, i.name, i.score, i.status.value, i.expected)
                for k in r.kpis for i in k.indicators]
        return out

    olds = {(kind, renames.get(ident, ident)): (value, status, expected)
            for kind, ident, _n, value, status, expected in rows(before)}
    seen: set[tuple[str, str]] = set()
    out: list[Impact] = []
    for kind, ident, name, value, status, expected in rows(after):
        seen.add((kind, ident))
        was, was_status, was_expected = olds.get((kind, ident), (None, None, None))
        if not _same(was, value) or was_status != status or not _same(was_expected, expected):
            out.append(Impact(kind, ident, name, was, value, was_status, status,
                              was_expected, expected))
    for kind, ident, name, value, status, expected in rows(before):
        if (kind, renames.get(ident, ident)) not in seen:
            out.append(Impact(kind, ident, name, value, None, status, None, expected, None))
    return tuple(out)


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) < 1e-9  # the same figure by two routes of float arithmetic


def rewritten_past(edits: Sequence[tuple[str, Sequence[Property]]], after: Results
                   ) -> Iterator[str]:
    """A baseline or target changed in place (not as a `revised` block) on a goal or
    indicator that already has figures before the year evaluated: every past evaluation
    would change with it, so the change is better recorded as a revision."""
    for ident, properties in edits:
        changed = [p for p in properties
                   if p.name.startswith(("target ", "baseline")) and " " not in p.name[7:]]
        found = after.find(ident)
        if not changed or not isinstance(found, MeasureResult):
            continue
        past = sorted({p.year for p in found.history if p.year < after.year})
        if not past:
            continue
        what = ", ".join(f"{p.name}: {p.before} -> {p.after}" for p in changed)
        statements = "; ".join(f"{p.name} = {p.after}" for p in changed if p.after)
        yield (f"'{found.id}' changes in place ({what}) though it has figures for "
               f"{past[0]}–{past[-1]}: their evaluations would change too; to keep the "
               f'past as it was, write it as a revision: revised {after.year} "理由" '
               f"{{ {statements} }}")
