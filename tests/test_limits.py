"""Inputs at and beyond the limits (dxplan/limits.py): refused with a located diagnostic
beyond them, and carried through every command just inside them."""

from __future__ import annotations

import contextlib
import inspect
import io
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import support

from dxplan import cli, pipeline
from dxplan.limits import MAX_BLOCK_DEPTH, MAX_FORMULA_DEPTH
from dxplan.source import SourceFile
from dxplan.spec.fmt import format_source

D = MAX_FORMULA_DEPTH
PLAN = 'plan p "P" {\n    period 2024..2028\n}\n'
SCORED = "            baseline 2023 = 0\n            target 2028 = 100\n"


def indicators(formulas: list[str], target: int = 100) -> str:
    body = "".join(
        f'        indicator i{n} "I{n}" {{\n            value = {formula}\n'
        + SCORED.replace("= 100", f"= {target}") + "        }\n"
        for n, formula in enumerate(formulas))
    return f'field f "F" {{\n    kpi k "K" {{\n{body}    }}\n}}\n'


def nested_blocks(depth: int) -> str:
    opening = "".join("    " * i + f"x{i} {{\n" for i in range(depth))
    closing = "".join("    " * i + "}\n" for i in reversed(range(depth)))
    return opening + "    " * depth + "value = 1\n" + closing


# --- beyond the limits: too-deep, located ---------------------------------------------------


@pytest.mark.parametrize(("formula", "column"), [
    # the issue's findings; column: where level D + 1 starts (the formula starts at 21)
    ("+".join(["a"] * 500), 22 + 2 * (499 - (D + 1))),  # the (D + 1)th `+` from the right
    ("abs(" * 330 + "a" + ")" * 330, 21 + 4 * D),
    ("-" * 490 + "a", 21 + D),
    ("not " * 490 + "a", 21 + 4 * D),
    ("(" * 1000 + "a" + ")" * 1000, 21 + D),
])
def test_a_formula_nested_beyond_the_limit_is_too_deep(formula: str, column: int) -> None:
    loaded = pipeline.load_strings(PLAN + indicators([formula]))
    assert support.where(list(loaded.diagnostics)) == [("too-deep", 7, column)]
    assert f"more than {D} levels" in loaded.diagnostics[0].message
    assert loaded.workspace is None


def test_the_too_deep_frame() -> None:
    text = PLAN + indicators(["-" * (D + 1) + "a"])
    loaded = pipeline.load_strings({"t.dxp": text})
    shown = "-" * (D + 1) + "a"
    assert support.frames(loaded.diagnostics) == [f"""\
t.dxp:7:{21 + D}: error[too-deep]: this formula is nested more than {D} levels deep \
(brackets, operators, signs and calls inside one another)
  7 |             value = {shown}
    |{" " * (21 + D)}^
  = hint: write a long sum as sum(a, b, c, ...) and drop brackets that are not needed"""]


@pytest.mark.parametrize("depth", [MAX_BLOCK_DEPTH + 1, 450])
def test_blocks_nested_beyond_the_limit_are_too_deep(depth: int) -> None:
    text = nested_blocks(depth)
    for diagnostics in (pipeline.load_strings(text).diagnostics,
                        format_source(SourceFile("t.dxp", text))[1]):
        # the `{` of the block one level too deep, on line MAX_BLOCK_DEPTH + 1
        column = 4 * MAX_BLOCK_DEPTH + len(f"x{MAX_BLOCK_DEPTH} ") + 1
        assert support.where(list(diagnostics)) == [("too-deep", MAX_BLOCK_DEPTH + 1, column)]


def test_a_formula_within_the_limit_is_read() -> None:
    # 101 terms are 100 levels: the limit itself is allowed
    loaded = support.load(PLAN + indicators(["+".join(["a"] * (D + 1))]),
                          {"d.csv": "series,year,value\na,2024,1\n"})
    # 101 × 1 = 101 out of a target of 100, so the raw score is 101
    found = support.evaluate(loaded, 2024).find("i0")
    assert found is not None and found.raw == pytest.approx(101)


# --- just inside the limits: every command works --------------------------------------------

# one formula of each shape at the depth limit; `right` nests to the right, with brackets
AT_LIMIT = [
    "+".join(["a"] * (D + 1)),
    "abs(" * D + "a" + ")" * D,
    "(" * (D - 1) + "a - b" + ")" * (D - 1),
    "-" * D + "a",
    "a - (" * (D // 2) + "a" + ")" * (D // 2),
]
GRADING = ('grading {\n    grade A "ok" when ' + "not " * (D - 1) + "raw >= 0\n"
           '    grade B "no" otherwise\n}\n')


@contextlib.contextmanager
def frames_left(frames: int) -> Iterator[None]:
    """Only `frames` more stack frames for what runs inside: the deepest walk must fit in
    half of Python's default recursion limit, leaving the rest to whoever calls dxplan."""
    before = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack()) + frames)
    try:
        yield
    finally:
        sys.setrecursionlimit(before)


def cli_run(*argv: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), frames_left(500):
        code = cli.main(list(argv))
    return code, out.getvalue() + err.getvalue()


def test_a_plan_at_the_depth_limits_goes_through_every_command(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no dxplan.toml: only the files named
    old, new, data = tmp_path / "old.dxp", tmp_path / "new.dxp", tmp_path / "d.csv"
    old.write_text(PLAN + GRADING + indicators(AT_LIMIT), encoding="utf-8")
    new.write_text(PLAN + GRADING + indicators(AT_LIMIT, target=90), encoding="utf-8")
    data.write_text("series,year,value\na,2024,5\nb,2024,3\n", encoding="utf-8")
    inputs = [str(old), "--data", str(data)]
    for argv in (["check", *inputs], ["eval", *inputs], ["eval", *inputs, "--format", "json"],
                 ["explain", "i0", *inputs], ["explain", "k", *inputs],
                 ["report", *inputs, "-o", str(tmp_path / "r.html")],
                 ["fmt", str(old)]):
        code, shown = cli_run(*argv)
        assert code == 0, (argv, shown[-2000:])
    code, shown = cli_run("diff", str(old), str(new), "--data", str(data))
    assert code == 1 and "target 2028: 100 -> 90" in shown, shown[-2000:]  # 1: changes
    # twice: the second run reads the parsed specs back from the cache
    assert cli_run("eval", *inputs)[0] == 0


def test_blocks_at_the_depth_limit_are_formatted_and_checked() -> None:
    formula = " + ".join("a" * (D + 1))
    text = nested_blocks(MAX_BLOCK_DEPTH).replace("value = 1", f"value = {formula}")
    with frames_left(500):
        formatted, problems = format_source(SourceFile("t.dxp", text))
        loaded = pipeline.load_strings(text)
    assert formatted == text and not problems
    assert {d.code for d in loaded.diagnostics} == {"unknown-property", "no-plan"}


# --- long chains of formulas ---------------------------------------------------------------


def chain(links: int, *, closed: bool) -> str:
    """Goals g0 .. g{links-1}, each reading the next; the last reads g0 when `closed`."""
    goals = [f'goal g{n} "G" {{\n    value = g{n + 1} + 1\n    reference\n}}\n'
             for n in range(links - 1)]
    last = "g0 + 1" if closed else "a"
    goals.append(f'goal g{links - 1} "G" {{\n    value = {last}\n    reference\n}}\n')
    return PLAN + "".join(goals)


def test_a_formula_cycle_of_any_length_is_reported() -> None:
    loaded = pipeline.load_strings(chain(2000, closed=True))
    cycles = [d for d in loaded.diagnostics if d.code == "formula-cycle"]
    assert len(cycles) == 1
    assert cycles[0].message.endswith(" -> ".join(f"g{n}" for n in [*range(2000), 0]))


@pytest.mark.xfail(strict=True, reason="evaluate.py is being rewritten; see issue 16")
def test_a_long_chain_of_formulas_is_evaluated() -> None:
    loaded = support.load(chain(400, closed=False), {"d.csv": "series,year,value\na,2024,1\n"})
    found = support.evaluate(loaded, 2024).find("g0")
    # g399 = a = 1, and each goal before it adds 1: g0 = 1 + 399
    assert found is not None and found.value == 400
