"""Text -> syntax tree: reading a spec, lark's LALR parse, recovery from syntax errors.

Recovery: after a syntax error the offending line is masked (its braces kept, so block
structure survives) and the text parsed again, so one run reports several errors.

Lark is imported only when a file is actually parsed: an unchanged spec comes from the
cache (`cache.py`), which keeps `dxplan check` and `eval` near the import floor.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeAlias

from dxplan import cache
from dxplan.limits import MAX_BLOCK_DEPTH, MAX_SPEC_BYTES, read_regular, size_text
from dxplan.source import Diagnostic, SourceFile, Span, error
from dxplan.spec import ast

if TYPE_CHECKING:
    from lark import Lark

    from dxplan.spec.lower import Lower, Tok

GRAMMAR = Path(__file__).with_name("grammar.lark")
MAX_SYNTAX_ERRORS = 20
# Each recovery parses the text again, up to the next error: a large file with errors near
# its end is re-read only while the texts parsed add up to this many characters.
REPARSE_BUDGET = 4 * 1024 * 1024
ERROR_KEYWORD = "__error__"


@functools.cache
def parser(strict: bool = False) -> Lark:
    """Lark's parser of the grammar, building lark's own tree: its tables drive the one-pass
    parse (`_one_pass`), and it parses a text that has an error, to say what the error is."""
    from lark import Lark

    # cache=True stores the built LALR tables between runs.
    return Lark(
        GRAMMAR.read_text(encoding="utf-8"),
        parser="lalr",
        lexer="contextual",
        propagate_positions=False,  # spans come from the tokens
        maybe_placeholders=False,
        cache=not strict,
        strict=strict,
    )


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
    from lark.exceptions import UnexpectedEOF, UnexpectedInput

    from dxplan.spec.syntax_errors import at_end, syntax_diagnostic

    lines = _blanked(source.text).split("\n")
    diagnostics: list[Diagnostic] = []
    masked: set[int] = set()
    for attempt in range(1, MAX_SYNTAX_ERRORS + 1):
        text = "\n".join(lines)
        try:
            statements, comments, too_deep = _one_pass(text, source)
        except UnexpectedInput as exc:
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


# --- the one pass ------------------------------------------------------------------------
#
# Lark's LALR tables and its contextual lexer's patterns, driven by a loop of our own that
# builds the `ast` records as it reduces (lower.py) and collects the comments as it reads.
# Lark's own loop makes a Token object per token and a Tree per rule, which the records
# were then built from: this loop makes neither (2.5x faster on the 5,000-indicator plan).
# What lark's tree builder does to each rule's values (drop filtered tokens, splice the
# lists of `_rules`) is worked out once per rule (`reduction`) and done inline, so a
# reduction is no call through lark's ChildFilter and no Tree for a `_rule`.
# A text it cannot parse is given to lark's own parser, whose exception says what is
# wrong, so the syntax errors are lark's to the character.


class _Stop(Exception):
    """The text does not parse here."""


def _one_pass(text: str, source: SourceFile
              ) -> tuple[list[ast.Statement], list[Tok], bool]:
    """The statements, the comments, and whether a block or formula nests too deep; lark's
    UnexpectedInput when the text does not parse."""
    try:
        return _machine().run(text, source)
    except _Stop:
        parser().parse(text)  # raises what is wrong
        raise AssertionError("the one-pass parse and lark's disagree") from None


@functools.cache
def _machine() -> _Machine:
    return _Machine(parser())


class _Machine:
    """The tables of one grammar, turned into plain dicts: a state's actions by terminal or
    rule name (an int: shift to that state; a str: reduce by a rule that hands its one value
    up as it is, `?sum: product`; a `_Reduce`: any other rule), and its lexer (patterns,
    keyword map, ignored kinds)."""

    def __init__(self, lark: Lark) -> None:
        from lark.parsers.lalr_analysis import Shift

        from dxplan.spec.lower import Lower

        frontend: Any = lark.parser
        table = frontend.parser.parser.parse_table
        self.lower = Lower()
        reduce = {rule: reduction(rule, self.lower) for rule in lark.rules}
        self.actions: dict[int, dict[str, Any]] = {
            state: {kind: arg if action is Shift else reduce[arg]
                    for kind, (action, arg) in actions.items()}
            for state, actions in table.states.items()}
        self.start, self.end = table.start_states["start"], table.end_states["start"]
        self.contextual = frontend.lexer
        self.terminals = lark.terminals
        self.lexers: dict[int, _Lexer] = {}

    def lexer(self, state: int) -> _Lexer:
        """The state's lexer, built when first needed (its patterns compile then)."""
        from lark.lexer import UnlessCallback

        basic = self.contextual.lexers[state]
        scanner = basic.scanner  # builds `callback` too
        keywords = {}
        for kind, callback in basic.callback.items():
            assert isinstance(callback, UnlessCallback)  # a NAME that is a keyword here
            words = callback.scanner.terminals
            assert all(t.pattern.type == "str" and not t.pattern.flags for t in words)
            keywords[kind] = {t.pattern.value: t.name for t in words}
        # Blanks (most of what is read) are matched in front of the token that follows
        # them: each pattern once with the blanks before it (as lark's `WS` reads them,
        # atomic, so a token starts where lark's would), then as it is (blanks at the end).
        blanks = "|".join(t.pattern.to_regexp() for t in self.terminals
                          if t.name in basic.ignore_types and t.name != "COMMENT")
        together = [re.compile(f"(?>{blanks})?(?:{p.pattern})", p.flags)
                    for p in scanner._mres] if blanks else []
        self.lexers[state] = lexer = (tuple([*together, *scanner._mres]), keywords,
                                      basic.ignore_types)
        return lexer

    def run(self, text: str, source: SourceFile
            ) -> tuple[list[ast.Statement], list[Tok], bool]:
        actions, lexers = self.actions, self.lexers
        self.lower.reset(source)
        states: list[int] = [self.start]
        values: list[Any] = []
        comments: list[Tok] = []
        pos, line, line_start, size = 0, 1, 0, len(text)
        depth = deepest = 0
        while True:
            if pos < size:
                patterns, keywords, ignored = lexers.get(states[-1]) or self.lexer(states[-1])
                for pattern in patterns:
                    found = pattern.match(text, pos)
                    if found:
                        break
                else:
                    raise _Stop
                kind = found.lastgroup or ""
                pos = found.start(kind)  # after the blanks before it
                if kind in ignored:  # blanks (at the end of the text) and comments
                    if kind == "COMMENT":
                        comments.append((kind, found.group(kind), line, pos - line_start + 1))
                    pos = found.end()
                    continue
                value = found.group(kind)
                if kind in keywords:
                    kind = keywords[kind].get(value, kind)
                tok = (kind, value, line, pos - line_start + 1)
                if kind == "_NL":  # the only kind with line breaks in it
                    line += value.count("\n")
                    line_start = pos + value.rindex("\n") + 1
                elif kind == "LBRACE":
                    depth += 1
                    deepest = max(deepest, depth)
                elif kind == "RBRACE":
                    depth -= 1
                pos = found.end()
            else:
                kind = "$END"
            while True:
                action = actions[states[-1]].get(kind)
                if action is None:
                    raise _Stop
                if type(action) is int:
                    if kind == "$END":
                        raise _Stop
                    states.append(action)
                    values.append(tok)
                    break
                if type(action) is str:  # the value stays as it is, in the rule's state
                    del states[-1]
                    states.append(actions[states[-1]][action])
                    continue
                count, rule, keep, single, build = action
                if count:
                    kids = values[-count:]
                    del states[-count:]
                    del values[-count:]
                else:
                    kids = []
                if keep is not None:  # what lark's ChildFilter does, inline
                    kept: list[Any] = []
                    for i, splice in keep:
                        if not splice:
                            kept.append(kids[i])
                        elif kept:
                            kept += kids[i]
                        else:  # a list grown by left recursion is extended where it is
                            kept = kids[i]
                    kids = kept
                if single and len(kids) == 1:
                    values.append(kids[0])
                elif build is None:  # a `_rule`: its values, to be spliced into its parent's
                    values.append(kids)
                else:
                    values.append(build(kids))
                states.append(actions[states[-1]][rule])
                if kind == "$END" and states[-1] == self.end:
                    return values[-1], comments, deepest > MAX_BLOCK_DEPTH or \
                        self.lower.too_deep


class Reduce(NamedTuple):
    """How one rule reduces: as lark's tree builder does (`maybe_placeholders=False`), with
    lark's Tree of a `_rule` a plain list."""

    taken: int  # how many values the rule takes off the stack
    rule: str
    # the values it keeps, each spliced (a `_rule`'s list) or not; None: all, as they are
    keep: tuple[tuple[int, bool], ...] | None
    single: bool  # `?rule`: one value kept is handed up as it is
    build: Callable[[list[Any]], Any] | None  # None: a `_rule`, whose value is its list


def reduction(rule: Any, lower: Lower) -> Reduce | str:
    """What lark's ChildFilter, ExpandSingleChild and callback do for `rule`, worked out
    once: tokens the grammar filters out (anonymous strings, `_TERMINALS`) are dropped and
    the values of `_rules` spliced. A rule that passes its one value up as it is is given
    by its name alone (most reductions: the loop then only changes state)."""
    from functools import partial

    from lark import Tree

    options = rule.options
    keep = tuple((i, not sym.is_term and sym.name.startswith("_"))
                 for i, sym in enumerate(rule.expansion)
                 if options.keep_all_tokens or not (sym.is_term and sym.filter_out))
    single = bool(options.expand1) and not rule.alias
    name = rule.alias or options.template_source or rule.origin.name
    build = getattr(lower, name, None)
    if len(rule.expansion) == 1 and (
            (single and keep == ((0, False),))  # `?sum: product`
            or (build is None and name.startswith("_") and keep == ((0, True),))):  # `_sep`
        return str(rule.origin.name)
    if build is None and not name.startswith("_"):
        build = partial(Tree, name)  # every rule of ours has a callback, but lark does this
    every = tuple((i, False) for i in range(len(rule.expansion)))
    return Reduce(len(rule.expansion), str(rule.origin.name),
                  None if keep == every else keep, single, build)


_Lexer: TypeAlias = "tuple[tuple[re.Pattern[str], ...], dict[str, dict[str, str]], frozenset[str]]"


def _mask(line: str) -> str:
    braces = "".join(ch for ch in re.sub(r'"(?:[^"\\]|\\.)*"|#.*', "", line) if ch in "{}")
    if not braces:
        return ""
    return f"{ERROR_KEYWORD} {' '.join(braces)}"
