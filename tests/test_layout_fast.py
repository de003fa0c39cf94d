"""The terminal layout's shortcuts give what its general path gives, piece for piece or
byte for byte: a name kept whole until it must wrap, a line that fits set without filling
it unit by unit, and a row whose cells fit set without wrapping them.

The texts mix what plans hold: Japanese with its punctuation, Latin words, long ids, year
labels, full-width and odd blanks; the widths run from narrower than one word to wide.
"""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from dxplan.render.layout import (
    Unit,
    atom,
    cell,
    columns,
    fill,
    least,
    render,
    set_cells,
    styled,
    word_by_word,
    words,
    wrap,
)

PARTS = ["統合型", "校務支援システム", "の整備率", "(", ")", "（公立）", "「制定」", "、", "。",
         "ー", "ッ", "school_admin_system", "(school_admin_system)", "2024:", "7.89", "→",
         "2028: 4,200", "%", "人", " ", "  ", "\u3000", "\t", "a", "Benchmark plan", "▲ 順調",
         "███░░░░░░░  30.0", "x" * 30]
STYLES = ["", "dim", "bold", "bold green"]

texts = st.lists(st.sampled_from(PARTS), max_size=8).map("".join)
styles = st.sampled_from(STYLES)
gaps = st.sampled_from(["", " ", "   "])
widths = st.integers(min_value=2, max_value=90)


@st.composite
def unit_runs(draw: st.DrawFn, prose_style: bool = True) -> list[Unit]:
    """Prose (`words`) and atoms, as a view puts them on one line."""
    units: list[Unit] = []
    for _ in range(draw(st.integers(min_value=0, max_value=4))):
        text, style, gap = draw(texts), draw(styles), draw(gaps)
        if draw(st.booleans()):
            units += words(text, style if prose_style else "", gap)
        elif text:
            units.append(atom(text, style, gap))
    return units


@given(unit_runs(), widths, st.sampled_from(["", "  "]), st.sampled_from(["", "    "]))
def test_a_line_that_fits_is_what_filling_gives(units: list[Unit], width: int, indent: str,
                                                hang: str) -> None:
    assert wrap(units, width, indent, hang) == fill(units, width, indent, hang)


def shown(units: list[Unit], width: int, color: bool, dim: bool = False) -> str:
    lines = wrap(units, width, "  ", "    ")
    return render([styled(line, "dim") for line in lines] if dim else lines, color)


@given(unit_runs(), widths, st.booleans())
def test_prose_kept_whole_reads_as_prose_word_by_word(units: list[Unit], width: int,
                                                      color: bool) -> None:
    assert shown(units, width, color) == shown(word_by_word(units), width, color)


@given(unit_runs(prose_style=False), widths, st.booleans())
def test_so_it_does_in_a_line_styled_whole(units: list[Unit], width: int,
                                           color: bool) -> None:
    # a reference row drawn dim, a header drawn bold: their prose has no style of its own
    assert shown(units, width, color, dim=True) == \
        shown(word_by_word(units), width, color, dim=True)


@given(texts, styles)
def test_prose_kept_whole_is_as_wide_as_its_words_on_one_line(text: str, style: str) -> None:
    whole = words(text, style)
    broken = word_by_word(whole)
    assert sum(u.width for u in whole) == sum(u.width for u in broken) + sum(
        len(u.gap) for u in broken[1:])
    assert least([whole]) == max((u.width for u in broken), default=0)


@given(st.lists(st.tuples(st.lists(unit_runs(), max_size=3), widths), min_size=1,
                max_size=4), st.booleans())
def test_a_row_set_from_its_spans_is_the_columns_of_its_wrapped_cells(
        row: list[tuple[list[list[Unit]], int]], color: bool) -> None:
    cells = [cell(lines) for lines, _ in row]
    column_widths = [w for _, w in row]
    general = columns([[wrapped for line in lines for wrapped in fill(line, w)]
                       for lines, w in row], column_widths)
    assert set_cells(cells, column_widths) == general
    assert render(set_cells(cells, column_widths), color) == render(general, color)


pieces = st.tuples(st.sampled_from(["", " ", "  ", "\u3000", "\t", "a ", "統合 ", "(i0)", "x\t"]),
                   styles)


@given(st.lists(st.lists(pieces, max_size=6), max_size=4))
def test_plain_text_is_the_coloured_text_without_its_styles(lines: list[list[tuple[str, str]]]
                                                             ) -> None:
    # plain lines are trimmed as a whole; coloured ones piece by piece
    assert render(lines, False) == re.sub(r"\x1b\[[0-9;]*m", "", render(lines, True))
