"""Numbers too large for a float never reach the model as inf: each is a located error."""

from __future__ import annotations

import pytest

from dxplan.check import check
from dxplan.source import SourceFile
from dxplan.spec.parse import parse_text

HUGE = "9" * 400  # float(HUGE) is inf

SPEC = """plan p "P" {{
    period 2024..2028
}}
field f "F" {{
    kpi k "K" {{
        indicator i "I" {{
            baseline 2023 = {baseline}
            target 2028 = 5
            {extra}
        }}
    }}
}}
"""


@pytest.mark.parametrize(
    ("baseline", "extra", "code", "line"),
    [
        (HUGE, "weight 1", "bad-value", 7),
        ("1", f"weight {HUGE}", "bad-arguments", 9),
        ("1", f"clamp 0..{HUGE}", "bad-arguments", 9),
    ],
)
def test_a_number_too_large_is_an_error_not_infinity(
    baseline: str, extra: str, code: str, line: int
) -> None:
    module, syntax = parse_text(SourceFile("t.dxp", SPEC.format(baseline=baseline, extra=extra)))
    assert module is not None and not syntax
    _workspace, diagnostics = check([module])
    errors = [d for d in diagnostics if d.is_error]
    assert [(d.code, d.span.line if d.span else 0) for d in errors] == [(code, line)]


PLAN = 'plan p "P" {\n    period 2024..2028\n}\n'
ROADMAP = 'plan p "P" {{\n    period 2024..2028\n}}\n' \
    'field f "F" {{ kpi k "K" {{ indicator i "I" {{ reference }} }} }}\n' \
    'roadmap r "R" {{\n    year {year}\n    field f {{\n        category "c" {{\n' \
    '            project {project} "x" {{ kpi k }}\n        }}\n    }}\n}}\n'


@pytest.mark.parametrize(("text", "line"), [
    # 309 digits and more overflow a float: where a year or a project number belongs
    (PLAN + f'goal g "G" {{\n    baseline {HUGE} = 1\n    target 2028 = 2\n}}\n', 5),
    (f'plan p "P" {{\n    period 2024..{HUGE}\n}}\n', 2),
    (f'plan p "P" {{\n    period 2024..2028\n    vision {HUGE} "x"\n}}\n', 3),
    (ROADMAP.format(year=HUGE, project=1), 6),
    (ROADMAP.format(year=2024, project=HUGE), 9),
])
def test_a_huge_number_for_a_year_or_project_is_an_error(text: str, line: int) -> None:
    module, syntax = parse_text(SourceFile("t.dxp", text))
    assert module is not None and not syntax
    _workspace, diagnostics = check([module])
    assert ("bad-arguments", line) in [(d.code, d.span.line if d.span else 0)
                                       for d in diagnostics]
