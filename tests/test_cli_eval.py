"""`dxplan eval` as a user runs it: exit codes, where output and diagnostics go, --output."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from support import DEMO_DATA, DEMO_SPEC, write_demo

from dxplan import pipeline
from dxplan.cli import main

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def demo(tmp_path: Path) -> list[str]:
    spec, data = write_demo(tmp_path)
    return [spec, "--data", data, "--year", "2025"]


@pytest.fixture(autouse=True)
def _plain(monkeypatch: pytest.MonkeyPatch) -> None:
    # The terminal view depends on colour and width settings: pin them for every test.
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("COLUMNS", raising=False)


def test_json_on_stdout(demo: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", *demo, "--format", "json"]) == 0
    out, err = capsys.readouterr()
    doc = json.loads(out)
    assert err == ""
    assert doc["year"] == 2025 and [k["id"] for k in doc["kpis"]] == ["k1", "k2"]


def test_table_is_the_default(demo: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", *demo]) == 0
    out = capsys.readouterr().out
    assert out.startswith("デモ計画 (demo) — 2025年度")
    assert "▲ 順調 on_track" in out and "\x1b" not in out


def test_year_defaults_to_the_latest_year_half_the_indicators_have(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # firms, telework and coworking are scored (cases is a reference value). 2025 has a
    # value for firms only (1 of 3); 2024 for firms and telework (2 of 3, at least half):
    # 2024 is evaluated, and the 2025 figures are reported, not used.
    spec, data = write_demo(tmp_path)
    assert main(["eval", spec, "--data", data, "--format", "json"]) == 0
    out, err = capsys.readouterr()
    document = json.loads(out)
    assert document["year"] == 2024
    assert document["year_choice"] == {"how": "data", "have": 2, "of": 3}
    # the 2025 rows of g1 and firms (cases is a reference value, read too)
    assert "warning[later-figures]: 3 figures dated after 2024 (up to 2025) are not used" in err
    assert main(["eval", spec, "--data", data, "--year", "2025", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert (document["year"], document["year_choice"]["how"]) == (2025, "given")


def test_year_in_dxplan_toml_is_the_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    write_demo(tmp_path)
    (tmp_path / "dxplan.toml").write_text(
        '[dxplan]\nspecs = ["demo.dxp"]\ndata = ["data.csv"]\nyear = "令和7年度"\n',
        encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["eval", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert (document["year"], document["year_choice"]["how"]) == (2025, "config")
    assert main(["eval", "--year", "2024", "--format", "json"]) == 0  # --year still wins
    assert json.loads(capsys.readouterr().out)["year"] == 2024


def test_dxplan_toml_is_read_again_when_it_changes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    # The parsed table is cached by the file's bytes: an edit is seen on the next run, and
    # a table that is no table is a diagnostic, not a crash.
    write_demo(tmp_path)
    monkeypatch.setenv("DXPLAN_CACHE_DIR", str(tmp_path / "cache"))
    config = tmp_path / "dxplan.toml"
    monkeypatch.chdir(tmp_path)
    for year in (2024, 2025, 2024):
        config.write_text(f'[dxplan]\nspecs = ["demo.dxp"]\ndata = ["data.csv"]\n'
                          f'year = {year}\n', encoding="utf-8")
        assert main(["eval", "--format", "json"]) == 0
        assert json.loads(capsys.readouterr().out)["year"] == year
    config.write_text("dxplan = 1\n", encoding="utf-8")
    assert main(["eval", "--format", "json"]) == 2  # no specs to run with: a usage error
    assert "error[bad-config]: dxplan.toml cannot be read: [dxplan] must be a table" in \
        capsys.readouterr().err
    config.write_text("[dxplan\n", encoding="utf-8")
    assert main(["eval", "--format", "json"]) == 2
    assert "error[bad-config]: dxplan.toml cannot be read: " in capsys.readouterr().err


def test_warnings_go_to_stderr_and_into_the_json(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    spec, data = write_demo(tmp_path, data=DEMO_DATA + "firmz,2025,3\n")
    assert main(["eval", spec, "--data", data, "--year", "2025", "--format", "json"]) == 0
    out, err = capsys.readouterr()
    assert "warning[unknown-series]" in err and "data.csv:7:1" in err
    (diag,) = json.loads(out)["diagnostics"]
    assert (diag["severity"], diag["code"], diag["line"], diag["column"]) == (
        "warning", "unknown-series", 7, 1)
    assert diag["file"].endswith("data.csv")


def test_spec_error_exits_1_with_nothing_on_stdout(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    broken = DEMO_SPEC.replace('    unit "社"', '    unit "社"\n            colour "red"')
    spec, data = write_demo(tmp_path, spec=broken)
    for fmt in ("table", "json"):
        assert main(["eval", spec, "--data", data, "--format", fmt]) == 1
        out, err = capsys.readouterr()
        assert out == ""
        assert "demo.dxp:" in err and "error[" in err and "colour" in err


def test_output_writes_the_file_and_nothing_else(demo: list[str], tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "out" / "results.json"
    target.parent.mkdir()
    target.write_text("old", encoding="utf-8")
    assert main(["eval", *demo, "--format", "json", "--output", str(target)]) == 0
    assert capsys.readouterr().out == ""
    assert main(["eval", *demo, "--format", "json"]) == 0
    assert target.read_text(encoding="utf-8") == capsys.readouterr().out
    assert os.listdir(target.parent) == ["results.json"]  # no temporary file left behind


def test_csv_file_has_a_bom_for_excel(demo: list[str], tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "results.csv"
    assert main(["eval", *demo, "--format", "csv", "-o", str(target)]) == 0
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert main(["eval", *demo, "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert not out.startswith("\ufeff")
    assert data.decode("utf-8-sig") == out
    assert len(list(csv.reader(io.StringIO(out)))) == 1 + 7  # header + goal, KPIs, indicators


def test_unwritable_output_is_a_diagnostic(demo: list[str], tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "no" / "such" / "dir" / "out.md"
    assert main(["eval", *demo, "--format", "markdown", "-o", str(missing)]) == 1
    out, err = capsys.readouterr()
    assert out == "" and "error[cannot-write]" in err and "Traceback" not in err


def test_the_module_entry_point(demo: list[str]) -> None:
    env = {**os.environ, "NO_COLOR": "1"}
    done = subprocess.run([sys.executable, "-m", "dxplan", "eval", *demo, "--format", "csv"],
                          capture_output=True, env=env, check=False)
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout.decode("utf-8").splitlines()[2].startswith("kpi,k1,企業のDX,f1,")


def test_the_module_entry_point_writes_all_it_computed(
        demo: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    # The entry point leaves the process at once after flushing: the JSON it prints must
    # be the whole document that `main` prints in-process, byte for byte.
    assert main(["eval", *demo, "--format", "json"]) == 0
    expected = capsys.readouterr().out
    done = subprocess.run([sys.executable, "-m", "dxplan", "eval", *demo, "--format", "json"],
                          capture_output=True, check=False)
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout.decode("utf-8") == expected


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs a device that is full")
def test_output_to_a_full_disk_is_a_message_not_a_crash(demo: list[str]) -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "dxplan", "eval", *demo, "--format",
                               "json"], stdout=full, stderr=subprocess.PIPE, check=False)
    err = done.stderr.decode()
    assert done.returncode == 1, err
    assert err.startswith("dxplan: the output could not be written: ") and "internal" not in err


def test_the_repository_evaluates_with_its_dxplan_toml(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    # Smoke test on the shipped specs and examples: only that it runs and shows every KPI.
    workspace = pipeline.load([str(REPO / "specs" / "plan2024.dxp")]).workspace
    assert workspace is not None and workspace.plan is not None
    names = [k.name for k in workspace.plan.kpis]
    assert len(names) == 8
    monkeypatch.chdir(REPO)
    assert main(["eval"]) == 0
    out = capsys.readouterr().out
    for name in names:
        assert name in out, name


def test_a_year_outside_the_plan_is_evaluated_with_a_warning(
    demo: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["eval", *demo, "--year", "1990", "--format", "json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["year"] == 1990
    assert "warning[year-outside-period]: evaluating fiscal 1990" in err


def test_no_specs_and_no_config_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["eval"]) == 2
    assert "error[no-config]" in capsys.readouterr().err


def test_year_may_be_written_in_the_japanese_era(
    demo: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    # 令和6年度 = 2018 + 6 = 2024, as in the data files
    assert main(["eval", *demo, "--year", "令和6年度", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["year"] == 2024


def test_a_new_output_file_is_readable_by_others_under_the_umask(
    demo: list[str], tmp_path: Path
) -> None:
    old = os.umask(0o022)
    try:
        target = tmp_path / "out.json"
        assert main(["eval", *demo, "--format", "json", "--output", str(target)]) == 0
    finally:
        os.umask(old)
    # 0o666 & ~0o022 = 0o644, as open() would give; mkstemp's own 0o600 would not do
    assert target.stat().st_mode & 0o777 == 0o644
