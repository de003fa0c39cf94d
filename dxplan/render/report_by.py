"""The report's 市町村別 section (docs/report.md): for each indicator declared `by` an
entity set, its entities worst first, with a count per status.

What the section says is built once here (`by_section`), from `Results.by` and the
indicator's own result; the HTML form is here too, the Markdown form in `report_md.py`.
A table over 100 entities would fill pages nobody reads: it shows the 20 lowest scores
and the 20 highest, and says how many are left out and where the whole table is.
"""

from __future__ import annotations

from typing import Final

import attrs

from dxplan.record import Record
from dxplan.render import numbers as n
from dxplan.render.by_entity import status_counts
from dxplan.render.labels import status_text, target_text, year_title
from dxplan.render.report import badge, esc
from dxplan.results import ByResult, EntityResult, EntityScore, MeasureResult, Results
from dxplan.scoring import Status

CUT_OVER: Final = 100  # a set of more entities than this shows only its two ends
ENDS: Final = 20  # how many of the lowest, and of the highest, it shows
_WHOLE_ROWS: Final = 12  # a table of more rows may run onto the next printed page


@attrs.frozen(repr=False)
class Row(Record):
    """One entity's figures as the report prints them."""

    rank: str
    code: str
    name: str
    value: str
    baseline: str
    score: str
    expected: str
    status: Status


@attrs.frozen(repr=False)
class Table(Record):
    """One indicator's part of the section: its rows worst first (`low`, then `high`
    when the middle is left out), and what the reader is told around them."""

    id: str
    name: str
    meta: str  # '目標 2028: 70・基準値は各市町村の2022年度の実績・40市町村'
    counts: str  # '◎ 達成 5・▲ 順調 21・△ やや遅れ 11・▽ 停滞 3'
    header: tuple[str, ...]
    low: tuple[Row, ...]
    high: tuple[Row, ...] = ()  # the highest scores, when the middle is left out
    between: str | None = None  # the row between `low` and `high`: 'ほか1,661市区町村'
    cut: str | None = None  # what is left out, and where the whole table is

    @property
    def rows(self) -> int:
        return len(self.low) + len(self.high)


@attrs.frozen(repr=False)
class Section(Record):
    set: str
    title: str  # '市町村別'
    intro: tuple[str, ...]  # paragraphs
    tables: tuple[Table, ...]


def by_section(results: Results) -> Section | None:
    """The section, when the results hold each entity's figures (`Results.by`) for at
    least one indicator."""
    by = results.by
    if by is None or not by.measures or not by.entities:
        return None
    label = by.label
    intro = (f"各{label}の指標を、その{label}自身の基準年度の実績を基準値として、計画と同じ"
             f"目標値で採点しています(スコア = 100 × (実績 − 自らの基準値) ÷ (目標値 − 自らの"
             f"基準値))。基準年度にすでに目標に達していた{label}は、その維持を目標とします。"
             f"基準年度の実績がない{label}は採点しません(データなし)。",
             "表はスコアの低い順、順位はスコアの高い順(同点は同順位)です。計算の過程は "
             f"dxplan explain {by.measures[0]} --entity {by.entities[0].name} のように、"
             f"全{label}の表は dxplan eval --by {by.set} --format csv で確認できます。")
    tables = tuple(_table(results, by, i) for i in range(len(by.measures)))
    return Section(by.set, by_title(by), intro, tables)


def by_title(by: ByResult) -> str:
    """'市町村別': the section's title, and the words of a link to it."""
    return f"{by.label}別"


def _table(results: Results, by: ByResult, i: int) -> Table:
    ident, label = by.measures[i], by.label
    found = results.find(ident)
    m = found if isinstance(found, MeasureResult) else None
    base_year = m.baseline.year if m is not None and m.baseline is not None else None
    entities, column = by.entities, [e.indicators[i] for e in by.entities]
    # worst first; equal scores (100, when many have reached the target) by the raw score,
    # how far short of or past the target, then in code order (`entities`' order: the sort
    # is stable). Positions, not pairs of records: a national set would make 174,000 more
    # objects for the garbage collector to walk, among the millions the data holds
    keys = {k: (s.score, s.raw if s.raw is not None else s.score)
            for k, s in enumerate(column) if s.score is not None}
    scored = sorted(keys, key=keys.__getitem__)
    unscored = [k for k, s in enumerate(column) if s.score is None]
    meta = [f"目標 {target_text(m)}" if m is not None and m.target is not None else "",
            f"基準値は各{label}の{year_title(base_year)}の実績" if base_year else "",
            f"{len(column):,}{label}"]
    header = ("順位", "コード", label, f"実績({year_title(results.year)})",
              f"基準値({year_title(base_year)})" if base_year else "基準値", "スコア", "期待値",
              "状況")
    low: list[int] = [*scored, *unscored]  # under the cut, every entity
    high: list[int] = []
    between: str | None = None
    cut: str | None = None
    if len(column) > CUT_OVER:
        # the two ends of the scored; all of them when the ends would meet
        low, high = (scored[:ENDS], scored[-ENDS:]) if len(scored) > 2 * ENDS else (scored, [])
        between = f"ほか{len(scored) - 2 * ENDS:,}{label}" if high else None
        cut = _cut(by, len(column), len(low) + len(high), len(unscored), cut_middle=bool(high))
    return Table(ident, by.names[i], "・".join(x for x in meta if x), _counts(column), header,
                 tuple(_row(results.year, m, entities[k], column[k]) for k in low),
                 tuple(_row(results.year, m, entities[k], column[k]) for k in high), between,
                 cut)


def _cut(by: ByResult, total: int, shown: int, unscored: int, *, cut_middle: bool) -> str:
    """'全1,741市区町村のうち、スコアの低い20市区町村と高い20市区町村を示しています。ほか
    1,701市区町村(スコアのない120市区町村を含む)は省略。…'"""
    label = by.label
    which = (f"スコアの低い{ENDS}{label}と高い{ENDS}{label}" if cut_middle else
             f"スコアのある{shown:,}{label}")
    unscored_text = f"(スコアのない{unscored:,}{label}を含む)" if unscored else ""
    return (f"全{total:,}{label}のうち、{which}を示しています。ほか{total - shown:,}{label}"
            f"{unscored_text}は省略。全{label}の表は dxplan eval --by {by.set} --format csv "
            "で出力できます。")


def _counts(column: list[EntityScore]) -> str:
    """'◎ 達成 5・▲ 順調 21・△ やや遅れ 11・▽ 停滞 3', in the order of the statuses."""
    return "・".join(f"{status_text(s)} {c:,}" for s, c in status_counts(column))


def _row(year: int, m: MeasureResult | None, e: EntityResult, s: EntityScore) -> Row:
    unit = m.unit if m is not None else None
    value = n.with_unit(s.value, unit)
    if s.value_year is not None and s.value_year != year:
        value += f" ({year_title(s.value_year)}値)"
    expected = n.score(s.expected).strip()
    if s.expected is not None and s.expected_year is not None and s.expected_year != year:
        expected += f" ({s.expected_year})"
    return Row(str(s.rank) if s.rank is not None else n.MISSING, e.code, e.name, value,
               n.with_unit(s.baseline, unit), n.score(s.score).strip(), expected, s.status)


# --- HTML ---------------------------------------------------------------------------------


def anchor(results: Results, ident: str) -> str | None:
    """The id of the measure's table in the section, when it has one."""
    by = results.by
    if by is None or not by.entities or ident not in by.measures:
        return None
    return f"by-{by.set}-{ident}"


def by_link(results: Results, ident: str) -> str:
    """' <a href="#by-municipalities-online_usage">市町村別</a>': from the measure's row
    elsewhere in the report to its table here; nothing when it has none."""
    to = anchor(results, ident)
    if to is None or results.by is None:
        return ""
    return f' <a href="#{esc(to)}">{esc(by_title(results.by))}</a>'


def by_html(results: Results) -> list[str]:
    """The section as HTML; nothing when there are no figures by entity."""
    section = by_section(results)
    if section is None:
        return []
    out = [f'<section id="by-{esc(section.set)}">', f"<h2>{esc(section.title)}</h2>",
           *(f'<p class="note">{esc(line)}</p>' for line in section.intro)]
    for t in section.tables:
        whole = "part" if t.rows <= _WHOLE_ROWS else "part long"
        out += [f'<div class="{whole} by" id="{esc(anchor(results, t.id))}">',
                f'<h3>{esc(t.name)} <span class="id">{esc(t.id)}</span></h3>',
                f'<p class="meta">{esc(t.meta)}</p>',
                f'<p class="counts">{esc(t.counts)}</p>',
                '<table class="entities">',
                "<thead><tr>" + "".join(f"<th>{esc(h)}</th>" for h in t.header)
                + "</tr></thead>", "<tbody>", *map(_row_html, t.low)]
        if t.between is not None:
            out.append(f'<tr class="gap"><td colspan="{len(t.header)}">… {esc(t.between)} …'
                       "</td></tr>")
        out += [*map(_row_html, t.high), "</tbody>", "</table>"]
        if t.cut is not None:
            out.append(f'<p class="note">{esc(t.cut)}</p>')
        out.append("</div>")
    return [*out, "</section>"]


def _row_html(r: Row) -> str:
    nums = "".join(f'<td class="num">{esc(x)}</td>' for x in (r.value, r.baseline, r.score,
                                                              r.expected))
    return (f'<tr><td class="num">{esc(r.rank)}</td><td>{esc(r.code)}</td>'
            f"<td>{esc(r.name)}</td>{nums}<td>{badge(r.status)}</td></tr>")


def markdown_cells(r: Row) -> list[str]:
    return [r.rank, r.code, r.name, r.value, r.baseline, r.score, r.expected,
            status_text(r.status)]
