"""What many diagnostics share: the wrappers around a message or hint, the hints every
code may give, and how a named part is translated (`PARTS`, by the part's name)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from dxplan.i18n.translate import Rule, Template

# tried before a code's own templates: the {text} inside is translated as a whole text
WRAPPERS: Final[Sequence[Template]] = (
    ("{text} (cell {ref})", "{text}(セル {ref})"),
    ("did you mean '{word}'? {text}", "'{word}' のことですか? {text}"),
)

# tried after a code's own templates, for every code
COMMON: Final[Sequence[Template]] = (
    ("did you mean '{word}'?", "'{word}' のことですか?"),
    ("keep one", "どちらか一方を残してください"),
    ("write it as: {usage}", "{usage} のように書きます"),
    ("add: {usage}", "{usage} を書き足してください"),
    ("usage: {call}", "使い方: {call}"),
    # check/properties.py: under bad-value, unknown-name and bad-formula alike
    ("a target's formula may read only `baseline`: target 2028 = baseline * 0.2",
     "目標値の式で使えるのは `baseline` だけです: `target 2028 = baseline * 0.2`"),
)


def code(text: str) -> str:
    """A piece of .dxp text or a command, as the user types it: in backquotes."""
    text = text.strip()
    return text if text.startswith("`") and text.endswith("`") else f"`{text}`"


_ALTERNATIVE = re.compile(r"(?P<first>.*?) {3}\((?P<how>or|also|over years): (?P<rest>.*)\)")


def usage(text: str) -> str:
    """A keyword's usage line (spec/schema.py): 'weight 2',
    'method progress   (or: method attainment)'."""
    found = _ALTERNATIVE.fullmatch(text)
    if found is None:
        return code(text)
    first, how, rest = found.group("first", "how", "rest")
    if rest.endswith(", the default"):  # year calendar (or: year fiscal, the default)
        return f"{code(first)}(既定は {code(rest.removesuffix(', the default'))})"
    others = "、".join(code(part) for part in rest.split(", "))
    word = {"or": "または", "also": "ほかに", "over years": "複数年度の平均なら"}[how]
    return f"{code(first)}({word} {others})"


_CALLS: Final[Mapping[str, str]] = {
    "at(series, 2019): the value in a fixed fiscal year": "`at(series, 2019)`: 決まった年度の値",
    "lag(series, 1): the value n years earlier": "`lag(series, 1)`: n 年度前の値",
    "cumulative(series, 2024): the running sum (累計) of a yearly series from 2024 to the "
    "year evaluated": "`cumulative(series, 2024)`: 毎年度の値の 2024 年度から評価年度までの累計",
    "round(x) or round(x, digits)": "`round(x)` または `round(x, digits)`",
    "min(a, b, ...), or min(series) over the municipalities":
    "`min(a, b, ...)`、または市町村の最小値 `min(series)`",
    "max(a, b, ...), or max(series) over the municipalities":
    "`max(a, b, ...)`、または市町村の最大値 `max(series)`",
    "sum(a, b, ...), or sum(series) over the municipalities":
    "`sum(a, b, ...)`、または市町村の合計 `sum(series)`",
    "mean(a, b, ...), or mean(series) over the municipalities":
    "`mean(a, b, ...)`、または市町村の平均 `mean(series)`",
    "median(a, b, ...), or median(series) over the municipalities":
    "`median(a, b, ...)`、または市町村の中央値 `median(series)`",
    "count_if(series, condition): how many municipalities meet the condition, e.g. "
    "count_if(dx_started, dx_started >= 1)":
    "`count_if(series, 条件)`: 条件に当てはまる市町村の数。例: `count_if(dx_started, "
    "dx_started >= 1)`",
    "share_if(series, condition): the percentage (0–100) of the municipalities with a value "
    "that meet the condition": "`share_if(series, 条件)`: 値のある市町村のうち条件に当てはまる"
    "割合(0〜100 の百分率)",
    "weighted_mean(series, weights): the mean over the municipalities weighted by another "
    "series (population)": "`weighted_mean(series, weights)`: 別の系列(人口など)で重み付けした"
    "市町村の平均",
}


def call(text: str) -> str:
    """A function's usage (formula.py FUNCTIONS)."""
    return _CALLS.get(text) or code(text)


_EXPECTED: Final = (
    ('a text in double quotes ("...")', '"..." で囲んだテキスト'),
    ("a half year such as 2024H1", "2024H1 のような半期"),
    ("the end of the line", "行末"),
    ("the end of the file", "ファイルの終わり"),
    ("a comparison", "比較"),
    ("a number", "数"),
    ("a name", "名前"),
)


def expected(text: str) -> str:
    """What the parser expected, a list such as "';', a name or the end of the line"."""
    for english, japanese in _EXPECTED:
        text = text.replace(english, japanese)
    words = text.replace(" or ", ", ").split(", ")
    out = words[0]
    for index, word in enumerate(words[1:], start=1):
        link = "または" if index == len(words) - 1 else "、"
        out += _between(out, link, word)
    return out


def _between(before: str, link: str, after: str) -> str:
    """`link` and `after`, spaced from Latin letters as Japanese text sets them."""
    left = " " if before[-1:].isascii() and link != "、" else ""
    right = " " if after[:1].isascii() else ""
    return f"{left}{link}{right}{after}"


def joined(words: Mapping[str, str], separator: str, japanese: str) -> Rule:
    """A list of known phrases joined by `separator`, each translated."""
    def rule(text: str) -> str:
        return japanese.join(words.get(word, word) for word in text.split(separator))
    return rule


KINDS: Final[Mapping[str, str]] = {
    "goal": "基本目標", "indicator": "中間指標", "KPI": "KPI", "kpi": "KPI", "field": "分野",
    "plan": "計画", "roadmap": "ロードマップ", "entity set": "団体の一覧",
}

# the reasons the system gives for a file that cannot be read or written
REASONS: Final[Mapping[str, str]] = {
    "No such file or directory": "ファイルもフォルダもありません",
    "Permission denied": "アクセスが許可されていません",
    "Is a directory": "フォルダです",
    "Not a directory": "フォルダではありません",
    "Read-only file system": "読み取り専用の場所です",
    "No space left on device": "ディスクに空きがありません",
    "File is not a zip file": "zip 形式のファイルではありません",
}

YEAR_FORMS_JA: Final = ("2024, FY2024, 2024年度, R6, 令和6年度, 令和元年度, H30, 平成30年度, S63"
                        "(年度); 2024年, CY2024, 平成25年(暦年); 2023年3月末(時点)")

PARTS: Final[Mapping[str, Rule]] = {
    "usage": usage,
    "call": call,
    "expected": expected,
    "kind": KINDS,
    "reason": (
        *REASONS.items(),
        ("it is a symbolic link to {target}, which does not exist",
         "存在しない {target} へのシンボリックリンクです"),
        ("it is a symbolic link that leads back to itself", "自分自身に戻るシンボリックリンクです"),
        ("it is a folder, not a data file", "データファイルではなくフォルダです"),
        ("it is a folder", "フォルダです"),
        ("it is not a regular file (a FIFO, a device or a socket)",
         "通常のファイルではありません(FIFO、デバイス、ソケットのどれかです)"),
    ),
    "found": (
        ("name '{word}'", "名前 '{word}'"),
        ("number '{word}'", "数 '{word}'"),
        ("half year '{word}'", "半期 '{word}'"),
        ("text {word}", "テキスト {word}"),
        ("end of the line", "行末"),
        ("end of the file", "ファイルの終わり"),
    ),
    "place": (
        ("at the top level", "ファイルの最上位"),
        ("inside a {noun}", "{noun} の中"),
    ),
    "noun": {"goal or indicator": "goal・indicator", "baseline or target": "baseline・target",
             "revised block": "revised ブロック", "roadmap field": "roadmap の field"},
    "context": {"a condition": "条件", "a target's formula": "目標値の式"},
    "forms": (
        ("2024, FY2024, 2024年度, R6, 令和6年度, 令和元年度, H30, 平成30年度, S63 (fiscal); "
         "2024年, CY2024, 平成25年 (calendar); 2023年3月末 (a point in time)", YEAR_FORMS_JA),
        ("{words} (or {others})", "{words}(または {others})"),
    ),
    "targets": joined({"dated targets": "年度ごとの目標値",
                       "a target for each year": "毎年の目標値",
                       "a milestone": "マイルストーン"}, " and ", "と"),
    "problem": (
        ("division by zero", "0 で割っています"),
        ("the result is not a finite number", "結果が有限の数になりません"),
        ("a number in the formula is too large", "式の中の数が大きすぎます"),
        ("a text has no numeric value", "テキストは数になりません"),
        ("no value for '{name}' in {year}", "'{name}' の {year} 年度の値がありません"),
        ("the value of '{name}' in {year} is not a finite number",
         "'{name}' の {year} 年度の値が有限の数ではありません"),
        ("unknown function '{name}'", "関数 '{name}' はありません"),
        ("'{name}' is given per municipality: aggregate it, e.g. {example}",
         "'{name}' は市町村ごとの値です。{example} のように集計してください"),
        ("no entity has a value for '{name}' in {year}",
         "{year} 年度の '{name}' の値がある団体がありません"),
        ("'{name}' has no figures per municipality for {func}()",
         "'{name}' には {func}() が読む市町村ごとの値がありません"),
        ("the weights '{name}' sum to zero in {year}",
         "{year} 年度の重み '{name}' の合計が 0 です"),
        ("no value for '{expr}' before {year}", "{year} 年度より前の '{expr}' の値がありません"),
        ("{name}() over {count} years is not a plan's span",
         "{name}() の {count} 年度分は計画の期間として長すぎます"),
    ),
    "at": (("{place} (cell {ref})", "{place}(セル {ref})"),),
    "row": (
        ("project {number} {period}", "事業 {number} の {period} の報告"),
        ("{series} {year} ({entity})", "{series} の {year} 年度({entity})の値"),
        ("{series} {year}", "{series} の {year} 年度の値"),
    ),
    "shown": (("'{reason}' (no figure)", "'{reason}'(値なし)"), ("blank", "空欄")),
    "count": (("{number} or more", "{number} 以上"),),
    "nth": {"first": "1列目", "second": "2列目", "third": "3列目"},
    "encodings": joined({}, " or ", "・"),
    "change": {"does not say the same thing as the input": "元の文章と同じ意味になりません",
               "loses or reorders comments": "コメントをなくすか、順番を変えてしまいます"},
}
