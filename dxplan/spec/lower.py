"""Lark's parse tree -> `ast` records, with spans taken from the tokens.

Lowering recurses, once per level of nesting; `nesting_problems` first measures the tree
without recursion, and a tree nested beyond the limits (`limits.py`) is refused, so neither
this nor any later stage can run out of stack.
"""

from __future__ import annotations

import re
from typing import Any

from lark import Token, Tree

from dxplan.japanese import narrow
from dxplan.limits import MAX_BLOCK_DEPTH, MAX_FORMULA_DEPTH
from dxplan.source import Diagnostic, SourceFile, Span, error
from dxplan.spec import ast

# the nodes of a formula that nest (a number, a text or a name ends the nesting)
_NESTING = frozenset({"or_", "and_", "not_", "compare", "binary", "negate", "call", "paren"})


def nesting_problems(tree: Tree[Token], source: SourceFile) -> list[Diagnostic]:
    """A `too-deep` error at each block or formula nested beyond the limits, measured
    without recursion (the point is that the tree may be too deep to recurse over)."""
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
    token = next((c for c in node.children if isinstance(c, Token)), None) or _edge(node, 0)
    if token is None:
        return Span.point(source, 1, 1)
    return Span.point(source, token.line or 1, token.column or 1, len(token))


def to_module(tree: Tree[Token], source: SourceFile,
              comments: tuple[ast.Comment, ...]) -> ast.Module:
    return ast.Module(
        path=source.path,
        statements=tuple([_stmt(c, source) for c in tree.children if isinstance(c, Tree)]),
        comments=comments,
    )


def _span_of(node: Tree[Token] | Token, source: SourceFile) -> Span:
    first, last = _edge(node, 0), _edge(node, -1)
    if first is None or last is None:
        return Span.point(source, 1, 1)
    return Span(source, first.line or 1, first.column or 1,
                last.end_line or last.line or 1, last.end_column or last.column or 1)


def _edge(node: Tree[Token] | Token, end: int) -> Token | None:
    """The first (end=0) or last (end=-1) token under a node."""
    # no None children: the parser runs with maybe_placeholders=False
    while not isinstance(node, Token):
        if not node.children:
            return None
        node = node.children[end]
    return node


def _stmt(tree: Tree[Token], source: SourceFile) -> ast.Statement:
    keyword, *rest = tree.children
    assert isinstance(keyword, Token)
    args: list[ast.Arg] = []
    op: str | None = None
    expr: ast.Expr | None = None
    body: tuple[ast.Statement, ...] | None = None
    end_line = 0
    for child in rest:
        if not isinstance(child, Tree):
            args.append(_arg(child, source))
            continue
        kind = child.data
        if kind == "assign":
            op, expr = "=", _expr(child.children[0], source)
            if len(child.children) > 1:
                body, end_line = _body(child.children[1], source)
        elif kind == "bound":  # COMPARE value block?
            op, expr = str(child.children[0]), _expr(child.children[1], source)
            if len(child.children) > 2:
                body, end_line = _body(child.children[2], source)
        elif kind == "when":
            op, expr = "when", _expr(child.children[0], source)
        elif kind == "block":
            body, end_line = _body(child, source)
        else:
            args.append(_arg(child, source))
    # the span runs from the keyword to the last token under the statement
    last = _edge(tree, -1)
    keyword_span = Span(source, keyword.line or 1, keyword.column or 1,
                        keyword.end_line or 1, keyword.end_column or 1)
    span = keyword_span if last is None or last is keyword else \
        Span(source, keyword.line or 1, keyword.column or 1,
             last.end_line or last.line or 1, last.end_column or last.column or 1)
    return ast.Statement(keyword=str(keyword), args=tuple(args), op=op, expr=expr, body=body,
                         span=span, keyword_span=keyword_span, end_line=end_line)


def _body(block: Tree[Token] | Token, source: SourceFile
          ) -> tuple[tuple[ast.Statement, ...], int]:
    """A block's statements and the line of its closing brace."""
    assert isinstance(block, Tree)
    return tuple([_stmt(c, source) for c in block.children if isinstance(c, Tree)]), \
        _block_end(block)


def _token_span(token: Token, source: SourceFile) -> Span:
    return Span(source, token.line or 1, token.column or 1,
                token.end_line or token.line or 1, token.end_column or token.column or 1)


def _block_end(block: Tree[Token]) -> int:
    closing = _edge(block, -1)
    return (closing.line or 0) if closing is not None else 0


def number_value(text: str) -> float:
    """1_000, 105,000 and 30% as the numbers they are (30% is 30 in a % unit)."""
    return float(text.replace("_", "").replace(",", "").rstrip("%"))


def _arg(node: Tree[Token] | Token, source: SourceFile) -> ast.Arg:
    assert isinstance(node, Tree)
    kind = node.data
    first = node.children[0]
    # an argument of one token (most of them) has that token's span
    span = _token_span(first, source) if len(node.children) == 1 and \
        isinstance(first, Token) else _span_of(node, source)
    if kind == "range":
        low, high = (_arg(c, source) for c in node.children)
        assert isinstance(low, ast.Number | ast.Name) and isinstance(high, ast.Number | ast.Name)
        return ast.Range(low, high, span)
    tok = node.children[-1]  # a negative number's MINUS comes first
    assert isinstance(tok, Token)
    if kind == "number":
        return ast.Number(number_value(tok), str(tok), span)
    if kind == "negative":
        return ast.Number(-number_value(tok), f"-{tok}", span)
    if kind == "string":
        return ast.Text(_unquote(tok), span)
    if kind == "period":
        return ast.Period(narrow(str(tok)).upper(), span)  # ２０２４H2 is 2024H2
    return ast.Name(str(tok), span)


def _unquote(token: Token) -> str:
    return re.sub(r"\\(.)", r"\1", str(token)[1:-1])


def _expr(node: Any, source: SourceFile) -> ast.Expr:
    span = _span_of(node, source)
    if isinstance(node, Token):  # a bare parenthesised token never reaches here
        return ast.Var(str(node), span)
    kind, kids = node.data, node.children
    if kind == "number":
        return ast.Number(number_value(kids[0]), str(kids[0]), span)
    if kind == "string":
        return ast.Text(_unquote(kids[0]), span)
    if kind == "var":
        return ast.Var(str(kids[0]), span)
    if kind == "call":  # NAME args... RPAR
        return ast.Call(str(kids[0]), tuple(_expr(k, source) for k in kids[1:-1]), span)
    if kind == "paren":  # LPAR expr RPAR: the brackets live on in the enclosing span only
        return _expr(kids[1], source)
    if kind == "negate":
        return ast.Unary("-", _expr(kids[1], source), span)
    if kind == "not_":
        return ast.Unary("not", _expr(kids[1], source), span)
    if kind in ("binary", "compare"):
        return ast.Binary(str(kids[1]), _expr(kids[0], source), _expr(kids[2], source), span)
    if kind == "between":  # low .. high: a range, only a target's value (checked later)
        return ast.Binary("..", _expr(kids[0], source), _expr(kids[1], source), span)
    if kind in ("or_", "and_"):
        return ast.Binary(kind[:-1], _expr(kids[0], source), _expr(kids[1], source), span)
    raise ValueError(f"unknown formula node {kind}")  # grammar and parser out of step
