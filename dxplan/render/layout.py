"""The terminal's own layout: lines of styled pieces, wrapped where a reader expects and set
in columns by display width, written plain or with ANSI styles through rich's `Style`.

Why not rich's `Table`: on the 5,000-indicator plan it spent about 3 s measuring rows whose
widths are known here in advance, and at 80 columns it folded ids and numbers mid-word
(`(school_admin_syst` / `em)`), which a user must copy into `dxplan explain`. Here the cost
is linear in the rows, and what may not be broken never is:

- a `Unit` is a run that stays on one line (an id, a figure with its year, a bracketed
  mark), with the gap before it: " " between words, "" between Japanese characters, which
  may wrap anywhere except before closing or after opening punctuation;
- a line break drops the gap; a unit wider than the whole line (rare: a very long id) is
  split at its spaces, then anywhere, rather than overflowing the terminal;
- prose (`words`) is one unit until a line cannot hold it, then broken into its words, and
  a table row whose cells all fit is set from spans measured once: the usual case costs no
  more than joining its pieces (tests/test_layout_fast.py holds each shortcut to the
  general path).

Widths are terminal cells (`display_width`): a Japanese character takes two.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from dxplan.source import display_width

# (text, style): style is a rich style name ("bold", "dim green"), "" for none
Piece = tuple[str, str]
Line = list[Piece]


class Unit(NamedTuple):
    width: int
    gap: str  # what goes before it on the same line
    pieces: tuple[Piece, ...]
    # the prose it was made of, when it may still be broken into its words (`words`)
    text: str = ""


@functools.lru_cache(maxsize=1 << 16)
def width_of(text: str) -> int:
    """Terminal cells of `text`; each text is measured once (a cell is measured again
    each time its line is padded)."""
    return len(text) if text.isascii() else display_width(text)


def atom(text: str, style: str = "", gap: str = " ") -> Unit:
    """`text` kept on one line."""
    return Unit(width_of(text), gap, ((text, style),))


def join(units: Sequence[Unit], gap: str = " ") -> Unit:
    """Several units kept on one line together (a label with its figure)."""
    pieces: list[Piece] = []
    for index, unit in enumerate(units):
        if index and unit.gap:
            pieces.append((unit.gap, ""))
        pieces.extend(unit.pieces)
    return Unit(sum(u.width for u in units) + sum(len(u.gap) for u in units[1:]), gap,
                tuple(pieces))


# A word of Latin letters and digits, one other character, or a run of blanks. Kinsoku
# (the rules of Japanese typesetting): no line starts with closing punctuation or a small
# kana, none ends with opening punctuation.
_TOKEN = re.compile(r"(\s+)|([!-~\u00a0-\u024f\u2010-\u2027]+)|(.)")
_YEAR_LABEL = re.compile(r"[\d→–-]+:")  # '2024:' keeps the figure after it
_CLOSING = set(")]}）」』】〕〉》、。，．・：；！？ー々％"
               "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ")
_OPENING = set("([{（「『【〔〈《")


@functools.lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple[tuple[str, str], ...]:
    """(gap, word) pairs for `words`: Latin words whole, Japanese character by character."""
    out: list[list[str]] = []
    gap, opening = "", False
    for blank, latin, other in _TOKEN.findall(text):
        if blank:
            gap, opening = " ", False
            continue
        word = latin or other
        if out and not gap and (opening or word[0] in _CLOSING):
            out[-1][1] += word  # glued to the word before
        elif out and gap and _YEAR_LABEL.fullmatch(out[-1][1]):
            out[-1][1] += gap + word
        else:
            out.append([gap, word])
        opening = word[-1] in _OPENING
        gap = ""
    return tuple((g, w) for g, w in out)


_BLANKS = re.compile(r"\s+")


def words(text: str, style: str = "", gap: str = " ") -> list[Unit]:
    """Prose or a name as units: it may wrap between words and between Japanese characters.
    The first unit takes `gap`.

    Nearly every name fits where it goes, so it is one unit, its blanks made single spaces
    (as its words are set on one line), and is broken into its words only by a `wrap` that
    needs to: the tokens of 5,000 names cost more than the rest of their rows."""
    if text.isascii() and " " not in text:
        return [Unit(len(text), gap, ((text, style),))]
    # blanks other than single spaces made single spaces
    whole = (text if text.isprintable() and "  " not in text else _BLANKS.sub(" ", text)
             ).strip(" ")
    return [Unit(width_of(whole), gap, ((whole, style),), text)] if whole else []


def _broken(unit: Unit) -> list[Unit]:
    """A unit of `words` as its words, the first with the unit's gap."""
    style = unit.pieces[0][1]
    units = [Unit(width_of(w), g, ((w, style),)) for g, w in _tokens(unit.text)]
    units[0] = units[0]._replace(gap=unit.gap)
    return units


def word_by_word(units: Iterable[Unit]) -> list[Unit]:
    """`units` with every unit of prose broken into its words."""
    return [w for u in units for w in (_broken(u) if u.text else (u,))]


def least(lines: Iterable[Sequence[Unit]]) -> int:
    """The width of the widest unit (of the widest word, in prose): the least a column can
    be without breaking one."""
    widest = 0
    for line in lines:
        for unit in line:
            widest = max(widest, max(w.width for w in _broken(unit)) if unit.text else unit.width)
    return widest


def span(units: Sequence[Unit]) -> int:
    """The width of `units` set on one line: the first one's gap is never written."""
    if len(units) == 1:  # most lines of a table's cells
        return units[0].width
    return sum(u.width for u in units) + sum(len(u.gap) for u in units[1:])


def wrap(units: Sequence[Unit], width: int, indent: str = "", hang: str = "") -> list[Line]:
    """Fill lines of at most `width` cells: the first starts with `indent`, the others with
    `hang`. Gaps at a break are dropped."""
    if width_of(indent) + span(units) <= width:  # the usual case: all on the first line
        return [_one_line(units, [(indent, "")] if indent else [])]
    return fill(units, width, indent, hang)


def fill(units: Sequence[Unit], width: int, indent: str = "", hang: str = "") -> list[Line]:
    """`wrap` unit by unit: what it gives in every case, and does where something wraps."""
    lines: list[Line] = []
    line: Line = [(indent, "")] if indent else []
    used = width_of(indent)
    room = width
    fresh = True
    pending = list(reversed(units))
    while pending:
        unit = pending.pop()
        need = unit.width + (0 if fresh else len(unit.gap))
        if unit.text and used + need > room:  # prose that does not fit: word by word
            pending += reversed(_broken(unit))
            continue
        if used + need > room and not fresh:
            lines.append(line)
            line = [(hang, "")] if hang else []
            used, fresh = width_of(hang), True
            need = unit.width
        if used + need > room and fresh:  # wider than a whole line: split it
            for part in _split(unit, room - used):
                if not fresh:
                    lines.append(line)
                    line = [(hang, "")] if hang else []
                    used = width_of(hang)
                line.extend(part.pieces)
                used += part.width
                fresh = False
            continue
        if not fresh and unit.gap:
            line.append((unit.gap, ""))
        line.extend(unit.pieces)
        used += need
        fresh = False
    lines.append(line)
    return lines


def _one_line(units: Sequence[Unit], line: Line) -> Line:
    """`units` added to `line` with the gaps between them, as `wrap` sets a line."""
    for index, unit in enumerate(units):
        if index and unit.gap:
            line.append((unit.gap, ""))
        line.extend(unit.pieces)
    return line


def _split(unit: Unit, room: int) -> list[Unit]:
    """A unit wider than a line, cut into parts that fit: at spaces, else anywhere."""
    room = max(room, 2)
    parts: list[Unit] = []
    text_pieces: list[Piece] = []
    used = 0
    for text, style in unit.pieces:
        for ch in text:
            w = width_of(ch)
            if used + w > room and text_pieces:
                parts.append(_unit(text_pieces))
                text_pieces, used = [], 0
                if ch == " ":
                    continue
            if text_pieces and text_pieces[-1][1] == style:
                text_pieces[-1] = (text_pieces[-1][0] + ch, style)
            else:
                text_pieces.append((ch, style))
            used += w
    if text_pieces:
        parts.append(_unit(text_pieces))
    return parts


def _unit(pieces: list[Piece]) -> Unit:
    return Unit(sum(width_of(t) for t, _ in pieces), "", tuple(pieces))


def line_width(line: Line) -> int:
    return sum(width_of(text) for text, _ in line)


def columns(cells: Sequence[Sequence[Line]], widths: Sequence[int], gap: str = "  ",
            right: Sequence[bool] = (), bottom: bool = False) -> list[Line]:
    """Cells side by side, each padded to its column's width (right-aligned where `right`
    says so); a shorter cell is blank below (above, when `bottom`)."""
    height = max((len(c) for c in cells), default=0)
    out: list[Line] = []
    for row in range(height):
        line: Line = []
        for index, (cell, width) in enumerate(zip(cells, widths, strict=True)):
            skip = height - len(cell) if bottom else 0
            part = cell[row - skip] if 0 <= row - skip < len(cell) else []
            pad = " " * max(width - line_width(part), 0)
            if index:
                line.append((gap, ""))
            if index < len(right) and right[index]:
                line.append((pad, ""))
                line.extend(part)
            else:
                line.extend(part)
                line.append((pad, ""))
        out.append(line)
    return out


class Cell(NamedTuple):
    """A table cell: lines of units, each measured and set once as if on one line."""

    lines: Sequence[Sequence[Unit]]
    spans: tuple[int, ...]  # each line's width on one line
    whole: int  # the widest line's: the column's width with nothing wrapped
    pieces: tuple[tuple[Piece, ...], ...]  # each line's pieces on one line


def cell(lines: Sequence[Sequence[Unit]]) -> Cell:
    spans = tuple([line[0].width if len(line) == 1 else span(line) for line in lines])
    return Cell(lines, spans, max(spans, default=0),
                tuple([line[0].pieces if len(line) == 1 else tuple(_one_line(line, []))
                       for line in lines]))


def set_cells(cells: Sequence[Cell], widths: Sequence[int], gap: str = "  ",
              indent: str = "") -> list[Line]:
    """Cells side by side, each line wrapped to its column's width, each line after
    `indent`: what `columns` makes of the wrapped lines. A row whose lines all fit (nearly
    every row) is set from the pieces and spans of its cells, not wrapped or measured."""
    if any(c.whole > w for c, w in zip(cells, widths, strict=True)):
        lines = columns([[wrapped for line in c.lines for wrapped in fill(line, w)]
                         for c, w in zip(cells, widths, strict=True)], widths, gap)
        return indented(lines, indent) if indent else lines
    between = (gap, "")
    blanks = [(" " * w, "") for w in widths]
    out: list[Line] = []
    for row in range(max([len(c.spans) for c in cells], default=0)):
        line: Line = [(indent, "")] if indent else []
        for index, c in enumerate(cells):
            if index:
                line.append(between)
            if row < len(c.spans):
                line += c.pieces[row]
                line.append((" " * (widths[index] - c.spans[row]), ""))
            else:
                line.append(blanks[index])
        out.append(line)
    return out


def styled(line: Line, style: str) -> Line:
    """Every piece of `line` with `style` added (a reference row drawn dim). Prose in it has
    no style of its own, so its words and the blanks between them stay one run."""
    return [(text, f"{style} {own}" if own else style) for text, own in line]


def indented(lines: Iterable[Line], indent: str) -> list[Line]:
    return [[(indent, ""), *line] for line in lines]


def rule(title: Sequence[Unit], width: int, character: str = "─", style: str = "",
         centre: bool = False) -> list[Line]:
    """A title with a line drawn after it (or on both sides) to `width`; a title too long
    for one line is wrapped, and the line follows its last part."""
    lines = wrap(title, width - 4)
    last = lines[-1]
    room = width - line_width(last) - 1
    if centre and len(lines) == 1:
        left = (room - 1) // 2
        return [[(character * left + " ", style), *last,
                 (" " + character * (room - left - 1), style)]]
    return [*lines[:-1], [*last, (" " + character * room, style)]]


def render(lines: Iterable[Line], color: bool) -> str:
    """The text of `lines`, each ending in a newline and without trailing blanks; ANSI
    styles (8 colours, as rich's 'standard' system) when `color`."""
    out: list[str] = []
    for line in lines:
        if not color:
            text = "".join([text for text, _ in line]).rstrip(" ")
            if text == text.rstrip():  # no other blank at its end: as trimmed piece by piece
                out.append(text)
                continue
        last = len(line) - 1
        while last >= 0 and not line[last][0].strip():
            last -= 1
        if last < 0:
            out.append("")
            continue
        text, style = line[last]
        if color:
            out.append("".join([_paint(style)(text) if style and text else text
                                for text, style in _merged([*line[:last],
                                                            (text.rstrip(" "), style)])]))
        else:
            out.append("".join([text for text, _ in line[:last]]) + text.rstrip(" "))
    return "\n".join(out) + "\n" if out else ""


def _merged(line: Line) -> Line:
    """Neighbouring pieces of one style as one: an escape code per run, not per character
    (a Japanese name is a piece per character, so it can wrap between them)."""
    out: Line = []
    for index, (text, style) in enumerate(line):
        if not style and not text.strip() and out and index + 1 < len(line) and \
                line[index + 1][1] == out[-1][1]:
            style = out[-1][1]  # a gap inside a run (between two dim words) joins it
        if out and out[-1][1] == style:
            out[-1] = (out[-1][0] + text, style)
        else:
            out.append((text, style))
    return out


@functools.cache
def _paint(style: str) -> functools.partial[str]:
    from rich.color import ColorSystem
    from rich.style import Style

    return functools.partial(Style.parse(style).render, color_system=ColorSystem.STANDARD)
