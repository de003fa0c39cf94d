"""`dxplan explain` as a terminal tree and as JSON (docs/report.md, "explain").

The tree is `explain.Explanation` as it is; this module only lays it out. Figures in the
JSON are rounded as `eval --format json` rounds them, so the two can be compared exactly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dxplan.render.json import write
from dxplan.render.numbers import rounded
from dxplan.review.explain import Explanation, Step

if TYPE_CHECKING:
    from rich.tree import Tree

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
    """The tree as terminal text: ANSI styles when `color`, plain characters otherwise."""
    import io

    from rich.console import Console

    out = io.StringIO()
    console = Console(file=out, width=max(width, 40), force_terminal=color,
                      color_system="standard" if color else None, no_color=not color,
                      highlight=False, soft_wrap=False, emoji=False, markup=False,
                      legacy_windows=False)
    console.print(tree(explanation))
    return "".join(line.rstrip(" ") + "\n" for line in out.getvalue().splitlines())


def tree(explanation: Explanation) -> Tree:
    from rich.tree import Tree

    root = Tree(_line(explanation.root, f" — {explanation.year}年度"), guide_style="dim")
    _grow(root, explanation.root)
    return root


def _grow(node: Tree, step: Step) -> None:
    for child in step.children:
        _grow(node.add(_line(child)), child)


def _line(step: Step, suffix: str = "") -> Any:
    from rich.text import Text

    # Text objects, not markup: names and notes may hold brackets rich would eat
    text = Text()
    text.append(step.label, style="bold")
    text.append(f" {step.text}{suffix}")
    where = location(step)
    if where:
        text.append(f"  {where}", style="dim")
    return text
