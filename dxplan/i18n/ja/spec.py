"""The diagnostics of a .dxp file (spec/, check/, formula.py), in Japanese: each code's
English templates, as its call sites write them, and their Japanese."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from dxplan.i18n.translate import Template

SPEC: Final[Mapping[str, Sequence[Template]]] = {
    # --- reading a .dxp file -------------------------------------------------------------
    "syntax": (
        ("unexpected {found}; expected {expected}",
         "ここには {expected} が来るはずですが、{found} があります"),
        ("the file ends too early; expected {expected}",
         "ファイルが途中で終わっています。{expected} が来るはずです"),
        ("a name or label goes before the '{', after the block's id",
         "名前は '{' の前、ブロックの id の後に書きます"),
        ("a block opens after its keyword, id and name: `kpi my_kpi \"名前\" {`",
         "ブロックはキーワード・id・名前の後で開きます: `kpi my_kpi \"名前\" {`"),
        ("put each property on its own line, or separate them with ';'",
         "1行に1つずつ書くか、';' で区切ってください"),
        ("a condition follows 'when': grade A \"順調\" when score >= expected",
         "条件は 'when' の後に書きます: `grade A \"順調\" when score >= expected`"),
        ("a value follows a single '=': target 2028 = 60 ('==' compares, in conditions)",
         "値は '=' 1つの後に書きます: `target 2028 = 60`('==' は条件の中で比べるときに使います)"),
        ("this ')' has no '(' to close: remove it, or add the '(' it belongs to",
         "この ')' に対応する '(' がありません。削除するか、'(' を補ってください"),
        ("a statement, formula included, is written on one line: finish it on this line",
         "文は式も含めて1行で書きます。この行の中で書き終えてください"),
        ("the statement could end just before this: remove what follows, or put it on its "
         "own line", "文はこの直前で終われます。後ろを削除するか、次の行に書いてください"),
    ),
    "missing-value": (
        ("a value is missing after '{op}'", "'{op}' の後に値がありません"),
        ("write a number or a formula, e.g. `target 2028 = 60`",
         "数か式を書いてください(例: `target 2028 = 60`)"),
        ("write a condition, e.g. `when score >= expected`",
         "条件を書いてください(例: `when score >= expected`)"),
        ("'{word}' needs '= value'", "'{word}' には '= 値' が必要です"),
    ),
    "unclosed-block": (
        ("this block is never closed: '{' has no matching '}'",
         "このブロックが閉じていません。'{' に対応する '}' がありません"),
        ("add '}' where the block ends", "ブロックの終わりに '}' を書いてください"),
    ),
    "unmatched-brace": (
        ("this '}' closes no block", "この '}' に対応するブロックがありません"),
        ("remove it, or add the block it should close",
         "削除するか、この '}' で閉じるブロックを書き足してください"),
    ),
    "unterminated-string": (
        ("this text is never closed: '\"' has no partner on this line",
         "テキストが閉じていません。この行に対応する '\"' がありません"),
        ("close it with \" on the same line", "同じ行の中で \" で閉じてください"),
    ),
    "unexpected-character": (
        ("unexpected character '{char}'", "ここで文字 '{char}' は使えません"),
        ("texts use straight double quotes: \"...\"", "テキストは半角の \"...\" で囲みます"),
        ("write the half-width '{half}' instead of the full-width '{full}'",
         "全角の '{full}' ではなく半角の '{half}' を書いてください"),
    ),
    "encoding": (
        ("this file is not UTF-8 text", "このファイルは UTF-8 のテキストではありません"),
        ("{path} is not UTF-8 text", "{path} は UTF-8 のテキストではありません"),
        ("save .dxp files as UTF-8", ".dxp ファイルは UTF-8 で保存してください"),
    ),
    "no-such-file": (
        ("cannot read {path}: {reason}", "{path} を読めません: {reason}"),
        ("no such file or folder: {path}", "ファイルもフォルダもありません: {path}"),
        ("give a .csv, .tsv or .xlsx file or a folder",
         ".csv、.tsv、.xlsx のファイルか、フォルダを指定してください"),
    ),
    # --- the shape of statements -----------------------------------------------------------
    "unknown-property": (
        ("'{word}' is not known {place}", "'{word}' はここ({place})では使えません"),
        ("'{word}' belongs inside a {noun} block", "'{word}' は {noun} ブロックの中に書きます"),
        ("allowed here: {words}", "ここで使えるもの: {words}"),
    ),
    "duplicate-property": (
        ("'{word}' is given twice", "'{word}' が2回書かれています"),
        ("the first is at line {line}; keep one",
         "1回目は {line} 行目です。どちらか一方を残してください"),
        ("keep one grading block", "grading ブロックは1つにしてください"),
    ),
    "bad-arguments": (
        ("'{word}' is not written as expected", "'{word}' の書き方が違います"),
        ("'{word}' takes '=', not '{op}'", "'{word}' には '{op}' ではなく '=' を使います"),
        ("a target is `= value` or a bound: >=, <=, >, <",
         "target は `= 値` か、範囲を表す >=、<=、>、< で書きます"),
        ("unknown kind of year '{word}'", "年の種類 '{word}' はありません"),
        ("write: year calendar (暦年) or year fiscal (年度)",
         "`year calendar`(暦年)か `year fiscal`(年度)と書きます"),
        ("a grade ends with `when condition` or `otherwise`",
         "grade の最後は `when 条件` か `otherwise` です"),
        ("a grade needs `when condition` or `otherwise`",
         "grade には `when 条件` か `otherwise` が必要です"),
        ("{options} choose among entities: give --by too",
         "{options} は団体を選ぶオプションです。--by も指定してください"),
        ("e.g. dxplan eval --by municipalities --worst 10",
         "例: `dxplan eval --by municipalities --worst 10`"),
        ("--worst {n}: give a number of entities, 1 or more",
         "--worst {n}: 団体の数を1以上で指定してください"),
        ("e.g. --worst 10", "例: `--worst 10`"),
        ("--by has no workbook form", "--by の結果は Excel のブックにはできません"),
        ("write --format csv for a table Excel opens, or leave out --by",
         "Excel で開く表なら `--format csv` にするか、--by を外してください"),
    ),
    "too-deep": (
        ("blocks are nested more than {n} deep here",
         "ここでブロックが {n} 段より深く入れ子になっています"),
        ("a plan needs five levels (field, kpi, indicator, target and its source); look for a "
         "'}' that is missing above", "計画に要る深さは5段(field、kpi、indicator、target "
         "とその出典)です。上のほうで '}' が抜けていないか確かめてください"),
        ("this formula is nested more than {n} levels deep (brackets, operators, signs and "
         "calls inside one another)", "この式は {n} 段より深く入れ子になっています(かっこ・"
         "演算子・符号・関数呼び出しの重なり)"),
        ("write a long sum as sum(a, b, c, ...) and drop brackets that are not needed",
         "長い足し算は `sum(a, b, c, ...)` と書き、要らないかっこを外してください"),
    ),
    "too-large": (
        ("this spec is larger than a spec may be ({limit}); the limit is reached here",
         "この仕様ファイルは上限({limit})より大きく、ここで上限に達しています"),
        ("split it into several .dxp files loaded together (goals, fields and roadmaps may be "
         "in any of them), or check that this is the file you meant",
         "いくつかの .dxp ファイルに分けて一緒に読み込む(基本目標・分野・ロードマップは"
         "どのファイルに書いてもかまいません)か、意図したファイルか確かめてください"),
        ("{path} is larger than a data file may be ({limit}; {bulk} for a per-municipality "
         "table)", "{path} はデータファイルの上限({limit}。市町村別の縦長の表は {bulk})より"
         "大きいです"),
        ("{path} is larger than a data file may be ({limit}, and {unpacked} unpacked)",
         "{path} はデータファイルの上限({limit}、展開後 {unpacked})より大きいです"),
        ("{path} is larger than a data file may be ({limit})",
         "{path} はデータファイルの上限({limit})より大きいです"),
        ("split it into several files; a data folder reads every file in it",
         "いくつかのファイルに分けてください。データフォルダの中のファイルはすべて読みます"),
    ),
    "missing-block": (
        ("'{word}' needs a { ... } block", "'{word}' には { ... } のブロックが必要です"),
    ),
    "unexpected-block": (
        ("'{word}' takes no { ... } block", "'{word}' には { ... } のブロックを付けません"),
    ),
    "unknown-method": (
        ("unknown scoring method '{word}'", "採点方法 '{word}' はありません"),
        ("use 'progress' or 'attainment'", "'progress' か 'attainment' を使います"),
    ),
    # --- the plan --------------------------------------------------------------------------
    "missing-property": (
        ("the plan has no period", "計画に期間(period)がありません"),
        ("the roadmap has no year", "ロードマップに年度(year)がありません"),
        ("the entity set '{id}' has no file", "団体の一覧 '{id}' にファイル(file)がありません"),
        ('add: file "municipalities.csv" (code,name[,kind])',
         '`file "municipalities.csv"` を加えます(中身は code,name[,kind])'),
    ),
    "bad-period": (
        ("the period ends before it starts", "期間の終わりが始まりより前です"),
        ("cannot read '{value}' as a half-year period", "'{value}' を半期として読めません"),
        ("write a half of a fiscal year: {forms}", "年度の上期か下期を書きます: {forms}"),
    ),
    "duplicate-id": (
        ("the id '{id}' is already used", "id '{id}' はもう使われています"),
        ("first defined at {at}; give this {kind} another id",
         "最初の定義は {at} です。この{kind}には別の id を付けてください"),
        ("the grade '{id}' is already defined", "評価 '{id}' はもう定義されています"),
        ("first at line {line}", "最初の定義は {line} 行目です"),
    ),
    "duplicate-plan": (
        ("a workspace holds one plan", "一緒に読み込める計画は1つだけです"),
        ("the plan is already defined at {at}", "計画はもう {at} で定義されています"),
    ),
    "no-plan": (
        ("no plan is loaded", "計画が読み込まれていません"),
        ("load the plan file together with this one (e.g. dxplan check specs/plan2024.dxp "
         "specs/roadmap2024.dxp)", "計画のファイルも一緒に読み込んでください(例: "
         "`dxplan check specs/plan2024.dxp specs/roadmap2024.dxp`)"),
        ("{paths}: no plan and no roadmap is defined",
         "{paths}: 計画もロードマップも定義されていません"),
        ("a plan file starts with `plan my_plan \"名前\" { ... }`",
         "計画のファイルは `plan my_plan \"名前\" { ... }` で始まります"),
        ("the specs loaded define no plan", "読み込んだ仕様に計画がありません"),
        ("name the plan's spec, e.g. specs/plan2024.dxp",
         "計画の仕様ファイルを指定してください(例: specs/plan2024.dxp)"),
    ),
    # --- goals and indicators --------------------------------------------------------------
    "missing-target": (
        ("the {kind} '{id}' has no target", "{kind} '{id}' に目標値(target)がありません"),
        ("add e.g. `target 2028 = 60`, or mark it `reference` (参考値)",
         "`target 2028 = 60` のように目標値を書くか、`reference`(参考値)にしてください"),
    ),
    "missing-baseline": (
        ("the {kind} '{id}' has no baseline", "{kind} '{id}' に基準値(baseline)がありません"),
        ("add e.g. `baseline 2023 = 0`", "`baseline 2023 = 0` のように基準値を書いてください"),
        ("this target reads `baseline`, but there is none",
         "この目標値は `baseline` を使っていますが、基準値がありません"),
        ("add e.g. `baseline 2013 = 105,000`",
         "`baseline 2013 = 105,000` のように基準値を書いてください"),
    ),
    "target-equals-baseline": (
        ("the target of '{id}' equals its baseline, so progress cannot be measured",
         "'{id}' の目標値が基準値と同じなので、進み具合を測れません"),
        ("to keep the level (維持), write a bound: target {year} >= {value} (or <= for at most)",
         "水準の維持なら範囲で書きます: `target {year} >= {value}`(以下なら <=)"),
    ),
    "not-revisable": (
        ("'{word}' cannot be revised", "'{word}' は見直し(revised)で変えられません"),
        ("a revision may change: {words}; to change what is measured, retire the indicator "
         "and add a new one", "見直しで変えられるのは {words} です。測るものを変えるときは、"
         "指標を廃止(retired)して新しい指標を追加(added)してください"),
    ),
    "duplicate-revision": (
        ("two revisions are dated {year}", "{year} 年度の見直しが2つあります"),
        ("put both changes in one `revised` block, or date them apart",
         "2つの変更を1つの `revised` ブロックにまとめるか、年度を分けてください"),
    ),
    "empty-revision": (
        ("the revision of {year} changes nothing", "{year} 年度の見直しは何も変えていません"),
        ("remove it, or write what it changes inside its { }",
         "削除するか、変える内容を { } の中に書いてください"),
    ),
    "bad-lifecycle": (
        ("retired in {retired}, not after it was added in {added}",
         "廃止({retired})が追加({added})より後になっていません"),
        ("an item is retired after the year it was added", "廃止は追加した年度より後にします"),
        ("a revision in {year}, not after the year the item was added ({added})",
         "{year} 年度の見直しが、追加した年度({added})より後になっていません"),
        ("what holds from the year it is added is written in the item itself",
         "追加した年度から有効な内容は、項目そのものに書きます"),
        ("a revision in {year}, when the item is retired ({retired})",
         "{year} 年度の見直しは廃止({retired})の後です"),
        ("revise it before it is retired", "廃止より前の年度に見直してください"),
    ),
    "target-before-baseline": (
        ("the target year {year} is not after the baseline year {baseline}",
         "目標年度 {year} が基準年度 {baseline} より後になっていません"),
        ("a target lies after its baseline", "目標年度は基準年度より後にします"),
    ),
    "mixed-targets": (
        ("'{id}' has {targets}; a goal or indicator is judged in one way",
         "'{id}' に{targets}があります。1つの目標・指標は1つの方法で判定します"),
        ("split it into two indicators, one for each kind of target",
         "目標値の種類ごとに、2つの指標に分けてください"),
    ),
    "duplicate-target": (
        ("a target for each year is given twice", "毎年の目標値が2回書かれています"),
        ("a target for {year} is given twice", "{year} 年度の目標値が2回書かれています"),
    ),
    "bad-value": (
        ("a {word} must be a number", "{word} は数で書きます"),
        ("formulas go in `value = ...`; write e.g. baseline 2020 = 3720",
         "式は `value = ...` に書きます。例: `baseline 2020 = 3720`"),
        ("this {word} is too large to compute with", "この {word} は大きすぎて計算できません"),
        ("check the number of digits", "桁数を確かめてください"),
        ("a range is written `= low..high`", "範囲は `= 下限..上限` と書きます"),
        ("write e.g. target 2028 = 30..40", "例: `target 2028 = 30..40`"),
        ("a range's low end must be below its high end", "範囲の下限は上限より小さくします"),
        ("this target has no value: {problem}", "この目標値は計算できません: {problem}"),
    ),
    "bad-weight": (
        ("a weight must be greater than 0", "重み(weight)は 0 より大きくします"),
        ("to leave it out of the index, mark the indicator `reference` instead",
         "指数から外すなら、代わりに指標を `reference`(参考値)にしてください"),
    ),
    "bad-clamp": (
        ("the clamp's low end must be below its high end", "clamp の下限は上限より小さくします"),
        ("e.g. clamp 0..120", "例: `clamp 0..120`"),
    ),
    "reference-with-target": (
        ("'{id}' is reference-only but has a target; the target is ignored",
         "'{id}' は参考値(reference)ですが目標値があります。目標値は使いません"),
        ("remove the target, or remove `reference` to score it",
         "目標値を削除するか、採点するなら `reference` を削除してください"),
    ),
    "kpi-without-targets": (
        ("KPI '{id}' has no indicator with a target, so it has no index",
         "KPI '{id}' には目標値のある指標がないので、指数を出せません"),
        ("give at least one indicator a baseline and a target",
         "少なくとも1つの指標に基準値と目標値を書いてください"),
    ),
    # --- formulas --------------------------------------------------------------------------
    "unknown-function": (
        ("unknown function '{name}'", "関数 '{name}' はありません"),
        ("the function is called '{name}' here: {call}", "この関数は '{name}' と書きます: {call}"),
        ("functions: {words}", "使える関数: {words}"),
    ),
    "arity": (
        ("'{name}' takes {count} argument(s), got {number}",
         "'{name}' の引数の数は {count} ですが、{number} 個書かれています"),
    ),
    "bad-formula": (
        ("a text cannot be used in a formula", "式の中でテキストは使えません"),
        ("formulas work on numbers and series names", "式に書けるのは数と系列名です"),
        ("a range (low..high) is only a target's value", "範囲(下限..上限)は目標値にだけ書けます"),
        ("write e.g. target 2028 = 30..40", "例: `target 2028 = 30..40`"),
        ("'{name}' takes a series name here, whose figures are given per municipality",
         "'{name}' のここには、市町村ごとの値がある系列の名前を書きます"),
        ("the first argument of '{name}' must be a series name",
         "'{name}' の1つ目の引数は系列名にします"),
        ("the second argument of '{name}' must be a whole number",
         "'{name}' の2つ目の引数は整数にします"),
    ),
    "formula-cycle": (
        ("these formulas depend on each other in a circle: {loop}",
         "これらの式は互いを参照し合っていて、計算できません: {loop}"),
        ("break the circle: one of them must read data only",
         "循環を断ち切ってください。どれか1つはデータだけを読むようにします"),
    ),
    "formula-no-value": (
        ("'{id}' has no value in {year}: {problem}",
         "'{id}' の {year} 年度の値を出せません: {problem}"),
    ),
    # --- grading ---------------------------------------------------------------------------
    "unknown-name": (
        ("unknown name '{name}' in {context}", "{context}の中で名前 '{name}' は使えません"),
        ("conditions may use: {words}", "条件で使える名前: {words}"),
    ),
    "unreachable-grade": (
        ("grade '{id}' comes after `otherwise` and can never match",
         "評価 '{id}' は `otherwise` の後にあるので、当てはまることがありません"),
        ("move `otherwise` to the last rule", "`otherwise` を最後の規則にしてください"),
    ),
    # --- the roadmap -----------------------------------------------------------------------
    "unknown-reference": (
        ("unknown field '{id}'", "分野 '{id}' はありません"),
        ("unknown KPI '{id}'", "KPI '{id}' はありません"),
        ("unknown entity set '{name}'", "団体の一覧 '{name}' はありません"),
        ('declare it: entities municipalities "市町村" { file "municipalities.csv" }',
         '宣言します: `entities municipalities "市町村" { file "municipalities.csv" }`'),
        ("fields: {words}", "分野: {words}"),
        ("KPIs: {words}", "KPI: {words}"),
    ),
    "duplicate-project": (
        ("project number {number} is used twice", "事業番号 {number} が2回使われています"),
        ("first used at {at}", "最初は {at} です"),
    ),
    "year-outside-period": (
        ("the roadmap year {year} is outside the plan period {period}",
         "ロードマップの年度 {year} が計画期間 {period} の外です"),
        ("a roadmap covers one fiscal year of the plan, {first} to {last}",
         "ロードマップは計画期間({first}〜{last})のうち1年度分です"),
        ("'{series}' has a figure for fiscal {year}, after the plan period {period}",
         "'{series}' に計画期間 {period} より後の {year} 年度の値があります"),
        ("check the year; figures after the plan are evaluated only with --year",
         "年度を確かめてください。計画期間より後の値は --year を指定したときだけ評価します"),
        ("{number} more figures are dated after {year}",
         "ほかに {number} 件の値が {year} 年度より後の年度です"),
        ("evaluating fiscal {year}, outside the plan period {period}",
         "計画期間 {period} の外の {year} 年度を評価しています"),
        ("--year takes {first} to {last}", "--year には {first}〜{last} を指定します"),
    ),
    "period-outside-year": (
        ("the milestone {period} is outside the roadmap year {year}",
         "マイルストーン {period} がロードマップの年度 {year} の外です"),
        ("use {first} or {second}", "{first} か {second} を使います"),
        ("period {period} is outside fiscal {year}", "期間 {period} が {year} 年度の外です"),
        ("this roadmap's periods are {first} (上期) and {second} (下期)",
         "このロードマップの期間は {first}(上期)と {second}(下期)です"),
    ),
}
