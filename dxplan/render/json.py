"""`dxplan eval --format json`: the results as one JSON object (docs/json.md).

Keys come in a fixed, documented order (not alphabetical: `id` and `name` first reads
better, and a fixed order is just as stable for diffs). Numbers are rounded to 4 places;
absent figures are null, never NaN.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Final, cast

from dxplan.model import Dated, Lifecycle
from dxplan.render.numbers import rounded
from dxplan.results import FieldResult, Grade, KpiResult, MeasureResult, Results
from dxplan.source import Diagnostic, localized, sorted_diagnostics
from dxplan.spec.ast import render_expr

if TYPE_CHECKING:
    from dxplan.progress import RoadmapResult

# Additive changes keep the version; removing or renaming a key, or changing its meaning or
# type, bumps it (docs/json.md).
SCHEMA_VERSION: Final = 2  # 2: `expected` is read at the value's year (expected_year)

Json = dict[str, Any]


def results_to_dict(results: Results, diagnostics: Sequence[Diagnostic] = ()) -> Json:
    """The document of docs/json.md, with everything the run found (loading, data and
    evaluation) as `diagnostics`."""
    return _document(results, diagnostics, [kpi_dict(k) for k in results.kpis])


def _document(results: Results, found: Sequence[Diagnostic], kpis: list[Any]) -> Json:
    return {
        "schema_version": SCHEMA_VERSION,
        "plan": {"id": results.plan_id, "name": results.plan_name},
        "year": results.year,
        "year_choice": _year_choice(results),
        "judge": results.judge.value,
        "goals": [measure_dict(g) for g in results.goals],
        "fields": [field_dict(f) for f in results.fields],
        "kpis": kpis,
        "roadmap": _roadmap(results.roadmap),
        **({"by": _by(results)} if results.by is not None else {}),
        "diagnostics": [diagnostic_dict(d) for d in sorted_diagnostics(found)],
    }


def _by(results: Results) -> Json:
    from dxplan.render.by_entity import by_dict

    assert results.by is not None
    return by_dict(results.by)


def dumps(results: Results, diagnostics: Sequence[Diagnostic] = (), end: str = "",
          written: KpiTexts | None = None) -> str:
    """The document's text (`write`); `written`: KPIs' texts already written beside their
    evaluation."""
    return write(_document(results, diagnostics, _kpis_written(results.kpis, written)), end)


class _Written:
    """A value's JSON text, already laid out: `write` puts it as it is. A wrapper, not a
    subclass of str: making one copies no text (a large plan's KPIs' texts are 4 MB)."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


# From this many indicators the KPIs' text is written in two processes (processes.py):
# on the 5,000-indicator plan it takes 0.25 s in one, and a fork costs a few ms.
_SHARE_FROM = 1500
_CHILD_SHARE = 0.45


def _kpi_text(kpi: KpiResult) -> str:
    """A KPI's object as `write` lays it out in the document's `kpis` list."""
    return _value(kpi_dict(kpi, _compact_measure), "    ")


class KpiTexts:
    """The KPIs' texts, written beside their evaluation (`pipeline.evaluate`'s `beside`):
    on a large plan each process writes the KPIs it evaluated, and the child's texts come
    back with its results. Kept by the identity of the result each was written from,
    with the result itself, so a text is used only for that very record."""

    def __init__(self) -> None:
        self._texts: dict[int, tuple[KpiResult, _Written]] = {}

    def work(self, kpis: Sequence[KpiResult]) -> list[str]:
        return [_kpi_text(k) for k in kpis]

    def made(self, kpis: Sequence[KpiResult], texts: Sequence[str]) -> None:
        self._texts.update((id(k), (k, _Written(t))) for k, t in zip(kpis, texts, strict=True))

    def text(self, kpi: KpiResult) -> _Written | None:
        found = self._texts.get(id(kpi))
        return found[1] if found is not None and found[0] is kpi else None


def _kpis_written(kpis: Sequence[KpiResult], done: KpiTexts | None = None) -> list[_Written]:
    """Each KPI's text (`_kpi_text`): those written beside the evaluation as they are,
    the others here; on a large plan the last part at the same time by a forked child."""
    from dxplan import processes

    if done is not None:
        return [done.text(k) or _Written(_kpi_text(k)) for k in kpis]

    def written(part: Sequence[KpiResult]) -> list[_Written]:
        return [_Written(_kpi_text(k)) for k in part]

    at = processes.cut([len(k.indicators) for k in kpis], _CHILD_SHARE, _SHARE_FROM)
    if at is None:
        return written(kpis)
    mine, theirs = processes.at_once(lambda: written(kpis[:at]), lambda: written(kpis[at:]),
                                     _texts_sent, _texts_received)
    return mine + theirs


def _compact_measure(m: MeasureResult) -> Json | _Written:
    """An indicator's object, written at once when `write` would keep it on one line: a
    measure's object holds no list of objects, bar its revisions (each with its list of
    what changed). Deciding that key by key was a third of the view's time."""
    found = measure_dict(m)
    return found if m.revisions else _Written(_text(found))


def _texts_sent(texts: list[_Written]) -> bytes:
    # no NUL in JSON text: it is escaped
    return "\0".join([t.text for t in texts]).encode("utf-8")


def _texts_received(sent: bytes) -> list[_Written]:
    return [_Written(text) for text in sent.decode("utf-8").split("\0")]


# allow_nan=False: a NaN that slipped through would make the output invalid JSON for every
# strict parser, so it must fail here rather than in the analyst's script. No `indent`:
# with one, json falls back to its pure-Python encoder (about 5x slower on a large plan).
_ENCODER: Final = json.JSONEncoder(ensure_ascii=False, allow_nan=False)


def _compact() -> Callable[[object], str]:
    """`_ENCODER.encode`, made once: `encode` builds a new C encoder on every call, and the
    view calls it for every indicator (on the 5,000-indicator plan, half the time of
    `write`). No circular check: a document is built fresh from records and holds no
    cycle."""
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # a Python without json's C accelerator
        return _ENCODER.encode
    encode = make(None, _ENCODER.default, json.encoder.encode_basestring, None,
                  ": ", ", ", False, False, False)
    join = "".join

    def text(value: object) -> str:
        return join(encode(value, 0))

    return text


_text: Final = _compact()


def write(document: Json, end: str = "") -> str:
    """Every JSON view's text (docs/json.md, "Conventions"): the top-level keys one per
    line, and each object of a list of objects on its own line (goals, fields, KPIs, a
    KPI's indicators, diagnostics, projects, a tree's children), everything else compact.
    A diff then names the indicator that moved, and each line goes through json's C
    encoder. `end` follows the text (a view's last newline).

    The pieces are joined once, at the end: a large plan's text is some 9 MB in memory,
    and joining it level by level copied it five times over (30 ms of 5,000 indicators).
    """
    if not document:
        return "{}" + end
    parts = ["{\n"]
    for key, value in document.items():
        parts += ["  ", _text(key), ": "]
        _put(value, "  ", parts, True)
        parts.append(",\n")
    parts[-1] = "\n}" + end
    return "".join(parts)


def _value(value: object, indent: str) -> str:
    """One value's text, laid out as `write` lays it out at this indent."""
    parts: list[str] = []
    _put(value, indent, parts, False)
    return "".join(parts)


def _put(value: object, indent: str, parts: list[str], top: bool) -> None:
    """`value`'s text, in pieces added to `parts`."""
    if type(value) is _Written:
        parts.append(value.text)
    # below the top, a list of flat records (a measure's targets) stays on its line
    elif type(value) is list and _objects(value) and (top or not _flat(value)):
        inner = indent + "  "
        parts.append("[\n")
        for item in value:
            parts.append(inner)
            _put(item, inner, parts, False)
            parts.append(",\n")
        parts[-1] = f"\n{indent}]"
    elif type(value) is dict and _holds_objects(value):
        parts.append("{")
        for k, v in value.items():
            parts += [_text(k), ": "]
            _put(v, indent, parts, False)
            parts.append(", ")
        parts[-1] = "}"
    else:
        parts.append(_text(value))


def _objects(items: list[object]) -> bool:
    """A non-empty list of objects: laid out one object a line."""
    return bool(items) and all(type(v) is dict or type(v) is _Written for v in items)


def _flat(items: list[object]) -> bool:
    """Records of scalars only: short, and read as one."""
    for item in items:  # plain loops, here and below: they run for every indicator
        if type(item) is _Written:
            return False
        for v in item.values():  # type: ignore[attr-defined]
            if type(v) is list or type(v) is dict:
                return False
    return True


def _holds_objects(document: dict[str, object]) -> bool:
    """An object with a list of objects somewhere inside: laid out over several lines."""
    for v in document.values():
        kind = type(v)
        if kind is list:
            if v and _objects(v) and not _flat(v):  # type: ignore[arg-type]
                return True
        elif kind is dict and _holds_objects(v):  # type: ignore[arg-type]
            return True
    return False


def roadmaps_json(results: Sequence[RoadmapResult], diagnostics: Sequence[Diagnostic]) -> str:
    """The document `dxplan roadmap --format json` prints (docs/roadmap.md)."""
    from dxplan.render.roadmap import roadmap_dict

    document = {
        "schema_version": SCHEMA_VERSION,
        "roadmaps": [roadmap_dict(r) for r in results],
        "diagnostics": [diagnostic_dict(d) for d in sorted_diagnostics(diagnostics)],
    }
    return write(document)


def measure_dict(m: MeasureResult) -> Json:
    targets = [_dated(t) for t in m.targets]  # the final one is `target` too: made once
    return {
        "id": m.id,
        "name": m.name,
        "unit": m.unit,
        "value": rounded(m.value),
        "value_year": m.value_year,
        "carried_over": m.carried_over,
        "baseline": _dated(m.baseline),
        "target": targets[-1] if targets and m.target is m.targets[-1] else _target(m),
        "raw_score": rounded(m.raw),
        "score": rounded(m.score),
        "expected": rounded(m.expected),
        "expected_year": m.expected_year,
        "status": m.status.value,
        "grade": _grade(m.grade),
        "trend": m.trend.value,
        "reference": m.reference,
        "weight": rounded(m.weight),
        "change": rounded(m.change),
        "problem": m.problem,
        "stage": m.stage.value if m.stage is not None else None,
        "targets": targets,
        "revisions": [{"year": r.year, "reason": r.reason, "changed": list(r.changed)}
                      for r in m.revisions],
        "added": _lifecycle(m.added),
        "retired": _lifecycle(m.retired),
        "earlier": None if m.earlier is None else {
            "raw_score": rounded(m.earlier.raw), "score": rounded(m.earlier.score),
            "expected": rounded(m.earlier.expected),
            "status": m.earlier_status.value if m.earlier_status else None},
    }


def kpi_dict(k: KpiResult, indicator: Callable[[MeasureResult], Any] | None = None) -> Json:
    """A KPI's object; `indicator` makes each indicator's (`measure_dict` by default)."""
    return {
        "id": k.id,
        "name": k.name,
        "field": k.field,
        "index": rounded(k.index),
        "expected": rounded(k.expected),
        "status": k.status.value,
        "grade": _grade(k.grade),
        "trend": k.trend.value,
        "coverage": rounded(k.coverage),
        "added": _lifecycle(k.added),
        "retired": _lifecycle(k.retired),
        "indicators": [(indicator or measure_dict)(i) for i in k.indicators],
    }


def field_dict(f: FieldResult) -> Json:
    return {"id": f.id, "name": f.name, "index": rounded(f.index), "kpis": list(f.kpis)}


def diagnostic_dict(d: Diagnostic) -> Json:
    """A diagnostic for scripts: its code in English always, its message and hint in the
    run's language."""
    d = localized(d)
    span = d.span
    return {
        "severity": d.severity.value,
        "code": d.code,
        "message": d.message,
        "file": span.path if span else None,
        "line": span.line if span else None,
        "column": span.column if span else None,
        "hint": d.hint,
    }


def _dated(d: Dated | None) -> Json | None:
    """A baseline or target: its year (null for `each year`) and value, and how it is
    stated: op (= >= > <= < ..), a range's high end, a relative value's formula, a
    baseline's first year when it spans several."""
    if d is None:
        return None
    return {"year": d.year or None, "value": rounded(d.value), "op": d.op.value,
            "high": rounded(d.high), "formula": render_expr(d.formula) if d.formula else None,
            "first_year": d.first_year, "each_year": not d.year}


def _target(m: MeasureResult) -> Json | None:
    if m.target is None and m.deadline is not None:  # a qualitative target
        return {"year": m.deadline.year, "value": None, "op": "milestone",
                "text": m.deadline.text}
    return _dated(m.target)


def _lifecycle(when: Lifecycle | None) -> Json | None:
    return None if when is None else {"year": when.year, "reason": when.reason}


def _year_choice(results: Results) -> Json | None:
    choice = results.year_choice
    if choice is None:
        return None
    return {"how": choice.how, "have": choice.have, "of": choice.of}


def _grade(g: Grade | None) -> Json | None:
    return {"id": g.id, "label": g.label} if g is not None else None


def _roadmap(roadmap: object | None) -> Json | None:
    if roadmap is None:
        return None
    from dxplan.render.roadmap import (
        roadmap_dict,  # lazy: only runs that loaded a roadmap pay for it
    )

    return roadmap_dict(cast("RoadmapResult", roadmap))
