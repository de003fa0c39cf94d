"""The parse cache: a hit needs the same path, bytes and code; damage is only a miss."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import support

from dxplan import cache, pipeline
from dxplan.spec.parse import parse_file

SPEC = 'plan p "P" {\n    period 2024..2028  # kept\n}\n'


def stored(folder: Path, pattern: str) -> list[Path]:
    """The entries matching `pattern`, once those being written in the background are."""
    cache.finish()
    return list(folder.glob(pattern))


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("DXPLAN_CACHE_DIR", str(folder))
    monkeypatch.delenv("DXPLAN_NO_CACHE", raising=False)
    return folder


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A second process allowed (two CPUs, DXPLAN_JOBS unset); the children forked."""
    if not hasattr(os, "fork"):
        pytest.skip("no fork on this system")
    monkeypatch.delenv("DXPLAN_JOBS", raising=False)
    return support.second_cpu(monkeypatch)


def test_second_parse_comes_from_the_cache_and_equals_the_first(
    tmp_path: Path, cache_dir: Path
) -> None:
    spec = tmp_path / "p.dxp"
    spec.write_text(SPEC, encoding="utf-8")
    first, _ = parse_file(str(spec))
    assert len(stored(cache_dir, "parse-*.pickle")) == 1
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
    assert len(stored(cache_dir, "parse-*.pickle")) == 2


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
    assert not stored(cache_dir, "parse-*.pickle")


def test_no_cache_setting_writes_nothing(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DXPLAN_NO_CACHE", "1")
    spec = tmp_path / "p.dxp"
    spec.write_text(SPEC, encoding="utf-8")
    assert parse_file(str(spec))[0] is not None
    assert cache.folder() is None
    assert not cache_dir.exists()


# --- the checked workspace --------------------------------------------------------------

PLAN = support.DEMO_SPEC
ROADMAP = """
roadmap r "R" {
    year 2024
    field f1 {
        category "C" {
            project 1 "事業" { kpi k1 }
        }
    }
}
"""


def write_specs(folder: Path, plan: str = PLAN) -> list[str]:
    (folder / "plan.dxp").write_text(plan, encoding="utf-8")
    (folder / "roadmap.dxp").write_text(ROADMAP, encoding="utf-8")
    return [str(folder / "plan.dxp"), str(folder / "roadmap.dxp")]


def test_an_unchanged_workspace_is_not_checked_again(
        tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    specs = write_specs(tmp_path)
    first = pipeline.load(specs)
    assert first.ok and len(stored(cache_dir, "workspace-*.pickle")) == 1

    def checked_again(*_: object) -> None:
        raise AssertionError("the checker ran on an unchanged workspace")

    monkeypatch.setattr("dxplan.check.check", checked_again)
    second = pipeline.load(specs)
    assert second.workspace == first.workspace and second.diagnostics == first.diagnostics
    assert first.modules and second.modules == ()  # the syntax trees are not kept
    plan = second.workspace.plan if second.workspace is not None else None
    # spans still locate the source: line 23 of DEMO_SPEC is `indicator firms {`
    assert plan is not None and plan.indicators[0].span.location() == f"{specs[0]}:23:9"


def test_editing_any_spec_checks_the_workspace_again(tmp_path: Path, cache_dir: Path) -> None:
    specs = write_specs(tmp_path)
    pipeline.load(specs)
    # the roadmap alone changes: its project now serves a KPI that does not exist
    (tmp_path / "roadmap.dxp").write_text(ROADMAP.replace("kpi k1", "kpi k9"),
                                          encoding="utf-8")
    again = pipeline.load(specs)
    assert not again.ok and any("'k9'" in d.message for d in again.diagnostics)


def test_warnings_are_reported_from_the_cache_too(tmp_path: Path, cache_dir: Path) -> None:
    # a reference value with a target: a warning, not an error, so the workspace is cached
    specs = write_specs(tmp_path, PLAN.replace("            reference\n",
                                               "            reference\n"
                                               "            target 2028 = 200\n"))
    first = pipeline.load(specs)
    assert first.ok and [d.code for d in first.diagnostics] == ["reference-with-target"]
    second = pipeline.load(specs)
    assert [d.header() for d in second.diagnostics] == [d.header() for d in first.diagnostics]


@pytest.mark.parametrize(("kind", "modules"), [
    ("workspace", "dxplan.spec.parse, dxplan.spec.lower, dxplan.spec.syntax_errors, "
                  "dxplan.check"),
    ("data", "dxplan.data.read, dxplan.data.xlsx"),
])
def test_the_key_covers_every_module_the_work_runs(kind: str, modules: str) -> None:
    # a module of dxplan that parsing, checking or reading data imports, left out of the
    # key, would let a changed dxplan read an entry made by the old code
    code = (f"import sys, {modules}; print(' '.join(m.__file__ for n, m in "
            "sys.modules.items() if n.startswith('dxplan') and getattr(m, '__file__', None)))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    package = Path(cache.__file__).parent
    covered = {path for pattern in cache._CODE[kind] for path in package.glob(pattern)}
    # (the cache's own code stores values, it does not shape them)
    used = {Path(f) for f in done.stdout.split()} - {package / "__init__.py",
                                                     package / "cache.py"}
    assert used - covered == set()


def test_one_spec_stores_its_checked_workspace_only(tmp_path: Path, cache_dir: Path) -> None:
    # its syntax tree would only be read when the workspace entry misses, i.e. when the
    # file changed; with two specs, the unchanged one's tree is read back when the other
    # changes
    (tmp_path / "plan.dxp").write_text(PLAN, encoding="utf-8")
    assert pipeline.load([str(tmp_path / "plan.dxp")]).ok
    assert [len(stored(cache_dir, f"{kind}-*.pickle")) for kind in ("parse", "workspace")] \
        == [0, 1]
    assert pipeline.load(write_specs(tmp_path)).ok
    assert len(stored(cache_dir, "parse-*.pickle")) == 2


def test_an_edited_module_retires_the_entries(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    # The code is known by each module's size and modification time (as Python tells a
    # stale .pyc): an edit of the same size still changes the time, so the key moves.
    package = tmp_path / "dxplan"
    shutil.copytree(Path(cache.__file__).parent, package,
                    ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "_PACKAGE", package)
    digest = cache._code_digest.__wrapped__  # type: ignore[attr-defined]
    before = digest("parse")
    assert digest("parse") == before  # nothing changed, the same key
    module = package / "spec" / "parse.py"
    text = module.read_text(encoding="utf-8")
    module.write_text(text.replace("MAX_SYNTAX_ERRORS = 20", "MAX_SYNTAX_ERRORS = 21"),
                      encoding="utf-8")
    stat = module.stat()
    os.utime(module, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert module.stat().st_size == len(text.encode())  # an edit of the same size
    assert digest("parse") != before


def test_a_large_entry_is_written_by_a_child_while_the_command_goes_on(
        tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch,
        forks: list[int]) -> None:
    value = {"measures": list(range(1000))}
    cache.put("workspace", b"key", value, background=True)
    assert len(forks) == 1  # written by a child
    assert cache.get("workspace", b"key") == value  # read once it is whole
    cache.put("workspace", b"small", value)  # not asked for: written here
    assert len(forks) == 1 and cache.get("workspace", b"small") == value
    monkeypatch.setenv("DXPLAN_JOBS", "1")  # one process: written here too
    cache.put("workspace", b"key2", value, background=True)
    assert len(forks) == 1 and stored(cache_dir, "workspace-*.pickle") and \
        cache.get("workspace", b"key2") == value


def test_the_command_ends_once_its_cache_entry_is_written(tmp_path: Path,
                                                          cache_dir: Path) -> None:
    (tmp_path / "plan.dxp").write_text(PLAN, encoding="utf-8")
    env = {**os.environ, "DXPLAN_CACHE_DIR": str(cache_dir)}
    env.pop("DXPLAN_JOBS", None)
    done = subprocess.run([sys.executable, "-m", "dxplan", "check", str(tmp_path / "plan.dxp")],
                          capture_output=True, text=True, env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    # no wait here: the command itself waited for the entry being written
    assert len(list(cache_dir.glob("workspace-*.pickle"))) == 1


# --- the data files' load ---------------------------------------------------------------

DATA = "series,year,value\nfirms,2024,12\nfirms,2025,14\n"


def test_unchanged_data_files_are_read_back_from_the_cache(
        tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dxplan.data import read

    path = tmp_path / "data.csv"
    path.write_text(DATA, encoding="utf-8")
    first = read.load_data([str(path)])
    assert len(stored(cache_dir, "data-*.pickle")) == 1

    def read_again(*_: object, **__: object) -> None:
        raise AssertionError("unchanged data files were read again")

    monkeypatch.setattr(read, "load_data_bytes", read_again)
    second = read.load_data([str(path)])
    assert second == first
    # a figure still finds its cell: explain and the diagnostics show it
    assert second[0].observations[0].span.location() == f"{path}:2:1"


def test_an_edited_or_renamed_data_file_is_read_again(tmp_path: Path, cache_dir: Path) -> None:
    from dxplan.data.read import load_data

    path = tmp_path / "data.csv"
    path.write_text(DATA, encoding="utf-8")
    load_data([str(path)])
    path.write_text(DATA.replace("14", "15"), encoding="utf-8")
    data, _ = load_data([str(path)])
    assert [o.value for o in data.observations] == [12.0, 15.0]
    other = tmp_path / "other.csv"
    other.write_bytes(path.read_bytes())
    data, _ = load_data([str(other)])
    assert data.observations[0].span.path == str(other)  # its own name, not the first's
    assert len(stored(cache_dir, "data-*.pickle")) == 3


def test_problems_in_data_files_are_reported_from_the_cache_too(
        tmp_path: Path, cache_dir: Path) -> None:
    from dxplan.data.read import load_data

    path = tmp_path / "data.csv"
    path.write_text(DATA + "firms,2026,twelve\n", encoding="utf-8")
    missing = str(tmp_path / "missing.csv")
    first = load_data([str(path), missing])
    second = load_data([str(path), missing])
    assert [d.header() for d in second[1]] == [d.header() for d in first[1]]
    assert sorted(d.code for d in second[1]) == ["bad-value", "no-such-file"]


def test_a_large_spec_has_its_data_read_meanwhile_by_a_second_process(
        tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch,
        forks: list[int]) -> None:
    (tmp_path / "plan.dxp").write_text(PLAN, encoding="utf-8")
    (tmp_path / "data.csv").write_text(DATA, encoding="utf-8")
    specs, data = [str(tmp_path / "plan.dxp")], [str(tmp_path / "data.csv")]
    monkeypatch.setattr(pipeline, "PREFETCH_FROM", 0)  # any spec counts as large
    served = []
    real = cache.get
    monkeypatch.setattr(cache, "get", lambda kind, key: served.append(kind) or real(kind, key))
    first = pipeline.load(specs, data)
    assert first.ok and len(forks) >= 1  # the data read by a child
    # read back from what the child stored, or read here if it was not done yet
    assert served.count("data") == 1
    monkeypatch.setenv("DXPLAN_NO_CACHE", "1")
    assert pipeline.load(specs, data).data == first.data  # as read with no cache at all


def test_work_made_in_the_background_is_read_once_done_and_never_waited_for(
        tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch,
        forks: list[int]) -> None:
    gate = tmp_path / "go"

    def slow() -> list[int]:
        while not gate.exists():
            time.sleep(0.01)
        return [1, 2, 3]

    assert cache.make("data", b"slow", slow)
    assert cache.get("data", b"slow") is None  # not done: a miss, at once
    gate.touch()
    deadline = time.monotonic() + 30
    while (found := cache.get("data", b"slow")) is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert found == [1, 2, 3]  # done: read back

    def failing() -> list[int]:
        raise RuntimeError("a bug in the reader")

    assert cache.make("data", b"failing", failing)
    (child,) = cache._making.values()
    while not child.ended() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert cache.get("data", b"failing") is None  # it failed: nothing was stored
    monkeypatch.setenv("DXPLAN_JOBS", "1")
    assert not cache.make("data", b"one", slow)  # no second process: nothing started


def test_work_not_done_when_the_command_ends_is_stopped_and_leaves_nothing(
        tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch,
        forks: list[int]) -> None:

    def endless() -> list[int]:
        while True:
            time.sleep(0.01)

    assert cache.make("data", b"endless", endless)
    started = time.monotonic()
    cache.finish()  # stops it rather than waiting for ever
    assert time.monotonic() - started < 10
    assert not cache._making and cache.get("data", b"endless") is None
    assert not list(cache_dir.glob(".tmp-*"))
    # a value worked out here first is written over the child's work, which is stopped
    assert cache.make("data", b"both", endless)
    cache.put("data", b"both", [4])
    assert cache.get("data", b"both") == [4]


def test_the_cache_folder_keeps_under_its_size_by_dropping_the_least_recently_read(
        tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import dxplan.limits

    payload = b"x" * 40_000
    for key in (b"a", b"b", b"c"):
        cache.put("data", key, payload)
    entries = sorted(cache_dir.glob("data-*.pickle"), key=lambda e: e.stat().st_mtime_ns)
    for age, entry in enumerate(entries):  # a, b, c written a minute apart
        os.utime(entry, (1_000_000 + 60 * age, 1_000_000 + 60 * age))
    assert cache.get("data", b"a") == payload  # read now: the most recent
    monkeypatch.setattr(dxplan.limits, "MAX_CACHE_BYTES", 130_000)
    # temporary files of writers killed midway: one left an hour ago goes, a new one stays
    (cache_dir / ".tmp-old").write_bytes(b"half")
    os.utime(cache_dir / ".tmp-old", (1_000_000, 1_000_000))
    (cache_dir / ".tmp-new").write_bytes(b"half")
    cache.put("data", b"d", payload)  # 4 x 40 kB: over, so the least recently read (b) goes
    assert [cache.get("data", k) is not None for k in (b"a", b"b", b"c", b"d")] == \
        [True, False, True, True]
    assert sorted(p.name for p in cache_dir.glob(".tmp-*")) == [".tmp-new"]
