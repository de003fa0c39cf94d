"""Loading as a whole: duplicate rows across files, roadmap progress, folders and paths,
robustness on any input, and the checks of loaded records against the plan.
"""

from __future__ import annotations

import csv
import io
import math
import os
import tempfile
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import FIXTURES, HEADER, values, where, write

from dxplan.data.read import check_progress, check_series, load_data, load_data_bytes
from dxplan.data.records import DataSet, ProgressRow
from dxplan.source import Diagnostic, Severity, SourceFile, Span, format_diagnostic

# --- duplicates -------------------------------------------------------------------------


def test_duplicate_row_is_a_warning(tmp_path: Path) -> None:
    path = write(tmp_path, "a.csv", HEADER + "a,2024,1\nb,2024,x\na,R6,1.0\nb,FY2024,x\n")
    data, diagnostics = load_data([path])
    assert where(diagnostics) == [("duplicate-row", 4, 1), ("duplicate-row", 5, 1)]
    assert all(d.severity is Severity.WARNING for d in diagnostics)
    assert diagnostics[0].hint == f"first given at {path}:2; this row is ignored"
    assert len(data.observations) == 2


def test_conflicting_rows_point_at_the_second(tmp_path: Path) -> None:
    path = write(tmp_path, "a.csv", HEADER + "a,2024,1\nb,2024,2\na,令和6年度,1.5\nb,2024,x\n")
    data, diagnostics = load_data([path])
    assert where(diagnostics) == [("conflicting-rows", 4, 9), ("conflicting-rows", 5, 8)]
    assert diagnostics[0].severity is Severity.ERROR
    assert diagnostics[0].hint == f"first given at {path}:2; keep one of the two rows"
    assert values(data) == [("a", 2024, 1.0, None), ("b", 2024, 2.0, None)]


def test_first_is_by_path_whatever_the_argument_order(tmp_path: Path) -> None:
    first = write(tmp_path, "a.csv", HEADER + "s,2024,1\n")
    second = write(tmp_path, "b.csv", HEADER + "\ns,2024,2\n")
    results = [load_data([first, second]), load_data([second, first])]
    assert results[0] == results[1]
    data, diagnostics = results[0]
    assert data.files == (first, second)
    assert where(diagnostics) == [("conflicting-rows", 3, 8)]
    assert diagnostics[0].span is not None and diagnostics[0].span.path == second
    assert f"{first}:2" in (diagnostics[0].hint or "")


def test_fixture_with_problems_formats_stably() -> None:
    path = str(FIXTURES / "problems.csv")
    _, diagnostics = load_data([path])
    assert [format_diagnostic(d) for d in diagnostics] == [
        f"{path}:3:23: error[bad-row]: row has 4 cells but the header has 3\n"
        "  3 | online_usage,令和8年度,12,5\n"
        "    |                           ^\n"
        "  = hint: add a 'note' column to the header to keep notes",
        f"{path}:4:19: error[bad-value]: cannot read 'nan' as a value\n"
        "  4 | online_usage,2025,nan\n"
        "    |                   ^^^\n"
        "  = hint: NaN and infinity are not figures; leave the cell blank or write - for none",
        f"{path}:6:21: error[conflicting-rows]: online_usage 2024 is 47 here but 48 before\n"
        "  6 | online_usage,FY2024,47\n"
        "    |                     ^^\n"
        f"  = hint: first given at {path}:2; keep one of the two rows",
    ]


# --- progress ---------------------------------------------------------------------------


def test_progress_fixture() -> None:
    data, diagnostics = load_data([str(FIXTURES / "progress_bom.csv")])
    assert diagnostics == []
    assert [(r.project, r.period, r.status, r.note) for r in data.progress] == [
        (1, "2024H1", "on_track", None),
        (1, "2024H2", "completed", "前倒しで完了"),
        (2, "2024H1", "delayed", "入札不調のため、再公告"),
        (2, "2024H2", "delayed", None),
        (3, "2024H1", "not_started", None),
    ]
    row = data.progress[2]
    assert (row.span.line, row.span.column) == (4, 1)
    assert row.period_span is not None
    assert (row.period_span.line, row.period_span.column) == (4, 3)


def test_progress_bad_cells(tmp_path: Path) -> None:
    text = "project,period,status\n１,2024H1,順調\nx1,2024H1,delayd\n2,2024H3,遅延\n"
    data, diagnostics = load_data([write(tmp_path, "p.csv", text)])
    assert where(diagnostics) == [
        ("bad-project", 3, 1),
        ("bad-status", 3, 11),
        ("bad-period", 4, 3),
        ("bad-status", 4, 10),
    ]
    assert (diagnostics[1].hint or "").startswith("did you mean 'delayed'?")
    assert "未着手" in (diagnostics[3].hint or "")
    assert [(r.project, r.status) for r in data.progress] == [(1, "on_track")]


def test_progress_duplicates(tmp_path: Path) -> None:
    text = "project,period,status\n1,2024H1,順調\n1,R6上期,on_track\n1,2024h1,遅れ\n"
    data, diagnostics = load_data([write(tmp_path, "p.csv", text)])
    assert where(diagnostics) == [("duplicate-row", 3, 1), ("conflicting-rows", 4, 10)]
    assert len(data.progress) == 1


# --- paths ------------------------------------------------------------------------------


def test_folder_reads_data_files_in_name_order(tmp_path: Path) -> None:
    write(tmp_path, "b.csv", HEADER + "b,2024,2\n")
    write(tmp_path, "a.tsv", "series\tyear\tvalue\na\t2024\t1\n")
    write(tmp_path, "C.CSV", HEADER + "c,2024,3\n")
    write(tmp_path, "readme.txt", "not data")
    write(tmp_path, ".hidden.csv", "junk")
    (tmp_path / "~$book.xlsx").write_bytes(b"excel lock file")
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub", "d.csv", HEADER + "d,2024,4\n")
    data, diagnostics = load_data([str(tmp_path)])
    assert diagnostics == []
    assert [os.path.basename(f) for f in data.files] == ["C.CSV", "a.tsv", "b.csv"]
    assert [o.series for o in data.observations] == ["c", "a", "b"]


def test_unreadable_excel_files_in_a_folder_are_reported_not_skipped(tmp_path: Path) -> None:
    # figures in an old .xls or a macro .xlsm beside the CSVs must not vanish silently
    write(tmp_path, "a.csv", HEADER + "a,2024,1\n")
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    (tmp_path / "Book.XLSM").write_bytes(b"PK\x03\x04")
    (tmp_path / "~$old.xls").write_bytes(b"excel lock file")
    data, diagnostics = load_data([str(tmp_path)])
    assert [o.series for o in data.observations] == ["a"]
    save_as = "save it from Excel as .xlsx or as 'CSV UTF-8 (comma delimited)'"
    assert [(d.code, d.message, d.hint) for d in diagnostics] == [
        ("unsupported-file",
         f"{tmp_path / 'Book.XLSM'}: macro-enabled .xlsm workbooks are not read", save_as),
        ("unsupported-file",
         f"{tmp_path / 'old.xls'}: the old Excel .xls format cannot be read", save_as),
    ]


def test_folder_of_only_xls_is_an_error_once_per_file(tmp_path: Path) -> None:
    xls = tmp_path / "old.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0")
    # named in the folder and on its own: one report, and no "no data files" warning
    data, diagnostics = load_data([str(tmp_path), str(xls)])
    assert where(diagnostics) == [("unsupported-file", None, None)]
    assert diagnostics[0].severity is Severity.ERROR
    assert data == DataSet()


def load_without_waiting(paths: list[str]) -> tuple[DataSet, list[Diagnostic]]:
    """load_data in a thread: opening a FIFO for reading would wait for a writer forever."""
    done: list[tuple[DataSet, list[Diagnostic]]] = []
    worker = threading.Thread(target=lambda: done.append(load_data(paths)), daemon=True)
    worker.start()
    worker.join(timeout=60)
    assert done, "load_data is waiting on a FIFO"
    return done[0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs and symlinks as on Unix")
def test_every_folder_entry_that_is_not_a_data_file_is_reported(tmp_path: Path) -> None:
    write(tmp_path, "ok.csv", HEADER + "a,2024,1\n")
    (tmp_path / "dangling.csv").symlink_to("gone.csv")
    (tmp_path / "loop.csv").symlink_to("loop.csv")
    (tmp_path / "folder.csv").mkdir()
    os.mkfifo(tmp_path / "fifo.csv")
    data, diagnostics = load_without_waiting([str(tmp_path)])
    assert [o.series for o in data.observations] == ["a"]
    assert [(d.code, d.message) for d in diagnostics] == [
        ("unreadable-file", f"cannot read {tmp_path / name}: {why}") for name, why in [
            ("dangling.csv", "it is a symbolic link to gone.csv, which does not exist"),
            ("fifo.csv", "it is not a regular file (a FIFO, a device or a socket)"),
            ("folder.csv", "it is a folder, not a data file"),
            ("loop.csv", "it is a symbolic link that leads back to itself"),
        ]]
    assert all(d.is_error for d in diagnostics)
    # named on their own, the same
    named, again = load_without_waiting([str(tmp_path / "fifo.csv"),
                                         str(tmp_path / "dangling.csv")])
    assert [d.message for d in again] == [d.message for d in diagnostics[:2]]
    assert named == DataSet()


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="permissions do not stop root")
def test_an_unreadable_file_in_a_folder_is_reported(tmp_path: Path) -> None:
    path = Path(write(tmp_path, "a.csv", HEADER + "a,2024,1\n"))
    path.chmod(0)
    _data, diagnostics = load_data([str(tmp_path)])
    assert [d.message for d in diagnostics] == [f"cannot read {path}: Permission denied"]


def test_same_file_twice_is_read_once(tmp_path: Path) -> None:
    path = write(tmp_path, "a.csv", HEADER + "a,2024,1\n")
    data, diagnostics = load_data([str(tmp_path), path])
    assert diagnostics == []
    assert len(data.observations) == 1


def test_empty_folder_warns(tmp_path: Path) -> None:
    _, diagnostics = load_data([str(tmp_path)])
    assert where(diagnostics) == [("no-data-files", None, None)]
    assert diagnostics[0].severity is Severity.WARNING


def test_missing_path_suggests_a_sibling(tmp_path: Path) -> None:
    (tmp_path / "examples").mkdir()
    data, diagnostics = load_data([str(tmp_path / "exmaples")])
    assert where(diagnostics) == [("no-such-file", None, None)]
    assert diagnostics[0].hint == "did you mean 'examples'?"
    assert data == DataSet()


def test_loading_is_deterministic(tmp_path: Path) -> None:
    write(tmp_path, "a.csv", HEADER + "a,2024,1\na,2024,2\n")
    write(tmp_path, "b.csv", "project,period,status\n1,2024H1,順調\n")
    assert load_data([str(tmp_path)]) == load_data([str(tmp_path)])


def test_nothing_is_printed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "bad.xlsx").write_bytes(b"PK\x03\x04 truncated")
    write(tmp_path, "a.csv", "nonsense\n")
    load_data([str(tmp_path), str(tmp_path / "nope.csv")])
    assert capsys.readouterr() == ("", "")


@settings(deadline=None, max_examples=50)
@given(st.binary(max_size=200), st.sampled_from(["a.csv", "a.tsv"]))
def test_any_bytes_load_without_raising(content: bytes, name: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        data, diagnostics = load_data([str(path)])
    assert all(d.span is None or d.span.line >= 1 for d in diagnostics)
    assert all(o.value is None or math.isfinite(o.value) for o in data.observations)


_CELLS = st.sampled_from(["a", "b", " a", "", "2024", "FY2025", "R6", "1", "1,234", "-", "x",
                          '"1,5"', '"a\nb"', "\t", "abc"])


@settings(deadline=None, max_examples=80)
@given(st.lists(st.lists(_CELLS, max_size=5).map(",".join), max_size=6))
def test_any_csv_text_is_loaded_or_reported_row_by_row(lines: list[str]) -> None:
    text = HEADER + "\n".join(lines)
    data, diagnostics = load_data_bytes([("a.csv", text.encode("utf-8"))])
    source_lines = text.split("\n")
    for obs in data.observations:
        # an observation is its row: the series cell it names, a year, a finite value
        # (read with the csv module: a quoted series may hold a comma or a line break)
        rest = io.StringIO("\n".join(source_lines[obs.span.line - 1:]))
        assert next(csv.reader(rest))[0].strip() == obs.series
        assert 1900 <= obs.year <= 2100
        assert obs.value is None or math.isfinite(obs.value)
    if '"' in text:
        return  # a quoted cell may join lines; the line-by-line account below is for plain rows
    loaded = {obs.span.line for obs in data.observations}
    reported = {d.span.line for d in diagnostics if d.span is not None}
    for number, line in enumerate(source_lines[1:], start=2):
        if line.strip(" \t,"):
            # every row with content is either read or named by a diagnostic; never dropped
            assert number in loaded | reported, (number, line, diagnostics)


# --- checks against the plan ------------------------------------------------------------


def test_check_series_warns_once_per_unknown_series(tmp_path: Path) -> None:
    text = HEADER + "online_usage,2024,1\nonline_usge,2024,2\nonline_usge,2025,3\nzzz,2024,4\n"
    data, _ = load_data([write(tmp_path, "a.csv", text)])
    diagnostics = check_series(data.observations, ["online_usage", "workers"])
    assert where(diagnostics) == [("unknown-series", 3, 1), ("unknown-series", 5, 1)]
    assert all(d.severity is Severity.WARNING for d in diagnostics)
    assert diagnostics[0].hint == "did you mean 'online_usage'?"


def _progress(tmp_path: Path, text: str) -> tuple[ProgressRow, ...]:
    data, diagnostics = load_data([write(tmp_path, "p.csv", "project,period,status\n" + text)])
    assert diagnostics == []
    return data.progress


def test_check_progress_unknown_project(tmp_path: Path) -> None:
    rows = _progress(tmp_path, "1,2024H1,順調\n77,2024H1,順調\n")
    projects = {n: f"事業{n}" for n in range(1, 77)}
    diagnostics = check_progress(rows, projects, 2024)
    assert where(diagnostics) == [("unknown-project", 3, 1)]
    assert (
        diagnostics[0].hint == "projects are numbered 1–76; nearest: 75 「事業75」, 76 「事業76」"
    )


def test_check_progress_unknown_project_in_a_gap(tmp_path: Path) -> None:
    rows = _progress(tmp_path, "5,2024H1,順調\n")
    diagnostics = check_progress(rows, {1: "一", 9: "九"}, 2024)
    assert diagnostics[0].hint == "projects are numbered 1–9; nearest: 1 「一」, 9 「九」"
    assert check_progress(rows, {}, 2024)[0].hint == "the roadmap lists no projects"


def test_check_progress_period_outside_year(tmp_path: Path) -> None:
    rows = _progress(tmp_path, "1,2024H2,順調\n1,令和7年度上期,順調\n")
    diagnostics = check_progress(rows, {1: "一"}, 2024)
    assert where(diagnostics) == [("period-outside-year", 3, 3)]
    assert "2024H1" in (diagnostics[0].hint or "")


def test_check_progress_row_built_by_hand() -> None:
    span = Span.point(SourceFile("roadmap.csv", "x"), 1, 1)
    row = ProgressRow(1, "someday", "on_track", None, span)
    assert where(check_progress([row], {1: "一"}, 2024)) == [("period-outside-year", 1, 1)]
