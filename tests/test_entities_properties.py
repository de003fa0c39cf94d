"""Invariants of per-municipality figures, for any data: aggregates equal the direct
computation over the rows, `count_if` lies between 0 and the number of municipalities,
a mean between the smallest and the largest figure, ranks follow scores, and the bulk
reader and the careful reader read the same table the same way."""

from __future__ import annotations

import math
import statistics

from hypothesis import given
from hypothesis import strategies as st

from dxplan import pipeline
from dxplan.evaluate.entities import _ranks
from tests.support import frames

# eight of Aomori's municipalities: valid codes, so any subset is a sound entity list
TOWNS = [("022012", "青森市"), ("022021", "弘前市"), ("022039", "八戸市"), ("022047", "黒石市"),
         ("023043", "蓬田村"), ("023434", "西目屋村"), ("024058", "六戸町"), ("024503", "新郷村")]
ENTITIES = "code,name\n" + "".join(f"{c},{n}\n" for c, n in TOWNS)

SPEC = """
entities m "市町村" {
    file "m.csv"
}
plan p "P" {
    period 2024..2028
}
goal g_mean "mean" {
    reference
    value = mean(x)
}
goal g_median "median" {
    reference
    value = median(x)
}
goal g_min "min" {
    reference
    value = min(x)
}
goal g_max "max" {
    reference
    value = max(x)
}
goal g_sum "sum" {
    reference
    value = sum(x)
}
goal g_count "count" {
    reference
    value = count_if(x, x >= 50)
}
goal g_share "share" {
    reference
    value = share_if(x, x >= 50)
}
field f "F" {
    kpi k "K" {
        indicator x "x" {
            by m
            value = mean(x)
            baseline 2022 = 40
            target 2028 = 80
        }
    }
}
"""

# each municipality's 2022 and 2025 figure, or None for no row
figure = st.one_of(st.none(), st.integers(0, 1000).map(lambda n: n / 10))
tables = st.lists(st.tuples(figure, figure), min_size=len(TOWNS), max_size=len(TOWNS))


def data_text(table: list[tuple[float | None, float | None]], *, note: str = "") -> str:
    rows = [f"x,{name},{year},{value}{note}\n"
            for (_code, name), pair in zip(TOWNS, table, strict=True)
            for year, value in zip((2022, 2025), pair, strict=True) if value is not None]
    return ("series,municipality,year,value" + (",note" if note else "") + "\n"
            + "".join(rows))


def evaluated(table: list[tuple[float | None, float | None]]) -> pipeline.Results:
    loaded = pipeline.load_strings(SPEC, {"m.csv": ENTITIES, "data.csv": data_text(table)})
    assert loaded.ok, frames(loaded.diagnostics)
    results, _ = pipeline.evaluate(loaded, 2025, by="m")
    assert results is not None
    return results


@given(tables)
def test_aggregates_equal_the_direct_computation(table: list[tuple[float | None, float | None]]
                                                 ) -> None:
    goals = {g.id: g.value for g in evaluated(table).goals}
    now = [b for _a, b in table if b is not None]
    if not now:  # no municipality has a 2025 figure: the latest year with one, or none
        return
    # the correctly rounded mean, kept within min..max (as the exact mean is)
    assert goals["g_mean"] == min(max(math.fsum(now) / len(now), min(now)), max(now))
    assert goals["g_median"] == statistics.median(now)
    assert (goals["g_min"], goals["g_max"]) == (min(now), max(now))
    assert goals["g_sum"] == math.fsum(now)
    met = sum(1 for v in now if v >= 50)
    assert goals["g_count"] == met
    assert goals["g_share"] == 100 * met / len(now)
    # the invariants the issue names
    assert 0 <= goals["g_count"] <= len(TOWNS)
    assert min(now) <= goals["g_mean"] <= max(now)  # type: ignore[operator]


@given(tables)
def test_ranks_follow_scores(table: list[tuple[float | None, float | None]]) -> None:
    by = evaluated(table).by
    assert by is not None
    scores = [(r.indicators[0].score, r.indicators[0].rank) for r in by.entities]
    for score, rank in scores:
        assert (rank is None) == (score is None)
        if score is not None:
            # rank = 1 + how many scored strictly better
            assert rank == 1 + sum(1 for s, _ in scores if s is not None and s > score)


@given(st.lists(st.one_of(st.none(), st.floats(-1e6, 1e6, allow_nan=False)), max_size=30))
def test_rank_order_is_score_order(scores: list[float | None]) -> None:
    ranks = _ranks(scores)
    for i, a in enumerate(scores):
        for j, b in enumerate(scores):
            if a is None or b is None:
                continue
            ra, rb = ranks[i], ranks[j]
            assert ra is not None and rb is not None
            assert (a > b) == (ra < rb) and (a == b) == (ra == rb)


@given(tables)
def test_the_bulk_and_the_careful_reader_agree(table: list[tuple[float | None, float | None]]
                                               ) -> None:
    # a note over two lines makes the whole file go the careful way
    plain = data_text(table)
    quoted = data_text(table, note=',"注\n記"')
    one = pipeline.load_strings(SPEC, {"m.csv": ENTITIES, "data.csv": plain})
    other = pipeline.load_strings(SPEC, {"m.csv": ENTITIES, "data.csv": quoted})
    assert one.data.by_entity.values == other.data.by_entity.values
    assert [(d.code, d.message) for d in one.diagnostics] == \
        [(d.code, d.message) for d in other.diagnostics]


@given(tables)
def test_quoted_cells_are_read_in_bulk_as_they_are_written(
        table: list[tuple[float | None, float | None]]) -> None:
    # every cell quoted, as some systems export: the same figures as the plain file
    plain = data_text(table)
    quoted = "\n".join(",".join(f'"{cell}"' for cell in line.split(","))
                       for line in plain.splitlines()) + "\n"
    one = pipeline.load_strings(SPEC, {"m.csv": ENTITIES, "data.csv": plain})
    other = pipeline.load_strings(SPEC, {"m.csv": ENTITIES, "data.csv": quoted})
    assert one.data.by_entity.values == other.data.by_entity.values
