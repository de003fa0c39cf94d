"""Syntax tree -> checked model: shape against the schema, then meaning (ids, references,
years, formulas), for the plan and its roadmaps together."""

from dxplan.check.workspace import check

__all__ = ["check"]
