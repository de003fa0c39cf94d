"""The checked workspace and the syntax tree, as the cache stores them: read back, each is
what was checked or parsed, spans and every field that equality leaves out included."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

import attrs
import pytest
import support
from hypothesis import given
from hypothesis import strategies as st

from dxplan import cache, pipeline
from dxplan.model import Workspace
from dxplan.source import SourceFile, Span
from dxplan.spec.parse import parse_text

ROOT = Path(__file__).resolve().parents[1]


def same(a: Any, b: Any, where: str = "workspace") -> None:
    """`a` and `b` alike in every field, equality's or not, down to each span's place."""
    assert type(a) is type(b), where
    if isinstance(a, Span):
        assert tuple(a) == tuple(b) and a.source.text == b.source.text, where
    elif attrs.has(type(a)):
        for field in attrs.fields(type(a)):
            same(getattr(a, field.name), getattr(b, field.name), f"{where}.{field.name}")
    elif isinstance(a, tuple):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            same(x, y, f"{where}[{i}]")
    else:
        assert a == b or (a != a and b != b), where  # a NaN is itself


# an indicator's lines, each valid alone and with any of the others
LINES = st.sets(st.sampled_from([
    'unit "%"', 'source "県調べ"', 'note "メモ"', "weight 2", "method attainment",
    "clamp 0..120", "year calendar", 'added 2025 "追加"', 'retired 2027 "廃止"',
    "value = a / b * 100",
]))
# how it is judged: a baseline and dated targets, a target for each year, or none
JUDGED = st.sampled_from([
    "baseline 2023 = 10\ntarget 2028 = 50", "baseline 2023 = 10\ntarget 2028 >= 50",
    "baseline 2023 = 10\ntarget 2028 = 40..60",
    "baseline H24..H26 = 650\ntarget 2028 = baseline * 1.2",
    "baseline 2022 = 1,000 { note \"n\" }\ntarget 2026 = 30\ntarget 2028 = 60",
    'baseline 2023 = 10\ntarget 2028 = 50 { illustrative; source "出典" }\n'
    'revised 2026 "見直し" {\n target 2028 = 80\n}',
    'baseline 2023 = 10\ntarget 2028 = 50\nrevised 2026 "見直し" {\n weight 3\n}',
    "target each year >= 1,000", 'milestone 2026 "制定"', "reference",
])
INDICATORS = st.tuples(LINES, JUDGED).map(lambda t: "\n".join([*sorted(t[0]), t[1]]))


def plan_text(indicators: list[str], goal: str) -> str:
    body = "\n".join(f'indicator i{n} "指標{n}" {{\n{text}\n}}'
                     for n, text in enumerate(indicators))
    return (f'plan p "計画" {{\n period 2024..2028\n}}\n'
            f'grading {{\n grade A "順調" when score >= expected\n grade B "他" otherwise\n}}\n'
            f'goal g "目標" {{\n{goal}\n}}\n'
            f'field f "分野" {{\n kpi k "KPI" {{\n{body}\n }}\n}}\n'
            'roadmap r "工程" {\n year 2024\n field f {\n  category "項目" {\n'
            '   project 1 "事業" { kpi k; milestone 2024H2 "完了" }\n'
            '   project 2 "参考" { reference }\n  }\n }\n}\n')


@given(st.lists(INDICATORS, min_size=1, max_size=4), INDICATORS)
def test_a_workspace_reads_back_as_it_was_checked(indicators: list[str], goal: str) -> None:
    loaded = pipeline.load_strings(plan_text(indicators, goal))
    assert loaded.ok and loaded.workspace is not None, support.frames(loaded.diagnostics)
    back = pickle.loads(pickle.dumps(loaded.workspace, protocol=pickle.HIGHEST_PROTOCOL))
    same(loaded.workspace, back)


def test_the_shipped_workspace_comes_back_whole_from_the_cache(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DXPLAN_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("DXPLAN_NO_CACHE", raising=False)
    specs = [str(ROOT / "specs" / "plan2024.dxp"), str(ROOT / "specs" / "roadmap2024.dxp")]
    checked = pipeline.load(specs)
    cache.finish()  # the entry is written in the background
    assert list(tmp_path.glob("workspace-*.pickle"))
    cached = pipeline.load(specs)
    assert isinstance(checked.workspace, Workspace) and checked.modules  # parsed and checked
    assert not cached.modules  # read back whole
    same(checked.workspace, cached.workspace)
    assert checked.diagnostics == cached.diagnostics


@given(st.lists(INDICATORS, min_size=1, max_size=4), INDICATORS)
def test_a_syntax_tree_reads_back_as_it_was_parsed(indicators: list[str], goal: str) -> None:
    # formulas, ranges, blocks, comments: every kind of record, with its spans
    text = plan_text(indicators, goal).replace("\n", "  # c\n", 3) + \
        "value = -(a + 2) * f(b, not c) >= 1 or \"t\"\nx 1..2 -3 2024H1 R6 \"s\";\n"
    module, diagnostics = parse_text(SourceFile("t.dxp", text))
    assert module is not None, support.frames(diagnostics)
    back = pickle.loads(pickle.dumps(module, protocol=pickle.HIGHEST_PROTOCOL))
    same(module, back, "module")
