"""Entity lists and the entity column of data: which municipality a row is for.

An `entities` set's file lists `code,name[,kind]` (Japanese headers too: 団体コード,
名称, 種別). Codes are 全国地方公共団体コード: six digits whose last is a check digit,
or the five digits before it, as many tables print them. A data row names its entity by
name (青森市, or 青森県青森市) or by code (022012, 02201, or 22012 where Excel dropped the
leading zero); `Resolver` turns each spelling into the code, once per spelling.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import attrs

from dxplan.data.records import (
    DataSet,
    Entity,
    EntityFigures,
    EntityList,
    Extras,
    Observations,
    pack_row,
)
from dxplan.data.text import Row, decode, text_rows
from dxplan.data.xlsx import cell_ref, number_text
from dxplan.japanese import narrow
from dxplan.model import EntitySet
from dxplan.source import Diagnostic, Span, did_you_mean, error, warning

_WORDS = {
    "code": ("code", "コード", "団体コード", "市町村コード", "地方公共団体コード"),
    "name": ("name", "名称", "市町村名", "団体名", "市町村", "municipality"),
    "kind": ("kind", "種別", "区分"),
}
_CANONICAL = {word: name for name, words in _WORDS.items() for word in words}
_FORM = "code,name[,kind] (団体コード,名称[,種別]), e.g. 022012,青森市,市"
# the characters a prefecture's name ends with (青森県, 東京都, 大阪府, 北海道)
_PREFECTURE_ENDS = "都道府県"

Read = Callable[[str], bytes | None]


def check_digit(five: str) -> str:
    """The check digit of a five-digit code: 11 - (6a + 5b + 4c + 3d + 2e) mod 11, its last
    digit (総務省, 全国地方公共団体コード仕様)."""
    total = sum(weight * int(digit) for weight, digit in zip((6, 5, 4, 3, 2), five, strict=True))
    return str((11 - total % 11) % 10)


def read_lists(sets: Sequence[EntitySet], read: Read
               ) -> tuple[list[EntityList], list[Diagnostic]]:
    """Every entity set's list, its file's bytes got with `read` (None: unreadable)."""
    lists: list[EntityList] = []
    problems: list[Diagnostic] = []
    for entity_set in sets:
        found, more = read_entity_list(entity_set, read(entity_set.path))
        lists += [found] if found is not None else []
        problems += more
    return lists, problems


def read_entity_list(entity_set: EntitySet, raw: bytes | None
                     ) -> tuple[EntityList | None, list[Diagnostic]]:
    """The entities of a set, from its file's bytes (None: the file could not be read)."""
    where = entity_set.span
    if raw is None:
        return None, [error("unreadable-file", f"cannot read {entity_set.path}, the file of "
                            f"the entity set '{entity_set.id}'", where,
                            f"the file is found from the spec's folder; it holds {_FORM}")]
    source = decode(entity_set.path, raw)
    if isinstance(source, Diagnostic):
        return None, [source]
    rows, problems = text_rows(entity_set.path, source)
    body = [row for row in rows if not row.blank]
    if not body:
        return None, [error("bad-entity", f"{entity_set.path} lists no entities", where,
                            f"write one row per municipality: {_FORM}")]
    columns = _header(body[0])
    if isinstance(columns, Diagnostic):
        return None, [columns]
    entities: list[Entity] = []
    codes: dict[str, Row] = {}
    names: dict[str, Row] = {}
    for row in body[1:]:
        entity = _entity(row, columns, problems)
        if entity is None:
            continue
        for key, seen, what in ((entity.code, codes, "code"), (entity.name, names, "name")):
            if key in seen:
                span = row.span(columns[what])
                problems.append(error("bad-entity", f"the {what} {key} is listed twice"
                                      f"{cell_ref(span)}", span,
                                      f"first listed on line {seen[key].line + 1}"))
                break
        else:
            codes[entity.code], names[entity.name] = row, row
            entities.append(entity)
    return EntityList(entity_set.id, tuple(entities), entity_set.path), problems


def _header(row: Row) -> dict[str, int] | Diagnostic:
    columns: dict[str, int] = {}
    for index, text in enumerate(row.texts):
        word = _CANONICAL.get(text.replace("\ufeff", "").strip().lower())
        if word is not None and word not in columns:
            columns[word] = index
    for needed in ("code", "name"):
        if needed not in columns:
            span = row.span(0)
            return error("bad-header", f"the entity list has no {needed} column"
                         f"{cell_ref(span)}", span, f"the first row must be {_FORM}")
    return columns


def _entity(row: Row, columns: dict[str, int], problems: list[Diagnostic]) -> Entity | None:
    def cell(name: str) -> str:
        index = columns.get(name)
        return row.texts[index].strip() if index is not None and index < len(row.texts) else ""

    code, name = narrow(cell("code")), cell("name")
    if not code.isascii() or not code.isdigit() or len(code) not in (5, 6):
        span = row.span(columns["code"]) if columns["code"] < len(row.texts) else row.end()
        problems.append(error("bad-entity", f"'{code}' is not a 全国地方公共団体コード"
                              f"{cell_ref(span)}", span, "write the six-digit code (022012) "
                              "or its first five digits (02201)"))
        return None
    if len(code) == 6 and check_digit(code[:5]) != code[5]:
        span = row.span(columns["code"])
        problems.append(error("bad-entity", f"{code} has the wrong check digit (it would be "
                              f"{code[:5]}{check_digit(code[:5])}){cell_ref(span)}", span,
                              "check the code against 総務省's list of 全国地方公共団体コード"))
        return None
    if not name:
        span = row.span(columns["name"]) if columns["name"] < len(row.texts) else row.end()
        problems.append(error("bad-entity", f"the entity {code} has no name{cell_ref(span)}",
                              span, "write its name, e.g. 青森市"))
        return None
    full = code if len(code) == 6 else code + check_digit(code)
    return Entity(full, name, cell("kind") or None)


class Resolver:
    """An entity as a data row writes it -> its code in one entity list."""

    def __init__(self, entities: EntityList) -> None:
        self.list = entities
        self._by_code = {e.code: e.code for e in entities.entities}
        self._by_five = {e.code[:5]: e.code for e in entities.entities}
        self._by_name = {e.name: e.code for e in entities.entities}
        self._cache: dict[str, str | None] = {}

    def code(self, written: str) -> str | None:
        try:
            return self._cache[written]
        except KeyError:
            found = self._cache[written] = self._find(written)
            return found

    def _find(self, written: str) -> str | None:
        text = narrow(written).strip()
        if text.isascii() and text.isdigit():
            # as written, then with the leading zeros Excel drops from a number put back
            for form in (text, text.zfill(6), text.zfill(5)):
                found = self._by_code.get(form) or self._by_five.get(form)
                if found is not None:
                    return found
            return None
        if text in self._by_name:
            return self._by_name[text]
        for at in range(2, min(4, len(text) - 1) + 1):  # 青森県青森市: without the prefecture
            if text[at] in _PREFECTURE_ENDS and text[at + 1:] in self._by_name:
                return self._by_name[text[at + 1:]]
        return None

    def unknown(self, written: str, span: Span | None, rows: int) -> Diagnostic:
        more = f" ({rows} rows)" if rows > 1 else ""
        names = [e.name for e in self.list.entities]
        hint = did_you_mean(written, names) or (
            f"the set '{self.list.set}' lists {len(names)} entities in {self.list.path}; "
            "write a name listed there or its code")
        return error("unknown-entity", f"'{written}' is not an entity of '{self.list.set}'"
                     f"{more}{cell_ref(span) if span is not None else ''}", span, hint)


def resolve(data: DataSet, lists: Sequence[EntityList], set_of: Mapping[str, str],
            declared: bool = False) -> tuple[DataSet, list[Diagnostic]]:
    """The data with every per-entity figure keyed by its entity's code, those the careful
    reader made into observations (a note, a `-`, an era year) moved in beside the bulk.
    `set_of` names the set each series' entities belong to (from `by` in the plan); other
    series use the first set. `declared`: the specs declare a set (whose list, if missing
    here, could not be read)."""
    per_entity = [o for o in data.observations.careful if o.entity is not None]
    figures = data.by_entity
    if not per_entity and not figures.values:
        return attrs.evolve(data, entity_lists=tuple(lists)), []
    problems: list[Diagnostic] = []
    if not lists and declared:  # a set's list could not be read: that error says it all
        return attrs.evolve(data, observations=_whole_area(data)), []
    if not lists:
        first = per_entity[0].span if per_entity else _first_span(figures)
        return attrs.evolve(data, observations=_whole_area(data)), [error(
            "no-entity-set", "figures are given per municipality, but no entity set is "
            "declared" + (cell_ref(first) if first is not None else ""), first,
            'declare one in a spec: entities municipalities "市町村" { file '
            '"municipalities.csv" }')]
    resolvers = {lst.set: Resolver(lst) for lst in lists}
    default = lists[0].set
    unknown: dict[tuple[str, str], list[Span | None]] = {}
    out = EntityFigures()
    out.sources = figures.sources
    for series, per in figures.values.items():
        resolver = resolvers[set_of.get(series, default)]
        rows = figures.rows[series]
        values_out = out.values.setdefault(series, {})
        rows_out = out.rows.setdefault(series, {})
        for written, years in per.items():
            code = resolver.code(written)
            if code is None:
                spans = unknown.setdefault((resolver.list.set, written), [])
                spans += [figures.entity_span(min(rows[written].values()))]
                spans += [None] * (len(years) - 1)
                continue
            if code not in values_out:  # the usual case: the entity's years move as one
                values_out[code], rows_out[code] = years, rows[written]
                continue
            for year, value in years.items():  # a second spelling of one entity (青森市, 022012)
                extras = figures.extras.get((series, written, year))
                problems += _put(out, series, code, year, value, rows[written][year], extras)
    for (series, written, year), extras in figures.extras.items():
        code = resolvers[set_of.get(series, default)].code(written)
        if code is not None and (series, code, year) not in out.extras:
            out.extras[series, code, year] = extras
    for obs in per_entity:
        assert obs.entity is not None
        resolver = resolvers[set_of.get(obs.series, default)]
        code = resolver.code(obs.entity)
        if code is None:
            unknown.setdefault((resolver.list.set, obs.entity), []).append(obs.span)
            continue
        if obs.stage is not None:
            problems.append(error("bad-value", f"'{obs.series}' {obs.year} ({obs.entity}) "
                                  f"says a stage{cell_ref(obs.span)}", obs.span,
                                  "figures per municipality are numbers"))
            continue
        row = pack_row(out.file_of(obs.span.source), obs.span.line)
        extras = Extras(obs.missing_reason, obs.note, obs.source) \
            if obs.missing_reason or obs.note or obs.source else None
        problems += _put(out, obs.series, code, obs.year, obs.value, row, extras)
    for (set_id, written), spans in unknown.items():
        problems.append(resolvers[set_id].unknown(written, spans[0], len(spans)))
    return attrs.evolve(data, observations=_whole_area(data), by_entity=out,
                        entity_lists=tuple(lists)), problems


def _whole_area(data: DataSet) -> Observations:
    """The figures for the whole area: those given per entity are in `by_entity`."""
    return data.observations.kept(lambda o: o.entity is None)


def _put(out: EntityFigures, series: str, code: str, year: int, value: float | None,
         row: int, extras: Extras | None) -> list[Diagnostic]:
    """One figure into `out`, unless the entity already has one for the year: the same
    figure twice is a warning, two different ones an error, reported at the later row."""
    if not out.has(series, code, year):
        out.put(series, code, year, value, row, extras)
        return []
    first = out.rows[series][code][year]
    if row < first:  # read earlier in file order: it is the first
        old_value = out.values[series][code][year]
        old_extras = out.extras.get((series, code, year))
        out.put(series, code, year, value, row, extras)
        value, extras, row, first = old_value, old_extras, first, row
    span, first_span = out.row_span(row), out.row_span(first)
    what = f"{series} {year} ({code})"
    at = f"{first_span.path}:{first_span.line}"
    earlier = out.values[series][code][year]
    if earlier == value:
        return [warning("duplicate-row", f"{what} is given twice", span,
                        f"first given at {at}; this row is ignored")]
    return [error("conflicting-rows", f"{what} is {_shown(value)} here but "
                  f"{_shown(earlier)} before", span,
                  f"first given at {at}; keep one of the two rows")]


def _shown(value: float | None) -> str:
    return "blank" if value is None else number_text(value)


def _first_span(figures: EntityFigures) -> Span | None:
    for per in figures.rows.values():
        for years in per.values():
            for row in years.values():
                return figures.row_span(row)
    return None
