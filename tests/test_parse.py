"""The parser: every construct of the language becomes the syntax tree the checker expects.

Trees are compared through `shape()`, a projection that keeps what a statement says
(keyword, arguments, operator, formula, body) and drops where it says it: texts are shown
quoted, names bare, numbers as floats, ranges as pairs, formulas in canonical text (the
renderer parenthesises by the tree, so a wrong precedence shows as a different string).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from dxplan.check import check
from dxplan.formula import FUNCTIONS
from dxplan.source import SourceFile, Span
from dxplan.spec import ast
from dxplan.spec.parse import parse_text
from dxplan.spec.schema import GRADE_VARIABLES, METHODS, SCHEMA


def parse(text: str) -> ast.Module:
    module, diagnostics = parse_text(SourceFile("t.dxp", text))
    assert diagnostics == []
    assert module is not None
    return module


def arg(a: ast.Arg) -> Any:
    if isinstance(a, ast.Text):
        return ast.quote(a.value)
    if isinstance(a, ast.Range):
        return (arg(a.low), arg(a.high))
    return a.value


def shape(stmt: ast.Statement) -> tuple[Any, ...]:
    body = None if stmt.body is None else tuple(shape(s) for s in stmt.body)
    expr = None if stmt.expr is None else ast.render_expr(stmt.expr)
    return (stmt.keyword, tuple(arg(a) for a in stmt.args), stmt.op, expr, body)


def shapes(text: str) -> list[tuple[Any, ...]]:
    return [shape(s) for s in parse(text).statements]


# --- constructs ------------------------------------------------------------------------


def test_plan_period_and_vision() -> None:
    text = 'plan aomori_dx "青森県DX推進プラン" {\n    period 2024..2028\n' \
           '    vision 2040 "青森県はDXでもっとおもしろくなる"\n    method progress\n}\n'
    assert shapes(text) == [
        ("plan", ("aomori_dx", '"青森県DX推進プラン"'), None, None, (
            ("period", ((2024.0, 2028.0),), None, None, None),
            ("vision", (2040.0, '"青森県はDXでもっとおもしろくなる"'), None, None, None),
            ("method", ("progress",), None, None, None),
        )),
    ]


def test_goal_with_formula_baseline_target_and_provenance() -> None:
    text = """goal productivity "労働生産性" {
    unit "千円"
    value = gross_product / workers * 1000
    baseline 2020 = 3720 {
        source "青森県民経済計算"
        note "逆算値"
    }
    target 2028 = 4200 { source "実践プログラム"; note "重点目標" }
}
"""
    assert shapes(text) == [
        ("goal", ("productivity", '"労働生産性"'), None, None, (
            ("unit", ('"千円"',), None, None, None),
            ("value", (), "=", "gross_product / workers * 1000", None),
            ("baseline", (2020.0,), "=", "3720", (
                ("source", ('"青森県民経済計算"',), None, None, None),
                ("note", ('"逆算値"',), None, None, None),
            )),
            ("target", (2028.0,), "=", "4200", (
                ("source", ('"実践プログラム"',), None, None, None),
                ("note", ('"重点目標"',), None, None, None),
            )),
        )),
    ]


def test_field_kpi_indicator_with_weight_reference_method_clamp() -> None:
    text = """field industry "産業・しごと" {
    kpi enterprise_dx "県内企業のDXの推進状況" {
        method attainment
        indicator firms "企業数" {
            baseline 2023 = 0
            target 2026 = 30
            target 2028 = 60
            weight 2
            clamp 0..120
        }
        indicator cases "支援件数" {
            reference
            clamp none
        }
    }
}
"""
    assert shapes(text) == [
        ("field", ("industry", '"産業・しごと"'), None, None, (
            ("kpi", ("enterprise_dx", '"県内企業のDXの推進状況"'), None, None, (
                ("method", ("attainment",), None, None, None),
                ("indicator", ("firms", '"企業数"'), None, None, (
                    ("baseline", (2023.0,), "=", "0", None),
                    ("target", (2026.0,), "=", "30", None),
                    ("target", (2028.0,), "=", "60", None),
                    ("weight", (2.0,), None, None, None),
                    ("clamp", ((0.0, 120.0),), None, None, None),
                )),
                ("indicator", ("cases", '"支援件数"'), None, None, (
                    ("reference", (), None, None, None),
                    ("clamp", ("none",), None, None, None),
                )),
            )),
        )),
    ]


def test_grading_rules_with_logic_and_comparisons() -> None:
    text = """grading {
    grade "-" "評価不能" when no_data
    grade S "目標達成" when raw >= 100
    grade B "やや遅れ" when score >= expected * 0.5 and not (change < -3 or value == 0)
    grade D "後退" otherwise
}
"""
    assert shapes(text) == [
        ("grading", (), None, None, (
            ("grade", ('"-"', '"評価不能"'), "when", "no_data", None),
            ("grade", ("S", '"目標達成"'), "when", "raw >= 100", None),
            ("grade", ("B", '"やや遅れ"'), "when",
             "score >= expected * 0.5 and not (change < -3 or value == 0)", None),
            ("grade", ("D", '"後退"', "otherwise"), None, None, None),
        )),
    ]


def test_formula_precedence_is_in_the_tree() -> None:
    # or < and < not < comparison < + - < * / < unary minus; left-associative
    [(_, _, _, expr, _)] = shapes("value = -a + b * c - d / e - f >= 1 or g and h\n")
    assert expr == "-a + b * c - d / e - f >= 1 or g and h"
    value = parse("value = (a + b) * c - (d - e)\n").statements[0].expr
    assert isinstance(value, ast.Binary) and value.op == "-"
    assert isinstance(value.left, ast.Binary) and value.left.op == "*"
    assert ast.render_expr(value) == "(a + b) * c - (d - e)"


def test_calls_in_formulas() -> None:
    [(_, _, _, expr, _)] = shapes("value = round(mean(a, lag(a, 1), at(a, 2019)), 1) + max(b)\n")
    assert expr == "round(mean(a, lag(a, 1), at(a, 2019)), 1) + max(b)"


def test_roadmap_one_line_and_multi_line_projects() -> None:
    text = """roadmap r6 "令和6年度DX関連事業ロードマップ" {
    year 2024
    field industry {
        category "サービス業・商工業" {
            project 1 "販路拡大支援事業" { kpi enterprise_dx }
            project 4 "人財育成・確保" { kpi enterprise_dx work_style }
            project 17 "観測システム更新整備事業" {
                kpi industry_dx
                milestone 2024h2 "観測ブイ更新"
            }
            project 76 "議会事務のICT化推進事業" { reference; kpi work_efficiency }
            project 77 "名前だけ"
        }
    }
}
"""
    assert shapes(text) == [
        ("roadmap", ("r6", '"令和6年度DX関連事業ロードマップ"'), None, None, (
            ("year", (2024.0,), None, None, None),
            ("field", ("industry",), None, None, (
                ("category", ('"サービス業・商工業"',), None, None, (
                    ("project", (1.0, '"販路拡大支援事業"'), None, None, (
                        ("kpi", ("enterprise_dx",), None, None, None),
                    )),
                    ("project", (4.0, '"人財育成・確保"'), None, None, (
                        ("kpi", ("enterprise_dx", "work_style"), None, None, None),
                    )),
                    ("project", (17.0, '"観測システム更新整備事業"'), None, None, (
                        ("kpi", ("industry_dx",), None, None, None),
                        # half years are kept in canonical upper case
                        ("milestone", ("2024H2", '"観測ブイ更新"'), None, None, None),
                    )),
                    ("project", (76.0, '"議会事務のICT化推進事業"'), None, None, (
                        ("reference", (), None, None, None),
                        ("kpi", ("work_efficiency",), None, None, None),
                    )),
                    ("project", (77.0, '"名前だけ"'), None, None, None),
                )),
            )),
        )),
    ]


def test_empty_block_and_no_block_differ() -> None:
    assert shapes("x {}\ny\n") == [("x", (), None, None, ()), ("y", (), None, None, None)]


# --- comments ----------------------------------------------------------------------------


def test_comments_are_kept_aside_with_position() -> None:
    module = parse('# heading\nplan p "P" {   # trailing\n    # inside\n    period 2024..2028\n}\n')
    assert [(c.line, c.column, c.text, c.own_line) for c in module.comments] == [
        (1, 1, "# heading", True),
        (2, 16, "# trailing", False),
        (3, 5, "# inside", True),
    ]
    # comments are not statements
    assert [shape(s)[0] for s in ast.walk(module.statements)] == ["plan", "period"]


def test_hash_inside_a_text_is_not_a_comment() -> None:
    module = parse('unit "#1 件数"  # real\n')
    assert shape(module.statements[0]) == ("unit", ('"#1 件数"',), None, None, None)
    assert [c.text for c in module.comments] == ["# real"]


def test_escaped_quote_in_text() -> None:
    module = parse('note "a \\"b\\" # c"\n')
    assert module.statements[0].args == (ast.Text('a "b" # c', span=_NOWHERE),)
    assert module.comments == ()


# --- numbers, years, names -----------------------------------------------------------------


@pytest.mark.parametrize(("written", "value", "percent"), [
    ("1_000", 1000.0, False),
    ("12.5", 12.5, False),
    ("30%", 30.0, True),
    ("-5", -5.0, False),
    ("0", 0.0, False),
])  # fmt: skip
def test_number_arguments(written: str, value: float, percent: bool) -> None:
    [number] = parse(f"weight {written}\n").statements[0].args
    assert isinstance(number, ast.Number)
    assert (number.value, number.text, number.percent) == (value, written, percent)


def test_negative_value_is_a_negated_number_in_a_formula() -> None:
    stmt = parse("baseline 2023 = -5\n").statements[0]
    assert stmt.expr == ast.Unary("-", ast.Number(5.0, "5", _NOWHERE), _NOWHERE)


@pytest.mark.parametrize("era", ["R6", "令和6"])
def test_era_years_are_names_that_check_turns_into_fiscal_years(era: str) -> None:
    text = f"""plan p "P" {{ period {era}..2028 }}
goal g "G" {{
    baseline {era} = 1
    target 2028 = 2
}}
"""
    module = parse(text)
    assert module.statements[1].body is not None
    assert arg(module.statements[1].body[0].args[0]) == era  # kept as written in the tree
    workspace, diagnostics = check([module])
    assert diagnostics == []
    assert workspace.plan is not None
    assert (workspace.plan.start, workspace.plan.end) == (2024, 2028)  # R6 = 2018 + 6
    baseline = workspace.plan.goals[0].baseline
    assert baseline is not None and baseline.year == 2024


def test_unicode_identifiers() -> None:
    text = 'indicator 漢字の指標 "名前" { weight 1 }\nvalue = 県内総生産 / 就業者数\n'
    assert shapes(text) == [
        ("indicator", ("漢字の指標", '"名前"'), None, None,
         (("weight", (1.0,), None, None, None),)),
        ("value", (), "=", "県内総生産 / 就業者数", None),
    ]


def test_crlf_input_parses_like_lf() -> None:
    lf = 'plan p "P" {  # note\n    period 2024..2028\n}\n'
    crlf_module = parse(lf.replace("\n", "\r\n"))
    assert crlf_module == parse(lf)
    assert [c.text for c in crlf_module.comments] == ["# note"]  # no stray '\r'


def test_layout_does_not_change_the_tree() -> None:
    spread = 'field f "F" {\n\n    kpi k "K" {\n        note "n"\n    }\n}\n'
    packed = 'field f "F" { kpi k "K" { note "n" } }'
    assert parse(spread) == parse(packed)  # spans differ, records compare equal


def test_tree_equals_hand_built_records() -> None:
    built = ast.Statement(
        "target", (ast.Number(2028.0, "2028", _NOWHERE),), "=",
        ast.Binary("*", ast.Var("a", _NOWHERE), ast.Number(2.0, "2", _NOWHERE), _NOWHERE),
        span=_NOWHERE, keyword_span=_NOWHERE,
    )
    assert parse("target 2028 = a * 2\n").statements == (built,)


# --- spans -----------------------------------------------------------------------------------


def _at(span: Span) -> tuple[int, int, int, int]:
    return (span.line, span.column, span.end_line, span.end_column)


SPAN_TEXT = """plan p "P" {
    period 2024..2028
}
goal 漢字 "G" {
    value = a + f(b)
}
milestone 2024H1 "m"
"""


def test_spans_of_statements_and_keywords() -> None:
    plan, goal, milestone = parse(SPAN_TEXT).statements
    assert _at(plan.span) == (1, 1, 3, 2)  # through the closing brace
    assert _at(plan.keyword_span) == (1, 1, 1, 5)
    assert plan.end_line == 3
    assert goal.body is not None
    assert _at(goal.body[0].keyword_span) == (5, 5, 5, 10)
    assert _at(milestone.span) == (7, 1, 7, 21)


def test_spans_of_arguments() -> None:
    plan, goal, milestone = parse(SPAN_TEXT).statements
    assert _at(plan.args[0].span) == (1, 6, 1, 7)  # name
    assert _at(plan.args[1].span) == (1, 8, 1, 11)  # text, quotes included
    assert plan.body is not None
    assert _at(plan.body[0].args[0].span) == (2, 12, 2, 22)  # range 2024..2028
    assert _at(goal.args[0].span) == (4, 6, 4, 8)  # 漢字: columns count characters
    assert _at(milestone.args[0].span) == (7, 11, 7, 17)  # period


def test_spans_of_formula_nodes() -> None:
    _, goal, _ = parse(SPAN_TEXT).statements
    assert goal.body is not None
    expr = goal.body[0].expr
    assert isinstance(expr, ast.Binary)
    assert _at(expr.span) == (5, 13, 5, 21)
    assert _at(expr.left.span) == (5, 13, 5, 14)  # variable
    assert isinstance(expr.right, ast.Call)
    assert _at(expr.right.span) == (5, 17, 5, 21)  # call, through ')'


def test_spans_cover_leading_operators_and_brackets() -> None:
    # in `value = -a * (b + c) - f()`: '-' is column 9, '(' 14, ')' 20, 'f' 24, ')' 26
    stmt = parse("value = -a * (b + c) - f()\nweight -5\nvalue = not d\n").statements
    expr = stmt[0].expr
    assert isinstance(expr, ast.Binary) and isinstance(expr.left, ast.Binary)
    assert _at(expr.left.left.span) == (1, 9, 1, 11)  # -a, minus included
    assert _at(expr.left.span) == (1, 9, 1, 21)  # through the ')' of (b + c)
    assert _at(expr.left.right.span) == (1, 15, 1, 20)  # b + c, inside the brackets
    assert _at(expr.right.span) == (1, 24, 1, 27)  # f(), an empty call
    assert _at(stmt[1].args[0].span) == (2, 8, 2, 10)  # the argument -5
    assert stmt[2].expr is not None and _at(stmt[2].expr.span) == (3, 9, 3, 14)  # not d


_NOWHERE = Span.point(SourceFile("nowhere", ""), 1, 1)


# --- docs/language.md stays true -------------------------------------------------------------

LANGUAGE_DOC = Path(__file__).resolve().parents[1] / "docs" / "language.md"


def test_every_example_in_the_language_doc_parses() -> None:
    doc = LANGUAGE_DOC.read_text(encoding="utf-8")
    examples = re.findall(r"```dxp\n(.*?)```", doc, flags=re.DOTALL)
    assert len(examples) >= 7
    for example in examples:
        _module, diagnostics = parse_text(SourceFile("language.md", example))
        assert diagnostics == [], example


def test_language_doc_names_every_keyword_function_and_grading_variable() -> None:
    doc = LANGUAGE_DOC.read_text(encoding="utf-8")
    words = {kw for context in SCHEMA.values() for kw in context}
    words |= set(FUNCTIONS) | set(GRADE_VARIABLES) | set(METHODS)
    assert sorted(w for w in words if f"`{w}`" not in doc) == []


@pytest.mark.parametrize("written", ["４８．５", "６０％", "－５", "３，７２０"])
def test_full_width_symbols_in_numbers_are_errors_as_the_doc_says(written: str) -> None:
    # full-width digits are read (test_fmt.py); the point, %, minus and comma are not
    _module, diagnostics = parse_text(SourceFile("t.dxp", f"baseline 2023 = {written}\n"))
    assert [d.code for d in diagnostics] == ["unexpected-character"]


def test_a_half_year_with_full_width_digits_is_the_same_half_year() -> None:
    # ２０２４H2 narrows to 2024H2, so a milestone in it lies in the roadmap year 2024
    module, diagnostics = parse_text(SourceFile("t.dxp", 'milestone ２０２４H2 "稼働"\n'))
    assert module is not None and not diagnostics
    assert module.statements[0].args[0] == ast.Period("2024H2", module.statements[0].span)
