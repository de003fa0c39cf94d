"""`dxplan history` as text and as JSON: the timeline, then the figures year by year."""

from __future__ import annotations

from dxplan.render import labels, words
from dxplan.render import numbers as n
from dxplan.render.json import write
from dxplan.review.history import History
from dxplan.source import display_width

EVENT_WORDS = words.Bilingual(
    {"written": "策定時 as written", "added": f"{labels.ADDED} added",
     "revised": f"{labels.AMENDED} revised", "retired": f"{labels.RETIRED} retired"},
    {"written": "策定時", "added": labels.ADDED, "revised": labels.AMENDED,
     "retired": labels.RETIRED})


def history_text(h: History) -> str:
    out = [f"{h.name} ({h.id}, {labels.kind_word(h.kind)})", "", words.word("timeline")]
    for e in h.events:
        when = "    " if e.year is None else str(e.year)
        reason = f"「{e.reason}」" if e.reason else ""
        where = f"  {e.span.path}:{e.span.line}" if e.span is not None else ""
        out.append(f"  {when}  {EVENT_WORDS[e.kind]}{reason}{where}")
        for what, before, after in e.changes:
            change = after if before is None else f"{before} → {after or n.MISSING}"
            out.append(f"          {what}: {change}")
    out += ["", words.either(words.word("figures"), "実績(各年度、その時点の定義で採点)")]
    if not h.figures:
        out.append("  " + words.either("no figures yet", "実績はまだありません"))
    for f in h.figures:
        value = n.with_unit(f.value, h.unit)
        if f.value_year is not None and f.value_year != f.year:
            value += f" ({f.value_year}年度値)"
        rule = "策定時" if f.definition is None else f"{f.definition}見直し後"
        status = labels.status_label(f.status).text
        pad = " " * max(16 - display_width(value), 0)
        score, expected = words.either("score", "スコア"), words.either("expected", "期待")
        out.append(f"  {f.year}  {value}{pad} {score} {n.score(f.score)}  {expected} "
                   f"{n.score(f.expected)}  {status}  [{rule}]")
    return "\n".join(out) + "\n"


def history_json(h: History) -> str:
    return write({
        "id": h.id, "kind": h.kind, "name": h.name, "unit": h.unit,
        "events": [{"year": e.year, "kind": e.kind, "reason": e.reason,
                    "changes": [{"what": w, "before": b, "after": a} for w, b, a in e.changes]}
                   for e in h.events],
        "figures": [{"year": f.year, "value": n.rounded(f.value), "value_year": f.value_year,
                     "score": n.rounded(f.score), "expected": n.rounded(f.expected),
                     "status": f.status.value, "revision": f.definition}
                    for f in h.figures],
    }) + "\n"
