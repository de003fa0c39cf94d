"""Checked model + data -> results: each measure's values by year (`values.py`), scored as
docs/language.md ("How the numbers are computed") says (`evaluator.py`), and each entity
of a `by` measure scored on its own (`entities.py`)."""

from dxplan.evaluate.evaluator import Evaluator, entity_rule, evaluate, m_before, rule_of

__all__ = ["Evaluator", "entity_rule", "evaluate", "m_before", "rule_of"]
