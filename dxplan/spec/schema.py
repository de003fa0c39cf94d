"""Which statements may appear where, and with which arguments.

The grammar accepts one uniform statement shape; this table gives each keyword its place
and its arguments, so the checker can answer a misspelt or misplaced property with
"did you mean" and a usage line, and the formatter and docs read the same truth.

Argument kinds: id (a name), text ("..."), year (2024, R6, 令和6年度, H34), years (a year
or a span of years, H24..H26), target_year (a year, or `each year`), number, int,
range (a..b), clamp (a..b or `none`), word (a bare name), names (one or more names),
period (2024H1).
"""

from __future__ import annotations

import attrs

from dxplan.record import Record


@attrs.frozen(repr=False)
class Spec(Record):
    args: tuple[str, ...]
    usage: str
    op: str | None = None  # "=" when a value or formula must follow
    block: str | None = None  # the context of its { ... } body
    block_required: bool = False
    repeat: bool = False


def _text(usage: str) -> Spec:
    return Spec(("text",), usage)


_MEASURE_BODY = "measure"

SCHEMA: dict[str, dict[str, Spec]] = {
    "top": {
        "plan": Spec(("id", "text"), 'plan aomori_dx "青森県DX推進プラン" { ... }',
                     block="plan", block_required=True),
        "entities": Spec(("id", "text"), 'entities municipalities "市町村" { file "..." }',
                         block="entities", block_required=True, repeat=True),
        "goal": Spec(("id", "text"), 'goal productivity "労働生産性" { ... }',
                     block=_MEASURE_BODY, block_required=True, repeat=True),
        "field": Spec(("id", "text"), 'field industry "産業・しごと" { ... }',
                      block="field", block_required=True, repeat=True),
        "grading": Spec((), "grading { grade A \"順調\" when score >= expected ... }",
                        block="grading", block_required=True),
        "roadmap": Spec(("id", "text"), 'roadmap r6 "令和6年度DX関連事業ロードマップ" { ... }',
                        block="roadmap", block_required=True, repeat=True),
    },
    "plan": {
        "period": Spec(("range",), "period 2024..2028"),
        "vision": Spec(("year", "text"), 'vision 2040 "青森県はDXでもっとおもしろくなる"'),
        "method": Spec(("word",), "method progress   (or: method attainment)"),
        "judge": Spec(("word", "word"), "judge at value_year   (or: judge at evaluation_year)"),
        "note": _text('note "..."'),
        "illustrative": _text('illustrative "基準値・目標値は例示値"'),
    },
    _MEASURE_BODY: {
        "unit": _text('unit "千円"'),
        "source": _text('source "青森県民経済計算"'),
        "note": _text('note "..."'),
        "value": Spec((), "value = gross_product / workers", op="="),
        "baseline": Spec(("years",), "baseline 2020 = 3720   (over years: baseline H24..H26 = 650)",
                         op="=", block="dated"),
        "target": Spec(("target_year",), "target 2028 = 4200   (also: target 2028 >= 100, "
                       "target 2028 = 30..40, target 2028 = baseline * 0.2, "
                       "target each year >= 1000)", op="bound", block="dated", repeat=True),
        "milestone": Spec(("year", "text"), 'milestone 2026 "制定"'),
        "year": Spec(("word",), "year calendar   (or: year fiscal, the default)"),
        "by": Spec(("id",), "by municipalities"),
        "added": Spec(("year", "text"), 'added 2025 "令和7年度に追加"'),
        "retired": Spec(("year", "text"), 'retired 2026 "目標達成により廃止"'),
        "revised": Spec(("year", "text"), 'revised 2026 "見直しの理由" { target 2028 = 80 }',
                        block="revision", block_required=True, repeat=True),
        "weight": Spec(("number",), "weight 2"),
        "reference": Spec((), "reference"),
        "method": Spec(("word",), "method progress   (or: method attainment)"),
        "clamp": Spec(("clamp",), "clamp 0..100   (or: clamp none)"),
    },
    # what a revision may change; anything else of a goal or indicator may not be revised
    "revision": {
        "target": Spec(("target_year",), "target 2028 = 80", op="bound", block="dated",
                       repeat=True),
        "baseline": Spec(("years",), "baseline 2022 = 35", op="=", block="dated"),
        "weight": Spec(("number",), "weight 2"),
        "unit": _text('unit "千円"'),
        "value": Spec((), "value = gross_product / workers", op="="),
        "source": _text('source "..."'),
        "note": _text('note "..."'),
    },
    "entities": {
        "file": _text('file "municipalities.csv"   (code,name[,kind])'),
        "note": _text('note "..."'),
    },
    "dated": {
        "source": _text('source "..."'),
        "note": _text('note "..."'),
        "url": _text('url "https://..."'),
        "illustrative": Spec((), "baseline 2023 = 35 { illustrative }"),
    },
    "field": {
        "kpi": Spec(("id", "text"), 'kpi enterprise_dx "県内企業のDXの推進状況" { ... }',
                    block="kpi", block_required=True, repeat=True),
        "note": _text('note "..."'),
    },
    "kpi": {
        "indicator": Spec(("id", "text"), 'indicator my_indicator "中間指標の名前" { ... }',
                          block=_MEASURE_BODY, block_required=True, repeat=True),
        "method": Spec(("word",), "method progress   (or: method attainment)"),
        "note": _text('note "..."'),
        "added": Spec(("year", "text"), 'added 2025 "令和7年度に追加"'),
        "retired": Spec(("year", "text"), 'retired 2026 "見直しにより廃止"'),
    },
    "grading": {
        "grade": Spec(("grade", "text"), 'grade A "順調" when score >= expected', repeat=True),
    },
    "roadmap": {
        "year": Spec(("year",), "year 2024"),
        "field": Spec(("id",), "field industry { category \"...\" { ... } }",
                      block="roadmap_field", block_required=True, repeat=True),
        "note": _text('note "..."'),
    },
    "roadmap_field": {
        "category": Spec(("text",), 'category "サービス業・商工業" { project ... }',
                         block="category", block_required=True, repeat=True),
    },
    "category": {
        "project": Spec(("int", "text"), 'project 1 "事業名" { kpi enterprise_dx }',
                        block="project", repeat=True),
    },
    "project": {
        "kpi": Spec(("names",), "kpi enterprise_dx industry_dx"),
        "reference": Spec((), "reference"),
        "note": _text('note "..."'),
        "milestone": Spec(("period", "text"), 'milestone 2024H2 "システム稼働"', repeat=True),
    },
}

METHODS = ("progress", "attainment")
JUDGE_AT = ("value_year", "evaluation_year")
YEAR_KINDS = ("fiscal", "calendar")
# what may follow a target's year: `=` an exact value, or a bound
TARGET_OPS = ("=", ">=", "<=", ">", "<")

# names a grading condition may read (docs/language.md, "Grading")
GRADE_VARIABLES = (
    "raw", "score", "expected", "value", "baseline", "target", "change",
    "value_year", "year", "age", "no_data", "reference", "insufficient_data",
)  # fmt: skip
