"""The syntax tree: frozen records, each with its span.

Spans are excluded from equality and hashing, so two trees that say the same thing in
different layouts compare equal: the formatter's safety net and the semantic diff both
stand on that. Comments are not in the tree; the parser keeps them aside (`Module.comments`)
for the formatter, keyed by line. Each record pickles as its class and its values
(`source.pickled_whole`), for the parse cache.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import TypeAlias

import attrs

from dxplan.record import Record
from dxplan.source import Span, pickled_whole

_span = attrs.field(eq=False, repr=False)


# --- formulas -------------------------------------------------------------------------


@pickled_whole
@attrs.frozen(repr=False)
class Number(Record):
    value: float
    text: str = attrs.field(eq=False)  # as written: 1_000, 30%, 12.50
    span: Span = _span

    @property
    def percent(self) -> bool:
        return self.text.endswith("%")


@pickled_whole
@attrs.frozen(repr=False)
class Text(Record):
    value: str
    span: Span = _span


@pickled_whole
@attrs.frozen(repr=False)
class Var(Record):
    name: str
    span: Span = _span


@pickled_whole
@attrs.frozen(repr=False)
class Call(Record):
    func: str
    args: tuple[Expr, ...]
    span: Span = _span


@pickled_whole
@attrs.frozen(repr=False)
class Unary(Record):
    op: str  # "-" or "not"
    operand: Expr
    span: Span = _span


@pickled_whole
@attrs.frozen(repr=False)
class Binary(Record):
    op: str  # + - * / < <= > >= == != and or, and `..` (a target's range)
    left: Expr
    right: Expr
    span: Span = _span


Expr: TypeAlias = Number | Text | Var | Call | Unary | Binary
# replaces a node by text of its own, or None to render it as usual (see render_expr)
Leaf: TypeAlias = "Callable[[Expr], str | None]"


# --- statements -----------------------------------------------------------------------


@pickled_whole
@attrs.frozen(repr=False)
class Name(Record):
    value: str
    span: Span = _span


@pickled_whole
@attrs.frozen(repr=False)
class Period(Record):
    """A half year, `2024H1`, kept as written in canonical upper case."""

    value: str
    span: Span = _span


@pickled_whole
@attrs.frozen(repr=False)
class Range(Record):
    low: Number | Name
    high: Number | Name
    span: Span = _span


Arg: TypeAlias = Number | Text | Name | Period | Range


@pickled_whole
@attrs.frozen(repr=False)
class Statement(Record):
    """`keyword args... [= expr | when expr | { body }]`.

    `body` is None for a statement without a block and a tuple (maybe empty) with one,
    so `x {}` and `x` stay distinct.
    """

    keyword: str
    args: tuple[Arg, ...] = ()
    op: str | None = None  # "=", "when", or a comparison (`target 2028 >= 100`)
    expr: Expr | None = None
    body: tuple[Statement, ...] | None = None
    span: Span = attrs.field(eq=False, repr=False, kw_only=True)
    keyword_span: Span = attrs.field(eq=False, repr=False, kw_only=True)
    # line of the block's closing brace, for comments placed before it
    end_line: int = attrs.field(default=0, eq=False, repr=False)


@pickled_whole
@attrs.frozen(repr=False)
class Comment(Record):
    line: int
    column: int
    text: str  # including the leading '#'
    own_line: bool  # alone on its line, or trailing code


@pickled_whole
@attrs.frozen(repr=False)
class Module(Record):
    path: str
    statements: tuple[Statement, ...]
    comments: tuple[Comment, ...] = attrs.field(default=(), eq=False)


def walk(statements: tuple[Statement, ...]) -> list[Statement]:
    """Every statement, depth first, in source order."""
    out: list[Statement] = []
    for stmt in statements:
        out.append(stmt)
        if stmt.body:
            out.extend(walk(stmt.body))
    return out


def children(node: Expr) -> tuple[Expr, ...]:
    if isinstance(node, Call):
        return node.args
    if isinstance(node, Unary):
        return (node.operand,)
    if isinstance(node, Binary):
        return (node.left, node.right)
    return ()


def walk_expr(expr: Expr | None, into: Callable[[Expr], bool] | None = None) -> Iterator[Expr]:
    """Every node of a formula, depth first in source order; the one walker every reader of
    formulas uses. `into(node)` False skips the node's children (the node is still given).
    Iterative, so no formula is too deep to walk."""
    stack = [expr] if expr is not None else []
    while stack:
        node = stack.pop()
        yield node
        if into is None or into(node):
            stack.extend(reversed(children(node)))


def expr_names(expr: Expr | None) -> list[Var]:
    """The variables a formula reads, in order of appearance."""
    return [node for node in walk_expr(expr) if isinstance(node, Var)]


def render_expr(expr: Expr, parent: int = 0, *, leaf: Leaf | None = None) -> str:
    """A formula as canonical text (used by the formatter and by diff and explain).

    `leaf`, when given, may replace any node by text of its own (None keeps the node).
    """
    if leaf is not None and (text := leaf(expr)) is not None:
        return text
    if isinstance(expr, Number):
        return expr.text
    if isinstance(expr, Text):
        return quote(expr.value)
    if isinstance(expr, Var):
        return expr.name
    if isinstance(expr, Call):
        return f"{expr.func}({', '.join(render_expr(a, leaf=leaf) for a in expr.args)})"
    if isinstance(expr, Unary):
        prec = PRECEDENCE["not"] if expr.op == "not" else PRECEDENCE["neg"]
        inner = render_expr(expr.operand, prec, leaf=leaf)
        text = f"not {inner}" if expr.op == "not" else f"-{inner}"
        return f"({text})" if prec < parent else text
    if expr.op == "..":  # a range, written tight as in `period 2024..2028`
        return f"{render_expr(expr.left, leaf=leaf)}..{render_expr(expr.right, leaf=leaf)}"
    prec = PRECEDENCE[expr.op]
    # left-associative: the right operand needs parentheses at equal precedence; a
    # comparison does not chain (`a < b < c` is no formula), so both of its sides do
    left = prec + 1 if prec == PRECEDENCE["<"] else prec
    text = (f"{render_expr(expr.left, left, leaf=leaf)} {expr.op} "
            f"{render_expr(expr.right, prec + 1, leaf=leaf)}")
    return f"({text})" if prec < parent else text


def substitute(expr: Expr, leaf: Leaf) -> str:
    """The formula with the nodes `leaf` answers for (e.g. series reads) replaced by its text,
    e.g. their values: `gross_product / workers * 1000` -> `2340000 / 612400 * 1000`.
    The text `leaf` returns is placed as an atom, so it must bracket itself if it needs to."""
    return render_expr(expr, leaf=leaf)


PRECEDENCE = {
    "..": 0, "or": 1, "and": 2, "not": 3,
    "<": 4, "<=": 4, ">": 4, ">=": 4, "==": 4, "!=": 4,
    "+": 5, "-": 5, "*": 6, "/": 6, "neg": 7,
}  # fmt: skip


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def number_text(value: float, percent: bool = False, written: str = "") -> str:
    """A number as fmt writes it: `1000`, `12.5`, `-5`, `30%`; never an exponent."""
    if value != value or value in (float("inf"), float("-inf")):
        return written.replace("_", "")  # a literal too long for a float stays as written
    # repr is the shortest text that reads back as the same float; Decimal spells it
    # without an exponent, which the grammar has no syntax for
    digits = str(int(value)) if value == int(value) else format(Decimal(repr(value)), "f")
    return digits + ("%" if percent else "")
