"""Checked model + data -> results: each measure's values by year (`values.py`), scored as
docs/language.md ("How the numbers are computed") says (`evaluator.py`), each field the
mean of its KPIs (`fields.py`), and each entity of a `by` measure scored on its own
(`entities.py`); a large plan's KPIs in two processes (`workers.py`)."""

from dxplan.evaluate.evaluator import Evaluator, evaluate, m_before
from dxplan.evaluate.rules import entity_rule, rule_of

__all__ = ["Evaluator", "entity_rule", "evaluate", "m_before", "rule_of"]
