"""`dxplan explain` as a terminal tree and as JSON (docs/report.md, "explain").

The tree is `explain.Explanation` as it is; this module only lays it out. Figures in the
JSON are rounded as `eval --format json` rounds them, so the two can be compared exactly.
"""

from __future__ import annotations

from typing import Any

from dxplan.render.json import write
from dxplan.render.numbers import rounded
from dxplan.review.explain import Explanation, Step

Json = dict[str, Any]


def explanation_dict(explanation: Explanation) -> Json:
    return {
        "id": explanation.id,
        "kind": explanation.kind,
        "name": explanation.name,
        "year": explanation.year,
        "tree": step_dict(explanation.root),
    }


def step_dict(step: Step) -> Json:
    return {
        "label": step.label,
        "text": step.text,
        "value": rounded(step.value),
        "of": step.of,
        "key": step.key,
        "at": location(step),
        "children": [step_dict(c) for c in step.children],
    }


def dumps(explanation: Explanation) -> str:
    return write(explanation_dict(explanation))


def location(step: Step) -> str | None:
    """`file:line` of the step's source: a spec statement or a data row."""
    return f"{step.span.path}:{step.span.line}" if step.span is not None else None


def render(explanation: Explanation, *, color: bool = False, width: int = 100) -> str:
    """The tree as terminal text: ANSI styles when `color`, plain characters otherwise.
    A step's text stays on one line while it fits; a longer one wraps under its guide."""
    from dxplan.render import layout

    lines: list[layout.Line] = []
    _grow(lines, explanation.root, "", "", "", max(width, 40),
          f" — {explanation.year}年度")
    return layout.render(lines, color)


def _grow(lines: list[Any], step: Step, lead: str, branch: str, through: str, width: int,
          suffix: str = "") -> None:
    """The step's lines after `lead + branch` (wrapped ones after `lead + through`), then
    its children's."""
    from dxplan.render import layout as L

    room = width - L.width_of(lead + branch)
    text = f"{step.text}{suffix}"
    units = [L.atom(step.label, "bold", "")]
    units += [L.atom(text)] if L.width_of(f"{step.label} {text}") <= room else L.words(text)
    where = location(step)
    if where:
        units.append(L.atom(where, "dim", "  "))
    for index, line in enumerate(L.wrap(units, room)):
        guide = lead + (branch if index == 0 else through)
        lines.append([(guide, "dim"), *line] if guide else line)
    for index, child in enumerate(step.children):
        last = index == len(step.children) - 1
        _grow(lines, child, lead + through, "└── " if last else "├── ",
              "    " if last else "│   ", width)
