"""The diagnostics of the commands and their settings (commands/, review/, pipeline.py),
in Japanese."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from dxplan.i18n.translate import Template

COMMANDS: Final[Mapping[str, Sequence[Template]]] = {
    "no-config": (
        ("no SPEC given and no dxplan.toml found here or above",
         "仕様ファイルの指定がなく、このフォルダにも上のフォルダにも dxplan.toml がありません"),
        ("name the spec files, e.g. dxplan check specs/plan2024.dxp, or add a dxplan.toml "
         "with [dxplan] specs = [...]", "仕様ファイルを指定する(例: `dxplan check "
         "specs/plan2024.dxp`)か、`[dxplan] specs = [...]` と書いた dxplan.toml を置いてください"),
    ),
    "bad-config": (
        ("{name} cannot be read: {detail} (at line {line}, column {column})",
         "{name} を読めません: {line} 行 {column} 列目の書き方が違います(\"{detail}\")"),
        ("{name} cannot be read: {reason}", "{name} を読めません: {reason}"),
        ("{name}: 'specs' and 'data' must be lists of paths",
         "{name}: 'specs' と 'data' はパスのリストで書きます"),
        ("{name}: 'year' must be a fiscal year, e.g. year = 2025 or year = \"令和7年度\" "
         "(got {value})", "{name}: 'year' は年度で書きます(例: `year = 2025`、"
         "`year = \"令和7年度\"`)。書かれていたのは {value} です"),
        ("{name}: 'lang' must be \"ja\" or \"en\" (got {value})",
         "{name}: 'lang' は \"ja\" か \"en\" です。書かれていたのは {value} です"),
    ),
    "cannot-write": (
        ("cannot write {path}: {reason}", "{path} に書き込めません: {reason}"),
    ),
    "binary-to-terminal": (
        ("an Excel workbook cannot be shown in a terminal", "Excel のブックは端末に表示できません"),
        ("name a file: --output results.xlsx (or redirect: > results.xlsx)",
         "ファイル名を指定してください: `--output results.xlsx`(またはリダイレクト: "
         "`> results.xlsx`)"),
    ),
    "bad-date": (
        ("SOURCE_DATE_EPOCH={value} is not a number of seconds since 1970",
         "SOURCE_DATE_EPOCH={value} は1970年からの秒数ではありません"),
        ("set it to e.g. $(date +%s), unset it, or give --date YYYY-MM-DD",
         "`$(date +%s)` のような値にするか、設定を外すか、`--date YYYY-MM-DD` を指定してください"),
    ),
    "fmt-internal": (
        ("{path}: internal error: the formatted text {change}; nothing was written",
         "{path}: 内部エラー: 整形した文章が{change}。何も書き込んでいません"),
        ("this is a bug in dxplan fmt: please report it with the file attached",
         "dxplan fmt の不具合です。ファイルを添えて報告してください"),
    ),
    "unknown-id": (
        ("no goal, field, KPI or indicator has the id '{id}'",
         "id が '{id}' の基本目標・分野・KPI・中間指標はありません"),
        ("no goal, indicator or KPI has the id '{id}'",
         "id が '{id}' の基本目標・中間指標・KPI はありません"),
        ("`dxplan eval` lists every id", "`dxplan eval` ですべての id を確かめられます"),
        ("'{id}' is not scored by {set}", "'{id}' は {set} ごとには採点されません"),
        ("measures by {set}: {words}", "{set} ごとに採点する指標: {words}"),
    ),
    "unknown-set": (
        ("--by {name}: no entity set '{name}' is declared",
         "--by {name}: 団体の一覧 '{name}' は宣言されていません"),
        ("entity sets: {words}", "団体の一覧: {words}"),
        ('declare one in a spec: entities municipalities "市町村" { file "municipalities.csv" }',
         '仕様ファイルで宣言します: `entities municipalities "市町村" { file '
         '"municipalities.csv" }`'),
    ),
    "not-by-entity": (
        ("'{id}' is not scored per entity", "'{id}' は市町村ごとには採点されません"),
        ("--entity explains a measure declared `by` a set: {words}",
         "--entity で説明できるのは `by` を宣言した指標です: {words}"),
        ("declare `by municipalities` on the indicator first",
         "先に指標に `by municipalities` を宣言してください"),
    ),
    "not-a-spec": (
        ("'{spec}' is not a spec file: explain takes one ID",
         "'{spec}' は仕様ファイルではありません。explain に指定できる ID は1つです"),
        ("explain one ID at a time, e.g. dxplan explain {id}",
         "ID は1つずつ指定してください(例: `dxplan explain {id}`)"),
    ),
    "no-roadmap": (
        ("no roadmap in the specs loaded", "読み込んだ仕様にロードマップがありません"),
        ("load a spec with a roadmap block, e.g. specs/roadmap2024.dxp",
         "roadmap ブロックのある仕様を読み込んでください(例: specs/roadmap2024.dxp)"),
    ),
    "unknown-period": (
        ("--period {period} is not a half-year period", "--period {period} を半期として読めません"),
        ("nothing is reported for --period {period}", "--period {period} の報告はありません"),
        ("reported periods: {words}", "報告のある期間: {words}"),
        ("no progress is reported; give --data with a project,period,status file",
         "進捗の報告がありません。project,period,status のファイルを --data で指定してください"),
        ("write one as {forms}; {text}", "{forms} のように書きます。{text}"),
    ),
    "git": (
        ("not inside a git repository, so a revision cannot be read",
         "git のリポジトリの中ではないので、過去の版を読めません"),
        ("run dxplan diff inside the repository, or give a file path",
         "リポジトリの中で dxplan diff を実行するか、ファイルのパスを指定してください"),
        ("git cannot be run: {reason}", "git を実行できません: {reason}"),
        ("install git, or give the old version as a file",
         "git を入れるか、前の版をファイルで指定してください"),
    ),
    "git-revision": (
        ("unknown revision '{revision}'", "版 '{revision}' はありません"),
        ("e.g. HEAD~1, main, a tag or a commit hash (see git log)",
         "例: HEAD~1、main、タグ、コミットのハッシュ(git log で確かめられます)"),
    ),
    "git-path": (
        ("'{path}' does not exist in {revision}", "'{path}' は {revision} にありません"),
        ("git reads '{path}' from the repository's top folder; write {revision}:./{path} "
         "for a path from the current folder", "git は '{path}' をリポジトリの最上位のフォルダ"
         "から探します。今のフォルダからのパスなら `{revision}:./{path}` と書きます"),
        ("list the files with: git ls-tree -r --name-only {revision}",
         "ファイルの一覧: `git ls-tree -r --name-only {revision}`"),
    ),
}
