"""Lark's syntax exceptions -> friendly diagnostics: what was found and what was
expected, in words rather than token names, with a hint where the mistake is a common one.
"""

from __future__ import annotations

import re
import unicodedata

from lark import Token
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from dxplan.source import Diagnostic, SourceFile, Span, error


def at_end(exc: UnexpectedInput) -> bool:
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
    """What the parser met, worded to follow "unexpected"."""
    if token.type == "$END":
        return "end of the file"
    if token.type == "_NL":
        return "end of the line"
    if token.type == "STRING":
        return f"text {token.value}"
    if token.type in ("NAME", "NUMBER", "PERIOD"):
        return f"{_word(token.type)[2:] if token.type != 'PERIOD' else 'half year'} '{token}'"
    return f"'{token.value}'"


def syntax_diagnostic(exc: UnexpectedInput, source: SourceFile) -> Diagnostic:
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
    elif token.type == "COMPARE" and "EQUAL" in expected:  # among the arguments
        hint = "a condition follows 'when': grade A \"順調\" when score >= expected"
    elif token.type == "EQUAL":
        hint = "a value follows a single '=': target 2028 = 60 ('==' compares, in conditions)"
    elif token.type == "RPAR":
        hint = "this ')' has no '(' to close: remove it, or add the '(' it belongs to"
    elif token.type == "_NL":
        hint = "a statement, formula included, is written on one line: finish it on this line"
    elif "_NL" in expected:
        hint = "the statement could end just before this: remove what follows, or put it on " \
            "its own line"
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
    half = unicodedata.normalize("NFKC", ch)
    if ch in "“”「」『』":
        hint = 'texts use straight double quotes: "..."'
    elif half != ch and len(half) == 1 and half.isascii() and half.isprintable():
        # ％ ． － ， ＝ （ typed with the Japanese input method on
        hint = f"write the half-width '{half}' instead of the full-width '{ch}'"
    return error("unexpected-character", f"unexpected character '{ch}'", span, hint)


def _token_span(token: Token, source: SourceFile) -> Span:
    line = token.line or 1
    col = token.column or 1
    if token.type == "_NL":
        return Span.point(source, line, len(source.line(line)) + 1)
    width = len(str(token.value)) if token.end_line == token.line else 1
    return Span.point(source, line, col, width)
