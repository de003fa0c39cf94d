"""Text -> syntax tree: reading a spec, lark's LALR parse, recovery from syntax errors.

Recovery: after a syntax error the offending line is masked (its braces kept, so block
structure survives) and the text parsed again, so one run reports several errors.

The one pass (`machine.py`) parses without lark, over lark's tables written out once; lark is
imported only for a text that does not parse, to say exactly what is wrong. An unchanged
spec comes from the cache whole (`cache.py`), which keeps `dxplan check` and `eval` near
the import floor.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from dxplan import cache
from dxplan.limits import MAX_SPEC_BYTES, read_regular, size_text
from dxplan.source import Diagnostic, SourceFile, Span, error
from dxplan.spec import ast
from dxplan.spec.machine import Stop, machine, parser

if TYPE_CHECKING:

    from dxplan.spec.lower import Tok

MAX_SYNTAX_ERRORS = 20
# Each recovery parses the text again, up to the next error: a large file with errors near
# its end is re-read only while the texts parsed add up to this many characters.
REPARSE_BUDGET = 4 * 1024 * 1024
ERROR_KEYWORD = "__error__"


def parse_file(path: str, store: bool = True) -> tuple[ast.Module | None, list[Diagnostic]]:
    """Read and parse a file; an unreadable or undecodable file is a diagnostic.

    `store` False reads the parse cache but does not write it: writing the syntax tree of
    the 5,000-indicator plan took longer (431 ms) than checking it, and a workspace of one
    spec gains nothing from it (an unchanged one is read back whole, `pipeline.load`)."""
    raw = read_regular(path, MAX_SPEC_BYTES)
    if isinstance(raw, str):
        return None, [error("no-such-file", f"cannot read {path}: {raw}")]
    if len(raw) > MAX_SPEC_BYTES:  # only the limit's worth was read, maybe half a character
        return None, [too_large(SourceFile(path, raw.decode("utf-8", errors="replace")))]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        src = SourceFile(path, raw.decode("utf-8", errors="replace"))
        return None, [
            error("encoding", "this file is not UTF-8 text", Span.point(src, line, 1),
                  "save .dxp files as UTF-8")
        ]
    key = path.encode() + b"\0" + raw
    hit = cache.get("parse", key)
    if isinstance(hit, ast.Module):
        return hit, []
    module, diagnostics = parse_text(SourceFile(path, text))
    if module is not None and store:
        cache.put("parse", key, module, background=True)
    return module, diagnostics


# Characters other programs take for line breaks. Lark counts lines at "\n" only, as
# SourceFile does, so none of them moves a caret. Inside texts and comments they are kept
# as written; between tokens they are blanks. The grammar's WS has the form feed and a
# lone CR; these are the rest.
_ODD_BLANKS = "\x0b\x1c\x1d\x1e\x85\u2028\u2029"
_ODD = re.compile(f"[{_ODD_BLANKS}]")
_TEXT = r'"(?:[^"\\\n]|\\.)*"'  # as the grammar's STRING
_TEXT_COMMENT_OR_ODD = re.compile(rf"{_TEXT}|#[^\n]*|{_ODD.pattern}")


def _blanked(text: str) -> str:
    """The text as lark reads it: odd blanks between tokens as spaces, one for one."""
    if not _ODD.search(text):
        return text
    return _TEXT_COMMENT_OR_ODD.sub(
        lambda m: " " if m.group() in _ODD_BLANKS else m.group(), text)


def too_large(source: SourceFile) -> Diagnostic:
    """`too-large`, at the character where the text passes the limit."""
    within = source.text.encode("utf-8")[:MAX_SPEC_BYTES].decode("utf-8", errors="ignore")
    line = within.count("\n") + 1
    column = len(within) - within.rfind("\n")
    return error("too-large", f"this spec is larger than a spec may be "
                 f"({size_text(MAX_SPEC_BYTES)}); the limit is reached here",
                 Span.point(source, line, column),
                 "split it into several .dxp files loaded together (goals, fields and "
                 "roadmaps may be in any of them), or check that this is the file you meant")


def parse_text(source: SourceFile) -> tuple[ast.Module | None, list[Diagnostic]]:
    """Parse one source. The module is None when any syntax error was found."""
    # a UTF-8 character is at most 4 bytes: most texts need no encoding to be measured
    if len(source.text) * 4 > MAX_SPEC_BYTES and len(source.text.encode()) > MAX_SPEC_BYTES:
        return None, [too_large(source)]
    lines = _blanked(source.text).split("\n")
    diagnostics: list[Diagnostic] = []
    masked: set[int] = set()
    for attempt in range(1, MAX_SYNTAX_ERRORS + 1):
        text = "\n".join(lines)
        try:
            statements, comments, too_deep = _one_pass(text, source)
        except Exception as exc:
            # lark, and what reads its errors, only once a text does not parse
            from lark.exceptions import UnexpectedEOF, UnexpectedInput

            from dxplan.spec.syntax_errors import at_end, syntax_diagnostic

            if not isinstance(exc, UnexpectedInput):
                raise
            line = getattr(exc, "line", -1)
            diagnostic = syntax_diagnostic(exc, source)
            # a masked line's positions are the mask's, and its error is a repeat
            if line not in masked:
                diagnostics.append(diagnostic)
            if isinstance(exc, UnexpectedEOF) or at_end(exc) or not 1 <= line <= len(lines):
                break
            if (attempt + 1) * len(text) > REPARSE_BUDGET:
                break
            if diagnostic.code == "unmatched-brace" and line not in masked:
                # masking keeps braces, so the stray one itself must go
                col = getattr(exc, "column", 1)
                bad = lines[line - 1]
                lines[line - 1] = bad[: col - 1] + " " + bad[col:]
                continue
            # a line masked once and still failing is blanked whole, braces too
            lines[line - 1] = "" if line in masked else _mask(lines[line - 1])
            masked.add(line)
            continue
        if diagnostics:
            return None, diagnostics
        if too_deep:
            from dxplan.spec.lower import nesting_problems

            # rare, and the tree without records says where: lark's own tree
            return None, nesting_problems(parser().parse(text), source)
        return ast.Module(path=source.path, statements=tuple(statements),
                          comments=_comments(comments, lines)), []
    return None, diagnostics


def _comments(found: list[Tok], lines: list[str]) -> tuple[ast.Comment, ...]:
    """The comments of the parse with their positions, kept aside for the formatter."""
    return tuple([ast.Comment(line=line, column=column, text=text.rstrip("\r"),
                              own_line=not lines[line - 1][: column - 1].strip())
                  for _, text, line, column in found])


def _one_pass(text: str, source: SourceFile
              ) -> tuple[list[ast.Statement], list[Tok], bool]:
    """The statements, the comments, and whether a block or formula nests too deep
    (machine.py); lark's UnexpectedInput when the text does not parse, so the syntax errors
    are lark's to the character."""
    try:
        return machine().run(text, source)
    except Stop:
        parser().parse(text)  # raises what is wrong
        raise AssertionError("the one-pass parse and lark's disagree") from None


def _mask(line: str) -> str:
    braces = "".join(ch for ch in re.sub(r'"(?:[^"\\]|\\.)*"|#.*', "", line) if ch in "{}")
    if not braces:
        return ""
    return f"{ERROR_KEYWORD} {' '.join(braces)}"
