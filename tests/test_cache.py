"""The parse cache: a hit needs the same path, bytes and code; damage is only a miss."""

from __future__ import annotations

from pathlib import Path

import pytest

from dxplan import cache
from dxplan.spec.parse import parse_file

SPEC = 'plan p "P" {\n    period 2024..2028  # kept\n}\n'


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("DXPLAN_CACHE_DIR", str(folder))
    monkeypatch.delenv("DXPLAN_NO_CACHE", raising=False)
    return folder


def test_second_parse_comes_from_the_cache_and_equals_the_first(
    tmp_path: Path, cache_dir: Path
) -> None:
    spec = tmp_path / "p.dxp"
    spec.write_text(SPEC, encoding="utf-8")
    first, _ = parse_file(str(spec))
    assert len(list(cache_dir.glob("parse-*.pickle"))) == 1
    second, _ = parse_file(str(spec))
    assert first == second and second is not None
    # spans and comments survive the round trip: diagnostics and fmt rely on them
    assert second.comments == first.comments == second.comments
    assert second.statements[0].body is not None
    assert second.statements[0].body[0].span.location() == f"{spec}:2:5"


def test_an_edited_file_is_parsed_again(tmp_path: Path, cache_dir: Path) -> None:
    spec = tmp_path / "p.dxp"
    spec.write_text(SPEC, encoding="utf-8")
    parse_file(str(spec))
    spec.write_text(SPEC.replace("2028", "2030"), encoding="utf-8")
    module, _ = parse_file(str(spec))
    assert module is not None and module.statements[0].body is not None
    period = module.statements[0].body[0].args[0]
    assert "2030" in repr(period)
    assert len(list(cache_dir.glob("parse-*.pickle"))) == 2


def test_a_damaged_entry_is_ignored(tmp_path: Path, cache_dir: Path) -> None:
    spec = tmp_path / "p.dxp"
    spec.write_text(SPEC, encoding="utf-8")
    expected, _ = parse_file(str(spec))
    for entry in cache_dir.glob("parse-*.pickle"):
        entry.write_bytes(b"not a pickle")
    module, diagnostics = parse_file(str(spec))
    assert module == expected and diagnostics == []


def test_files_with_errors_are_not_cached(tmp_path: Path, cache_dir: Path) -> None:
    spec = tmp_path / "p.dxp"
    spec.write_text('plan p "P" {\n', encoding="utf-8")
    module, diagnostics = parse_file(str(spec))
    assert module is None and diagnostics
    assert not list(cache_dir.glob("parse-*.pickle"))


def test_no_cache_setting_writes_nothing(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DXPLAN_NO_CACHE", "1")
    spec = tmp_path / "p.dxp"
    spec.write_text(SPEC, encoding="utf-8")
    assert parse_file(str(spec))[0] is not None
    assert cache.folder() is None
    assert not cache_dir.exists()
