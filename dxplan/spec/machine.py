"""The one pass: lark's LALR tables and its contextual lexer's patterns, driven by a loop
of our own that builds the `ast` records as it reduces (lower.py) and collects the
comments as it reads.

Lark's own loop makes a Token object per token and a Tree per rule, which the records
were then built from: this loop makes neither (2.5x faster on the 5,000-indicator plan).
What lark's tree builder does to each rule's values (drop filtered tokens, splice the
lists of `_rules`) is worked out once per rule (`reduction`) and done inline, so a
reduction is no call through lark's ChildFilter and no Tree for a `_rule`.

The tables are lark's, written out once (`tables.json`, by `python -m
dxplan.spec.machine`; a test checks they are the grammar's), as lark's standalone parser
would hold them: a spec that parses needs no lark at all, about 45 ms of every run that
parses a spec (importing lark, loading its tables, building these). Lark is imported
for a text that does not parse, whose exception says what is wrong (parse.py), and when
the grammar was edited and the tables not yet written again.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeAlias

from dxplan.limits import MAX_BLOCK_DEPTH
from dxplan.source import SourceFile
from dxplan.spec import ast
from dxplan.spec.lower import Lower

if TYPE_CHECKING:
    from lark import Lark

    from dxplan.spec.lower import Tok


class Stop(Exception):
    """The text does not parse here."""


# A state's lexer: its patterns (the blanks before a token matched with it), the keywords
# a NAME of each kind may be, and the kinds it skips (blanks, comments). Stored as each
# pattern's source and flags, compiled when the loop first reaches the state.
_Lexer: TypeAlias = "tuple[tuple[re.Pattern[str], ...], dict[str, dict[str, str]], frozenset[str]]"
_LexerSource: TypeAlias = \
    "tuple[tuple[tuple[str, int], ...], dict[str, dict[str, str]], frozenset[str]]"


class Tables(NamedTuple):
    """What the loop needs of lark, as plain data that pickles: each state's actions by
    terminal or rule name (an int: shift to that state; a str: reduce by a rule that hands
    its one value up as it is, `?sum: product`; a `Reduce`: any other rule, its callback
    a bound method of `lower`), the start and end states, and each state's lexer."""

    lower: Lower
    actions: dict[int, dict[str, Any]]
    start: int
    end: int
    lexers: dict[int, _LexerSource]


GRAMMAR = Path(__file__).with_name("grammar.lark")


@functools.cache
def parser(strict: bool = False) -> Lark:
    """Lark's parser of the grammar, building lark's own tree: the one pass's tables are
    worked out from it (when not cached), and it parses a text that has an error, to say
    what the error is (parse.py)."""
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


TABLES = Path(__file__).with_name("tables.json")


@functools.cache
def machine() -> Machine:
    """The loop over the tables shipped with dxplan (`tables.json`), or, when the grammar
    has changed since they were written, over lark's parser's."""
    shipped = read_tables()
    if shipped is not None:
        return Machine(shipped)
    lark = parser()
    return Machine(tables_of(lark), lark)  # each state's lexer worked out when reached


def read_tables() -> Tables | None:
    """The shipped tables, if they are the grammar's (None when it was edited since)."""
    import json

    try:
        document = json.loads(TABLES.read_bytes())
        grammar = GRAMMAR.read_text(encoding="utf-8")
    except (OSError, ValueError):
        return None
    if document.get("grammar") != grammar:  # the grammar they were worked out from, whole
        return None
    lower = Lower()

    def action(written: Any) -> Any:
        if type(written) is not list:  # a shift (int) or a value handed up (str)
            return written
        taken, rule, keep, single, build = written
        return Reduce(taken, rule, None if keep is None else tuple(map(tuple, keep)), single,
                      None if build is None else _callback(lower, *build))

    return Tables(
        lower, {int(state): {kind: action(a) for kind, a in actions.items()}
                for state, actions in document["actions"].items()},
        document["start"], document["end"],
        {int(state): (tuple(map(tuple, patterns)), keywords, frozenset(ignored))
         for state, (patterns, keywords, ignored) in document["lexers"].items()})


def tables_text(lark: Lark) -> str:
    """Every state's actions and lexer as `tables.json` holds them (`python -m
    dxplan.spec.machine` writes it; a test checks it is the grammar's)."""
    import json

    tables = tables_of(lark)

    def action(a: Any) -> Any:
        if not isinstance(a, Reduce):
            return a
        build = a.build
        named = None if build is None else ["tree", build.args[0]] \
            if isinstance(build, functools.partial) else ["lower", build.__name__]
        return [a.taken, a.rule, None if a.keep is None else [list(k) for k in a.keep],
                a.single, named]

    document: dict[str, Any] = {
        "grammar": GRAMMAR.read_text(encoding="utf-8"),
        "start": tables.start, "end": tables.end,
        "actions": {str(state): {kind: action(a) for kind, a in sorted(actions.items())}
                    for state, actions in sorted(tables.actions.items())},
        "lexers": {str(state): [[list(p) for p in patterns], keywords, sorted(ignored)]
                   for state, basic in sorted(_frontend(lark).lexer.lexers.items())
                   for patterns, keywords, ignored in [_lexer_source(basic, lark.terminals)]},
    }
    # a state a line: a grammar edit shows in a diff as the states it changed
    lines = [f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}"
             for key, value in document.items() if not isinstance(value, dict)]
    for key in ("actions", "lexers"):
        inner = ",\n".join(f"  {json.dumps(state)}: {json.dumps(value, ensure_ascii=False)}"
                           for state, value in document[key].items())
        lines.append(f"{json.dumps(key)}: {{\n{inner}\n}}")
    return "{\n" + ",\n".join(lines) + "\n}\n"


def _callback(lower: Lower, kind: str, name: str) -> Callable[[list[Any]], Any]:
    return getattr(lower, name) if kind == "lower" else functools.partial(_lark_tree, name)


def tables_of(lark: Lark) -> Tables:
    from lark.parsers.lalr_analysis import Shift

    table = _frontend(lark).parser.parser.parse_table
    lower = Lower()
    reduce = {rule: reduction(rule, lower) for rule in lark.rules}
    actions: dict[int, dict[str, Any]] = {
        state: {kind: arg if action is Shift else reduce[arg]
                for kind, (action, arg) in actions.items()}
        for state, actions in table.states.items()}
    return Tables(lower, actions, table.start_states["start"], table.end_states["start"], {})


def _frontend(lark: Lark) -> Any:
    return lark.parser


def _lexer_source(basic: Any, terminals: Any) -> _LexerSource:
    from lark.lexer import UnlessCallback

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
    blanks = "|".join(t.pattern.to_regexp() for t in terminals
                      if t.name in basic.ignore_types and t.name != "COMMENT")
    together = [(f"(?>{blanks})?(?:{p.pattern})", p.flags)
                for p in scanner._mres] if blanks else []
    plain = [(p.pattern, p.flags) for p in scanner._mres]
    return tuple([*together, *plain]), keywords, frozenset(basic.ignore_types)


class Machine:
    """The loop over one grammar's tables (`Tables`), each state's lexer compiled when the
    loop first reaches the state (and worked out then from lark's, when the tables were
    not cached)."""

    def __init__(self, tables: Tables, lark: Lark | None = None) -> None:
        self.lower, self.actions = tables.lower, tables.actions
        self.start, self.end = tables.start, tables.end
        self.sources = tables.lexers
        self.lark = lark  # when the tables came from it: the lexers still to work out
        self.lexers: dict[int, _Lexer] = {}

    def lexer(self, state: int) -> _Lexer:
        source = self.sources.get(state)
        if source is None:
            assert self.lark is not None, f"no lexer for state {state}"
            source = _lexer_source(_frontend(self.lark).lexer.lexers[state],
                                   self.lark.terminals)
        patterns, keywords, ignored = source
        self.lexers[state] = lexer = (tuple(re.compile(p, flags) for p, flags in patterns),
                                      keywords, ignored)
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
                    raise Stop
                kind = found.lastgroup or ""
                pos, end = found.span(kind)  # the token, after the blanks before it
                if kind in ignored:  # blanks (at the end of the text) and comments
                    if kind == "COMMENT":
                        comments.append((kind, text[pos:end], line, pos - line_start + 1))
                    pos = end
                    continue
                value = text[pos:end]
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
                pos = end
            else:
                kind = "$END"
            while True:
                action = actions[states[-1]].get(kind)
                if action is None:
                    raise Stop
                if type(action) is int:
                    if kind == "$END":
                        raise Stop
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
        # lark makes a Tree of a rule with no callback (a `?rule` of several values)
        build = partial(_lark_tree, name)
    every = tuple((i, False) for i in range(len(rule.expansion)))
    return Reduce(len(rule.expansion), str(rule.origin.name),
                  None if keep == every else keep, single, build)


def _lark_tree(name: str, kids: list[Any]) -> Any:
    from lark import Tree  # here, not where the tables are read: they are read without lark

    return Tree(name, kids)


if __name__ == "__main__":  # python -m dxplan.spec.machine: write tables.json anew
    TABLES.write_text(tables_text(parser(strict=False)), encoding="utf-8")
    print(f"wrote {TABLES}")
