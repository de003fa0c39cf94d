"""Source files, spans and diagnostics: the vocabulary every stage uses to say where.

Every stage of the pipeline returns its value together with a list of `Diagnostic`
values; nothing here prints. A diagnostic renders as the stable text frame

    path:line:col: error[code]: message
      12 |     target 2028 = 60
         |     ^^^^^^
      = hint: ...

so editors can jump to it and tests can compare it exactly.
"""

from __future__ import annotations

import functools
import operator
import unicodedata
import weakref
from collections.abc import Callable, Iterable, Sequence
from enum import StrEnum
from typing import Any, NamedTuple, TypeVar

import attrs

from dxplan import i18n
from dxplan.processes import Sending, shared
from dxplan.record import Record

_Record = TypeVar("_Record", bound=type)


def pickled_whole(cls: _Record) -> _Record:
    """Pickle the records of attrs class `cls` as `cls(*values)`: their values gathered in
    C, and on reading one call of the class's __init__, where attrs' own pickling of a
    slotted class loops over the fields in Python both ways. Checked workspaces and syntax
    trees are cached (`cache.py`) by the thousand records: measured on the 5,000-indicator
    plan, the workspace wrote in 100 ms and read in 67 ms, and 66 and 46 ms this way.
    (A dict class pickles faster still, but reading its fields made evaluation 10% slower.)"""
    fields = attrs.fields(cls)
    assert all(f.init and f.converter is None for f in fields), cls
    keywords = tuple(f.name for f in fields if f.kw_only)
    # the positional values in their order, then the keyword-only ones
    names = [f.name for f in fields if not f.kw_only] + list(keywords)
    values: Callable[[Any], Any] = operator.attrgetter(*names)
    if len(names) == 1:
        one = values
        values = lambda record: (one(record),)  # noqa: E731
    if keywords:
        _KEYWORDS[cls] = keywords

        def reduce(self: Any) -> tuple[Any, tuple[Any, ...]]:
            if Sending.active and id(self) in Sending.shared:
                return shared, (id(self),)
            return _with_keywords, (cls, values(self))
    else:
        def reduce(self: Any) -> tuple[Any, tuple[Any, ...]]:
            if Sending.active and id(self) in Sending.shared:
                return shared, (id(self),)
            return cls, values(self)

    cls.__reduce__ = reduce  # type: ignore[assignment]
    return cls


_KEYWORDS: dict[type, tuple[str, ...]] = {}


def _with_keywords(cls: type, values: tuple[Any, ...]) -> Any:
    keywords = _KEYWORDS[cls]
    cut = len(values) - len(keywords)
    return cls(*values[:cut], **dict(zip(keywords, values[cut:], strict=True)))


@attrs.frozen(eq=False, repr=False)
class SourceFile(Record):
    """A named text. Identity is the path: two loads of one file are one source."""

    path: str
    text: str = attrs.field(repr=False)

    @functools.cached_property
    def lines(self) -> list[str]:
        # cached: every diagnostic on a file asks for a line, and a data file is long
        return self.split_lines(self.text)

    @staticmethod
    def split_lines(text: str) -> list[str]:
        """Lines as lark counts them in a spec: each ends at a "\n" only (a CR just before
        it is part of the line ending). A form feed, NEL or U+2028 in a comment or a text
        stays inside its line, as the author wrote it."""
        lines = text.split("\n")
        if not lines[-1]:
            lines.pop()  # the final newline ends the last line; it starts no new one
        return [line[:-1] if line.endswith("\r") else line for line in lines]

    def line(self, number: int) -> str:
        lines = self.lines
        return lines[number - 1] if 1 <= number <= len(lines) else ""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SourceFile) and other.path == self.path

    def __hash__(self) -> int:
        return hash(self.path)

    def __attrs_post_init__(self) -> None:
        _OPEN[id(self)] = self

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        if Sending.active and id(self) in Sending.shared:  # the parent holds it (megabytes)
            return shared, (id(self),)
        return SourceFile, (self.path, self.text)


# every source file this process holds, by identity: a child refers to them (processes.py)
_OPEN: weakref.WeakValueDictionary[int, SourceFile] = weakref.WeakValueDictionary()


def open_sources() -> dict[int, SourceFile]:
    return dict(_OPEN)


class Span(NamedTuple):
    """A region of a source: 1-based line and column, end column exclusive.

    A NamedTuple rather than an attrs class: data files make one per cell, and a frozen
    attrs instance costs ten times as much to build (measured on 100k rows).
    """

    source: SourceFile
    line: int
    column: int
    end_line: int
    end_column: int

    @property
    def path(self) -> str:
        return self.source.path

    def location(self) -> str:
        return f"{self.source.path}:{self.line}:{self.column}"

    def to(self, other: Span) -> Span:
        return Span(self.source, self.line, self.column, other.end_line, other.end_column)

    @classmethod
    def point(cls, source: SourceFile, line: int, column: int, width: int = 1) -> Span:
        return cls(source, line, column, line, column + max(width, 1))

    def __reduce__(self) -> tuple[Any, ...]:
        # made again by tuple's own constructor, in C: a named tuple's `__new__` is Python,
        # and a cached workspace holds a span for every baseline and target (20,000 on the
        # 5,000-indicator plan: 10 ms of every warm run, 5 ms this way)
        return tuple.__new__, (Span, tuple(self))


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@attrs.frozen(repr=False)
class Diagnostic(Record):
    severity: Severity
    code: str
    message: str
    span: Span | None = None
    hint: str | None = None

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def header(self) -> str:
        where = self.span.location() + ": " if self.span else ""
        return f"{where}{self.severity.value}[{self.code}]: {self.message}"

    def sort_key(self) -> tuple[str, int, int, str]:
        if self.span is None:
            return ("", 0, 0, self.code)
        return (self.span.path, self.span.line, self.span.column, self.code)


def error(code: str, message: str, span: Span | None = None, hint: str | None = None) -> Diagnostic:
    return Diagnostic(Severity.ERROR, code, message, span, hint)


def warning(
    code: str, message: str, span: Span | None = None, hint: str | None = None
) -> Diagnostic:
    return Diagnostic(Severity.WARNING, code, message, span, hint)


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.is_error for d in diagnostics)


def display_width(text: str) -> int:
    """Terminal cells taken by `text`: East Asian wide and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


# Shown as a space in a frame, one for one so the caret keeps its column: a tab, and the
# characters a terminal would take for a line break (a CR would send the caret line back
# to the start of the source line).
_SHOWN_AS_BLANK = dict.fromkeys(map(ord, "\t\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\u2028\u2029"), " ")


def snippet(span: Span) -> list[str]:
    """The source line under a span and a caret line aligned to it in terminal cells."""
    text = span.source.line(span.line).translate(_SHOWN_AS_BLANK)
    if not text and span.line > len(span.source.lines):
        text = ""
    gutter = str(span.line)
    pad = " " * len(gutter)
    start = min(max(span.column - 1, 0), len(text))
    if span.end_line == span.line:
        stop = min(max(span.end_column - 1, start + 1), max(len(text), start + 1))
    else:
        stop = max(len(text), start + 1)
    lead = display_width(text[:start])
    marks = max(display_width(text[start:stop]), 1)
    return [f"{gutter} | {text}", f"{pad} | {' ' * lead}{'^' * marks}"]


def localized(diagnostic: Diagnostic) -> Diagnostic:
    """The diagnostic with its message and hint in the run's language (dxplan/i18n): the
    code, the location and the caret stay as they are. Itself in English."""
    if i18n.current() == i18n.ENGLISH:
        return diagnostic
    hint = diagnostic.hint and i18n.diagnostic_text(diagnostic.code, diagnostic.hint)
    return attrs.evolve(diagnostic, message=i18n.diagnostic_text(diagnostic.code,
                                                                 diagnostic.message), hint=hint)


def format_diagnostic(diagnostic: Diagnostic) -> str:
    """The stable plain-text frame: header, snippet with caret, hint; in the run's
    language."""
    diagnostic = localized(diagnostic)
    out = [diagnostic.header()]
    if diagnostic.span is not None:
        out.extend("  " + row for row in snippet(diagnostic.span))
    if diagnostic.hint:
        out.append(f"  = {i18n.text('hint')}: {diagnostic.hint}")
    return "\n".join(out)


def sorted_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return sorted(diagnostics, key=Diagnostic.sort_key)


def closest(word: str, candidates: Sequence[str] | Iterable[str]) -> str | None:
    """The candidate closest to `word`, if any is close enough to be what was meant."""
    pool = sorted(set(candidates))
    import difflib  # only a run with a misspelt word pays for it

    matches = difflib.get_close_matches(word, pool, n=1, cutoff=0.6)
    if not matches:
        lowered = {c.lower(): c for c in pool}
        matches = [lowered[m] for m in difflib.get_close_matches(word.lower(), lowered, n=1)]
    return matches[0] if matches else None


def did_you_mean(word: str, candidates: Sequence[str] | Iterable[str]) -> str | None:
    """A 'did you mean' hint for the closest candidate, if any is close enough."""
    match = closest(word, candidates)
    return f"did you mean '{match}'?" if match is not None else None
