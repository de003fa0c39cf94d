"""The one pass's tables ship with dxplan (spec/tables.json): they are the grammar's, a
spec that parses needs no lark, and an edited grammar falls back to lark's own tables."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from dxplan.source import SourceFile
from dxplan.spec import machine
from dxplan.spec.machine import GRAMMAR, TABLES, Machine, parser, read_tables, tables_of

ROOT = Path(__file__).resolve().parents[1]
PLAN = 'plan p "P" {\n    period 2024..2028  # a comment\n}\nfield f "F" {\n}\n'


def test_the_shipped_tables_are_the_grammar_s() -> None:
    written = TABLES.read_text(encoding="utf-8")
    assert machine.tables_text(parser()) == written, \
        "the grammar changed: write the tables again with `python -m dxplan.spec.machine`"


def test_a_spec_that_parses_needs_no_lark(tmp_path: Path) -> None:
    (tmp_path / "plan.dxp").write_text(PLAN, encoding="utf-8")
    (tmp_path / "bad.dxp").write_text(PLAN.replace("{", "{ {", 1), encoding="utf-8")
    code = ("import sys; from dxplan.spec.parse import parse_file; "
            "module, found = parse_file(sys.argv[1], False); "
            "print(module is not None, len(found), 'lark' in sys.modules)")
    # an empty cache: the first run ever parses without lark too
    env = {**os.environ, "DXPLAN_CACHE_DIR": str(tmp_path / "cache")}

    def parse(name: str) -> list[str]:
        done = subprocess.run([sys.executable, "-c", code, str(tmp_path / name)],
                              capture_output=True, text=True, env=env, check=True)
        return done.stdout.split()

    assert parse("plan.dxp") == ["True", "0", "False"]
    broken, errors, lark = parse("bad.dxp")  # lark says what is wrong, to the character
    assert (broken, lark) == ("False", "True") and int(errors) >= 1


def test_an_edited_grammar_parses_over_lark_s_tables(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    edited = tmp_path / "grammar.lark"
    edited.write_text(GRAMMAR.read_text(encoding="utf-8") + "\n// edited\n", encoding="utf-8")
    shipped = read_tables()
    assert shipped is not None
    monkeypatch.setattr(machine, "GRAMMAR", edited)
    assert read_tables() is None  # no longer the grammar's
    lark = parser()  # (the same language: the edit is a comment)
    from_lark = Machine(tables_of(lark), lark)
    for path in sorted(ROOT.glob("specs/*.dxp")):
        source = SourceFile(str(path), path.read_text(encoding="utf-8"))
        assert from_lark.run(source.text, source) == Machine(shipped).run(source.text, source)
