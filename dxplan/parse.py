"""Text -> syntax tree. Lark (LALR, contextual lexer) does the parsing; this module turns
lark's tree into `ast` records and lark's exceptions into friendly diagnostics.

Recovery: after a syntax error the offending line is masked (its braces kept, so block
structure survives) and the text parsed again, so one run reports several errors.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from . import ast
from .source import Diagnostic, SourceFile, Span, error

GRAMMAR = Path(__file__).with_name("grammar.lark")
MAX_SYNTAX_ERRORS = 20
ERROR_KEYWORD = "__error__"


@functools.cache
def parser(strict: bool = False) -> Lark:
    # cache=True stores the built LALR tables, which keeps `dxplan check` near the
    # import floor on every run after the first.
    return Lark(
        GRAMMAR.read_text(encoding="utf-8"),
        parser="lalr",
        lexer="contextual",
        propagate_positions=True,
        maybe_placeholders=False,
        cache=not strict,
        strict=strict,
    )


def parse_file(path: str) -> tuple[ast.Module | None, list[Diagnostic]]:
    """Read and parse a file; an unreadable or undecodable file is a diagnostic."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        return None, [error("no-such-file", f"cannot read {path}: {exc.strerror}")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        src = SourceFile(path, raw.decode("utf-8", errors="replace"))
        return None, [
            error("encoding", "this file is not UTF-8 text", Span.point(src, line, 1),
                  "save .dxp files as UTF-8")
        ]
    return parse_text(SourceFile(path, text))


def parse_text(source: SourceFile) -> tuple[ast.Module | None, list[Diagnostic]]:
    """Parse one source. The module is None when any syntax error was found."""
    lines = source.text.split("\n")
    diagnostics: list[Diagnostic] = []
    masked: set[int] = set()
    for _ in range(MAX_SYNTAX_ERRORS):
        comments: list[Token] = []
        try:
            tree = _parse("\n".join(lines), comments)
        except UnexpectedInput as exc:
            diagnostics.append(_syntax_diagnostic(exc, source))
            line = getattr(exc, "line", -1)
            if isinstance(exc, UnexpectedEOF) or _at_end(exc) or not 1 <= line <= len(lines):
                break
            # a line masked once and still failing is blanked whole, braces too
            lines[line - 1] = "" if line in masked else _mask(lines[line - 1])
            masked.add(line)
            continue
        if diagnostics:
            return None, diagnostics
        return _module(tree, source, comments), []
    return None, diagnostics


def _parse(text: str, comments: list[Token]) -> Tree[Token]:
    tree = parser().parse(text)
    comments.extend(_comments(text))
    return tree


_COMMENT = re.compile(r'"(?:[^"\\\n]|\\.)*"|(#[^\n]*)')


def _comments(text: str) -> list[Token]:
    """Comments with their positions; strings are skipped so '#' inside text is text."""
    out: list[Token] = []
    for lineno, line in enumerate(text.split("\n"), start=1):
        for m in _COMMENT.finditer(line):
            if m.group(1):
                tok = Token("COMMENT", m.group(1).rstrip("\r"))
                tok.line, tok.column = lineno, m.start(1) + 1
                out.append(tok)
    return out


def _mask(line: str) -> str:
    braces = "".join(ch for ch in re.sub(r'"(?:[^"\\]|\\.)*"|#.*', "", line) if ch in "{}")
    if not braces:
        return ""
    return f"{ERROR_KEYWORD} {' '.join(braces)}"


def _at_end(exc: UnexpectedInput) -> bool:
    return isinstance(exc, UnexpectedToken) and exc.token.type == "$END"


# --- diagnostics ----------------------------------------------------------------------

_WORDS = {
    "NAME": "a name",
    "NUMBER": "a number",
    "STRING": 'a text in double quotes ("...")',
    "PERIOD": "a half year such as 2024H1",
    "_NL": "the end of the line",
    "SEMICOLON": "';'",
    "LBRACE": "'{'",
    "RBRACE": "'}'",
    "EQUAL": "'='",
    "LPAR": "'('",
    "RPAR": "')'",
    "COMMA": "','",
    "COMPARE": "a comparison",
    "ADD_OP": "'+' or '-'",
    "MUL_OP": "'*' or '/'",
    "MINUS": "'-'",
    "PLUS": "'+'",
    "WHEN": "'when'",
    "OR": "'or'",
    "AND": "'and'",
    "NOT": "'not'",
    "__ANON_0": "'..'",
    "$END": "the end of the file",
}


def _word(terminal: str) -> str:
    return _WORDS.get(terminal, f"'{terminal.lower()}'" if terminal.isalpha() else terminal)


def _expected_words(expected: set[str]) -> str:
    words = sorted({_word(t) for t in expected if not t.startswith("__ANON") or t in _WORDS})
    if len(words) > 6:
        core = [w for w in words if w in ("a name", "a number", "the end of the line", "'}'")]
        words = core or words[:6]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def _found(token: Token) -> str:
    if token.type == "$END":
        return "the end of the file"
    if token.type == "_NL":
        return "the end of the line"
    if token.type == "STRING":
        return f"the text {token.value}"
    if token.type in ("NAME", "NUMBER", "PERIOD"):
        return f"{_word(token.type)[2:] if token.type != 'PERIOD' else 'half year'} '{token}'"
    return f"'{token.value}'"


def _syntax_diagnostic(exc: UnexpectedInput, source: SourceFile) -> Diagnostic:
    if isinstance(exc, UnexpectedCharacters):
        return _bad_character(exc, source)
    token: Token | None = getattr(exc, "token", None)
    expected: set[str] = set(getattr(exc, "expected", set()) or getattr(exc, "accepts", set()))
    if token is None or token.type == "$END" or isinstance(exc, UnexpectedEOF):
        return _unexpected_end(source, expected)
    span = _token_span(token, source)
    if token.type == "RBRACE" and "RBRACE" not in expected:
        return error("unmatched-brace", "this '}' closes no block", span,
                     "remove it, or add the block it should close")
    if token.type == "_NL" and ({"NUMBER", "NAME"} <= expected) and "_NL" not in expected:
        line_text = source.line(token.line or 1)
        if line_text.rstrip().endswith(("=", "when")):
            op = "=" if line_text.rstrip().endswith("=") else "when"
            return error("missing-value", f"a value is missing after '{op}'", span,
                         "write a number or a formula, e.g. `target 2028 = 60`" if op == "="
                         else "write a condition, e.g. `when score >= expected`")
    message = f"unexpected {_found(token)}; expected {_expected_words(expected)}"
    hint = None
    if token.type == "STRING" and "LBRACE" in expected:
        hint = "a name or label goes before the '{', after the block's id"
    elif token.type == "LBRACE":
        hint = "a block opens after its keyword, id and name: `kpi my_kpi \"名前\" {`"
    elif token.type == "NAME" and "_NL" in expected:
        hint = "put each property on its own line, or separate them with ';'"
    return error("syntax", message, span, hint)


def _unexpected_end(source: SourceFile, expected: set[str]) -> Diagnostic:
    opener = _unclosed_brace(source)
    if opener is not None:
        return error("unclosed-block", "this block is never closed: '{' has no matching '}'",
                     opener, "add '}' where the block ends")
    last = max(len(source.lines), 1)
    span = Span.point(source, last, len(source.line(last)) + 1)
    return error("syntax", f"the file ends too early; expected {_expected_words(expected)}", span)


def _unclosed_brace(source: SourceFile) -> Span | None:
    """The block most likely missing its '}'.

    Brace counting alone blames the outermost block; authors indent, so the first '{'
    whose matching '}' sits at another indentation is the better guess.
    """
    stack: list[tuple[int, int, int]] = []
    suspect: tuple[int, int] | None = None
    for lineno, line in enumerate(source.text.split("\n"), start=1):
        code = re.sub(r'"(?:[^"\\]|\\.)*"|#.*', lambda m: " " * len(m.group(0)), line)
        indent = len(line) - len(line.lstrip())
        for col, ch in enumerate(code, start=1):
            if ch == "{":
                stack.append((lineno, col, indent))
            elif ch == "}" and stack:
                open_line, open_col, open_indent = stack.pop()
                alone = code.strip() == "}"
                if alone and open_line != lineno and indent != open_indent and suspect is None:
                    suspect = (open_line, open_col)
    if not stack:
        return None
    open_at = suspect or stack[-1][:2]
    return Span.point(source, *open_at)


def _bad_character(exc: UnexpectedCharacters, source: SourceFile) -> Diagnostic:
    span = Span.point(source, exc.line, exc.column)
    ch = source.line(exc.line)[exc.column - 1 : exc.column] or "?"
    if ch == '"':
        return error("unterminated-string", "this text is never closed: '\"' has no partner "
                     "on this line", span, 'close it with " on the same line')
    hint = None
    if ch in "“”「」『』":
        hint = 'texts use straight double quotes: "..."'
    elif ch in "＝（）＋－＊／｛｝":
        hint = "use the half-width (ASCII) form of this symbol"
    return error("unexpected-character", f"unexpected character '{ch}'", span, hint)


def _token_span(token: Token, source: SourceFile) -> Span:
    line = token.line or 1
    col = token.column or 1
    if token.type == "_NL":
        return Span.point(source, line, len(source.line(line)) + 1)
    width = len(str(token.value)) if token.end_line == token.line else 1
    return Span.point(source, line, col, width)


# --- lark tree -> ast ------------------------------------------------------------------


def _module(tree: Tree[Token], source: SourceFile, comments: list[Token]) -> ast.Module:
    lines = source.text.split("\n")
    return ast.Module(
        path=source.path,
        statements=tuple(_stmt(c, source) for c in tree.children if isinstance(c, Tree)),
        comments=tuple(
            ast.Comment(
                line=c.line or 0,
                column=c.column or 0,
                text=str(c),
                own_line=not lines[(c.line or 1) - 1][: (c.column or 1) - 1].strip(),
            )
            for c in comments
        ),
    )


def _span_of(node: Tree[Token] | Token, source: SourceFile) -> Span:
    if isinstance(node, Token):
        return Span(source, node.line or 1, node.column or 1,
                    node.end_line or node.line or 1, node.end_column or node.column or 1)
    meta = node.meta
    if getattr(meta, "empty", True):
        return Span.point(source, 1, 1)
    return Span(source, meta.line, meta.column, meta.end_line, meta.end_column)


def _stmt(tree: Tree[Token], source: SourceFile) -> ast.Statement:
    keyword, *rest = tree.children
    assert isinstance(keyword, Token)
    args: list[ast.Arg] = []
    op: str | None = None
    expr: ast.Expr | None = None
    body: tuple[ast.Statement, ...] | None = None
    end_line = 0
    for child in rest:
        if isinstance(child, Tree) and child.data == "assign":
            op, expr = "=", _expr(child.children[0], source)
            if len(child.children) > 1:
                block = child.children[1]
                assert isinstance(block, Tree)
                body = tuple(_stmt(c, source) for c in block.children if isinstance(c, Tree))
                end_line = block.meta.end_line
        elif isinstance(child, Tree) and child.data == "when":
            op, expr = "when", _expr(child.children[0], source)
        elif isinstance(child, Tree) and child.data == "block":
            body = tuple(_stmt(c, source) for c in child.children if isinstance(c, Tree))
            end_line = child.meta.end_line
        else:
            args.append(_arg(child, source))
    return ast.Statement(
        keyword=str(keyword),
        args=tuple(args),
        op=op,
        expr=expr,
        body=body,
        span=_span_of(tree, source),
        keyword_span=_span_of(keyword, source),
        end_line=end_line,
    )


def number_value(text: str) -> float:
    return float(text.replace("_", "").rstrip("%"))


def _arg(node: Tree[Token] | Token, source: SourceFile) -> ast.Arg:
    span = _span_of(node, source)
    assert isinstance(node, Tree)
    kind = node.data
    if kind == "range":
        low, high = (_arg(c, source) for c in node.children)
        assert isinstance(low, ast.Number | ast.Name) and isinstance(high, ast.Number | ast.Name)
        return ast.Range(low, high, span)
    tok = node.children[0]
    assert isinstance(tok, Token)
    if kind == "number":
        return ast.Number(number_value(tok), str(tok), span)
    if kind == "negative":
        return ast.Number(-number_value(tok), f"-{tok}", span)
    if kind == "string":
        return ast.Text(_unquote(tok), span)
    if kind == "period":
        return ast.Period(str(tok).upper(), span)
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
    if kind == "call":
        return ast.Call(str(kids[0]), tuple(_expr(k, source) for k in kids[1:] if k is not None),
                        span)
    if kind == "negate":
        return ast.Unary("-", _expr(kids[0], source), span)
    if kind == "not_":
        return ast.Unary("not", _expr(kids[0], source), span)
    if kind in ("binary", "compare"):
        return ast.Binary(str(kids[1]), _expr(kids[0], source), _expr(kids[2], source), span)
    if kind in ("or_", "and_"):
        return ast.Binary(kind[:-1], _expr(kids[0], source), _expr(kids[1], source), span)
    raise ValueError(f"unknown formula node {kind}")  # grammar and parser out of step
