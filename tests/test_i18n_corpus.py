"""Every mistake explained in Japanese: a corpus of bad specs, data and command lines, read
under `--lang ja`, and every message and hint checked for English left over.

The corpus holds the inputs of the golden-diagnostic tests (test_check.py, test_parse.py,
test_data_*.py, test_cells.py ...) in short: one or a few mistakes each, so that every
documented code is met at least once (the examples of docs/errors.md are checked on their
own in test_i18n.py). "English left over" is three Latin words in a row outside quotes,
backquotes, 「」 and paths: ids, keywords and file names stay as they are.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from dxplan import i18n, pipeline
from dxplan.cli import main
from dxplan.source import Diagnostic, format_diagnostic, localized

_VERBATIM = re.compile(r"'[^']*'|\"[^\"]*\"|`[^`]*`|「[^」]*」|\S*[/\\:.]\S*")
_ENGLISH = re.compile(r"[A-Za-z][A-Za-z_-]*(?: +[A-Za-z][A-Za-z_-]*){2,}")


def english_left(text: str) -> str | None:
    """Three or more Latin words in a row, outside what is kept verbatim."""
    found = _ENGLISH.search(_VERBATIM.sub(" ", text))
    return found.group(0) if found else None


PLAN = 'plan p "計画" {\n    period 2024..2028\n}\n'


def goal(body: str, header: str = 'goal g "目標"') -> str:
    return PLAN + header + " {\n" + body + "}\n"


SCORED = "    baseline 2023 = 1\n    target 2028 = 2\n"

# one spec per entry: each gives the diagnostics named
SPECS: list[tuple[str, str]] = [
    ("syntax", goal("    target 2028 = 60 weight 2\n")),
    ("bad-arguments", goal("    baseline 2023 = 1\n    target 2028 == 2\n")),
    ("syntax", goal("    value = (a + b\n" + SCORED)),
    ("syntax", goal("    value = a + b)\n" + SCORED)),
    ("syntax", PLAN + 'goal g "目標"\n{\n' + SCORED + "}\n"),
    ("syntax", PLAN + 'goal g {\n    "目標"\n}\n'),
    ("syntax", PLAN + 'grading {\n    grade A "順調" when score >= expected extra\n}\n'),
    ("missing-value", goal("    baseline 2023 =\n    target 2028 = 5\n")),
    ("missing-value", PLAN + 'grading {\n    grade A "順調" when\n}\n'),
    ("missing-value", goal("    baseline 2023\n    target 2028 = 5\n")),
    ("unclosed-block", PLAN + 'field f "分野" {\n    kpi k "K" {\n        indicator a "A" {\n'
     + SCORED + "    }\n}\n"),
    ("unmatched-brace", PLAN + "}\n"),
    ("unterminated-string", 'plan p "計画 {\n    period 2024..2028\n}\n'),
    ("unexpected-character", 'plan p "計画" {\n    vision 2040 “青森”\n}\n'),
    ("unexpected-character", goal("    baseline 2023 = 1\n    target 2028 = 30％\n")),
    ("unexpected-character", goal("    baseline 2023 ＝ 1\n    target 2028 = 3\n")),
    ("unexpected-character", goal("    baseline 2023 = 1．5\n    target 2028 = 3\n")),
    ("unknown-property", goal("    unti \"社\"\n" + SCORED)),
    ("unknown-property", goal("    colour \"red\"\n" + SCORED)),
    ("unknown-property", PLAN + "baseline 2023 = 1\n"),
    ("unknown-property", PLAN + 'kpi k "K" {\n}\n'),
    ("duplicate-property", goal('    unit "千円"\n    unit "円"\n' + SCORED)),
    ("duplicate-property", PLAN + 'grading {\n    grade A "順調" otherwise\n}\n'
     'grading {\n    grade A "順調" otherwise\n}\n'),
    ("bad-arguments", goal("    weight 30%\n" + SCORED)),
    ("bad-arguments", goal("    year fiscl\n" + SCORED)),
    ("bad-arguments", goal("    year monthly\n" + SCORED)),
    ("bad-arguments", goal("    baseline 2023 >= 1\n    target 2028 = 2\n")),
    ("bad-arguments", goal("    target 2028 < 2\n    baseline 2023 = 3\n    unit < 2\n")),
    ("bad-arguments", PLAN + 'grading {\n    grade A "順調"\n}\n'),
    ("bad-arguments", PLAN + 'grading {\n    grade A "順調" 1\n}\n'),
    ("bad-arguments", 'plan p "計画" {\n    period 2024..2028\n    judge on value_year\n}\n'),
    ("missing-block", PLAN + 'goal g "目標"\n'),
    ("unexpected-block", goal('    unit "円" { note "x" }\n' + SCORED)),
    ("unknown-method", goal("    method progres\n" + SCORED)),
    ("unknown-method", goal("    method linear\n" + SCORED)),
    ("missing-property", 'plan p "計画" {\n}\n'),
    ("bad-period", 'plan p "計画" {\n    period 2028..2024\n}\n'),
    ("duplicate-id", goal(SCORED) + 'goal g "再び" {\n' + SCORED + "}\n"),
    ("duplicate-id", PLAN + 'grading {\n    grade A "順調" when score >= 50\n'
     '    grade A "再び" otherwise\n}\n'),
    ("missing-target", goal("    baseline 2023 = 1\n")),
    ("missing-baseline", goal("    target 2028 = 2\n")),
    ("missing-baseline", goal("    target 2028 = baseline * 2\n")),
    ("target-equals-baseline", goal("    baseline 2023 = 5\n    target 2028 = 5\n")),
    ("not-revisable", goal(SCORED + '    revised 2026 "理由" {\n        method attainment\n'
                           "    }\n")),
    ("duplicate-revision", goal(SCORED + '    revised 2026 "a" { target 2028 = 3 }\n'
                                '    revised 2026 "b" { target 2028 = 4 }\n')),
    ("empty-revision", goal(SCORED + '    revised 2026 "a" { target 2028 = 2 }\n')),
    ("bad-lifecycle", goal(SCORED + '    added 2026 "追加"\n    retired 2025 "廃止"\n')),
    ("bad-lifecycle", goal(SCORED + '    added 2026 "追加"\n'
                           '    revised 2025 "見直し" { target 2028 = 3 }\n')),
    ("bad-lifecycle", goal(SCORED + '    retired 2026 "廃止"\n'
                           '    revised 2027 "見直し" { target 2028 = 3 }\n')),
    ("target-before-baseline", goal("    baseline 2023 = 1\n    target 2022 = 3\n")),
    ("mixed-targets", goal(SCORED + "    target each year >= 1000\n")),
    ("mixed-targets", goal(SCORED + '    milestone 2026 "制定"\n')),
    ("duplicate-target", goal(SCORED + "    target 2028 = 6\n")),
    ("duplicate-target", goal("    target each year >= 1\n    target each year >= 2\n")),
    ("bad-value", goal("    baseline 2023 = a + 1\n    target 2028 = 2\n")),
    ("bad-value", goal("    baseline 2023 = 1\n    target 2028 = 40..30\n")),
    ("bad-value", goal("    baseline 2023 = 1\n    target 2028 = 1" + "0" * 400 + "\n")),
    ("bad-value", goal("    baseline 2023 = 1\n    target 2028 = baseline / 0\n")),
    ("unknown-name", goal("    baseline 2023 = 1\n    target 2028 = 30..x\n")),
    ("bad-weight", goal(SCORED + "    weight -1\n")),
    ("bad-clamp", goal(SCORED + "    clamp 100..0\n")),
    ("reference-with-target", goal("    reference\n    target 2028 = 5\n")),
    ("kpi-without-targets", PLAN + 'field f "分野" {\n    kpi k "K" {\n'
     '        indicator a "A" { reference }\n    }\n}\n'),
    ("unknown-function", goal("    value = mena(a, b)\n" + SCORED)),
    ("unknown-function", goal("    value = avg(a, b)\n" + SCORED)),
    ("unknown-function", goal("    value = foo(a)\n" + SCORED)),
    ("arity", goal("    value = lag(a)\n" + SCORED)),
    ("arity", goal("    value = sum()\n" + SCORED)),
    ("arity", goal("    value = round()\n" + SCORED)),
    ("bad-formula", goal("    value = lag(a * 2, 1)\n" + SCORED)),
    ("bad-formula", goal("    value = at(a, 2019.5)\n" + SCORED)),
    ("bad-formula", goal('    value = a + "x"\n' + SCORED)),
    ("bad-formula", goal("    value = a..b\n" + SCORED)),
    ("bad-formula", goal("    baseline 2023 = 1\n    target 2028 = baseline * \"x\"\n")),
    ("formula-cycle", goal("    value = h + 1\n" + SCORED)
     + 'goal h "H" {\n    value = g + 1\n' + SCORED + "}\n"),
    ("unknown-name", PLAN + 'grading {\n    grade A "順調" when score >= expectd\n'
     '    grade B "遅れ" otherwise\n}\n'),
    ("unknown-name", goal("    baseline 2023 = 1\n    target 2028 = basline * 2\n")),
    ("unreachable-grade", PLAN + 'grading {\n    grade B "遅れ" otherwise\n'
     '    grade A "順調" when score >= expected\n}\n'),
]

KPI_PLAN = PLAN + 'field industry "産業" {\n    kpi enterprise_dx "企業" {\n' \
    '        indicator a "A" {\n            baseline 2023 = 0\n            target 2028 = 60\n' \
    '        }\n    }\n}\n'


def roadmap(body: str, year: str = "2024") -> str:
    return f'roadmap r6 "ロードマップ" {{\n    year {year}\n{body}}}\n'


MULTI: list[tuple[str, dict[str, str]]] = [
    ("duplicate-plan", {"a.dxp": PLAN, "b.dxp": 'plan q "別" {\n    period 2024..2028\n}\n'}),
    ("no-plan", {"r.dxp": roadmap("")}),
    ("no-plan", {"e.dxp": "# 空\n"}),
    ("missing-property", {"p.dxp": KPI_PLAN, "r.dxp": 'roadmap r6 "R" {\n}\n'}),
    ("unknown-reference", {"p.dxp": KPI_PLAN, "r.dxp": roadmap(
        '    field industy {\n        category "区分" {\n'
        '            project 1 "事業" { kpi enterprise_dx }\n        }\n    }\n')}),
    ("unknown-reference", {"p.dxp": KPI_PLAN, "r.dxp": roadmap(
        '    field industry {\n        category "区分" {\n'
        '            project 1 "事業" { kpi enterprse_dx }\n'
        '            project 2 "事業" { kpi nothing_like_it }\n        }\n    }\n')}),
    ("duplicate-project", {"p.dxp": KPI_PLAN, "r.dxp": roadmap(
        '    field industry {\n        category "区分" {\n'
        '            project 1 "事業" { kpi enterprise_dx }\n'
        '            project 1 "事業" { kpi enterprise_dx }\n        }\n    }\n')}),
    ("year-outside-period", {"p.dxp": KPI_PLAN, "r.dxp": roadmap("", "2030")}),
    ("period-outside-year", {"p.dxp": KPI_PLAN, "r.dxp": roadmap(
        '    field industry {\n        category "区分" {\n'
        '            project 1 "事業" { kpi enterprise_dx; milestone 2025H1 "m" }\n'
        "        }\n    }\n")}),
]

DATA_PLAN = PLAN + """\
goal g "目標" {
    baseline 2023 = 10
    target 2028 = 20
}
goal ratio "比率" {
    value = x / y
    baseline 2023 = 1
    target 2028 = 2
}
goal cal "暦年の値" {
    year calendar
    baseline 2023 = 1
    target 2028 = 2
}
goal law "条例" {
    milestone 2026 "制定"
}
goal read "式" {
    value = workrs
    baseline 2023 = 1
    target 2028 = 2
}
"""
DATA_ROADMAP = 'field f "分野" {\n    kpi k "K" {\n        indicator a "A" {\n' \
    '            baseline 2023 = 0\n            target 2028 = 60\n        }\n    }\n}\n' + roadmap(
        '    field f {\n        category "区分" {\n'
        '            project 1 "事業一" { kpi k }\n            project 2 "事業二" { kpi k }\n'
        "        }\n    }\n")

DATA: list[tuple[str, dict[str, str | bytes]]] = [
    ("bad-header", {"a.csv": "yaer,series,value\ng,2024,1\n"}),
    ("bad-header", {"a.csv": "series,yaer,value\ng,2024,1\n"}),
    ("bad-header", {"a.csv": "series,municipality,year,value,year\ng,a,2024,1,2024\n"}),
    ("bad-header", {"a.csv": "series,year\n"}),
    ("bad-header", {"a.csv": "series,year,value,notes\n"}),
    ("bad-header", {"a.csv": "series,year,value,note,note\n"}),
    ("bad-header", {"a.csv": "year,value\n2024,1\n"}),
    ("bad-header", {"a.csv": ""}),
    ("bad-header", {"a.csv": "指標,令和5年度,2023\ng,1,2\n"}),
    ("bad-header", {"a.csv": "指標,令和5年度,系列\ng,1,2\n"}),
    ("bad-header", {"a.csv": "指標,令和5年度,市町村,団体コード\ng,1,a,b\n"}),
    ("bad-header", {"a.csv": "指標,令和5年度,seires\ng,1,2\n"}),
    ("bad-header", {"a.csv": "令和5年度,備考\n1,x\n"}),
    ("bad-row", {"a.csv": "series,year,value\ng,2024\n"}),
    ("bad-row", {"a.csv": "series,year,value\ng,2024,1,x\n"}),
    ("bad-row", {"a.csv": "series,year,value\ng,2024,1,x,y\n"}),
    ("bad-row", {"a.csv": 'series,year,value\ng,2024,"1\n'}),
    ("bad-row", {"a.csv": "series,year,value\n,2024,1\n"}),
    ("bad-row", {"a.csv": "指標,令和5年度\n,1\n"}),
    ("bad-row", {"a.csv": "指標,令和5年度\ng,1,2\n"}),
    ("bad-year", {"a.csv": "series,year,value\ng,20x4,1\n"}),
    ("bad-value", {"a.csv": "series,year,value\ng,2024,abc\n"}),
    ("bad-value", {"a.csv": "series,year,value\ng,2024,NaN\n"}),
    ("bad-value", {"a.csv": "series,year,value\ng,2024,\"1,5\"\n"}),
    ("bad-value", {"a.csv": "series,year,value\ng,2024,実施中\n"}),
    ("bad-value", {"a.csv": "series,year,value\nlaw,2024,3\n"}),
    ("bad-value", {"a.csv": "指標,令和6年度\ng,abc\n"}),
    ("year-kind", {"a.csv": "series,year,value\ng,平成25年,1\ncal,2024年度,1\n"}),
    ("duplicate-row", {"a.csv": "series,year,value\ng,2024,1\ng,2024,1\n"}),
    ("conflicting-rows", {"a.csv": "series,year,value\ng,2024,1\ng,2024,2\ng,2025,-\n"
                          "g,2025,\n"}),
    ("no-entity-set", {"a.csv": "series,year,value,municipality\ng,2024,1,02201\n"}),
    ("unknown-series", {"a.csv": "series,year,value\ngg,2024,1\nzzzz,2024,1\n"}),
    ("no-data-for-series", {"a.csv": "series,year,value\nx,2024,1\ny,2024,1\n"
                            "workers,2024,1\n"}),
    ("bad-encoding", {"a.csv": b"series,year,value\ng,2024,\x82\xff\n"}),
    ("bad-file", {"a.xlsx": b"not a workbook"}),
    ("year-outside-period", {"a.csv": "series,year,value\ng,2098,1\ng,2099,1\n"}),
]

PROGRESS: list[tuple[str, str]] = [
    ("bad-project", "project,period,status\nx1,2024H1,on_track\n"),
    ("unknown-project", "project,period,status\n9,2024H1,on_track\n"),
    ("bad-status", "project,period,status\n1,2024H1,ontrack\n1,2024H2,遅延\n"),
    ("bad-period", "project,period,status\n1,2024H3,on_track\n"),
    ("period-outside-year", "project,period,status\n1,2025H1,on_track\n"),
    ("duplicate-row", "project,period,status\n1,2024H1,on_track\n1,2024H1,on_track\n"),
    ("conflicting-rows", "project,period,status\n1,2024H1,on_track\n1,2024H1,delayed\n"),
]


def _loaded() -> Iterator[tuple[str, list[Diagnostic]]]:
    for code, text in SPECS:
        yield code, list(pipeline.load_strings(text).diagnostics)
    for code, named in MULTI:
        yield code, list(pipeline.load_strings(named).diagnostics)
    for code, files in DATA:
        loaded = pipeline.load_strings(DATA_PLAN, files)
        yield code, list(loaded.diagnostics) + pipeline.evaluate(loaded)[1]
    for code, progress in PROGRESS:
        loaded = pipeline.load_strings(PLAN + DATA_ROADMAP, {"p.csv": progress})
        yield code, list(loaded.diagnostics)
    evaluated = pipeline.load_strings(DATA_PLAN, {"a.csv": "series,year,value\n"
                                                  "x,2024,1\ny,2024,0\ng,2024,12\n"
                                                  "cal,2024,1\nworkrs,2024,1\n"})
    yield "formula-no-value", pipeline.evaluate(evaluated, 2024)[1]
    yield "year-outside-period", pipeline.evaluate(evaluated, 2030)[1]
    later = pipeline.load_strings(DATA_PLAN, {"a.csv": "series,year,value\nx,2024,1\n"
                                              "y,2024,2\ng,2024,12\ng,2026,13\ng,2027,1\n"
                                              "cal,2024,1\nworkrs,2024,1\n"})
    yield "later-figures", pipeline.evaluate(later)[1]
    yield "unknown-period", pipeline.roadmap_periods(
        pipeline.load_strings(PLAN + DATA_ROADMAP).workspace, [], "autumn")[1]  # type: ignore[arg-type]


def test_every_mistake_of_the_corpus_is_explained_in_japanese(japanese: None) -> None:
    left = []
    for code, diagnostics in _loaded():
        assert code in {d.code for d in diagnostics}, (code, [d.code for d in diagnostics])
        for d in diagnostics:
            shown = localized(d)
            assert shown.code == d.code
            left += [(d.code, text) for text in (shown.message, shown.hint or "")
                     if english_left(text)]
    assert not left, "no Japanese for:\n" + "\n".join(f"{c}: {t}" for c, t in left)


def test_a_frame_keeps_its_location_and_caret_in_japanese() -> None:
    diagnostics = [d for _, found in _loaded() for d in found if d.span is not None]
    english = [format_diagnostic(d).splitlines() for d in diagnostics]
    i18n.use("ja")
    try:
        translated = [format_diagnostic(d).splitlines() for d in diagnostics]
    finally:
        i18n.use("en")
    for before, after in zip(english, translated, strict=True):
        where = before[0].split("]: ")[0]
        assert after[0].startswith(where + "]: ")  # file:line:col: severity[code]:
        assert after[1:3] == before[1:3]  # the source line and the caret under it
        assert len(after) == len(before)


# --- the command line's own mistakes -----------------------------------------------------


def _errors(capsys: pytest.CaptureFixture[str], *argv: str) -> list[str]:
    try:
        main(["--lang", "ja", *argv])
    except SystemExit as exc:  # argparse's usage errors
        assert exc.code == 2
    return [line for line in capsys.readouterr().err.splitlines()
            if "error[" in line or "warning[" in line or "= ヒント" in line
            or ": エラー: " in line]


def test_the_commands_explain_their_mistakes_in_japanese(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    spec = tmp_path / "p.dxp"
    spec.write_text(KPI_PLAN, encoding="utf-8")
    (tmp_path / "empty").mkdir()
    monkeypatch.chdir(tmp_path)
    lines = _errors(capsys, "check")  # no dxplan.toml here or above tmp_path
    lines += _errors(capsys, "check", str(spec), "--data", "exmaples", "--data", "empty",
                     "--data", "old.xls")
    (tmp_path / "old.xls").write_bytes(b"")
    lines += _errors(capsys, "check", str(spec), "--data", "old.xls")
    lines += _errors(capsys, "explain", "enterprse_dx", str(spec))
    lines += _errors(capsys, "explain", "a", "industry", str(spec))
    lines += _errors(capsys, "history", "enterprse_dx", str(spec))
    lines += _errors(capsys, "roadmap", str(spec))
    lines += _errors(capsys, "eval", str(spec), "-o", str(tmp_path / "no" / "x.md"),
                     "--format", "markdown")
    lines += _errors(capsys, "eval", "--year", "20x4")
    lines += _errors(capsys, "eval", "--format", "pdf")
    lines += _errors(capsys, "evl")
    lines += _errors(capsys, "explain")
    lines += _errors(capsys, "check", "--colour")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    lines += _errors(capsys, "report", str(spec), "-o", str(tmp_path / "r.html"))
    (tmp_path / "dxplan.toml").write_text('[dxplan]\nspecs = "p.dxp"\n', encoding="utf-8")
    lines += _errors(capsys, "check")
    (tmp_path / "dxplan.toml").write_text('[dxplan]\nspecs = ["p.dxp"]\nlang = "fr"\n'
                                          'year = "soon"\n', encoding="utf-8")
    lines += _errors(capsys, "check")
    (tmp_path / "dxplan.toml").write_text("[dxplan\n", encoding="utf-8")
    lines += _errors(capsys, "check")
    codes = {re.search(r"(?:error|warning)\[([a-z-]+)\]", line).group(1)  # type: ignore[union-attr]
             for line in lines if "[" in line and "= ヒント" not in line and "エラー: " not in line}
    assert codes >= {"no-config", "no-such-file", "no-data-files", "unsupported-file",
                     "unknown-id", "not-a-spec", "no-roadmap", "cannot-write", "bad-date",
                     "bad-config"}
    assert sum(": エラー: " in line for line in lines) == 5  # the argparse mistakes
    left = [line for line in lines if english_left(line.split("]: ")[-1])]
    assert not left, "\n".join(left)
