"""Views of results: terminal (`layout.py`; rich paints its colours), JSON, CSV and
Markdown. Views read, never compute.

`render` picks a view by format name; each module is imported only when asked for, so
commands that print no figures (`dxplan check`) never load rich.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from dxplan.results import Results
from dxplan.source import Diagnostic

if TYPE_CHECKING:
    from dxplan.render.json import KpiTexts

FORMATS = ("table", "json", "csv", "markdown")


def beside(fmt: str) -> KpiTexts | None:
    """The view's work on each KPI's result that is best done beside the evaluation
    (`pipeline.evaluate`'s `beside`), for the view `fmt`; None for the views without."""
    if fmt != "json":
        return None
    from dxplan.render.json import KpiTexts

    return KpiTexts()


def render(results: Results, fmt: str, *, diagnostics: Sequence[Diagnostic] = (),
           color: bool = False, width: int | None = None,
           written: KpiTexts | None = None) -> str:
    """The results in `fmt` (one of FORMATS), ending in a newline.

    `diagnostics` go into the JSON document (the other views leave them to stderr);
    `color` and `width` shape the terminal table only; `written`: the KPIs' JSON texts
    written beside the evaluation (`beside`).
    """
    if fmt == "json":
        from dxplan.render.json import dumps

        return dumps(results, diagnostics, "\n", written)
    if results.by is not None:  # --by: the entity table is the view asked for
        from dxplan.render import by_entity

        if fmt == "csv":
            return by_entity.to_csv(results.by)
        if fmt == "markdown":
            return by_entity.to_markdown(results, results.by)
        if fmt == "table":
            return by_entity.render(results, results.by, color=color, width=width or 100)
    if fmt == "csv":
        from dxplan.render.tables import to_csv

        return to_csv(results)
    if fmt == "markdown":
        from dxplan.render.tables import to_markdown

        return to_markdown(results)
    if fmt == "table":
        from dxplan.render.terminal import DEFAULT_WIDTH
        from dxplan.render.terminal import render as terminal

        return terminal(results, color=color, width=width or DEFAULT_WIDTH)
    raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
