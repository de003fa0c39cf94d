"""What every part of checking shares: the diagnostics found so far, the one namespace of
ids, and the plan period once it is known.

The plan, measure and roadmap checkers each take a `Context`; none imports another's
module, so the checking stage has no import circle.
"""

from __future__ import annotations

from dxplan.check.shape import Shape
from dxplan.source import Span, error


class Context(Shape):
    def __init__(self) -> None:
        super().__init__()
        self.ids: dict[str, Span] = {}  # every plan id, one namespace (explain looks them up)
        self.period: tuple[int, int] | None = None
        self.entity_sets: dict[str, Span] = {}  # `entities` ids, for `by` to resolve

    def claim(self, ident: str, span: Span, what: str) -> bool:
        """Register `ident`; a second use is `duplicate-id`, and False."""
        first = self.ids.get(ident)
        if first is not None:
            self.report(error("duplicate-id", f"the id '{ident}' is already used", span,
                              f"first defined at {first.location()}; give this {what} "
                              "another id"))
            return False
        self.ids[ident] = span
        return True
