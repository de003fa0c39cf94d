"""The canonical layout of a spec, printed from its syntax tree with every comment kept.

The layout, in full (docs/review.md shows it to authors):

- 4 spaces of indentation; one statement per line; LF line endings; a final newline.
- A block whose body is simple statements (none with a block of its own) stays on one
  line, `project 1 "..." { kpi a; reference }`, when its author wrote it on one line and
  it fits in 100 terminal columns (wide characters count two); otherwise one statement
  per line. An empty block is `{}`.
- Exactly one blank line after each top-level statement; elsewhere the author's blank
  lines between statements are kept, at most one in a row, none after `{` or before `}`.
- Texts in double quotes (`ast.quote`); numbers by value (`1_000` -> `1000`, `12.50` ->
  `12.5`, `%` kept); years written `R6` or `令和6` as `2024` wherever the schema expects a
  year; formulas by `ast.render_expr` (single spaces, minimal parentheses).
- An own-line comment stays before what it preceded, at that statement's indentation (a
  comment before a closing `}` is indented like the statements above it). An
  end-of-line comment stays at the end of its line after two spaces: aligned columns are
  not kept, because realigning them would make one edit rewrite its neighbours' lines in
  every review diff. A comment inside a one-line block puts that block on several lines.

Before anything is written the output is parsed again and compared with the input: the
same statements (spans ignored, years normalised) and the same comments in the same
order, or the formatter refuses (`fmt-internal`), as bean-format and gersemi do.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from dxplan.japanese import narrow, parse_year
from dxplan.source import Diagnostic, SourceFile, display_width, error
from dxplan.spec import ast
from dxplan.spec.ast import number_text
from dxplan.spec.parse import parse_text
from dxplan.spec.schema import SCHEMA

INDENT = "    "
MAX_WIDTH = 100


# --- spelling -------------------------------------------------------------------------


def _number(node: ast.Number) -> str:
    """A number by value (`12.50` -> `12.5`, full-width digits half-width), keeping the
    author's digit grouping: `105,000` and `1_000` stay grouped by thousands."""
    text = number_text(node.value, node.percent, node.text)
    written = narrow(node.text)
    separator = "," if "," in written else "_" if "_" in written else None
    if separator is None:
        return text
    sign = "-" if text.startswith("-") else ""
    whole, dot, rest = text.lstrip("-").removesuffix("%").partition(".")
    if not whole.isdigit():  # an overlong literal, kept as written
        return text
    # grouped from the text, not through int(): a literal of thousands of digits is a
    # number Python refuses to convert to a string
    whole = whole.lstrip("0") or "0"
    head = len(whole) % 3 or 3
    grouped = separator.join([whole[:head], *(whole[i : i + 3]
                                              for i in range(head, len(whole), 3))])
    return f"{sign}{grouped}{dot}{rest}{'%' if node.percent else ''}"


def _leaf(node: ast.Expr) -> str | None:
    return _number(node) if isinstance(node, ast.Number) else None


def render_formula(expr: ast.Expr) -> str:
    """A formula in canonical spelling (numbers included)."""
    return ast.render_expr(expr, leaf=_leaf)


def render_arg(arg: ast.Arg) -> str:
    if isinstance(arg, ast.Number):
        return _number(arg)
    if isinstance(arg, ast.Text):
        return ast.quote(arg.value)
    if isinstance(arg, ast.Range):
        return f"{render_arg(arg.low)}..{render_arg(arg.high)}"
    return arg.value


def header(stmt: ast.Statement) -> str:
    """A statement without its block: keyword, arguments, `= formula` or `when condition`."""
    parts = [stmt.keyword, *(render_arg(a) for a in stmt.args)]
    if stmt.op is not None and stmt.expr is not None:
        parts += [stmt.op, render_formula(stmt.expr)]
    return " ".join(parts)


# --- years: the one change of tree fmt makes -----------------------------------------


def canonical_statements(stmts: Sequence[ast.Statement], context: str | None = "top"
                         ) -> tuple[ast.Statement, ...]:
    """The statements with era years (`R6`, `令和6`) turned into numbers where the schema
    expects a year, spans kept: what the formatted text must parse back to."""
    out = []
    for stmt in stmts:
        spec = SCHEMA.get(context, {}).get(stmt.keyword) if context else None
        args = stmt.args
        if spec is not None:
            args = tuple(_year_arg(a, spec.args[i]) if i < len(spec.args) else a
                         for i, a in enumerate(stmt.args))
        body = stmt.body
        if body is not None:
            body = canonical_statements(body, spec.block if spec else None)
        if args != stmt.args or body is not stmt.body:
            stmt = attrs.evolve(stmt, args=args, body=body)
        out.append(stmt)
    return tuple(out)


def _year_arg(arg: ast.Arg, kind: str) -> ast.Arg:
    if kind in ("year", "years", "target_year") and isinstance(arg, ast.Name):
        return _year(arg)
    if kind in ("range", "years") and isinstance(arg, ast.Range):
        low = _year(arg.low) if isinstance(arg.low, ast.Name) else arg.low
        high = _year(arg.high) if isinstance(arg.high, ast.Name) else arg.high
        return attrs.evolve(arg, low=low, high=high)
    return arg


def _year(name: ast.Name) -> ast.Number | ast.Name:
    year = parse_year(name.value)
    return name if year is None else ast.Number(float(year), str(year), name.span)


# --- layout ---------------------------------------------------------------------------


class _Layout:
    """Prints statements, placing each comment by the position it had in the source."""

    def __init__(self, statements: tuple[ast.Statement, ...],
                 comments: Sequence[ast.Comment]) -> None:
        self.lines: list[str] = []
        # keyed by id(): equal statements at two places are still two places
        self.before: dict[int, list[ast.Comment]] = {}
        self.before_close: dict[int, list[ast.Comment]] = {}
        self.after_open: dict[int, ast.Comment] = {}
        self.after_end: dict[int, ast.Comment] = {}
        self.tail: list[ast.Comment] = []
        self._place(statements, comments)

    # where each comment goes

    def _place(self, statements: tuple[ast.Statement, ...],
               comments: Sequence[ast.Comment]) -> None:
        events: dict[int, list[tuple[int, bool, ast.Statement]]] = {}
        for stmt in ast.walk(statements):
            if stmt.body is not None:  # the `{` is on the statement's first line
                events.setdefault(stmt.span.line, []).append((stmt.span.column, True, stmt))
            events.setdefault(stmt.span.end_line, []).append((stmt.span.end_column, False, stmt))
        for comment in comments:
            earlier = [e for e in events.get(comment.line, []) if e[0] <= comment.column]
            if comment.own_line or not earlier:
                self._place_own_line(statements, comment, None)
                continue
            _col, is_open, stmt = max(earlier, key=lambda e: e[0])
            (self.after_open if is_open else self.after_end)[id(stmt)] = comment

    def _place_own_line(self, statements: tuple[ast.Statement, ...], comment: ast.Comment,
                        parent: ast.Statement | None) -> None:
        for stmt in statements:
            if stmt.body is not None and stmt.span.line < comment.line < stmt.span.end_line:
                self._place_own_line(stmt.body, comment, stmt)
                return
            if stmt.span.line > comment.line:
                self.before.setdefault(id(stmt), []).append(comment)
                return
        if parent is None:
            self.tail.append(comment)
        else:
            self.before_close.setdefault(id(parent), []).append(comment)

    # printing

    def emit(self, depth: int, code: str, comment: ast.Comment | None = None) -> None:
        text = INDENT * depth + code
        if comment is not None:
            text = f"{text}  {_comment_text(comment)}" if code else \
                INDENT * depth + _comment_text(comment)
        self.lines.append(text)

    def body(self, statements: tuple[ast.Statement, ...], depth: int,
             closing: Sequence[ast.Comment] = ()) -> None:
        items: list[ast.Statement | ast.Comment] = []
        for stmt in statements:
            items += self.before.get(id(stmt), [])
            items.append(stmt)
        items += closing
        previous: ast.Statement | ast.Comment | None = None
        for item in items:
            if previous is not None and self._blank_between(previous, item, depth == 0):
                self.lines.append("")
            if isinstance(item, ast.Comment):
                self.emit(depth, "", item)
            else:
                self.statement(item, depth)
            previous = item

    @staticmethod
    def _blank_between(previous: ast.Statement | ast.Comment,
                       item: ast.Statement | ast.Comment, top: bool) -> bool:
        if top and isinstance(previous, ast.Statement):
            return True
        last = previous.line if isinstance(previous, ast.Comment) else previous.span.end_line
        first = item.line if isinstance(item, ast.Comment) else item.span.line
        return first - last > 1

    def statement(self, stmt: ast.Statement, depth: int) -> None:
        head = header(stmt)
        if stmt.body is None:
            self.emit(depth, head, self.after_end.get(id(stmt)))
            return
        one_line = self._one_line(stmt, depth)
        if one_line is not None:
            self.emit(depth, one_line, self.after_end.get(id(stmt)))
            return
        self.emit(depth, head + " {", self.after_open.get(id(stmt)))
        self.body(stmt.body, depth + 1, self.before_close.get(id(stmt), ()))
        self.emit(depth, "}", self.after_end.get(id(stmt)))

    def _one_line(self, stmt: ast.Statement, depth: int) -> str | None:
        body = stmt.body or ()
        # a comment runs to the end of its line, so only a block written on several lines
        # holds one: after its `{` or, in an empty block, before its `}`
        if id(stmt) in self.after_open or id(stmt) in self.before_close:
            return None
        if any(s.body is not None for s in body):
            return None
        if not body:
            return header(stmt) + " {}"
        if stmt.span.line != stmt.span.end_line:
            return None
        text = f"{header(stmt)} {{ {'; '.join(header(s) for s in body)} }}"
        return text if display_width(INDENT * depth + text) <= MAX_WIDTH else None


def _comment_text(comment: ast.Comment) -> str:
    # trailing blanks are layout; every other character, a form feed too, is the comment's
    return comment.text.rstrip(" \t\r\u3000")


def format_module(module: ast.Module) -> str:
    """The canonical text of a parsed spec (not checked against the tree: see `format_source`)."""
    statements = canonical_statements(module.statements)
    layout = _Layout(statements, module.comments)
    layout.body(statements, 0, layout.tail)
    return "\n".join(layout.lines) + "\n" if layout.lines else ""


# --- the safety net -------------------------------------------------------------------


def format_source(source: SourceFile) -> tuple[str | None, list[Diagnostic]]:
    """The canonical text of `source`, or None with diagnostics: its syntax errors, or
    `fmt-internal` when the formatted text would not say the same thing."""
    module, diagnostics = parse_text(source)
    if module is None:
        return None, diagnostics
    text = format_module(module)
    problem = verify(module, text)
    return (None, [problem]) if problem is not None else (text, [])


def verify(module: ast.Module, text: str) -> Diagnostic | None:
    """None when `text` parses to the module's statements and keeps its comments in order."""
    again, _ = parse_text(SourceFile(module.path, text))
    what = None
    if again is None:
        what = "is not valid .dxp"
    elif again.statements != canonical_statements(module.statements):
        what = "does not say the same thing as the input"
    elif [c.text for c in again.comments] != [_comment_text(c) for c in module.comments]:
        what = "loses or reorders comments"
    if what is None:
        return None
    return error("fmt-internal", f"{module.path}: internal error: the formatted text {what}; "
                 "nothing was written", hint="this is a bug in dxplan fmt: please report it "
                 "with the file attached")
