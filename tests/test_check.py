"""`dxplan check`'s diagnostics, one golden frame per kind.

Each test gives a small spec with exactly one problem and compares the whole frame the
user reads: `path:line:col: severity[code]: message`, the source line, the caret under
the span, the hint. The text is a contract (editors parse it), so it is compared exactly.
"""

from __future__ import annotations

import re
from pathlib import Path

from dxplan.check import check
from dxplan.source import Diagnostic, SourceFile, format_diagnostic, sorted_diagnostics
from dxplan.spec.parse import parse_text

ROOT = Path(__file__).resolve().parents[1]
PLAN = 'plan p "P" { period 2024..2028 }\n'  # line 1 of most specs below


def diagnose(*texts: str) -> list[Diagnostic]:
    """Parse and check `texts` as one workspace (files t.dxp, u.dxp, ...)."""
    modules, found = [], []
    for i, text in enumerate(texts):
        module, diagnostics = parse_text(SourceFile("tu"[i] + ".dxp", text))
        found += diagnostics
        if module is not None:
            modules.append(module)
    if len(modules) == len(texts):
        found += check(modules)[1]
    return sorted_diagnostics(found)


def frames(*texts: str) -> list[str]:
    return [format_diagnostic(d) for d in diagnose(*texts)]


def goal(body: str, header: str = 'goal g "G"') -> str:
    return PLAN + header + " {\n" + body + "}\n"


# --- syntax ---------------------------------------------------------------------------------


def test_unexpected_token_is_named_in_words() -> None:
    assert frames(goal("    target 2028 = 60 weight 2\n")) == ["""\
t.dxp:3:22: error[syntax]: unexpected name 'weight'; expected '}' or the end of the line
  3 |     target 2028 = 60 weight 2
    |                      ^^^^^^
  = hint: put each property on its own line, or separate them with ';'"""]


def test_missing_value_after_equals() -> None:
    assert frames(goal("    baseline 2023 =\n    target 2028 = 5\n")) == ["""\
t.dxp:3:20: error[missing-value]: a value is missing after '='
  3 |     baseline 2023 =
    |                    ^
  = hint: write a number or a formula, e.g. `target 2028 = 60`"""]


def test_unclosed_block_points_at_the_block_missing_its_brace() -> None:
    # Brace counting alone would blame `field` (line 2), the outermost open block; the
    # indentation says indicator `a` (line 4) lost its '}'.
    text = PLAN + """field f "F" {
    kpi k "K" {
        indicator a "A" {
            baseline 2023 = 1
            target 2028 = 2
        indicator b "B" {
            baseline 2023 = 1
            target 2028 = 2
        }
    }
}
"""
    assert frames(text) == ["""\
t.dxp:4:25: error[unclosed-block]: this block is never closed: '{' has no matching '}'
  4 |         indicator a "A" {
    |                         ^
  = hint: add '}' where the block ends"""]


def test_several_syntax_errors_in_one_run() -> None:
    text = PLAN + """goal g "G" {
    baseline 2023 =
    target 2028 = 5 )
    unit “円”
}
goal h "H" {
    target 2028 = 60 weight 2
}
"""
    assert [(d.span.line if d.span else 0, d.code) for d in diagnose(text)] == [
        (3, "missing-value"),
        (4, "syntax"),
        (5, "unexpected-character"),
        (8, "syntax"),
    ]


def test_stray_closing_brace_is_reported_once() -> None:
    assert frames(PLAN + "}\n") == ["""\
t.dxp:2:1: error[unmatched-brace]: this '}' closes no block
  2 | }
    | ^
  = hint: remove it, or add the block it should close"""]


# --- names and properties ---------------------------------------------------------------------


def test_duplicate_id() -> None:
    text = goal("    baseline 2023 = 1\n    target 2028 = 2\n") + \
        'goal g "Again" { baseline 2023 = 1; target 2028 = 2 }\n'
    assert frames(text) == ["""\
t.dxp:6:6: error[duplicate-id]: the id 'g' is already used
  6 | goal g "Again" { baseline 2023 = 1; target 2028 = 2 }
    |      ^
  = hint: first defined at t.dxp:2:6; give this goal another id"""]


def test_unknown_property_in_a_goal() -> None:
    assert frames(goal("    basline 2023 = 1\n    baseline 2023 = 1\n    target 2028 = 2\n")) \
        == ["""\
t.dxp:3:5: error[unknown-property]: 'basline' is not known inside a goal or indicator
  3 |     basline 2023 = 1
    |     ^^^^^^^
  = hint: did you mean 'baseline'?"""]


def test_same_property_twice() -> None:
    text = goal('    unit "円"\n    baseline 2023 = 1\n    target 2028 = 2\n    unit "千円"\n')
    assert frames(text) == ["""\
t.dxp:6:5: error[duplicate-property]: 'unit' is given twice
  6 |     unit "千円"
    |     ^^^^
  = hint: the first is at line 3; keep one"""]


# --- baselines, targets, weights ------------------------------------------------------------


def test_target_equal_to_baseline() -> None:
    assert frames(goal("    baseline 2023 = 5\n    target 2028 = 5\n")) == ["""\
t.dxp:4:5: error[target-equals-baseline]: the target of 'g' equals its baseline, so progress \
cannot be measured
  4 |     target 2028 = 5
    |     ^^^^^^^^^^^^^^^
  = hint: to keep the level (維持), write a bound: target 2028 >= 5 (or <= for at most)"""]


def test_target_year_before_baseline_year() -> None:
    text = goal("    baseline 2023 = 1\n    target 2022 = 3\n    target 2028 = 5\n")
    assert frames(text) == ["""\
t.dxp:4:5: error[target-before-baseline]: the target year 2022 is not after the baseline \
year 2023
  4 |     target 2022 = 3
    |     ^^^^^^^^^^^^^^^
  = hint: a target lies after its baseline"""]


def test_a_target_after_the_plan_period_is_a_long_range_target() -> None:
    # 構想 targets lie after the plan period (2024..2028): only a target before the
    # baseline is an error
    assert frames(goal("    baseline 2023 = 1\n    target 2030 = 5\n")) == []


def test_non_positive_weight() -> None:
    text = goal("    baseline 2023 = 1\n    target 2028 = 5\n    weight -1\n")
    assert frames(text) == ["""\
t.dxp:5:12: error[bad-weight]: a weight must be greater than 0
  5 |     weight -1
    |            ^^
  = hint: to leave it out of the index, mark the indicator `reference` instead"""]


def test_indicator_without_target() -> None:
    text = PLAN + """field f "F" {
    kpi k "K" {
        indicator 指標 "I" { baseline 2023 = 1 }
        indicator j "J" { baseline 2023 = 1; target 2028 = 2 }
    }
}
"""
    # the id is 2 characters (columns 19-20) but 4 terminal cells wide
    assert frames(text) == ["""\
t.dxp:4:19: error[missing-target]: the indicator '指標' has no target
  4 |         indicator 指標 "I" { baseline 2023 = 1 }
    |                   ^^^^
  = hint: add e.g. `target 2028 = 60`, or mark it `reference` (参考値)"""]


def test_reference_indicator_with_target_is_a_warning() -> None:
    diagnostics = diagnose(goal("    reference\n    target 2028 = 5\n"))
    assert [format_diagnostic(d) for d in diagnostics] == ["""\
t.dxp:4:5: warning[reference-with-target]: 'g' is reference-only but has a target; the \
target is ignored
  4 |     target 2028 = 5
    |     ^^^^^^^^^^^^^^^
  = hint: remove the target, or remove `reference` to score it"""]
    assert not diagnostics[0].is_error


def test_kpi_with_no_targeted_indicator_is_a_warning() -> None:
    text = PLAN + 'field f "F" {\n    kpi k "K" {\n' \
        '        indicator i "I" { reference }\n    }\n}\n'
    diagnostics = diagnose(text)
    assert [format_diagnostic(d) for d in diagnostics] == ["""\
t.dxp:3:9: warning[kpi-without-targets]: KPI 'k' has no indicator with a target, so it has \
no index
  3 |     kpi k "K" {
    |         ^
  = hint: give at least one indicator a baseline and a target"""]
    assert not diagnostics[0].is_error


# --- formulas -----------------------------------------------------------------------------


SCORED = "    baseline 2023 = 1\n    target 2028 = 5\n"


def test_unknown_function() -> None:
    assert frames(goal("    value = mena(a, b)\n" + SCORED)) == ["""\
t.dxp:3:13: error[unknown-function]: unknown function 'mena'
  3 |     value = mena(a, b)
    |             ^^^^^^^^^^
  = hint: did you mean 'mean'?"""]


def test_wrong_number_of_arguments() -> None:
    assert frames(goal("    value = lag(a)\n" + SCORED)) == ["""\
t.dxp:3:13: error[arity]: 'lag' takes 2 argument(s), got 1
  3 |     value = lag(a)
    |             ^^^^^^
  = hint: usage: lag(series, 1): the value n years earlier"""]


def test_formula_cycle() -> None:
    text = goal("    value = b * 2\n" + SCORED, 'goal a "A"') + \
        'goal b "B" {\n    value = a + 1\n' + SCORED + "}\n"
    assert frames(text) == ["""\
t.dxp:8:13: error[formula-cycle]: these formulas depend on each other in a circle: a -> b -> a
  8 |     value = a + 1
    |             ^
  = hint: break the circle: one of them must read data only"""]


# --- grading -------------------------------------------------------------------------------


def test_condition_with_unknown_name() -> None:
    # column 32 counts characters; the caret sits 2 cells further right because
    # 順 and 調 each take two terminal cells
    text = PLAN + 'grading {\n    grade A "順調" when score >= expectd\n}\n'
    assert frames(text) == ["""\
t.dxp:3:32: error[unknown-name]: unknown name 'expectd' in a condition
  3 |     grade A "順調" when score >= expectd
    |                                  ^^^^^^^
  = hint: did you mean 'expected'?"""]


def test_otherwise_not_last_is_a_warning() -> None:
    text = PLAN + 'grading {\n    grade D "後退" otherwise\n' \
        '    grade A "順調" when score >= expected\n}\n'
    diagnostics = diagnose(text)
    assert [format_diagnostic(d) for d in diagnostics] == ["""\
t.dxp:4:11: warning[unreachable-grade]: grade 'A' comes after `otherwise` and can never match
  4 |     grade A "順調" when score >= expected
    |           ^
  = hint: move `otherwise` to the last rule"""]
    assert not diagnostics[0].is_error


# --- roadmap -------------------------------------------------------------------------------


PLAN_WITH_KPI = PLAN + """field industry "F" {
    kpi enterprise_dx "K" {
        indicator i "I" { baseline 2023 = 1; target 2028 = 2 }
    }
}
"""


def roadmap(projects: str, field: str = "industry") -> str:
    return 'roadmap r6 "R" {\n    year 2024\n    field ' + field + ' {\n' \
        '        category "C" {\n' + projects + "        }\n    }\n}\n"


def test_duplicate_project_number() -> None:
    projects = '            project 1 "A" { kpi enterprise_dx }\n' \
        '            project 1 "B" { kpi enterprise_dx }\n'
    assert frames(PLAN_WITH_KPI, roadmap(projects)) == ["""\
u.dxp:6:21: error[duplicate-project]: project number 1 is used twice
  6 |             project 1 "B" { kpi enterprise_dx }
    |                     ^
  = hint: first used at u.dxp:5:21"""]


def test_unknown_kpi_in_roadmap() -> None:
    projects = '            project 1 "A" { kpi enterprse_dx }\n'
    assert frames(PLAN_WITH_KPI, roadmap(projects)) == ["""\
u.dxp:5:33: error[unknown-reference]: unknown KPI 'enterprse_dx'
  5 |             project 1 "A" { kpi enterprse_dx }
    |                                 ^^^^^^^^^^^^
  = hint: did you mean 'enterprise_dx'?"""]


def test_unknown_field_in_roadmap() -> None:
    projects = '            project 1 "A" { kpi enterprise_dx }\n'
    assert frames(PLAN_WITH_KPI, roadmap(projects, field="industy")) == ["""\
u.dxp:3:11: error[unknown-reference]: unknown field 'industy'
  3 |     field industy {
    |           ^^^^^^^
  = hint: did you mean 'industry'?"""]


def test_unknown_property_in_a_project() -> None:
    projects = '            project 1 "A" {\n                kpi enterprise_dx\n' \
        '                refrence\n            }\n'
    assert frames(PLAN_WITH_KPI, roadmap(projects)) == ["""\
u.dxp:7:17: error[unknown-property]: 'refrence' is not known inside a project
  7 |                 refrence
    |                 ^^^^^^^^
  = hint: did you mean 'reference'?"""]


# --- one run reports everything --------------------------------------------------------------


def test_every_semantic_error_in_one_run() -> None:
    text = PLAN + """goal a "A" {
    baseline 2023 = 5
    target 2028 = 5
    weight 0
}
goal a "Again" { baseline 2023 = 1; target 2028 = 2 }
goal b "B" {
    basline 2023 = 1
    target 2030 = 2
}
"""
    assert [(d.span.line if d.span else 0, d.code) for d in diagnose(text)] == [
        (4, "target-equals-baseline"),
        (5, "bad-weight"),
        (7, "duplicate-id"),
        # `basline` is one mistake, reported once: not also a missing baseline
        (9, "unknown-property"),
    ]


def test_clean_spec_has_no_diagnostics() -> None:
    projects = '            project 1 "A" { kpi enterprise_dx; milestone 2024H2 "稼働" }\n'
    assert diagnose(PLAN_WITH_KPI, roadmap(projects)) == []


# --- docs/errors.md stays complete ------------------------------------------------------------


def test_every_emitted_code_is_documented() -> None:
    emitted = {
        m.group(1)
        for path in (ROOT / "dxplan").rglob("*.py")
        for m in re.finditer(r'\b(?:error|warning)\(\s*"([a-z][a-z0-9-]*)"', path.read_text())
    }
    assert len(emitted) > 40  # the pattern still finds the calls
    documented = set(re.findall(r"^#+ .*`([a-z][a-z0-9-]*)`", (ROOT / "docs" / "errors.md")
                                .read_text(encoding="utf-8"), flags=re.MULTILINE))
    assert sorted(emitted - documented) == []
