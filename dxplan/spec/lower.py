"""The `ast` records, built as lark's LALR tables reduce (`parse.py` drives them).

One callback per rule or alias of grammar.lark, given that rule's children as lark filters
them: the records already built below it and the tokens it keeps, each token a plain tuple
`(type, text, line, column)` (lark's Token objects cost more than the rest of the record).
Spans come from those tokens. Brackets leave no record: `_Paren` carries the inner formula
up, with its brackets' positions for the enclosing span and its nesting for the depth.

Building bottom-up needs no recursion, however deep the text nests; each formula node's
nesting is counted on the way up, so a formula too deep for the later stages is found in
the same pass (`nesting_problems` then says where, on lark's own tree).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from dxplan.japanese import narrow
from dxplan.limits import MAX_BLOCK_DEPTH, MAX_FORMULA_DEPTH
from dxplan.source import Diagnostic, SourceFile, Span, error
from dxplan.spec import ast

if TYPE_CHECKING:
    from lark import Token, Tree

# (type, text, line, column): a token of the text
Tok = tuple[str, str, int, int]
# A Span made from a tuple in C: a NamedTuple's own __new__ is a Python function, and the
# parse makes three spans a line
_new_span = tuple.__new__


class _Paren:
    """A bracketed formula on its way up: the formula, and where its brackets are."""

    __slots__ = ("column", "end_column", "end_line", "height", "inner", "line")

    def __init__(self, inner: ast.Expr, lpar: Tok, rpar: Tok, height: int) -> None:
        self.inner = inner
        self.line, self.column = lpar[2], lpar[3]
        self.end_line, self.end_column = rpar[2], rpar[3] + 1
        self.height = height


class _Tail:
    """What follows a statement's arguments: `= value`, `>= value`, `when c`, a block."""

    __slots__ = ("body", "end", "end_line", "expr", "op")

    def __init__(self, op: str | None, expr: ast.Expr | None, block: _Tail | None,
                 end: tuple[int, int]) -> None:
        self.op, self.expr = op, expr
        self.body: tuple[ast.Statement, ...] | None = None
        self.end_line, self.end = 0, end
        if block is not None:
            self.body, self.end_line, self.end = block.body, block.end_line, block.end


def _start(node: Any) -> tuple[int, int]:
    if type(node) is tuple:
        return node[2], node[3]
    if type(node) is _Paren:
        return node.line, node.column
    span = node.span
    return span.line, span.column


def _end(node: Any) -> tuple[int, int]:
    if type(node) is tuple:
        return node[2], node[3] + len(node[1])
    if type(node) is _Paren:
        return node.end_line, node.end_column
    span = node.span
    return span.end_line, span.end_column


def _bare(node: Any) -> ast.Expr:
    return node.inner if type(node) is _Paren else node


def number_value(text: str) -> float:
    """1_000, 105,000 and 30% as the numbers they are (30% is 30 in a % unit)."""
    if text.isdecimal():  # most numbers: float reads any decimal digits as they are
        return float(text)
    return float(text.replace("_", "").replace(",", "").rstrip("%"))


def _unquote(text: str) -> str:
    inner = text[1:-1]
    return _ESCAPED.sub(r"\1", inner) if "\\" in inner else inner


_ESCAPED = re.compile(r"\\(.)")


class Lower:
    """The callbacks, named as the grammar's rules and aliases. `reset` before each parse."""

    def __init__(self) -> None:
        self.source = SourceFile("", "")
        self.heights: dict[int, int] = {}
        self.too_deep = False

    def reset(self, source: SourceFile) -> None:
        self.source, self.heights, self.too_deep = source, {}, False

    # --- spans and nesting ----------------------------------------------------------

    def _span(self, first: Any, last: Any) -> Span:
        return _new_span(Span, (self.source, *_start(first), *_end(last)))

    def _tok_span(self, tok: Tok) -> Span:
        return _new_span(Span, (self.source, tok[2], tok[3], tok[2], tok[3] + len(tok[1])))

    def _height(self, node: Any) -> int:
        return node.height if type(node) is _Paren else self.heights.get(id(node), 0)

    def _nested(self, node: ast.Expr, *inner: Any) -> ast.Expr:
        """`node` one level deeper than the deepest of `inner`."""
        height = 1 + max(map(self._height, inner), default=0)
        self.heights[id(node)] = height
        if height > MAX_FORMULA_DEPTH:
            self.too_deep = True
        return node

    # --- statements -----------------------------------------------------------------

    def start(self, kids: list[ast.Statement]) -> list[ast.Statement]:
        return kids

    def stmt(self, kids: list[Any]) -> ast.Statement:
        keyword = kids[0]
        keyword_span = self._tok_span(keyword)
        tail = kids[-1] if type(kids[-1]) is _Tail else None
        args = tuple(kids[1:-1] if tail is not None else kids[1:])
        if tail is not None:
            end = tail.end
        elif args:
            end = _end(args[-1])
        else:
            return ast.Statement(keyword=keyword[1], args=(), span=keyword_span,
                                 keyword_span=keyword_span)
        span = _new_span(Span, (self.source, keyword[2], keyword[3], *end))
        if tail is None:
            return ast.Statement(keyword=keyword[1], args=args, span=span,
                                 keyword_span=keyword_span)
        return ast.Statement(keyword=keyword[1], args=args, op=tail.op, expr=tail.expr,
                             body=tail.body, span=span, keyword_span=keyword_span,
                             end_line=tail.end_line)

    def block(self, kids: list[Any]) -> _Tail:
        tail = _Tail(None, None, None, _end(kids[-1]))
        tail.body, tail.end_line = tuple(kids[1:-1]), kids[-1][2]
        return tail

    def assign(self, kids: list[Any]) -> _Tail:
        block = kids[1] if len(kids) > 1 else None
        return _Tail("=", _bare(kids[0]), block, _end(kids[0]))

    def bound(self, kids: list[Any]) -> _Tail:
        block = kids[2] if len(kids) > 2 else None
        return _Tail(kids[0][1], _bare(kids[1]), block, _end(kids[1]))

    def when(self, kids: list[Any]) -> _Tail:
        return _Tail("when", _bare(kids[0]), None, _end(kids[0]))

    # --- arguments (number and string serve formulas too) ---------------------------

    def number(self, kids: list[Tok]) -> ast.Number:
        tok = kids[0]
        return ast.Number(number_value(tok[1]), tok[1], self._tok_span(tok))

    def negative(self, kids: list[Tok]) -> ast.Number:
        tok = kids[1]
        return ast.Number(-number_value(tok[1]), f"-{tok[1]}", self._span(kids[0], tok))

    def string(self, kids: list[Tok]) -> ast.Text:
        return ast.Text(_unquote(kids[0][1]), self._tok_span(kids[0]))

    def name(self, kids: list[Tok]) -> ast.Name:
        return ast.Name(kids[0][1], self._tok_span(kids[0]))

    def period(self, kids: list[Tok]) -> ast.Period:
        return ast.Period(narrow(kids[0][1]).upper(), self._tok_span(kids[0]))  # ２０２４H2

    def range(self, kids: list[Any]) -> ast.Range:
        return ast.Range(kids[0], kids[1], self._span(kids[0], kids[1]))

    # --- formulas -------------------------------------------------------------------

    def var(self, kids: list[Tok]) -> ast.Var:
        return ast.Var(kids[0][1], self._tok_span(kids[0]))

    def call(self, kids: list[Any]) -> ast.Expr:  # NAME args... RPAR
        args = kids[1:-1]
        node = ast.Call(kids[0][1], tuple(map(_bare, args)), self._span(kids[0], kids[-1]))
        return self._nested(node, *args)

    def paren(self, kids: list[Any]) -> _Paren:  # LPAR expr RPAR
        height = 1 + self._height(kids[1])
        if height > MAX_FORMULA_DEPTH:
            self.too_deep = True
        return _Paren(_bare(kids[1]), kids[0], kids[2], height)

    def negate(self, kids: list[Any]) -> ast.Expr:
        return self._unary("-", kids)

    def not_(self, kids: list[Any]) -> ast.Expr:
        return self._unary("not", kids)

    def _unary(self, op: str, kids: list[Any]) -> ast.Expr:
        return self._nested(ast.Unary(op, _bare(kids[1]), self._span(kids[0], kids[1])),
                            kids[1])

    def binary(self, kids: list[Any]) -> ast.Expr:
        return self._binary(kids[1][1], kids[0], kids[2], True)

    compare = binary

    def or_(self, kids: list[Any]) -> ast.Expr:
        return self._binary("or", kids[0], kids[1], True)

    def and_(self, kids: list[Any]) -> ast.Expr:
        return self._binary("and", kids[0], kids[1], True)

    def between(self, kids: list[Any]) -> ast.Expr:  # low .. high: only a target's value
        return self._binary("..", kids[0], kids[1], False)

    def _binary(self, op: str, left: Any, right: Any, nests: bool) -> ast.Expr:
        node = ast.Binary(op, _bare(left), _bare(right), self._span(left, right))
        if nests:
            return self._nested(node, left, right)
        self.heights[id(node)] = max(self._height(left), self._height(right))
        return node


# --- where a text nests too deep (on lark's own tree) -----------------------------------

# the nodes of a formula that nest (a number, a text or a name ends the nesting)
_NESTING = frozenset({"or_", "and_", "not_", "compare", "binary", "negate", "call", "paren"})


def nesting_problems(tree: Tree[Token], source: SourceFile) -> list[Diagnostic]:
    """A `too-deep` error at each block or formula nested beyond the limits, measured
    without recursion (the point is that the tree may be too deep to recurse over)."""
    from lark import Tree

    out: list[Diagnostic] = []
    stack: list[tuple[Tree[Token], int, int]] = [(tree, 0, 0)]
    while stack:
        node, blocks, depth = stack.pop()
        for child in node.children:
            if not isinstance(child, Tree):
                continue
            inner_blocks, inner_depth = blocks, depth
            if child.data == "block":
                inner_blocks += 1
                if inner_blocks > MAX_BLOCK_DEPTH:
                    out.append(error(
                        "too-deep", f"blocks are nested more than {MAX_BLOCK_DEPTH} deep here",
                        _own_token(child, source),
                        "a plan needs five levels (field, kpi, indicator, target and its "
                        "source); look for a '}' that is missing above"))
                    continue
            elif child.data in _NESTING:
                inner_depth += 1
                if inner_depth > MAX_FORMULA_DEPTH:
                    out.append(error(
                        "too-deep", f"this formula is nested more than {MAX_FORMULA_DEPTH} "
                        "levels deep (brackets, operators, signs and calls inside one another)",
                        _own_token(child, source),
                        "write a long sum as sum(a, b, c, ...) and drop brackets that are "
                        "not needed"))
                    continue
            stack.append((child, inner_blocks, inner_depth))
    return out


def _own_token(node: Tree[Token], source: SourceFile) -> Span:
    """Where a node is: its own operator, bracket or name if it has one, else its start."""
    from lark import Token

    token = next((c for c in node.children if isinstance(c, Token)), None) or _first(node)
    if token is None:
        return Span.point(source, 1, 1)
    return Span.point(source, token.line or 1, token.column or 1, len(token))


def _first(node: Tree[Token] | Token) -> Token | None:
    from lark import Token

    while not isinstance(node, Token):
        if not node.children:
            return None
        node = node.children[0]
    return node
