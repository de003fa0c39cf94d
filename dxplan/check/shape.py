"""The first half of checking: does each statement have the shape the schema gives it?

`check.py` asks this module for a block's statements with their arguments converted
(ids, texts, years, ranges); meaning (ids, references, years, cycles) is `check.py`'s.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence

from dxplan.check.schema import METHODS, SCHEMA, Spec
from dxplan.japanese import parse_year
from dxplan.source import Diagnostic, Span, did_you_mean, error
from dxplan.spec import ast

Value = object  # a checked argument: str, int, float, tuple, or a list of names


class Shape:
    """Walks statements against the schema, collecting diagnostics as it goes."""

    def __init__(self) -> None:
        self.diagnostics: list[Diagnostic] = []
        # ids declared under a misspelt keyword (`kpl k1 "..." {`): references to them are
        # not reported again as unknown, the misspelling is the one mistake
        self.misspelt_ids: set[str] = set()

    def report(self, diag: Diagnostic) -> None:
        self.diagnostics.append(diag)

    def body(self, stmts: Sequence[ast.Statement], context: str
             ) -> Iterator[tuple[ast.Statement, Spec, list[Value]]]:
        """The statements of a block that fit its context, with their checked arguments.

        Unknown keywords and repeated properties are reported and skipped.
        """
        allowed = SCHEMA[context]
        seen: dict[str, ast.Statement] = {}
        for stmt in stmts:
            spec = allowed.get(stmt.keyword)
            if spec is None:
                self._unknown(stmt, context)
                continue
            if not spec.repeat and stmt.keyword in seen:
                first = seen[stmt.keyword].keyword_span
                self.report(error("duplicate-property", f"'{stmt.keyword}' is given twice",
                                  stmt.keyword_span,
                                  f"the first is at line {first.line}; keep one"))
                continue
            seen[stmt.keyword] = stmt
            values = self.args(stmt, spec)
            if values is not None:
                yield stmt, spec, values

    def _unknown(self, stmt: ast.Statement, context: str) -> None:
        allowed = SCHEMA[context]
        if stmt.args and isinstance(stmt.args[0], ast.Name):
            self.misspelt_ids.add(stmt.args[0].value)
        where = "at the top level" if context == "top" else f"inside a {_noun(context)}"
        hint = did_you_mean(stmt.keyword, allowed)
        homes = [c for c, kws in SCHEMA.items() if stmt.keyword in kws and c != context]
        if hint is None and homes:
            hint = f"'{stmt.keyword}' belongs inside a {_noun(homes[0])} block"
        if hint is None:
            hint = "allowed here: " + ", ".join(allowed)
        self.report(error("unknown-property", f"'{stmt.keyword}' is not known {where}",
                          stmt.keyword_span, hint))

    def args(self, stmt: ast.Statement, spec: Spec) -> list[Value] | None:
        """The statement's arguments converted to the kinds its spec asks for."""
        ok = True
        values: list[Value] = []
        args = list(stmt.args)
        for i, kind in enumerate(spec.args):
            if kind == "names":
                names = [a for a in args[i:] if isinstance(a, ast.Name)]
                if not names or len(names) != len(args[i:]):
                    ok = False
                values.append(names)
                args = args[: i + 1]
                break
            if i >= len(args):
                ok = False
                break
            value = self._convert(args[i], kind)
            ok = ok and value is not None
            values.append(value)
        extra = len(args) > len(spec.args) and not (spec.args and spec.args[-1] == "names")
        if extra and not (stmt.keyword == "grade" and len(args) == 3):
            ok = False
        if ok and spec.op == "=" and stmt.op != "=":
            self.report(error("missing-value", f"'{stmt.keyword}' needs '= value'",
                              stmt.span, f"write it as: {spec.usage}"))
            return None
        if ok and spec.op is None and stmt.op == "=":
            ok = False
        if ok and stmt.op == "when" and stmt.keyword != "grade":
            ok = False
        if ok and stmt.body is not None and spec.block is None:
            self.report(error("unexpected-block", f"'{stmt.keyword}' takes no {{ ... }} block",
                              stmt.span, f"write it as: {spec.usage}"))
            return None
        if ok and stmt.body is None and spec.block_required:
            self.report(error("missing-block", f"'{stmt.keyword}' needs a {{ ... }} block",
                              stmt.span, f"write it as: {spec.usage}"))
            return None
        if not ok:
            self.report(error("bad-arguments", f"'{stmt.keyword}' is not written as expected",
                              _args_span(stmt), f"write it as: {spec.usage}"))
            return None
        return values

    def _convert(self, arg: ast.Arg, kind: str) -> Value | None:
        if kind in ("id", "word"):
            return arg.value if isinstance(arg, ast.Name) else None
        if kind == "text":
            return arg.value if isinstance(arg, ast.Text) else None
        if kind == "grade":
            return arg.value if isinstance(arg, ast.Name | ast.Text) else None
        if kind == "period":
            return arg.value if isinstance(arg, ast.Period) else None
        if kind == "number":
            ok = isinstance(arg, ast.Number) and not arg.percent and math.isfinite(arg.value)
            return arg.value if ok and isinstance(arg, ast.Number) else None
        if kind == "int":
            # isfinite first: int() of a literal too long for a float (inf) raises
            ok = (isinstance(arg, ast.Number) and math.isfinite(arg.value)
                  and arg.value == int(arg.value) and arg.value > 0)
            return int(arg.value) if ok and isinstance(arg, ast.Number) else None
        if kind == "year":
            return self.year(arg)
        if kind == "range" and isinstance(arg, ast.Range):
            low, high = self.year(arg.low), self.year(arg.high)
            return None if low is None or high is None else (low, high)
        if kind == "clamp":
            if isinstance(arg, ast.Name) and arg.value == "none":
                return (None, None)
            if isinstance(arg, ast.Range) and all(
                isinstance(x, ast.Number) and math.isfinite(x.value)
                for x in (arg.low, arg.high)
            ):
                assert isinstance(arg.low, ast.Number) and isinstance(arg.high, ast.Number)
                return (arg.low.value, arg.high.value)
        return None

    def year(self, arg: ast.Arg) -> int | None:
        """A fiscal year written 2024, R6 or 令和6 (formatted back as 2024)."""
        if (isinstance(arg, ast.Number) and not arg.percent and math.isfinite(arg.value)
                and arg.value == int(arg.value)):
            year = int(arg.value)
            return year if 1900 <= year <= 2200 else None
        if isinstance(arg, ast.Name):
            return parse_year(arg.value)
        return None

    def method(self, stmt: ast.Statement, word: object) -> str | None:
        if word in METHODS:
            return str(word)
        self.report(error("unknown-method", f"unknown scoring method '{word}'",
                          _args_span(stmt), did_you_mean(str(word), METHODS)
                          or "use 'progress' or 'attainment'"))
        return None


def _noun(context: str) -> str:
    nouns = {"measure": "goal or indicator", "dated": "baseline or target",
             "roadmap_field": "roadmap field"}
    return nouns.get(context, context)


def _args_span(stmt: ast.Statement) -> Span:
    if stmt.args:
        return stmt.args[0].span.to(stmt.args[-1].span)
    return stmt.keyword_span


def number_of(expr: ast.Expr | None) -> float | None:
    """A literal number (possibly negative) written as a value, or None for a formula."""
    if isinstance(expr, ast.Number):
        return expr.value
    if isinstance(expr, ast.Unary) and expr.op == "-" and isinstance(expr.operand, ast.Number):
        return -expr.operand.value
    return None
