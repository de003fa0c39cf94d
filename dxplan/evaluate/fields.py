"""A field's index: the mean of the indexes of its KPIs (the retired ones left out), in the
year evaluated and, for the views that chart it, year by year."""

from __future__ import annotations

import bisect
import functools
from collections.abc import Sequence

from dxplan.model import Field
from dxplan.results import FieldResult, History, KpiResult, Point
from dxplan.scoring import Status, mean


def fields_of(fields: Sequence[Field], kpis: Sequence[KpiResult], year: int
              ) -> tuple[FieldResult, ...]:
    """Each field in `year`, from its KPIs' results; its history worked out when read."""
    out = []
    for f in fields:
        mine = [k for k in kpis if k.field == f.id]
        counted = [k for k in mine if k.status is not Status.RETIRED]
        out.append(FieldResult(f.id, f.name, mean([k.index for k in counted
                                                   if k.index is not None]),
                               tuple(k.id for k in mine),
                               History(None, functools.partial(field_history, counted, year))))
    return tuple(out)


def field_history(kpis: Sequence[KpiResult], year: int) -> tuple[Point, ...]:
    """The field's index by year. A KPI's index holds until its next point, as the values
    behind it do (latest at or before), so a KPI with no point in a year still counts with
    its last one."""
    years = sorted({p.year for k in kpis for p in k.history if p.year <= year})
    histories = [(k.history, [p.year for p in k.history]) for k in kpis]
    out = []
    for y in years:
        latest = [history[at - 1].score for history, ys in histories
                  for at in [bisect.bisect_right(ys, y)] if at]
        index = mean([score for score in latest if score is not None])
        if index is not None:
            out.append(Point(y, index, None, index, None))
    return tuple(out)
