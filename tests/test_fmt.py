"""`dxplan fmt`: the canonical layout, its safety net, and the command's three modes.

Properties over generated specs (random spacing, tabs, blank lines, comments, one-line
blocks, number and year spellings, CRLF) and over the shipped specs: formatting is
idempotent, keeps the tree and the comments, and does not change a single figure.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path
from random import Random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dxplan import pipeline
from dxplan.results import Results
from dxplan.source import SourceFile, has_errors
from dxplan.spec import fmt
from dxplan.spec.parse import parse_text

ROOT = Path(__file__).resolve().parent.parent
SPECS = [ROOT / "specs" / "plan2024.dxp", ROOT / "specs" / "roadmap2024.dxp"]


def formatted(text: str) -> str:
    out, diagnostics = fmt.format_source(SourceFile("t.dxp", text))
    assert diagnostics == []
    assert out is not None
    return out


def comments(text: str) -> list[str]:
    module, _ = parse_text(SourceFile("t.dxp", text))
    assert module is not None
    return [c.text.rstrip() for c in module.comments]


# --- the layout, by example -------------------------------------------------------------

MESSY = (
    "# head comment\r\n"
    'plan   p  "計画"{\r\n'
    "\tperiod R6..令和10   # years\r\n"
    "\r\n"
    "\r\n"
    '\t  vision 2040 "v"\r\n'
    "}\r\n"
    'goal g "目標" {unit "%" ; source "s"\r\n'
    "  baseline 2023=1_000   \r\n"
    "     target FY2028 = 12.50#trail\r\n"
    "      value = ( a+b )/2*1_0\r\n"
    "  # before close\r\n"
    "}\r\n"
    'field f "分野" {\r\n'
    "    kpi k \"K\" {\r\n"
    '        indicator i "I" {  baseline 2023 = 0;target 2028 = 60  }\r\n'
    "    }\r\n"
    "}  # after field\r\n"
    "# end"
)

CANONICAL = """\
# head comment
plan p "計画" {
    period 2024..2028  # years

    vision 2040 "v"
}

goal g "目標" {
    unit "%"
    source "s"
    baseline 2023 = 1_000
    target 2028 = 12.5  #trail
    value = (a + b) / 2 * 10
    # before close
}

field f "分野" {
    kpi k "K" {
        indicator i "I" { baseline 2023 = 0; target 2028 = 60 }
    }
}  # after field

# end
"""


def test_messy_input_gets_the_canonical_layout() -> None:
    # tabs, odd spacing, CRLF, no final newline, `;` on a multi-line block's first line,
    # era years (R6 = 2024, 令和10 = 2028, FY2028), `1_000` and `12.50`, a double blank
    # line (kept as one), comments on own lines, at line ends, before `}` and at the end
    assert formatted(MESSY) == CANONICAL
    assert formatted(CANONICAL) == CANONICAL


def test_full_width_spaces_and_digits_are_read_and_written_half_width() -> None:
    # what docs/language.md promises: 全角スペース between tokens (and as indentation),
    # full-width digits in years, era years, numbers and formulas; texts keep theirs
    text = ('goal　g　"目　標"　{\n'
            "　　baseline　令和５ = ４８.５\n"
            "    target ２０２８ = ６０%\n"
            "    value = a * １_０００\n"
            "}\n")
    assert formatted(text) == ('goal g "目　標" {\n'
                               "    baseline 2023 = 48.5\n"
                               "    target 2028 = 60%\n"
                               "    value = a * 1_000\n"
                               "}\n")


def test_one_line_blocks_follow_the_author_when_they_fit() -> None:
    text = 'category "c" {\n    project 1 "a" {kpi x   ;reference}\n    project 2 "b" {\n' \
           "        kpi y\n    }\n}\n"
    assert formatted(text) == (
        'category "c" {\n    project 1 "a" { kpi x; reference }\n'
        '    project 2 "b" {\n        kpi y\n    }\n}\n')


def test_a_one_line_block_too_wide_or_with_a_comment_inside_is_split() -> None:
    # 46 wide characters take 92 columns: with indentation the line passes 100
    wide = "事" * 46
    assert formatted(f'category "c" {{\n    project 1 "{wide}" {{ kpi x }}\n}}\n') == (
        f'category "c" {{\n    project 1 "{wide}" {{\n        kpi x\n    }}\n}}\n')
    assert formatted('project 1 "a" { kpi x  # why\n}\n') == (
        'project 1 "a" {\n    kpi x  # why\n}\n')
    assert formatted('project 1 "a" {   }\n') == 'project 1 "a" {}\n'
    assert formatted('a {  # open\n}\n') == "a {  # open\n}\n"
    assert formatted("a {\n# inside\n}\n") == "a {\n    # inside\n}\n"


def test_blank_lines_inside_blocks_are_kept_once_and_dropped_at_the_edges() -> None:
    text = 'goal g "x" {\n\n    unit "a"\n\n\n\n    source "b"\n\n}\n'
    assert formatted(text) == 'goal g "x" {\n    unit "a"\n\n    source "b"\n}\n'


def test_top_level_blocks_get_exactly_one_blank_line_between_them() -> None:
    assert formatted('a {}\nb {}\n\n\n\nc {}\n') == "a {}\n\nb {}\n\nc {}\n"


def test_strings_numbers_and_formulas_are_respelled_canonically() -> None:
    text = 'x "say \\"hi\\"" -0_5 30% 1.250 { value = -( a*b ) + at(x,2_019) }\n'
    # numbers by value, the author's grouping kept by thousands: -0_5 is -5, 2_019 is 2_019
    assert formatted(text) == 'x "say \\"hi\\"" -5 30% 1.25 { value = -(a * b) + at(x, 2_019) }\n'


def test_comparisons_keep_the_parentheses_that_make_them_valid() -> None:
    # `a < b < c` does not parse; the formatter must not write it
    assert formatted("grade A \"x\" when (a < b) == (c > d)\n") == \
        'grade A "x" when (a < b) == (c > d)\n'


def test_the_formatted_text_is_a_fixed_point_and_keeps_comments() -> None:
    out = formatted(MESSY)
    assert comments(out) == comments(MESSY)
    assert formatted(out) == out


# Characters other programs take for line breaks or blanks: form feed, vertical tab, the
# file/group/record separators, NEL, LINE and PARAGRAPH SEPARATOR, and a lone CR
ODD = "\x0c\x0b\x1c\x1d\x1e\x85\u2028\u2029\r"
CONTENT = st.text(st.sampled_from([*ODD, "a", "漢", " ", "\t", "#", '"', "\\", "{", "\u3000"]),
                  max_size=12)


@given(CONTENT, CONTENT)
def test_every_character_of_comments_and_texts_survives_fmt(comment: str, text: str) -> None:
    # a comment's trailing blanks (and a CR before its line's end) are layout, not content
    comment = "# x" + comment.rstrip(" \t\r\u3000")
    quoted = '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    spec = f'{comment}\nplan p {quoted} {{  {comment}\n    {comment}\n    note {quoted}\n}}\n'
    out = formatted(spec)
    assert out == (f"{comment}\nplan p {quoted} {{  {comment}\n    {comment}\n"
                   f"    note {quoted}\n}}\n")
    module, _ = parse_text(SourceFile("t.dxp", out))
    assert module is not None
    assert [a.value for a in module.statements[0].args[1:]] == [text]


def test_odd_characters_between_tokens_are_blanks_and_the_caret_stays_on_its_line() -> None:
    assert formatted("a\x85{\u2028x\x0c1\x0b}\n") == "a { x 1 }\n"
    out, diagnostics = fmt.format_source(SourceFile("t.dxp", "# \u2028\x0c\r\na {\n  x ＝ 1\n}\n"))
    assert out is None
    assert [(d.code, d.span.line if d.span else 0) for d in diagnostics] == \
        [("unexpected-character", 3)]


def test_syntax_errors_give_diagnostics_and_no_text() -> None:
    out, diagnostics = fmt.format_source(SourceFile("bad.dxp", 'plan p "x" {\n'))
    assert out is None
    assert [d.code for d in diagnostics] == ["unclosed-block"]


def test_the_safety_net_refuses_output_that_changes_the_tree(monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    monkeypatch.setattr(fmt, "format_module", lambda module: 'plan p "other" {}\n')
    out, diagnostics = fmt.format_source(SourceFile("t.dxp", 'plan p "x" {}\n'))
    assert out is None
    assert [d.code for d in diagnostics] == ["fmt-internal"]
    assert "report" in (diagnostics[0].hint or "")


def test_the_safety_net_refuses_output_that_drops_a_comment(monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    monkeypatch.setattr(fmt, "format_module", lambda module: "a {}\n")
    out, diagnostics = fmt.format_source(SourceFile("t.dxp", "a {}  # keep me\n"))
    assert out is None
    assert "comments" in diagnostics[0].message


# --- the shipped specs -----------------------------------------------------------------


@pytest.mark.parametrize("path", SPECS, ids=lambda p: p.name)
def test_shipped_specs_are_canonical(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert formatted(text) == text


def _mess(line: str) -> str:
    """A line re-indented with tabs, odd spacing around `=` and `{`, tabs before `#`."""
    code = line.lstrip(" ")
    indent = "\t" * ((len(line) - len(code)) // 4)
    if code.startswith("#"):
        return indent + code
    code, sep, comment = code.partition("  # ")
    code = code.replace(" = ", "   =  ").replace('" {', '"{')
    return indent + code + ("\t\t# " + comment if sep else "")


def test_a_messy_copy_of_the_plan_formats_back_to_the_shipped_file() -> None:
    text = SPECS[0].read_text(encoding="utf-8")
    messy = "\r\n".join(_mess(line) for line in text.split("\n"))
    messy = messy.replace("\r\n}\r\n\r\n", "\r\n}\r\n\r\n\r\n\r\n")
    assert messy.count("\t") > 100 and "   =  " in messy
    assert formatted(messy) == text


# --- properties over generated specs ---------------------------------------------------

# Layout choices come from one Random that hypothesis seeds (and replays): drawing each
# space and blank line through a strategy of its own made generation 50 ms an example.


def _comment(rnd: Random) -> str:
    return "#" + "".join(rnd.choice("ab #\"'{}例示値 ;=\t") for _ in range(rnd.randint(0, 12)))


def _number(rnd: Random, value: float) -> str:
    """`value` in one of the spellings the language accepts."""
    forms = [repr(value), repr(value) + "0"]  # 12.5, 12.50, 1000.0, 1000.00
    if value == int(value):
        forms += [str(int(value)), f"{int(value):_}"]  # 1000, 1_000
    return rnd.choice(forms)


def _year(rnd: Random, year: int) -> str:
    return rnd.choice([str(year), f"R{year - 2018}", f"令和{year - 2018}", f"FY{year}"])


def _measure(rnd: Random, keyword: str, ident: str) -> tuple[str, list[object]]:
    base = rnd.choice([0.0, 3.0, 12.5, 1000.0])
    final = base + rnd.choice([10.0, 30.5, 1500.0, -2.0])
    body: list[object] = [f'unit "{rnd.choice(["%", "件", "社"])}"',
                          f"baseline {_year(rnd, rnd.randint(2020, 2023))} = {_number(rnd, base)}"]
    if rnd.random() < 0.5:
        body.append(f"target {_year(rnd, 2026)} = {_number(rnd, base + 1)}")
    body.append(f"target {_year(rnd, 2028)} = {_number(rnd, final)}")
    if rnd.random() < 0.5:
        body.append(f"weight {rnd.choice(['2', '1.5', '1_0'])}")
    if keyword == "goal" and rnd.random() < 0.5:
        body.append("value = " + rnd.choice(
            ["(s1+s2)/2", "s1 - (s2 - 1)", "-s1*2+s2", "max(s1,s2)", "at(s1, 2_023) + s2"]))
    return f'{keyword} {ident} "名前 {ident}"', body


def _plan(rnd: Random) -> list[object]:
    """A small valid plan as (header, body) pairs, bodies holding strings or pairs."""
    top: list[object] = [('plan p "計画"', [f"period {_year(rnd, 2024)}..{_year(rnd, 2028)}",
                                             'vision 2040 "v"'])]
    if rnd.random() < 0.5:
        top.append(("grading", ['grade S "達成" when raw>=100',
                                'grade A "順調" when score >= expected*0.5',
                                'grade D "後退" otherwise']))
    top += [_measure(rnd, "goal", f"g{i}") for i in range(rnd.randint(0, 2))]
    n = 0
    for f in range(rnd.randint(1, 2)):
        kpis: list[object] = []
        for k in range(rnd.randint(1, 2)):
            indicators: list[object] = []
            for _ in range(rnd.randint(1, 2)):
                indicators.append(_measure(rnd, "indicator", f"i{n}"))
                n += 1
            kpis.append((f'kpi k{f}_{k} "KPI"', indicators))
        top.append((f'field f{f} "分野"', kpis))
    return top


def _trail(rnd: Random) -> str:
    return rnd.choice(["", "", " ", " " + _comment(rnd), "\t" + _comment(rnd)])


def _layout(rnd: Random, nodes: list[object], depth: int) -> list[str]:
    lines: list[str] = []
    for node in nodes:
        lines += [""] * rnd.choice([0, 0, 1, 2])
        indent = rnd.choice(["    ", "\t", "  ", "      "]) * depth
        if rnd.random() < 0.2:
            lines.append(indent + _comment(rnd))
        if isinstance(node, str):
            space = rnd.choice([" ", "  ", "\t", " \t ", "\u3000"])
            lines.append(indent + space.join(node.split(" ")) + _trail(rnd))
            continue
        assert isinstance(node, tuple)
        head, body = node
        if all(isinstance(b, str) for b in body) and rnd.random() < 0.5:
            lines.append(f"{indent}{head} {{ {'; '.join(body)} }}{_trail(rnd)}")
            continue
        lines.append(f"{indent}{head}{rnd.choice(['', ' ', '  '])}{{{_trail(rnd)}")
        lines += _layout(rnd, body, depth + 1)
        if rnd.random() < 0.2:
            lines.append(indent + "    " + _comment(rnd))
        lines.append(indent + "}" + _trail(rnd))
    return lines


@st.composite
def specs(draw: st.DrawFn) -> str:
    rnd = draw(st.randoms(use_true_random=False))
    newline = rnd.choice(["\n", "\r\n"])
    return newline.join(_layout(rnd, _plan(rnd), 0)) + rnd.choice(["", newline])


def _data() -> str:
    series = ["s1", "s2"] + [f"i{n}" for n in range(8)] + [f"g{n}" for n in range(2)]
    return "series,year,value\n" + "".join(
        f"{s},{year},{5.0 * (year - 2020) + i}\n"
        for i, s in enumerate(series) for year in (2022, 2024, 2025))


def _evaluate(text: str) -> Results:
    # named beside the shipped specs, so the shipped plan finds its entity list
    loaded = pipeline.load_strings({str(SPECS[0].parent / "t.dxp"): text},
                                   {"data.csv": _data()})
    assert loaded.workspace is not None and not has_errors(loaded.diagnostics)
    results, _ = pipeline.evaluate(loaded, 2025)
    assert results is not None
    return results


@settings(max_examples=120)  # each example is ~40 ms, nearly all of it parsing
@given(specs())
def test_fmt_is_idempotent_and_keeps_tree_and_comments(text: str) -> None:
    out = formatted(text)
    assert formatted(out) == out
    before, _ = parse_text(SourceFile("t.dxp", text))
    after, _ = parse_text(SourceFile("t.dxp", out))
    assert before is not None and after is not None
    assert after.statements == fmt.canonical_statements(before.statements)
    assert [c.text for c in after.comments] == [c.text.rstrip() for c in before.comments]
    assert "\r" not in out and out.endswith("\n") and " \n" not in out


@settings(max_examples=60)
@given(specs())
def test_fmt_does_not_change_a_figure(text: str) -> None:
    assert _evaluate(formatted(text)) == _evaluate(text)


def test_the_shipped_plan_evaluates_the_same_after_fmt() -> None:
    text = SPECS[0].read_text(encoding="utf-8")
    assert _evaluate(formatted(text)) == _evaluate(text)


# --- the command ------------------------------------------------------------------------


def dxplan(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "dxplan", *args], cwd=cwd, input=stdin,
                          capture_output=True, text=True, encoding="utf-8", check=False)


def test_check_prints_a_diff_and_fails_until_write_fixes_the_file(tmp_path: Path) -> None:
    spec = tmp_path / "a.dxp"
    spec.write_text('plan p "x" {period 2024..2028}\n', encoding="utf-8")
    spec.chmod(0o640)
    done = dxplan("fmt", "--check", "a.dxp", cwd=tmp_path)
    assert done.returncode == 1
    assert '-plan p "x" {period 2024..2028}\n+plan p "x" { period 2024..2028 }\n' in done.stdout
    assert dxplan("fmt", "--write", "a.dxp", cwd=tmp_path).returncode == 0
    assert spec.read_text(encoding="utf-8") == 'plan p "x" { period 2024..2028 }\n'
    assert stat.S_IMODE(spec.stat().st_mode) == 0o640
    assert sorted(os.listdir(tmp_path)) == ["a.dxp"]  # no temporary file left behind
    done = dxplan("fmt", "--check", "a.dxp", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (0, "")


def test_write_through_a_symlink_rewrites_its_target_and_keeps_the_link(tmp_path: Path
                                                                      ) -> None:
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "a.dxp"
    target.write_text("a  {}\n", encoding="utf-8")
    target.chmod(0o640)
    link = tmp_path / "a.dxp"
    link.symlink_to(Path("real") / "a.dxp")
    assert dxplan("fmt", "--write", "a.dxp", cwd=tmp_path).returncode == 0
    assert link.is_symlink() and os.readlink(link) == str(Path("real") / "a.dxp")
    assert target.read_text(encoding="utf-8") == "a {}\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(os.listdir(tmp_path / "real")) == ["a.dxp"]


def test_check_names_a_crlf_only_change(tmp_path: Path) -> None:
    (tmp_path / "a.dxp").write_bytes(b"a {}\r\n")
    done = dxplan("fmt", "--check", "a.dxp", cwd=tmp_path)
    assert done.returncode == 1
    assert "line endings would become LF" in done.stdout


def test_write_leaves_a_file_with_syntax_errors_untouched(tmp_path: Path) -> None:
    spec = tmp_path / "bad.dxp"
    spec.write_text('plan p "x" {\n  period   2024..2028\n', encoding="utf-8")
    done = dxplan("fmt", "--write", "bad.dxp", cwd=tmp_path)
    assert done.returncode == 1
    assert "bad.dxp:1:12: error[unclosed-block]" in done.stderr
    assert spec.read_text(encoding="utf-8") == 'plan p "x" {\n  period   2024..2028\n'


def test_stdin_to_stdout_and_no_write_for_stdin(tmp_path: Path) -> None:
    done = dxplan("fmt", "-", cwd=tmp_path, stdin="a{x 1}")
    assert (done.returncode, done.stdout) == (0, "a { x 1 }\n")
    assert dxplan("fmt", "--write", "-", cwd=tmp_path, stdin="a {}\n").returncode == 2


def test_no_spec_means_the_specs_dxplan_toml_names(tmp_path: Path) -> None:
    (tmp_path / "dxplan.toml").write_text('[dxplan]\nspecs = ["s/a.dxp"]\n', encoding="utf-8")
    (tmp_path / "s").mkdir()
    (tmp_path / "s" / "a.dxp").write_text("a  {}\n", encoding="utf-8")
    done = dxplan("fmt", "--check", cwd=tmp_path)
    assert done.returncode == 1
    assert "s/a.dxp" in done.stderr
