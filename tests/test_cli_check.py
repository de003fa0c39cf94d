"""`dxplan check` end to end: arguments in, exit code and text out.

Exit codes are the contract scripts and CI rely on: 0 clean (warnings allowed), 1 when
anything is wrong with the specs or data, 2 when the command line itself is wrong, 3 when
dxplan itself failed (a bug).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dxplan.cli import main

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "specs" / "plan2024.dxp"
ROADMAP = ROOT / "specs" / "roadmap2024.dxp"
EXAMPLES = ROOT / "examples"
SUMMARY = "ok: 2 spec files, 4 goals, 3 fields, 8 KPIs, 15 indicators, 76 projects (1 reference)"


@pytest.fixture(autouse=True)
def plain(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No colour codes, and no dxplan.toml picked up from wherever pytest was started."""
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.chdir(tmp_path)


def check(*args: str | Path) -> int:
    return main(["check", *map(str, args)])


def copy_with(tmp_path: Path, source: Path, old: str, new: str) -> Path:
    text = source.read_text(encoding="utf-8")
    assert old in text
    target = tmp_path / source.name
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target


def test_shipped_specs_are_clean(capsys: pytest.CaptureFixture[str]) -> None:
    assert check(PLAN, ROADMAP) == 0
    out, err = capsys.readouterr()
    assert out == SUMMARY + "\n"  # one summary line, nothing else
    assert err == ""


def test_no_arguments_uses_dxplan_toml(monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(ROOT)  # the repo's dxplan.toml names specs/ and the 4 example data files
    assert check() == 0
    out, _ = capsys.readouterr()
    assert out == SUMMARY + ", 1 data path\n"


def test_missing_brace_is_an_unclosed_block(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    text = PLAN.read_text(encoding="utf-8")
    lines = text.split("\n")
    opener = next(i for i, line in enumerate(lines) if "indicator coordinator_firms" in line)
    closer = next(i for i in range(opener, len(lines)) if lines[i] == "        }")
    broken = tmp_path / "plan2024.dxp"
    broken.write_text("\n".join(lines[:closer] + lines[closer + 1 :]), encoding="utf-8")

    assert check(broken, ROADMAP) == 1
    out, err = capsys.readouterr()
    assert out == ""  # no summary when there are errors
    column = lines[opener].index("{") + 1
    assert err.startswith(f"{broken}:{opener + 1}:{column}: error[unclosed-block]: ")
    assert lines[opener] in err  # the snippet quotes the indicator's line


def test_misspelt_kpi_reference(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    roadmap = copy_with(tmp_path, ROADMAP, "{ kpi enterprise_dx }", "{ kpi enterprse_dx }")
    assert check(PLAN, roadmap) == 1
    _, err = capsys.readouterr()
    assert f"{roadmap}:" in err and "error[unknown-reference]: unknown KPI 'enterprse_dx'" in err
    assert "= hint: did you mean 'enterprise_dx'?" in err


def test_warnings_alone_keep_exit_zero(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    # a reference indicator given a target: warned about, not an error
    lines = PLAN.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.split("#")[0].strip() == "reference")
    (tmp_path / "specs").mkdir()  # beside a copy of the entity list it names
    (tmp_path / "examples").mkdir()
    entities = PLAN.parent.parent / "examples" / "municipalities.csv"
    (tmp_path / "examples" / entities.name).write_bytes(entities.read_bytes())
    plan = tmp_path / "specs" / PLAN.name
    plan.write_text("\n".join([*lines[: at + 1], "target 2028 = 5", *lines[at + 1 :]]),
                    encoding="utf-8")
    assert check(plan, ROADMAP) == 0
    out, err = capsys.readouterr()
    assert out == SUMMARY + ", 1 warning\n"
    assert "warning[reference-with-target]" in err


def test_unknown_flag_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        check(PLAN, "--bogus")
    assert exit_info.value.code == 2
    assert "unrecognized arguments: --bogus" in capsys.readouterr().err


def test_nonexistent_file_is_a_diagnostic(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nowhere.dxp"
    assert check(missing) == 1
    _, err = capsys.readouterr()
    assert "error[no-such-file]" in err and str(missing) in err
    assert "Traceback" not in err


def test_bad_data_value_is_located(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "figures.csv"
    data.write_text("series,year,value\nonline_usage,2024,abc\n", encoding="utf-8")
    assert check(PLAN, ROADMAP, "--data", data) == 1
    _, err = capsys.readouterr()
    # 'abc' starts at column 19 of "online_usage,2024,abc" (12 + 1 + 4 + 1 characters before)
    assert f"{data}:2:19: error[bad-value]" in err


# --- a bug in dxplan: one line, a report file, exit 3 ------------------------------------------


def crash_in_evaluation(*_args: object) -> None:
    raise ZeroDivisionError("a bug planted by the test")


def test_an_internal_error_is_one_line_and_a_report_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    from dxplan.evaluate import Evaluator

    monkeypatch.setenv("DXPLAN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(Evaluator, "results", crash_in_evaluation)
    assert main(["eval", str(PLAN), str(ROADMAP), "--data", str(EXAMPLES)]) == 3
    out, err = capsys.readouterr()
    reports = list((tmp_path / "cache").glob("crash-*.txt"))
    assert len(reports) == 1
    assert err == (f"dxplan: internal error while computing the figures (dxplan eval {PLAN} "
                   f"{ROADMAP} --data {EXAMPLES}); the full report was written to "
                   f"{reports[0]}\n")
    assert out == ""
    report = reports[0].read_text(encoding="utf-8")
    assert "Traceback" in report and "ZeroDivisionError: a bug planted by the test" in report


def test_without_a_cache_the_report_goes_to_the_temporary_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    import tempfile

    import dxplan.commands.check_cmd

    monkeypatch.setenv("DXPLAN_NO_CACHE", "1")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(dxplan.commands.check_cmd, "run", crash_in_evaluation)
    assert main(["check", str(PLAN)]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "internal error while running the command" in err
    assert err.endswith(f"written to {next(tmp_path.glob('crash-*.txt'))}\n")


def test_errors_in_the_inputs_still_exit_1_and_usage_2(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert check(tmp_path / "nowhere.dxp") == 1
    with pytest.raises(SystemExit) as exit_info:
        main(["eval", "--year", "soon"])
    assert exit_info.value.code == 2
