"""`dxplan eval --by NAME`: every entity × every indicator declared `by` the set, as a
terminal table, CSV, Markdown, and the `by` object of the JSON document (docs/json.md).

The terminal table is laid out here, not by rich's table: it must stay quick for 1,741
municipalities. Each indicator is a column group (value, score, status, rank); groups that
do not fit the width go into another block under the same entity columns. Widths are
counted in terminal cells (`rich.cells.cell_len`), so Japanese names stay aligned, and an
id is never cut: a group is at least as wide as its id.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Final

from dxplan.render import labels, words
from dxplan.render import numbers as n
from dxplan.results import ByResult, EntityResult, EntityScore, Results
from dxplan.scoring import Status

CSV_COLUMNS: Final = (
    "set", "code", "name", "kind", "id", "value", "value_year", "baseline", "raw_score",
    "score", "expected", "expected_year", "status", "rank",
)
_VALUE, _SCORE, _RANK = 9, 5, 6  # '1,234.5', '100.0', '#1741'


# --- JSON ---------------------------------------------------------------------------------


def by_dict(by: ByResult) -> dict[str, Any]:
    r = n.rounded
    return {
        "set": by.set,
        "label": by.label,
        "measures": [{"id": i, "name": name} for i, name in zip(by.measures, by.names,
                                                                  strict=True)],
        "entities": [{
            "code": e.code, "name": e.name, "kind": e.kind,
            "indicators": [{
                "id": s.id, "value": r(s.value), "value_year": s.value_year,
                "baseline": r(s.baseline), "raw_score": r(s.raw), "score": r(s.score),
                "expected": r(s.expected), "expected_year": s.expected_year,
                "status": s.status.value, "rank": s.rank,
            } for s in e.indicators],
        } for e in by.entities],
    }


# --- CSV and Markdown ---------------------------------------------------------------------


def to_csv(by: ByResult) -> str:
    """One row per entity and indicator, entities in code order."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for e in by.entities:
        for s in e.indicators:
            writer.writerow([
                by.set, e.code, e.name, e.kind or "", s.id, n.plain(s.value),
                _int(s.value_year), n.plain(s.baseline), n.plain(s.raw), n.plain(s.score),
                n.plain(s.expected), _int(s.expected_year), s.status.value, _int(s.rank)])
    return out.getvalue()


def to_markdown(results: Results, by: ByResult) -> str:
    """A table of entities, a column per indicator: score, status and rank."""
    from dxplan.render.tables import md_escape

    head = [words.both("コード", "code"), f"{md_escape(by.label)}",
            *(f"{md_escape(name)} ({ident})" for ident, name in zip(by.measures, by.names,
                                                                     strict=True))]
    title = f"# {md_escape(by.label)}別 ({by.set}) — {labels.year_title(results.year)} 評価"
    lines = [title + words.either(f" (evaluation {results.year})", ""), "", *_summary(by), "",
             "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for e in by.entities:
        cells = [e.code, md_escape(e.name), *(_md_cell(s) for s in e.indicators)]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _md_cell(s: EntityScore) -> str:
    label = labels.status_label(s.status)
    rank = f" #{s.rank}" if s.rank is not None else ""
    return f"{n.number(s.value)} · {n.score(s.score).strip()} {label.symbol} {label.ja}{rank}"


def status_counts(scores: Sequence[EntityScore]) -> list[tuple[Status, int]]:
    """How many of `scores` are at each status, in the statuses' order; none left out."""
    counts = Counter(s.status for s in scores)
    return [(status, counts[status]) for status in Status if counts[status]]


def _summary(by: ByResult) -> list[str]:
    """Per indicator, how many entities are at each status."""
    out = []
    for i, (ident, name) in enumerate(zip(by.measures, by.names, strict=True)):
        parts = [f"{labels.status_label(s).symbol} {labels.status_label(s).ja} {c}"
                 for s, c in status_counts([e.indicators[i] for e in by.entities])]
        out.append(f"- {name} ({ident}): " + " · ".join(parts))
    return out


def _int(x: int | None) -> str:
    return "" if x is None else str(x)


# --- the terminal -------------------------------------------------------------------------


def render(results: Results, by: ByResult, *, color: bool = False, width: int = 100) -> str:
    """The entity table for a terminal (ANSI styles when `color`). Each line is put
    together here as text, styled through rich's `Style`: printing 1,741 rows × 100
    indicators cell by cell through a console took 20 s."""
    paint = _painter(color)
    evaluation = words.either(f" (evaluation {results.year})", " 評価")
    lines = [paint(f"{by.label}別 {by.set} — {labels.year_title(results.year)}{evaluation} · "
                   f"{_count(len(by.entities), 'entity', '団体')} · "
                   f"{_count(len(by.measures), 'indicator', '指標')}", "bold")]
    lines += [paint(line[2:], "dim") for line in _summary(by)]
    layout = _Layout(by, paint)
    for block in layout.blocks(width):
        lines.append("")
        lines += layout.header(block)
        lines += [layout.row(e, block) for e in by.entities]
    if not by.entities:
        lines.append(paint(words.either("(no entity to show)", "(表示する団体はありません)"),
                           "dim"))
    if by.measures:
        first = by.measures[0]
        lines += ["", paint(words.either(
            f"--entity NAME shows one entity; --worst N the N furthest behind; explain {first} "
            "--entity NAME how a figure is computed",
            f"--entity 名前 で1団体、--worst N で遅れの大きい N 団体、explain {first} --entity "
            "名前 で値の計算を表示します"), "dim")]
    return "".join(line.rstrip(" ") + "\n" for line in lines)


Paint = Callable[[str, str], str]


def _painter(color: bool) -> Paint:
    """`paint(text, style)`: the text in a rich style as ANSI codes, or as it is."""
    if not color:
        return lambda text, _style: text
    from rich.color import ColorSystem
    from rich.style import Style

    styles: dict[str, Style] = {}

    def paint(text: str, style: str) -> str:
        if not text:
            return text
        found = styles.get(style) or styles.setdefault(style, Style.parse(style))
        return found.render(text, color_system=ColorSystem.STANDARD)

    return paint


class _Layout:
    """Column widths in terminal cells: the code, the name, and per indicator a group of
    value, score, status and rank, at least as wide as the indicator's id."""

    def __init__(self, by: ByResult, paint: Paint) -> None:
        from rich.cells import cell_len

        self.by = by
        self.paint = paint
        self.cells = cell_len
        self.name = max([cell_len(e.name) for e in by.entities] + [cell_len(by.label), 4])
        self.lead = 6 + 1 + self.name
        self.status = max(cell_len(_status(s)) for s in Status)
        self.group = _VALUE + 1 + _SCORE + 1 + self.status + 1 + _RANK
        # each status as shown: padded and painted once, not once a cell
        self.shown = {s: paint(self._pad(_status(s), self.status), labels.status_label(s).style)
                      for s in Status}

    def width_of(self, i: int) -> int:
        return max(self.group, len(self.by.measures[i]))

    def blocks(self, width: int) -> Iterator[list[int]]:
        """The indicators' positions, as many to a block as fit the width (one at least)."""
        block: list[int] = []
        used = self.lead
        for i in range(len(self.by.measures)):
            need = 1 + self.width_of(i)
            if block and used + need > width:
                yield block
                block, used = [], self.lead
            block.append(i)
            used += need
        if block:
            yield block

    def header(self, block: Sequence[int]) -> list[str]:
        first = " " * self.lead
        second = self._pad("コード", 6) + " " + \
            self._pad(self.by.label, self.name)
        for i in block:
            ident, wide = self.by.measures[i], self.width_of(i)
            name = _fit(self.by.names[i], wide - len(ident) - 1, self.cells)
            first += self.paint(" " + ident, "bold") + \
                self.paint(self._pad(" " + name if name else "", wide - len(ident)), "dim")
            heads = (f"{'値':>{_VALUE - 1}} {'スコア':>{_SCORE - 3}} "
                     f"{self._pad('状況', self.status)} {'順位':>{_RANK - 2}}")
            second += self.paint(" " + self._pad(heads, wide), "dim")
        return [first, second]

    def row(self, e: EntityResult, block: Sequence[int]) -> str:
        parts = [e.code, " ", self._pad(e.name, self.name)]
        for i in block:
            s = e.indicators[i]
            rank = f"#{s.rank}" if s.rank is not None else n.MISSING
            parts += [f" {n.number(s.value):>{_VALUE}} {n.score(s.score)} ", self.shown[s.status],
                      f" {rank:>{_RANK}}", " " * (self.width_of(i) - self.group)]
        return "".join(parts)

    def _pad(self, text: str, width: int) -> str:
        return text + " " * max(width - self.cells(text), 0)


def _count(n: int, word: str, ja: str) -> str:
    """'40 entities' in English, '40 団体' in Japanese."""
    plural = word if n == 1 else word[:-1] + "ies" if word.endswith("y") else word + "s"
    return f"{n:,} {words.either(plural, ja)}"


def _status(status: Status) -> str:
    label = labels.status_label(status)
    return f"{label.symbol} {label.ja}"


def _fit(text: str, width: int, cell_len: Any) -> str:
    """`text` cut to `width` cells, with '…' when cut."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return text
    out = ""
    for ch in text:
        if cell_len(out + ch) > width - 1:
            break
        out += ch
    return out + "…"
