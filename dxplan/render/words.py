"""The words of every view's headings and phrases, in the run's language: one table, and
the few helpers that choose between Japanese and English.

The language is `dxplan.i18n`'s, set once by the command line. In English a heading stays
bilingual, the Japanese word then the English ("実績 value"): the policy staff read the
first, scripts and English readers the second, and both see the same screen. In Japanese
it is the Japanese word alone ("実績"). A word with no English ("期待" beside a figure)
is Japanese in both.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Final, TypeVar

from dxplan import i18n


def japanese() -> bool:
    """Whether this run's views speak Japanese alone (else bilingual)."""
    return i18n.current() == i18n.JAPANESE


K = TypeVar("K")


class Bilingual(Mapping[K, str]):
    """A table of words that follows the run's language: the bilingual words in English,
    the Japanese alone in Japanese. Read like the dict it replaces."""

    def __init__(self, english: Mapping[K, str], japanese: Mapping[K, str]) -> None:
        self.english, self.japanese = dict(english), dict(japanese)

    def _words(self) -> Mapping[K, str]:
        return self.japanese if japanese() else self.english

    def __getitem__(self, key: K) -> str:
        return self._words()[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self.english)

    def __len__(self) -> int:
        return len(self.english)


def both(ja: str, en: str) -> str:
    """'実績 value' in English, '実績' in Japanese."""
    return ja if japanese() else f"{ja} {en}"


def either(en: str, ja: str) -> str:
    """A view's phrase that is English alone in English ('no figures yet'): `ja` in
    Japanese."""
    return ja if japanese() else en


# every heading, column header and word beside a figure: (Japanese, English); no English,
# the Japanese in both languages
WORDS: Final[Mapping[str, tuple[str, str]]] = {
    "evaluation": ("評価", "evaluation"),
    "year": ("評価年度", "year"),
    "judged": ("判定", "judged"),
    "goals": ("基本目標", "basic goals"),
    "goal": ("基本目標", "goal"),
    "indicator": ("中間指標", "indicator"),
    "field_index": ("分野指数", "index"),
    "kpi": ("KPI", ""),
    "index": ("指数", "index"),
    "value": ("実績", "value"),
    "plan": ("基準 → 目標", "baseline → target"),
    "plan_short": ("基準 → 目標", ""),
    "score": ("スコア", "score"),
    "expected": ("期待", "expected"),
    "expected_short": ("期待", ""),
    "status": ("状況", "status"),
    "grade": ("評価", "grade"),
    "trend": ("傾向", "trend"),
    "coverage": ("カバー率", "coverage"),
    "reference": ("※参考値", ""),
    "timeline": ("経緯", "timeline"),
    "figures": ("実績", "figures (each year scored by the definition then in force)"),
    "all": ("全体", "all"),
    "no": ("No.", ""),
    "project": ("事業", "project"),
    "projects": ("事業", "projects"),
    "note": ("備考", "note"),
    "milestone": ("マイルストーン", "milestone"),
    "outlook": ("見込み", "outlook"),
    "at_risk": ("要注意", "at risk"),
    "at_risk_short": ("!", "at risk"),
    "by_kpi": ("KPI別", "by KPI"),
    "no_report": ("未報告", "no report"),
    "delayed_suspended": ("遅れ・中止", "delayed and suspended"),
    "groups": ("分野・区分", "field / category"),
    "total": ("計", "total"),
    "reference_project": ("参考事業", "reference"),
    "roadmap_details": ("詳細", "details: dxplan roadmap"),
    "none": ("なし", "none"),
}


def word(key: str) -> str:
    """A heading, a column header or the word beside a figure: word('value') is '実績
    value' in English, '実績' in Japanese; word('expected_short') is '期待' in both."""
    ja, en = WORDS[key]
    return both(ja, en) if en else ja


def label_of(key: str) -> str:
    """A heading that leads a line of text: '評価年度 year:' in English, '評価年度' in
    Japanese."""
    return word(key) + ("" if japanese() else ":")


def insufficient_text(floor: str) -> str:
    """Why a KPI's index is not judged: too few of its indicators have data."""
    return "! " + both(f"カバー率{floor}未満: 指数は判定外",
                       f"(under {floor} coverage: index not judged)")


def milestones_title(period: str | None) -> str:
    return both("マイルストーン", "milestones") + either(f" due in {period}", f"({period}期限)")


def counted_text(total: int, references: int) -> str:
    """'75 projects counted; 1 参考事業 (※) listed, kept out of counts and shares'."""
    if japanese():
        return f"集計した事業 {total}" + (
            f"。参考事業 {references} (※) は一覧のみで、件数・割合に含めません" if references
            else "")
    return f"{total} projects counted" + (
        f"; {references} 参考事業 (※) listed, kept out of counts and shares"
        if references else "")


def listed_apart(references: int) -> str:
    """What `eval`'s roadmap summary does not count; empty when nothing."""
    if not references:
        return ""
    return either(f"{references} 参考事業 listed apart, not counted;",
                  f"参考事業 {references} は別掲、集計外。")
