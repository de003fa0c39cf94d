"""Bad input never raises: whatever the text, parse + check give a module or diagnostics.

Every diagnostic's span must lie inside the text it blames (a caret past the end of a line
or on a line that does not exist sends the reader to the wrong place), and every frame
must render.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from dxplan.check import check
from dxplan.source import Diagnostic, SourceFile, format_diagnostic
from dxplan.spec.parse import parse_text

ROOT = Path(__file__).resolve().parents[1]
SPECS = {
    name: (ROOT / "specs" / name).read_text(encoding="utf-8")
    for name in ("plan2024.dxp", "roadmap2024.dxp")
}

# Pieces of the language, so random text reaches deep parser states and the checker.
FRAGMENTS = [
    "plan", "goal", "field", "kpi", "indicator", "grading", "grade", "roadmap", "category",
    "project", "period", "vision", "baseline", "target", "weight", "reference", "clamp",
    "method", "value", "when", "otherwise", "and", "or", "not", "none", "year", "milestone",
    " p ", ' "名前" ', "2024..2028", "2028", "R6", "令和6", "2024H1", "30%", "1_000", "-5",
    "{", "}", "(", ")", "=", "==", ">=", "..", ";", ",", "#", "\n", "\r\n", " ", "    ",
    '"', "漢字", "“", "＝", "\t", "\u3000", "\u2028", "\x0c",
]  # fmt: skip
ARBITRARY = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=3)), max_size=40
).map("".join)


def run(text: str, path: str = "fuzz.dxp") -> list[Diagnostic]:
    module, diagnostics = parse_text(SourceFile(path, text))
    if module is None:
        assert any(d.is_error for d in diagnostics)  # no tree, so something must be wrong
        return diagnostics
    assert diagnostics == []
    _workspace, found = check([module])
    return found


def assert_inside(text: str, diagnostics: list[Diagnostic]) -> None:
    lines = text.split("\n")
    for d in diagnostics:
        frame = format_diagnostic(d)  # must not raise either
        assert frame.startswith(d.header())
        if d.span is None:
            continue
        line = lines[d.span.line - 1] if 1 <= d.span.line <= len(lines) else None
        assert line is not None, f"line out of the file: {frame}"
        assert 1 <= d.span.column <= len(line) + 1, f"column out of the line: {frame}"
        # the frame quotes the line the header names (blanks may be shown as spaces)
        quoted = frame.split("\n")[1].split(" | ", 1)[1]
        assert _blanks(quoted) == _blanks(line), frame


def _blanks(text: str) -> str:
    return "".join(" " if ch.isspace() else ch for ch in text).rstrip()


@given(ARBITRARY)
def test_arbitrary_text_never_raises(text: str) -> None:
    assert_inside(text, run(text))


@given(st.text())
def test_any_unicode_never_raises(text: str) -> None:
    assert_inside(text, run(text))


def _edit(name: str, data: st.DataObject) -> str:
    text = SPECS[name]
    at = data.draw(st.integers(0, len(text) - 1), label="at")
    if data.draw(st.booleans(), label="delete"):
        return text[:at] + text[at + 1 :]
    char = data.draw(st.sampled_from('{}()"=;#.,\n -_%H0123456789az漢'), label="insert")
    return text[:at] + char + text[at:]


@settings(max_examples=60)
@given(st.sampled_from(sorted(SPECS)), st.data())
def test_one_character_edits_of_shipped_specs(name: str, data: st.DataObject) -> None:
    text = _edit(name, data)
    diagnostics = run(text, name)
    assert_inside(text, diagnostics)


def test_shipped_specs_are_clean_on_their_own_terms() -> None:
    # the baseline the edits start from: the plan alone checks clean; the roadmap alone
    # lacks the plan it refers to, and says so instead of failing
    assert run(SPECS["plan2024.dxp"]) == []
    assert [d.code for d in run(SPECS["roadmap2024.dxp"])] == ["no-plan"]
