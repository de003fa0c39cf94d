"""Inputs at and beyond the limits (dxplan/limits.py): refused with a located diagnostic
beyond them, and carried through every command just inside them."""

from __future__ import annotations

import contextlib
import inspect
import io
import os
import sys
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import support

from dxplan import cli, pipeline
from dxplan.data.read import load_data
from dxplan.limits import (
    MAX_BLOCK_DEPTH,
    MAX_DATA_BYTES,
    MAX_FORMULA_DEPTH,
    MAX_SPEC_BYTES,
    MAX_XLSX_UNPACKED,
)
from dxplan.source import Diagnostic, SourceFile
from dxplan.spec.fmt import format_source
from dxplan.spec.parse import parse_file, parse_text

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


def test_a_long_chain_of_formulas_is_evaluated() -> None:
    loaded = support.load(chain(400, closed=False), {"d.csv": "series,year,value\na,2024,1\n"})
    found = support.evaluate(loaded, 2024).find("g0")
    # g399 = a = 1, and each goal before it adds 1: g0 = 1 + 399
    assert found is not None and found.value == 400


# --- size ----------------------------------------------------------------------------------


def test_a_spec_over_the_size_limit_is_refused_where_it_passes_it(tmp_path: Path) -> None:
    # lines of 100 bytes: the limit (2 MiB = 2,097,152 bytes) is passed by the byte after
    # line 20,971's end (2,097,100 bytes), the 53rd of line 20,972
    line = "# " + "x" * 97 + "\n"
    text = line * (MAX_SPEC_BYTES // 100 + 10)
    path = tmp_path / "big.dxp"
    path.write_text(text, encoding="utf-8")
    for diagnostics in (parse_text(SourceFile(str(path), text))[1], parse_file(str(path))[1],
                        format_source(SourceFile(str(path), text))[1]):
        assert support.where(diagnostics) == [("too-large", 20972, 53)]
        assert "(2 MB)" in diagnostics[0].message


def test_a_spec_over_the_limit_in_wide_characters_is_placed_by_character() -> None:
    # 漢 is 3 bytes: "# " and 699,050 of them are 2,097,152 bytes, the limit itself; the
    # 699,051st passes it, at column 2 + 699,051
    text = "# " + "漢" * (MAX_SPEC_BYTES // 3 + 1)
    assert parse_text(SourceFile("t.dxp", text[:-1]))[1] == []  # at the limit: read
    assert support.where(parse_text(SourceFile("t.dxp", text))[1]) == \
        [("too-large", 1, 2 + (MAX_SPEC_BYTES - 2) // 3 + 1)]


def test_a_data_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_bytes(b"series,year,value\n" + b"a,2024,1\n" * (MAX_DATA_BYTES // 9))
    data, diagnostics = load_data([str(path)])
    assert [(d.code, d.message) for d in diagnostics] == [
        ("too-large", f"{path} is larger than a data file may be (8 MB; 64 MB for a "
                      "per-municipality table)")]
    assert data.observations == ()


def test_a_per_municipality_table_may_be_larger(tmp_path: Path) -> None:
    # read in bulk, no record per row: 9 MB of `series,municipality,year,value` rows load;
    # past 64 MB the file is refused before it is read as data
    path = tmp_path / "national.csv"
    header = b"series,municipality,year,value\n"
    rows = [b"s%d,e%d,2024,1\n" % divmod(i, 100) for i in range(600_000)]
    path.write_bytes(header + b"".join(rows))
    assert path.stat().st_size > 9 * 2**20
    data, diagnostics = load_data([str(path)])
    assert diagnostics == [] and len(data.by_entity) == 600_000
    path.write_bytes(header + rows[0] * (64 * 2**20 // len(rows[0]) + 1))
    _data, diagnostics = load_data([str(path)])
    assert [(d.code, d.message) for d in diagnostics] == [
        ("too-large", f"{path} is larger than a data file may be (64 MB)")]


def test_a_workbook_that_unpacks_beyond_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("xl/worksheets/sheet1.xml", b"\0" * (MAX_XLSX_UNPACKED + 1))
    assert path.stat().st_size < MAX_DATA_BYTES  # zeros pack small
    _data, diagnostics = load_data([str(path)])
    assert [(d.code, d.message) for d in diagnostics] == [
        ("too-large", f"{path} is larger than a data file may be (8 MB, and 32 MB unpacked)")]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs as on Unix")
def test_a_spec_that_is_a_fifo_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "plan.dxp"
    os.mkfifo(fifo)
    done: list[list[Diagnostic]] = []
    worker = threading.Thread(target=lambda: done.append(parse_file(str(fifo))[1]), daemon=True)
    worker.start()
    worker.join(timeout=60)
    assert done, "parse_file is waiting on a FIFO"
    assert [(d.code, d.message) for d in done[0]] == [
        ("no-such-file", f"cannot read {fifo}: it is not a regular file (a FIFO, a device "
         "or a socket)")]
