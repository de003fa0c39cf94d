"""How a definition is scored: the rule a measure's baseline and targets make
(targets.py), for the whole area or from an entity's own baseline value."""

from __future__ import annotations

from dxplan.model import Measure
from dxplan.targets import Rule, YearlyRule


def entity_rule(m: Measure, own: float, shared: Rule | YearlyRule | None = None
                ) -> Rule | YearlyRule | None:
    """How an entity whose baseline-year value is `own` is scored on the definition `m`
    (`shared`: the whole area's rule for it, when already made): targets.py `Rule.rebased`,
    or the rule laid anew from `own` for a range."""
    shared = shared if shared is not None else rule_of(m)
    rebased = shared.rebased(own) if isinstance(shared, Rule) else None
    return rebased if rebased is not None else rule_of(m, own)


def rule_of(m: Measure, own: float | None = None) -> Rule | YearlyRule | None:
    """How a definition is scored; None for one that is not (a reference value, a
    milestone). `own`: another baseline value to score from (an entity's)."""
    if not m.scored:
        return None
    if m.yearly is not None:
        return YearlyRule(m.yearly.op, m.yearly.value)
    assert m.baseline is not None
    baseline = m.baseline.value if own is None else own
    return Rule.of((m.baseline.year, baseline),
                   [(t.year, t.op, t.value, t.high) for t in m.targets], m.method)
