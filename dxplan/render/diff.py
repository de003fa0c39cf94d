"""Views of a `SpecDiff`: plain text for the terminal, Markdown for a pull request
comment, JSON for scripts. They only read the diff; nothing is computed here."""

from __future__ import annotations

from collections.abc import Sequence

from dxplan.render.json import write
from dxplan.review.impact import Impact
from dxplan.review.spec_diff import Edit, SpecDiff

SCHEMA_VERSION = 1
NONE = "(none)"


def render(diff: SpecDiff, fmt: str, old: str, new: str, with_specs: Sequence[str] = ()
           ) -> str:
    if fmt == "json":
        return render_json(diff, old, new, with_specs)
    if fmt == "markdown":
        return render_markdown(diff, old, new, with_specs)
    return render_text(diff, old, new, with_specs)


def _value(text: str | None) -> str:
    return NONE if text is None else text


def _entity(change: Edit) -> str:
    ident = f"{change.id} -> {change.new_id}" if change.new_id else change.id
    label = f"{change.kind} {ident}".rstrip()
    return f"{label} {change.name}" if change.action == "reordered" and change.name else label


def _details(change: Edit) -> list[str]:
    return [f"{p.name}: {_value(p.before)} -> {_value(p.after)}" for p in change.properties]


def _figure(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.1f}"


def _delta(row: Impact) -> str:
    return "" if row.delta is None else f"{row.delta:+.1f}"


def _status(row: Impact) -> str:
    if row.status_before == row.status_after:
        return row.status_after or ""
    return f"{row.status_before or NONE} -> {row.status_after or NONE}"


def _expected(row: Impact) -> str:
    if not row.expected_moved:
        return ""
    return f"  expected {_figure(row.expected_before)} -> {_figure(row.expected_after)}"


def _heading(old: str, new: str, with_specs: Sequence[str]) -> str:
    tail = f" (with {', '.join(with_specs)})" if with_specs else ""
    return f"{old} -> {new}{tail}"


# --- text -----------------------------------------------------------------------------


def render_text(diff: SpecDiff, old: str, new: str, with_specs: Sequence[str] = ()) -> str:
    out = [f"dxplan diff: {_heading(old, new, with_specs)}", diff.summary]
    if diff.edits:
        out.append("")
        width = max(len(c.action) for c in diff.edits)
        for change in diff.edits:
            name = f'  "{change.name}"' if change.name and change.action != "reordered" else ""
            out.append(f"  {change.action:<{width}}  {_entity(change)}{name}")
            out += [f"  {'':<{width}}    {line}" for line in _details(change)]
    if diff.breaking:
        out += ["", f"Breaking changes ({len(diff.breaking)}):"]
        out += [f"  ! {b.message}" for b in diff.breaking]
    if diff.impact is not None:
        out += ["", f"Impact on FY{diff.year} figures (both sides on the same data):"]
        if not diff.impact:
            out.append("  no figure changes")
        kinds = max((len(r.kind) for r in diff.impact), default=0)
        ids = max((len(r.id) for r in diff.impact), default=0)
        for row in diff.impact:
            moved = f"{_figure(row.before)} -> {_figure(row.after)}"
            delta = f"({_delta(row)})" if row.delta is not None else ""
            line = f"  {row.kind:<{kinds}}  {row.id:<{ids}}  {moved:<15} {delta:<8} {_status(row)}"
            out.append((line.rstrip() + _expected(row)).rstrip())
    return "\n".join(out) + "\n"


# --- markdown -------------------------------------------------------------------------


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(diff: SpecDiff, old: str, new: str, with_specs: Sequence[str] = ()
                    ) -> str:
    out = [f"### dxplan diff: {_cell(_heading(old, new, with_specs))}", "", f"**{diff.summary}**"]
    if diff.edits:
        out += ["", "| Change | Entity | Details |", "|---|---|---|"]
        for change in diff.edits:
            entity = f"{change.kind} `{change.new_id or change.id}`"
            if change.new_id:
                entity = f"{change.kind} `{change.id}` -> `{change.new_id}`"
            if change.name and change.action != "reordered":
                entity += f" {change.name}"
            elif change.name:
                entity += f" ({change.name})"
            details = "<br>".join(_cell(line) for line in _details(change))
            out.append(f"| {change.action} | {_cell(entity)} | {details} |")
    if diff.breaking:
        out += ["", f"**Breaking changes ({len(diff.breaking)})**", ""]
        out += [f"- :warning: {_cell(b.message)}" for b in diff.breaking]
    if diff.impact is not None:
        out += ["", f"**Impact on FY{diff.year} figures** (both sides on the same data)", ""]
        if not diff.impact:
            out.append("No figure changes.")
        else:
            out += ["| Figure | Before | After | Change | Status | Expected |",
                    "|---|---:|---:|---:|---|---|"]
            for row in diff.impact:
                out.append(f"| {row.kind} `{row.id}` | {_figure(row.before)} | "
                           f"{_figure(row.after)} | {_delta(row)} | {_cell(_status(row))} | "
                           f"{_expected(row).strip().removeprefix('expected ')} |")
    return "\n".join(out) + "\n"


# --- json -----------------------------------------------------------------------------


def render_json(diff: SpecDiff, old: str, new: str, with_specs: Sequence[str] = ()) -> str:
    document = {
        "schema_version": SCHEMA_VERSION,
        "old": old,
        "new": new,
        "with": list(with_specs),
        "semantic": diff.semantic,
        "summary": diff.summary,
        "changes": [
            {"kind": c.kind, "id": c.id, "action": c.action, "name": c.name,
             "new_id": c.new_id,
             "properties": [{"name": p.name, "before": p.before, "after": p.after}
                            for p in c.properties]}
            for c in diff.edits
        ],
        "breaking": [{"code": b.code, "message": b.message} for b in diff.breaking],
        "impact": None if diff.impact is None else {
            "year": diff.year,
            "figures": [
                {"kind": r.kind, "id": r.id, "name": r.name, "before": r.before,
                 "after": r.after, "delta": r.delta, "status_before": r.status_before,
                 "status_after": r.status_after, "expected_before": r.expected_before,
                 "expected_after": r.expected_after}
                for r in diff.impact
            ],
        },
    }
    return write(document) + "\n"
