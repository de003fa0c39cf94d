"""The command line in Japanese: its help (cli.py), argparse's own words and errors, and
the lines commands print besides diagnostics."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from dxplan.i18n.translate import Template

# fixed texts, looked up whole (a help text keeps argparse's %(default)s)
TEXTS: Final[Mapping[str, str]] = {
    "hint": "ヒント",
    "the output could not be written": "出力を書き込めませんでした",
    "error": "エラー",
    "usage: ": "使い方: ",
    "positional arguments": "引数",
    "options": "オプション",
    "commands": "コマンド",
    "docs: ": "説明書: ",
    "show this help message and exit": "このヘルプを表示して終わります",
    "show the version and exit": "バージョンを表示して終わります",
    "Check, evaluate and review DX plan specs (.dxp).":
        "DX推進プランの仕様(.dxp)を検査し、評価し、見直します。",
    "specs of a DX plan (.dxp) that compute themselves":
        "DX推進プランの仕様(.dxp)から指標を自動で計算します",
    "docs/ (docs/language.md, docs/errors.md); in Japanese: docs/ja/README.md":
        "docs/ja/README.md(日本語の手引き)、docs/ja/errors.md(メッセージの一覧)",
    "plain output, no colour": "色を付けずに表示します",
    "language of messages and views (default: dxplan.toml's lang, else the locale)":
        "メッセージと表示の言語(既定: dxplan.toml の lang、なければロケール)",
    # the commands
    "parse and validate specs (and data)": "仕様(とデータ)を読み込んで検査します",
    "compute every index, score and status": "すべての指数・スコア・状況を計算します",
    "show how one figure is computed": "1つの数値の計算の過程を示します",
    "the timeline of one item: added, revised, retired":
        "1つの項目の経緯(追加・見直し・廃止)を示します",
    "half-year progress of the roadmap projects": "ロードマップの事業の半期ごとの進捗を示します",
    "write the committee report (HTML, Markdown or xlsx)":
        "委員会向けの報告書を作ります(HTML、Markdown、xlsx)",
    "what changed between two versions of a spec": "仕様の2つの版の違いを示します",
    "rewrite specs in the canonical layout": "仕様を決まった書式に整えます",
    # their options
    ".dxp files (default: those named in dxplan.toml)":
        ".dxp ファイル(既定: dxplan.toml に書かれたもの)",
    "data file or folder; repeatable (default: dxplan.toml's data)":
        "データのファイルかフォルダ。複数指定できます(既定: dxplan.toml の data)",
    "output format (default: %(default)s)": "出力の形式(既定: %(default)s)",
    "fiscal year to evaluate, e.g. 2025 or 令和7年度 (default: latest data)":
        "評価する年度。2025、令和7年度など(既定: データのある最新の年度)",
    "write to FILE instead of stdout": "標準出力ではなく FILE に書きます",
    "the date an xlsx workbook is written on (default: SOURCE_DATE_EPOCH, else today)":
        "xlsx のブックに記す作成日(既定: SOURCE_DATE_EPOCH、なければ今日)",
    ".dxp files, or - for stdin": ".dxp ファイル。- なら標準入力",
    "exit 1 if a file would change": "書式が変わるファイルがあれば終了コード 1 で終わります",
    "rewrite files in place": "ファイルを書き換えます",
    "a path, or REV:path read from git": "ファイルのパス、または git から読む 版:パス",
    "other specs loaded on both sides (e.g. the roadmap)":
        "両方の版に一緒に読み込む仕様(ロードマップなど)",
    "fiscal year whose figures are compared": "数値を比べる年度",
    "a goal, field, KPI or indicator id": "基本目標・分野・KPI・中間指標の id",
    "fiscal year (default: as eval)": "年度(既定: eval と同じ)",
    "each entity of SET (e.g. municipalities) scored on every indicator declared `by` it":
        "SET(municipalities など)の団体ごとに、`by` を宣言した指標を採点します",
    "with --by: only this entity (a name or a code); repeatable":
        "--by と併せて: この団体だけ(名前かコード。繰り返し指定できます)",
    "with --by: only this indicator; repeatable":
        "--by と併せて: この指標だけ(繰り返し指定できます)",
    "with --by: the N entities with the lowest mean score, worst first":
        "--by と併せて: 平均スコアの低い N 団体を、低い順に",
    "one municipality's figure (a name or a code) for an indicator declared `by` a set":
        "`by` を宣言した指標の、1つの市町村の値(名前かコード)",
    "a goal, indicator or KPI id": "基本目標・中間指標・KPI の id",
    "the last year shown (default: as eval)": "表示する最後の年度(既定: eval と同じ)",
    "e.g. 2024H1 or 令和6年度上期 (default: every reported period)":
        "2024H1、令和6年度上期など(既定: 報告のあるすべての期間)",
    "the roadmap's half year, e.g. 2024H1 or 令和6年度上期 (default: the latest reported)":
        "ロードマップの半期。2024H1、令和6年度上期など(既定: 報告のある最新の期間)",
    "the date the report is written on (default: SOURCE_DATE_EPOCH, else today)":
        "報告書に記す作成日(既定: SOURCE_DATE_EPOCH、なければ今日)",
    # the overview of a bare `dxplan`
    "With no SPEC, the specs and data named in dxplan.toml are used.":
        "SPEC を指定しなければ、dxplan.toml に書かれた仕様とデータを使います。",
    "Anywhere: --lang ja|en, --no-color.  Also: dxplan --version":
        "どのコマンドにも: --lang ja|en、--no-color。バージョン: dxplan --version",
    "One command's options: dxplan COMMAND --help":
        "コマンドごとのオプション: dxplan COMMAND --help",
}

# the lines of the command line, matched as templates (i18n.line)
CLI: Final[Sequence[Template]] = (
    # argparse
    ("argument {option}: {text}", "引数 {option}: {text}"),
    ("the following arguments are required: {names}", "次の引数が必要です: {names}"),
    ("unrecognized arguments: {words}", "使えない引数です: {words}"),
    ("invalid choice: {value} (choose from {choices})",
     "{value} は選べません({choices} から選びます)"),
    ("expected one argument", "値を1つ指定してください"),
    ("not allowed with argument {option}", "引数 {option} と一緒には使えません"),
    ("ambiguous option: {option} could match {names}",
     "オプション {option} は {names} のどれか決まりません"),
    ("'{value}' is not a fiscal year (e.g. 2025, R7, 令和7年度)",
     "'{value}' を年度として読めません(例: 2025、R7、令和7年度)"),
    ("'{value}' is not a date written YYYY-MM-DD (e.g. 2025-06-01)",
     "'{value}' を YYYY-MM-DD の日付として読めません(例: 2025-06-01)"),
    # what commands print besides diagnostics
    ("ok: {counts}", "問題ありません: {counts}"),
    ("would reformat {path}", "書式が変わります: {path}"),
    ("reformatted {path}", "書式を整えました: {path}"),
    ("dxplan fmt: '-' (stdin) cannot be rewritten in place; drop --write to print the "
     "formatted text", "dxplan fmt: '-'(標準入力)は書き換えられません。--write を外すと、"
     "整えた文章を表示します"),
    ("wrote {path} ({year}年度, compared with {previous}年度)",
     "{path} を書きました({year}年度、{previous}年度と比較)"),
    ("errors in {side}:", "{side} のエラー:"),
)


def counts(text: str) -> str:
    """`check`'s summary: '2 spec files, 8 KPIs, 76 projects (2 reference), 1 warning'."""
    out = []
    for item in text.split(", "):
        number, _, noun = item.partition(" ")
        noun, _, extra = noun.partition(" (")
        word = _NOUNS.get(noun.removesuffix("s") if noun not in _NOUNS else noun, noun)
        more = f"(参考 {extra.split()[0]})" if extra else ""
        out.append(f"{word} {number}{more}")
    return "、".join(out)


_NOUNS: Final = {"spec file": "仕様ファイル", "goal": "基本目標", "field": "分野", "KPI": "KPI",
                 "indicator": "中間指標", "project": "事業", "data path": "データ",
                 "warning": "警告"}
