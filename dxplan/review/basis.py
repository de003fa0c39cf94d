"""What a report's figures rest on: the source (出典) of each figure, which of them are
illustrative (例示値), the plan's own notes and the data's as-of year (docs/report.md).

Read from the plan, the results and the data as they are; nothing is computed again. The
report, its Markdown twin and the workbook all take their 出典 from here, so they agree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import attrs

from dxplan.data.records import Observation
from dxplan.model import Dated, Plan
from dxplan.record import Record
from dxplan.results import MeasureResult, Results

# the banner's words when only single values are flagged `{ illustrative }`
SOME_ILLUSTRATIVE = "一部の基準値・目標値は例示値であり、公表された数値ではありません。"


@attrs.frozen(repr=False)
class Sources(Record):
    """Where one goal's or indicator's figures come from.

    `value`: the sources of the observations behind the value (a data file's `source`
    column), else the measure's own `source`. `baseline` and `target`: the dated value's
    own `source`, else the measure's `source` for the baseline (the same statistic) and
    None for the target (a target is the plan's own figure).
    """

    value: tuple[str, ...]
    baseline: str | None
    target: str | None
    baseline_illustrative: bool = False
    target_illustrative: bool = False
    note: str | None = None  # the measure's `note`
    targets: tuple[Dated, ...] = ()  # every target, interim ones too, with their provenance


@attrs.frozen(repr=False)
class Basis(Record):
    notes: tuple[str, ...]  # the plan's `note`, for the first page
    illustrative: str | None  # the banner's text; None when no figure is marked illustrative
    as_of: int | None  # the latest fiscal year of any value shown
    sources: Mapping[str, Sources] = attrs.field(factory=dict)  # by goal or indicator id

    def of(self, ident: str) -> Sources | None:
        return self.sources.get(ident)


def basis(plan: Plan, results: Results, observations: Sequence[Observation]) -> Basis:
    """The basis of `results`, evaluated from `plan` and `observations`."""
    by_cell = _data_sources(observations)
    declared = {m.id: m for m in plan.measures}
    shown = measures(results)
    sources: dict[str, Sources] = {}
    for m in shown:
        spec = declared.get(m.id)
        own = spec.source if spec is not None else None
        from_data = _distinct(by_cell.get((i.series, i.year)) for i in m.inputs)
        sources[m.id] = Sources(
            value=from_data or ((own,) if own else ()),
            baseline=_source(m.baseline) or own,
            target=_source(m.target),
            baseline_illustrative=_flagged(m.baseline),
            target_illustrative=_flagged(m.target),
            note=spec.note if spec is not None else None,
            targets=spec.targets if spec is not None else (),
        )
    banner = plan.illustrative
    if banner is None and any(s.baseline_illustrative or s.target_illustrative
                              for s in sources.values()):
        banner = SOME_ILLUSTRATIVE
    years = [m.value_year for m in shown if m.value_year is not None]
    return Basis(notes=(plan.note,) if plan.note else (), illustrative=banner,
                 as_of=max(years) if years else None, sources=sources)


def measures(results: Results) -> tuple[MeasureResult, ...]:
    """Every goal and indicator of `results`, goals first, in the plan's order."""
    return (*results.goals, *(i for k in results.kpis for i in k.indicators))


def _data_sources(observations: Iterable[Observation]) -> dict[tuple[str, int], str]:
    # the plan-wide figure (no entity) is the one evaluation reads
    out: dict[tuple[str, int], str] = {}
    for obs in observations:
        if obs.source and obs.entity is None:
            out.setdefault((obs.series, obs.year), obs.source)
    return out


def _distinct(texts: Iterable[str | None]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(t for t in texts if t))


def _source(dated: Dated | None) -> str | None:
    return dated.source if dated is not None else None


def _flagged(dated: Dated | None) -> bool:
    return dated is not None and dated.illustrative
