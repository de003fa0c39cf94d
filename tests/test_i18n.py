"""The language of a run and the courtesies of the command line: the Japanese catalogue
covers every documented code, docs/ja/errors.md is the page it writes, the language is
chosen by --lang, dxplan.toml and the locale in that order, views and help follow it, and
an English run imports none of it."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import write_demo

from dxplan import __version__, i18n
from dxplan.cli import COMMANDS, build_parser, main
from dxplan.i18n import ja
from dxplan.i18n.doc import japanese_errors
from dxplan.i18n.ja.about import ABOUT
from dxplan.i18n.translate import Translator, parts, pattern, translate
from dxplan.render import labels, words
from dxplan.scoring import Status

ROOT = Path(__file__).resolve().parents[1]
ERRORS = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
_VERBATIM = re.compile(r"'[^']*'|\"[^\"]*\"|`[^`]*`|「[^」]*」|\S*[/\\:.]\S*")
_ENGLISH = re.compile(r"[A-Za-z][A-Za-z_-]*(?: +[A-Za-z][A-Za-z_-]*){2,}")


def english_left(text: str) -> str | None:
    """Three or more Latin words in a row, outside quotes, backquotes, 「」 and paths."""
    found = _ENGLISH.search(_VERBATIM.sub(" ", text))
    return found.group(0) if found else None


# --- the catalogue --------------------------------------------------------------------------


def documented_codes() -> list[str]:
    return list(dict.fromkeys(re.findall(r"^### `([a-z0-9-]+)`", ERRORS, re.MULTILINE)))


def test_every_documented_code_has_japanese() -> None:
    # a code from another branch lands here first: the message names it, to add it to
    # dxplan/i18n/ja/ (its templates) and ja/about.py (its explanation)
    codes = documented_codes()
    assert len(codes) > 70
    missing = [code for code in codes if code not in ja.CODES]
    assert not missing, f"no Japanese templates for: {', '.join(missing)}"
    headings = [h.strip() for h in re.findall(r"^### `([^`]+)`(.*)$", ERRORS, re.MULTILINE)
                for h in ["".join(h)]]
    unexplained = [h for h in headings if h not in ABOUT]
    assert not unexplained, f"no Japanese explanation for: {', '.join(unexplained)}"


def test_every_example_of_the_errors_page_reads_in_japanese() -> None:
    checked, left = 0, []
    code = None
    for line in ERRORS.splitlines():
        header = re.search(r"(?:error|warning)\[([a-z0-9-]+)\]: (.*)", line)
        hint = re.fullmatch(r"\s*= hint: (.*)", line)
        if header is not None:
            code, text = header.group(1), header.group(2)
        elif hint is not None and code is not None:
            text = hint.group(1)
        else:
            continue
        checked += 1
        translated = translate("ja", code, text)
        if translated == text or english_left(translated):
            left.append(f"{code}: {text} -> {translated}")
    assert checked > 150
    assert not left, "\n".join(left)


def test_the_japanese_errors_page_is_written_from_the_catalogue() -> None:
    # after a change to docs/errors.md or dxplan/i18n/ja/:
    #     python -m dxplan.i18n.doc > docs/ja/errors.md
    written = (ROOT / "docs" / "ja" / "errors.md").read_text(encoding="utf-8")
    assert japanese_errors(ERRORS) == written


def test_templates_translate_only_the_parts_they_have() -> None:
    tables = [*ja.CODES.values(), ja.COMMON, ja.WRAPPERS,
              *(rule for rule in ja.PARTS.values() if isinstance(rule, tuple))]
    for templates in tables:
        english = [e for e, _ in templates]
        assert len(english) == len(set(english)), english
        for source, target in templates:
            pattern(source)  # compiles
            assert set(parts(target)) <= set(parts(source)), (source, target)


_TEMPLATES = [(code, english, translated) for code, templates in ja.CODES.items()
              for english, translated in templates if "{text}" not in english]


@pytest.mark.parametrize("template", _TEMPLATES, ids=lambda t: f"{t[0]}: {t[1][:40]}")
@settings(max_examples=5)
@given(st.lists(st.from_regex(r"x[a-z0-9_]{0,8}|[0-9]{1,5}", fullmatch=True),
                min_size=8, max_size=8))
def test_each_template_is_the_one_its_messages_find(
        template: tuple[str, str, str], values: list[str]) -> None:
    # A message a call site builds from a template, with any ids or numbers in its parts,
    # is translated by that template (no earlier one of its code takes it) and keeps those
    # parts as they are. (The ids start with x: none is a word the catalogue translates.)
    code, english, translated = template
    names = list(dict.fromkeys(parts(english)))
    given_ = dict(zip(names, values, strict=False))
    message = re.sub(r"\{([a-z_]+)\}", lambda m: given_[m.group(1)], english)
    translator = ja_translator()
    expected = re.sub(r"\{([a-z_]+)\}",
                      lambda m: translator.part(m.group(1), given_[m.group(1)]), translated)
    assert translate("ja", code, message) == expected


def ja_translator() -> Translator:
    from dxplan.i18n.translate import translator

    return translator("ja")


def test_a_part_is_kept_verbatim_unless_the_catalogue_translates_it() -> None:
    # ids, numbers and file names stay as written; {place} is a phrase of its own
    assert translate("ja", "unknown-property", "'unti' is not known inside a goal or "
                     "indicator") == "'unti' はここ(goal・indicator の中)では使えません"
    assert translate("ja", "unknown-property", "did you mean 'unit'?") == \
        "'unit' のことですか?"
    assert translate("ja", "conflicting-rows", "online_usage 2024 is 6 here but 5 before "
                     "(cell C3)") == "online_usage の 2024 年度の値がここでは 6、前の行では 5 " \
        "です(セル C3)"
    # a text no template fits is left as it is (and the tests above name it)
    assert translate("ja", "syntax", "something new") == "something new"


def test_the_expected_words_of_a_syntax_error_are_joined_in_japanese() -> None:
    assert translate("ja", "syntax", "unexpected name 'weight'; expected '}' or the end "
                     "of the line") == \
        "ここには '}' または行末が来るはずですが、名前 'weight' があります"


# --- the hints the issue named ----------------------------------------------------------


def test_a_header_in_the_wrong_order_is_told_its_order(japanese: None) -> None:
    from dxplan import pipeline

    loaded = pipeline.load_strings('plan p "P" { period 2024..2028 }\n',
                                   {"a.csv": "yaer,series,value\n"})
    [d] = loaded.diagnostics
    assert d.hint == ("the columns come in the order series,year,value: 'yaer' reads as "
                      "'year', the second column")  # not "did you mean 'year'?"
    assert "列の順番は series,year,value です" in translate("ja", d.code, d.hint)


@pytest.mark.parametrize(("wide", "narrow"), [("％", "%"), ("．", "."), ("－", "-"),
                                              ("，", ","), ("＝", "=")])
def test_a_full_width_symbol_is_answered_with_its_half_width_form(wide: str,
                                                                  narrow: str) -> None:
    from dxplan import pipeline

    spec = f'plan p "P" {{ period 2024..2028 }}\ngoal g "G" {{\n    target 2028 = 3{wide}5\n}}\n'
    [d] = pipeline.load_strings(spec).diagnostics
    assert (d.code, d.span.line, d.span.column) == ("unexpected-character", 3, 20)  # type: ignore[union-attr]
    assert d.hint == f"write the half-width '{narrow}' instead of the full-width '{wide}'"


# --- choosing the language ----------------------------------------------------------------


def test_the_language_is_the_option_then_the_config_then_the_locale() -> None:
    assert i18n.choose("en", "ja", {"LANG": "ja_JP.UTF-8"}) == "en"
    assert i18n.choose(None, "ja", {"LANG": "C"}) == "ja"
    assert i18n.choose(None, None, {"LANG": "ja_JP.UTF-8"}) == "ja"
    assert i18n.choose(None, None, {"LANG": "ja_JP.UTF-8", "LC_MESSAGES": "en_US"}) == "en"
    assert i18n.choose(None, None, {"LC_ALL": "ja_JP.eucJP", "LANG": "C"}) == "ja"
    # the first variable set wins, as POSIX reads them
    assert i18n.choose(None, None, {"LC_ALL": "C.UTF-8", "LANG": "ja_JP.UTF-8"}) == "en"
    assert i18n.choose(None, None, {}) == "en"


def _run(tmp_path: Path, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out + out.err


BAD = 'plan p "P" {\n    period 2024..2028\n}\ngoal g "G" {\n    unti "社"\n' \
    '    baseline 2023 = 1\n    target 2028 = 2\n}\n'


@pytest.mark.parametrize("argv", [["--lang", "ja", "check"], ["check", "--lang", "ja"],
                                  ["check", "--lang=ja"], ["--lang", "en", "check",
                                                           "--lang", "ja"]])
def test_lang_is_taken_before_or_after_the_command(
        argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = tmp_path / "bad.dxp"
    spec.write_text(BAD, encoding="utf-8")
    code, out = _run(tmp_path, capsys, *argv, str(spec))
    assert code == 1
    assert out.splitlines() == [
        f"{spec}:5:5: error[unknown-property]: 'unti' はここ(goal・indicator の中)では使えません",
        "  5 |     unti \"社\"",
        "    |     ^^^^",
        "  = ヒント: 'unit' のことですか?",
    ]
    assert i18n.current() == "en"  # main leaves the language as it found it


def test_the_locale_and_dxplan_toml_choose_japanese(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "bad.dxp").write_text(BAD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    assert "のことですか?" in _run(tmp_path, capsys, "check", "bad.dxp")[1]
    assert "did you mean" in _run(tmp_path, capsys, "--lang", "en", "check", "bad.dxp")[1]
    monkeypatch.setenv("LANG", "C.UTF-8")
    (tmp_path / "dxplan.toml").write_text('[dxplan]\nspecs = ["bad.dxp"]\nlang = "ja"\n',
                                          encoding="utf-8")
    assert "のことですか?" in _run(tmp_path, capsys, "check")[1]
    assert "did you mean" in _run(tmp_path, capsys, "check", "--lang", "en")[1]


def test_json_diagnostics_carry_the_code_and_the_message_in_the_language(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec, data = write_demo(tmp_path)
    Path(data).write_text("series,year,value\ng1,2025,50\nfirmz,2025,1\n", encoding="utf-8")
    main(["eval", spec, "--data", data, "--format", "json", "--lang", "ja"])
    found = json.loads(capsys.readouterr().out)["diagnostics"]
    [d] = [d for d in found if d["code"] == "unknown-series"]
    assert (d["line"], d["column"]) == (3, 1)
    assert d["message"] == "系列 'firmz' は計画で使われていません"
    assert d["hint"] == "'firms' のことですか?"


def test_an_english_run_imports_no_catalogue(tmp_path: Path) -> None:
    # English is the identity: the catalogue costs nothing unless Japanese is chosen
    (tmp_path / "bad.dxp").write_text(BAD, encoding="utf-8")
    probe = ("import sys; from dxplan.cli import main; main(sys.argv[1:]); "
             "print(sorted(m for m in sys.modules if m.startswith('dxplan.i18n.')), "
             "file=sys.stderr)")
    env = {"PATH": "", "LANG": "C.UTF-8", "PYTHONPATH": str(ROOT), "DXPLAN_NO_CACHE": "1"}

    def imported(*argv: str) -> str:
        run = subprocess.run([sys.executable, "-c", probe, *argv], capture_output=True,
                             text=True, cwd=tmp_path, env=env, check=False)
        return run.stderr.splitlines()[-1]

    assert imported("check", "bad.dxp") == "[]"
    assert "dxplan.i18n.ja" in imported("check", "bad.dxp", "--lang", "ja")


# --- the command line's courtesies ------------------------------------------------------


def test_version_is_the_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out == f"dxplan {__version__}\n"


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_a_bare_dxplan_prints_an_overview_on_one_screen(
        lang: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "ja_JP.UTF-8" if lang == "ja" else "C.UTF-8")
    assert main([]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert len(lines) <= 24
    assert max(labels_width(line) for line in lines) <= 80
    for name, _words in COMMANDS:  # every command, with what it does
        assert any(line.startswith(f"  {name} ") for line in lines)
    assert "docs/ja/README.md" in out
    assert ("コマンド:" in out) == (lang == "ja")


def labels_width(text: str) -> int:
    from dxplan.source import display_width

    return display_width(text)


def test_the_overview_lists_the_commands_the_parser_has() -> None:
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    assert list(sub.choices) == [name for name, _words in COMMANDS]  # type: ignore[arg-type]


def test_no_color_is_taken_after_the_command(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    spec = tmp_path / "bad.dxp"
    spec.write_text(BAD, encoding="utf-8")
    for argv in (["check", str(spec)], ["check", str(spec), "--no-color"],
                 ["--no-color", "check", str(spec)]):
        main(argv)
        coloured = "\x1b[" in capsys.readouterr().err
        assert coloured == (argv == ["check", str(spec)])


def test_help_is_in_japanese_under_japanese(japanese: None) -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    helps = [parser.format_help(), *(p.format_help() for p in sub.choices.values())]  # type: ignore[union-attr]
    for text in helps:
        assert text.startswith("使い方: ")
        # option names and metavars stay as typed; no sentence is left in English
        left = [line for line in text.splitlines()
                if english_left(re.sub(r"[A-Z_]{2,}|--?[a-z-]+|\{[^}]*\}", " ", line))]
        assert not left, left


def test_a_mistake_on_the_command_line_is_explained_in_japanese(
        capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["eval", "--lang", "ja", "--year", "20x4"])
    assert exit_.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "dxplan eval: エラー: 引数 --year: '20x4' を年度として読めません(例: 2025、R7、令和7年度)")


# --- views ------------------------------------------------------------------------------


def test_labels_are_bilingual_in_english_and_japanese_alone_in_japanese() -> None:
    assert labels.status_label(Status.ON_TRACK).text == "▲ 順調 on_track"
    assert words.word("value") == "実績 value"
    i18n.use("ja")
    try:
        assert labels.status_label(Status.ON_TRACK).text == "▲ 順調"
        assert words.word("value") == "実績"
        assert labels.year_reason(None) == "--year で指定"
        assert labels.OUTLOOK[False] == "要注意"
        assert words.word("none") == "なし"
    finally:
        i18n.use("en")
    assert labels.OUTLOOK[False] == "要注意 at risk"


def test_markdown_results_in_japanese_have_no_english_labels(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec, data = write_demo(tmp_path)
    main(["eval", spec, "--data", data, "--format", "markdown", "--lang", "ja"])
    text = capsys.readouterr().out
    assert "| 中間指標 | 実績 | 基準 → 目標 | スコア | 期待 | 状況 | 評価 |" in text
    assert "on_track" not in text and "value" not in text
    main(["eval", spec, "--data", data, "--format", "markdown"])
    assert "| 中間指標 indicator | 実績 value |" in capsys.readouterr().out
