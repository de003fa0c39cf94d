"""The first half of checking: does each statement have the shape the schema gives it?

`check.py` asks this module for a block's statements with their arguments converted
(ids, texts, years, ranges); meaning (ids, references, years, cycles) is `check.py`'s.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterator, Sequence

from dxplan.japanese import parse_year
from dxplan.source import Diagnostic, Span, did_you_mean, error
from dxplan.spec import ast
from dxplan.spec.schema import METHODS, SCHEMA, TARGET_OPS, Spec

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
        if context == "revision" and stmt.keyword in SCHEMA["measure"]:
            self.report(error("not-revisable", f"'{stmt.keyword}' cannot be revised",
                              stmt.keyword_span, "a revision may change: "
                              f"{', '.join(allowed)}; to change what is measured, retire the "
                              "indicator and add a new one"))
            return
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
        args: Sequence[ast.Arg] = stmt.args
        for i, kind in enumerate(spec.args):
            if kind == "target_year" and _each_year(args, i):
                values.append(EACH_YEAR)
                args = [*args[: i + 1], *args[i + 2 :]]  # `each year` is one argument
                continue
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
            value = _CONVERT[kind](self, args[i])
            ok = ok and value is not None
            values.append(value)
        extra = len(args) > len(spec.args) and not (spec.args and spec.args[-1] == "names")
        if extra and not (stmt.keyword == "grade" and len(args) == 3):
            ok = False
        allowed_ops = TARGET_OPS if spec.op == "bound" else ("=",) if spec.op else ()
        if ok and spec.op and stmt.op not in allowed_ops:
            if stmt.op is None or stmt.op == "when":
                self.report(error("missing-value", f"'{stmt.keyword}' needs '= value'",
                                  stmt.span, f"write it as: {spec.usage}"))
            else:
                hint = ("a target is `= value` or a bound: >=, <=, >, <" if spec.op == "bound"
                        else f"write it as: {spec.usage}")
                self.report(error("bad-arguments", f"'{stmt.keyword}' takes '=', not "
                                  f"'{stmt.op}'", stmt.span, hint))
            return None
        if ok and spec.op is None and stmt.op not in (None, "when"):
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

    def _word(self, arg: ast.Arg) -> Value | None:
        return arg.value if isinstance(arg, ast.Name) else None

    def _text(self, arg: ast.Arg) -> Value | None:
        return arg.value if isinstance(arg, ast.Text) else None

    def _grade(self, arg: ast.Arg) -> Value | None:
        return arg.value if isinstance(arg, ast.Name | ast.Text) else None

    def _period(self, arg: ast.Arg) -> Value | None:
        return arg.value if isinstance(arg, ast.Period) else None

    def _number(self, arg: ast.Arg) -> Value | None:
        ok = isinstance(arg, ast.Number) and not arg.percent and math.isfinite(arg.value)
        return arg.value if ok and isinstance(arg, ast.Number) else None

    def _int(self, arg: ast.Arg) -> Value | None:
        # isfinite first: int() of an overlong literal (inf) would raise
        ok = isinstance(arg, ast.Number) and math.isfinite(arg.value) \
            and arg.value == int(arg.value) and arg.value > 0
        return int(arg.value) if ok and isinstance(arg, ast.Number) else None

    def _years(self, arg: ast.Arg) -> Value | None:
        if isinstance(arg, ast.Range):
            low, high = self.year(arg.low), self.year(arg.high)
            return None if low is None or high is None or low > high else (low, high)
        year = self.year(arg)
        return None if year is None else (year, year)

    def _range(self, arg: ast.Arg) -> Value | None:
        if isinstance(arg, ast.Range):
            low, high = self.year(arg.low), self.year(arg.high)
            return None if low is None or high is None else (low, high)
        return None

    def _clamp(self, arg: ast.Arg) -> Value | None:
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
        """A year written 2024, 2024年度, R6, 令和6年度 or H34 (formatted back as 2024)."""
        if isinstance(arg, ast.Number):
            return None if arg.percent else _parse_year(arg.text)
        if isinstance(arg, ast.Name):
            return _parse_year(arg.value)
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
             "revision": "revised block",
             "roadmap_field": "roadmap field"}
    return nouns.get(context, context)


def _args_span(stmt: ast.Statement) -> Span:
    if stmt.args:
        return stmt.args[0].span.to(stmt.args[-1].span)
    return stmt.keyword_span


EACH_YEAR = "each year"  # a target's year argument that means every year


def _each_year(args: Sequence[ast.Arg], i: int) -> bool:
    """Whether `each year` is written from argument `i` on."""
    if len(args) < i + 2:
        return False
    each, year = args[i], args[i + 1]
    return (isinstance(each, ast.Name) and each.value == "each"
            and isinstance(year, ast.Name) and year.value == "year")


# each kind of argument a spec names, and how it is read
_CONVERT: dict[str, Callable[[Shape, ast.Arg], Value | None]] = {
    "id": Shape._word, "word": Shape._word, "text": Shape._text, "grade": Shape._grade,
    "period": Shape._period, "number": Shape._number, "int": Shape._int,
    "year": Shape.year, "target_year": Shape.year, "years": Shape._years,
    "range": Shape._range, "clamp": Shape._clamp,
}
# A spec writes a few year texts thousands of times (`target 2028 = ...`): each read once
_parse_year = functools.lru_cache(maxsize=1024)(parse_year)


def number_of(expr: ast.Expr | None) -> float | None:
    """A literal number (possibly negative) written as a value, or None for a formula."""
    if isinstance(expr, ast.Number):
        return expr.value
    if isinstance(expr, ast.Unary) and expr.op == "-" and isinstance(expr.operand, ast.Number):
        return -expr.operand.value
    return None
