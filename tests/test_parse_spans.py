"""The one-pass parse (spec/parse.py, lower.py) on generated specs: every record's span
holds exactly its own text, comments are where the text has them, the records and their
spans are those lark's own tree builder gives the same callbacks, and whatever lark's own
parser refuses is refused with lark's error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from lark import Lark, Token
from lark.exceptions import UnexpectedInput

from dxplan.source import SourceFile, Span
from dxplan.spec import ast
from dxplan.spec.lower import Lower
from dxplan.spec.machine import GRAMMAR, parser
from dxplan.spec.parse import parse_text

ATOMS = st.sampled_from(["a", "b2", "漢字", "1", "1_000", "2.5", "30%", '"t\\"x"', "f()",
                         "a + b * c - 1", "-x", "not a and b or c", "a >= 2 * b"])
OPS = st.sampled_from([" + ", "-", " * ", "/", " < ", " >= ", " == ", " and ", " or "])
# each compound in brackets, so any two combine (`+not a` is no formula)
FORMULAS = st.recursive(ATOMS, lambda inner: st.one_of(
    st.tuples(inner, OPS, inner).map(lambda t: f"(({t[0]}){t[1]}({t[2]}))"),
    inner.map(lambda x: f"(({x}))"), inner.map(lambda x: f"(-({x}))"),
    inner.map(lambda x: f"(not ({x}))"), inner.map(lambda x: f"+({x})"),
    st.lists(inner, max_size=3).map(lambda xs: f"min({', '.join(xs)})"),
), max_leaves=10)
ARGS = st.lists(st.sampled_from(
    ["x", "2024", "-5", '"名前"', "2024H1", "R6", "2024年度", "1..3", "-1..b", "30%"]),
    max_size=3).map(lambda args: "".join(" " + a for a in args))
TAILS = st.one_of(st.just(""), FORMULAS.map(lambda f: f" = {f}"),
                  FORMULAS.map(lambda f: f" >= {f}"), FORMULAS.map(lambda f: f" when {f}"),
                  st.sampled_from([" = 1,000", " = 10..20", " = (1)..2"]))
STATEMENTS = st.tuples(st.sampled_from(["value", "target", "kpi", "x"]), ARGS, TAILS,
                       st.sampled_from(["", "  # note", "\t#x"])).map("".join)
# what may open a block: no `when`, no comment before the brace
HEADS = st.tuples(st.sampled_from(["field", "kpi", "x"]), ARGS,
                  st.one_of(st.just(""), FORMULAS.map(lambda f: f" = {f}"))).map("".join)
SPECS = st.recursive(STATEMENTS, lambda inner: st.tuples(
    HEADS, st.lists(inner, max_size=3),
    st.sampled_from(["\n", "\r\n"]),
).map(lambda t: f"{t[0]} {{{t[2]}{t[2].join(t[1])}{t[2]}}}"), max_leaves=8).map(
    lambda s: s + "\n")


def text_of(source: SourceFile, span: Span) -> str:
    assert span.line == span.end_line  # a statement is written on one line
    return source.line(span.line)[span.column - 1 : span.end_column - 1]


def formula(text: str) -> ast.Expr | None:
    module, diagnostics = parse_text(SourceFile("f.dxp", f"value = {text}\n"))
    assert module is not None, diagnostics
    return module.statements[0].expr


@given(st.lists(SPECS, min_size=1, max_size=4).map("".join))
def test_every_span_holds_its_own_text(text: str) -> None:
    source = SourceFile("t.dxp", text)
    module, diagnostics = parse_text(source)
    assert module is not None and diagnostics == []
    for stmt in ast.walk(module.statements):
        assert text_of(source, stmt.keyword_span) == stmt.keyword
        if stmt.body is None:  # a block's statement spans lines
            assert text_of(source, stmt.span).startswith(stmt.keyword)
        for arg in stmt.args:
            written = text_of(source, arg.span)
            assert written == (ast.quote(arg.value) if isinstance(arg, ast.Text) else
                               arg.text if isinstance(arg, ast.Number) else
                               f"{arg.low.span and text_of(source, arg.low.span)}.."
                               f"{text_of(source, arg.high.span)}"
                               if isinstance(arg, ast.Range) else arg.value)
        for node in ast.walk_expr(stmt.expr):
            if not (isinstance(node, ast.Binary) and node.op == ".."):
                # the text under a node, read again, is the same formula
                assert formula(text_of(source, node.span)) == node
    for comment in module.comments:
        assert source.line(comment.line)[comment.column - 1:] == comment.text


@given(st.lists(st.sampled_from(["x", " 1", "=", "(", ")", "{", "}", "\n", "-", ",", '"',
                                 "..", "when", "#c", "2024H1", "+"]), max_size=14).map("".join))
def test_what_lark_refuses_is_refused_with_lark_s_error(text: str) -> None:
    module, diagnostics = parse_text(SourceFile("t.dxp", text))
    try:
        parser().parse(text)
    except UnexpectedInput:
        assert module is None and diagnostics
    else:
        assert module is not None and diagnostics == []


# --- the one pass builds what lark's own tree builder builds -------------------------------


class _LarkTokens(Lower):
    """The callbacks given lark's Token objects, as lark's tree builder calls them (through
    its ChildFilter), each token turned into the tuple the callbacks read."""

    def __getattribute__(self, name: str) -> Any:
        found = super().__getattribute__(name)
        if name.startswith("_") or name in ("source", "heights", "too_deep", "reset"):
            return found

        def call(kids: list[Any]) -> Any:
            return found([(k.type, str(k), k.line, k.column) if isinstance(k, Token) else k
                          for k in kids])
        return call


def spans(statements: tuple[ast.Statement, ...]) -> list[tuple[str, Span]]:
    """Every record's span, in order: what equality of the records leaves out."""
    out: list[tuple[str, Span]] = []
    for stmt in ast.walk(statements):
        out += [("stmt", stmt.span), ("keyword", stmt.keyword_span), ("end", stmt.end_line)]
        for arg in stmt.args:
            out.append((type(arg).__name__, arg.span))
            if isinstance(arg, ast.Range):
                out += [("low", arg.low.span), ("high", arg.high.span)]
        out += [(type(node).__name__, node.span) for node in ast.walk_expr(stmt.expr)]
    return out


_LOWER = _LarkTokens()
_LARK = Lark(GRAMMAR.read_text(encoding="utf-8"), parser="lalr", lexer="contextual",
             propagate_positions=False, maybe_placeholders=False, transformer=_LOWER)


def lark_s_own(source: SourceFile) -> list[ast.Statement]:
    _LOWER.reset(source)
    statements: list[ast.Statement] = _LARK.parse(source.text)
    return statements


@given(st.lists(SPECS, min_size=1, max_size=4).map("".join))
def test_the_one_pass_builds_what_lark_s_tree_builder_builds(text: str) -> None:
    source = SourceFile("t.dxp", text)
    module, diagnostics = parse_text(source)
    assert module is not None and diagnostics == []
    expected = tuple(lark_s_own(source))
    assert module.statements == expected
    assert spans(module.statements) == spans(expected)


def test_the_shipped_specs_are_built_as_lark_s_tree_builder_builds() -> None:
    for path in sorted(Path(__file__).resolve().parents[1].glob("specs/*.dxp")):
        source = SourceFile(str(path), path.read_text(encoding="utf-8"))
        module, _ = parse_text(source)
        assert module is not None
        expected = tuple(lark_s_own(source))
        assert module.statements == expected
        assert spans(module.statements) == spans(expected)
