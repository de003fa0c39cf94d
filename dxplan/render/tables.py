"""`dxplan eval --format csv|markdown`: the results as flat rows, or as GitHub tables."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import TYPE_CHECKING, Final

from dxplan.render import labels, words
from dxplan.render import numbers as n
from dxplan.results import KpiResult, MeasureResult, Results

if TYPE_CHECKING:
    pass

CSV_COLUMNS: Final = (
    "kind", "id", "name", "field", "kpi", "unit", "value", "value_year", "baseline_year",
    "baseline", "target_year", "target", "raw_score", "score", "expected", "status", "grade",
    "trend", "coverage", "reference", "expected_year", "carried_over", "target_op",
    "target_high", "stage",
)


# --- CSV ----------------------------------------------------------------------------------


def to_csv(results: Results) -> str:
    """One row per goal, KPI and indicator, in plan order (a KPI's row before its indicators).

    A KPI's index is in `score`; `grade` holds the grade id. Numbers are plain (4 places at
    most, no grouping); an absent figure is an empty cell.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(_csv_rows(results))
    return out.getvalue()


def _csv_rows(results: Results) -> Iterator[list[str]]:
    for goal in results.goals:
        yield _measure_row("goal", goal)
    for kpi in results.kpis:
        yield _kpi_row(kpi)
        for ind in kpi.indicators:
            yield _measure_row("indicator", ind)


def _measure_row(kind: str, m: MeasureResult) -> list[str]:
    b, t = m.baseline, m.target
    return [
        kind, m.id, m.name, m.field or "", m.kpi or "", m.unit or "", n.plain(m.value),
        _int(m.value_year), _int(b.year if b else None), n.plain(b.value if b else None),
        _int(t.year if t else None), n.plain(t.value if t else None), n.plain(m.raw),
        n.plain(m.score), n.plain(m.expected), m.status.value, m.grade.id if m.grade else "",
        m.trend.value, "", _bool(m.reference), _int(m.expected_year), _bool(m.carried_over),
        t.op.value if t else "", n.plain(t.high if t else None),
        m.stage.value if m.stage else "",
    ]


def _kpi_row(k: KpiResult) -> list[str]:
    return [
        "kpi", k.id, k.name, k.field, "", "", "", "", "", "", "", "", "", n.plain(k.index),
        n.plain(k.expected), k.status.value, k.grade.id if k.grade else "", k.trend.value,
        n.plain(k.coverage), _bool(False), "", "", "", "", "",
    ]


def _int(x: int | None) -> str:
    return "" if x is None else str(x)


def _bool(x: bool) -> str:
    return "true" if x else "false"


# --- Markdown -----------------------------------------------------------------------------


def to_markdown(results: Results) -> str:
    """A goals table, then per field a KPI table and per KPI an indicator table."""
    has_grades = _has_grades(results)
    lines = [f"# {md_escape(results.plan_name)} — {labels.year_title(results.year)} "
             + (words.word("evaluation") if words.japanese() else
                f"評価 (evaluation {results.year})"), "",
             f"- {words.word('year')}: {md_escape(labels.year_reason(results.year_choice))}",
             f"- {words.word('judged')}: {md_escape(labels.JUDGE_WORDS[results.judge])}", ""]
    basic = words.WORDS["goals"]
    lines += [f"## {basic[0]}" + ("" if words.japanese() else f" ({basic[1]})"), ""]
    lines += _table(_measure_header("goal", has_grades),
                    [_measure_cells(g, results.year, has_grades) for g in results.goals])
    kpis = {k.id: k for k in results.kpis}
    for field in results.fields:
        index = n.score(field.index).strip()
        lines += ["", f"## {md_escape(field.name)} ({field.id}) — "
                  f"{words.WORDS['field_index'][0]} {index}", ""]
        mine = [kpis[k] for k in field.kpis if k in kpis]
        lines += _table(["KPI", "index", "expected", "status",
                         *(["grade"] if has_grades else []), "trend", "coverage"],
                        [_kpi_cells(k, has_grades) for k in mine])
        for kpi in mine:
            lines += ["", f"### {md_escape(kpi.name)} ({kpi.id})", ""]
            lines += _table(_measure_header("indicator", has_grades),
                            [_measure_cells(i, results.year, has_grades)
                             for i in kpi.indicators])
    text = "\n".join(lines) + "\n"
    if results.roadmap is not None:
        from dxplan.render.roadmap import roadmap_markdown  # lazy: only runs that loaded a roadmap

        text += "\n" + roadmap_markdown(results.roadmap).rstrip("\n") + "\n"
    return text


def _has_grades(results: Results) -> bool:
    measures = [*results.goals, *(i for k in results.kpis for i in k.indicators)]
    return any(m.grade is not None for m in measures) or \
        any(k.grade is not None for k in results.kpis)


def _measure_header(first: str, has_grades: bool) -> list[str]:
    """The columns of a goal or indicator table, by their keys in words.WORDS."""
    return [first, "value", "plan", "score", "expected", "status",
            *(["grade"] if has_grades else [])]


def _measure_cells(m: MeasureResult, year: int, has_grades: bool) -> list[str]:
    marks = labels.lifecycle_marks(m)
    name = f"{m.name} ({m.id})" + (f" {_REFERENCE}" if m.reference else "") + \
        (f" [{marks}]" if marks else "")
    return [name, labels.value_text(m, year), labels.plan_text(m), n.score(m.score).strip(),
            labels.expected_text(m, year), labels.status_label(m.status).text,
            *([labels.grade_text(m.grade)] if has_grades else [])]


def _kpi_cells(k: KpiResult, has_grades: bool) -> list[str]:
    marks = labels.lifecycle_marks(k)
    return [f"{k.name} ({k.id})" + (f" [{marks}]" if marks else ""), n.score(k.index).strip(),
            n.score(k.expected).strip(),
            labels.status_label(k.status).text,
            *([labels.grade_text(k.grade)] if has_grades else []),
            labels.trend_label(k.trend).text, n.percent(k.coverage)]


def _table(keys: list[str], rows: list[list[str]]) -> list[str]:
    """A table under the headers of `keys` (words.WORDS; a key it lacks is shown as it
    is). Figures right-aligned: a column of scores compares at a glance."""
    header = [words.word(key) if key in words.WORDS else key for key in keys]
    rule = ["---:" if key in _NUMERIC else "---" for key in keys]
    out = [_row(header), "| " + " | ".join(rule) + " |"]
    out += [_row(r) for r in rows]
    return out


_NUMERIC: Final = {"value", "score", "expected", "index", "coverage"}
_REFERENCE: Final = "※参考値"


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(md_escape(c) for c in cells) + " |"


def md_escape(text: str) -> str:
    """Cell text that cannot break the table: `|` escaped, line breaks joined."""
    return " ".join(text.replace("\\", "\\\\").replace("|", "\\|").split())
