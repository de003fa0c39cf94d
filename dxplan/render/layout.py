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
  split at its spaces, then anywhere, rather than overflowing the terminal.

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


def words(text: str, style: str = "", gap: str = " ") -> list[Unit]:
    """Prose or a name as units: it may wrap between words and between Japanese characters.
    The first unit takes `gap`."""
    if text.isascii() and " " not in text:
        return [Unit(len(text), gap, ((text, style),))]
    units = [Unit(width_of(w), g, ((w, style),)) for g, w in _tokens(text)]
    if units:
        units[0] = units[0]._replace(gap=gap)
    return units


def wrap(units: Iterable[Unit], width: int, indent: str = "", hang: str = "") -> list[Line]:
    """Fill lines of at most `width` cells: the first starts with `indent`, the others with
    `hang`. Gaps at a break are dropped."""
    lines: list[Line] = []
    line: Line = [(indent, "")] if indent else []
    used = width_of(indent)
    room = width
    fresh = True
    for unit in units:
        need = unit.width + (0 if fresh else len(unit.gap))
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


def styled(line: Line, style: str) -> Line:
    """Every piece of `line` with `style` added (a reference row drawn dim)."""
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
        while line and not line[-1][0].strip():
            line = line[:-1]
        if line:
            text, style = line[-1]
            line = [*line[:-1], (text.rstrip(" "), style)]
        if color:
            out.append("".join(_paint(style)(text) if style and text else text
                               for text, style in _merged(line)))
        else:
            out.append("".join(text for text, _ in line))
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
