"""Hypothesis on the whole evaluator: a generated small plan and data, loaded through the
real spec and data loaders, then evaluated; variants of the checked model (indicators
reordered, weights scaled, an indicator without data added) must move only what §4 says.
"""

from __future__ import annotations

import math
import pickle
from collections.abc import Iterator

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dxplan import pipeline
from dxplan.data.records import Observation
from dxplan.evaluate import evaluate as evaluate_stage
from dxplan.model import Dated, Kpi, Measure, Workspace
from dxplan.results import History, KpiResult, MeasureResult, Point, Results
from dxplan.scoring import Status, Trend, trend_of
from dxplan.source import has_errors

YEAR = 2026
DATA_YEARS = range(2022, 2027)


@attrs.frozen
class Ind:
    """One generated indicator, as it will be written in the spec."""

    baseline_year: int
    baseline: int
    target: int  # the final target, in 2028; never equal to the baseline
    interim: tuple[int, int] | None  # (year, value)
    weight: int
    method: str | None
    clamp: str | None
    reference: bool
    ratio: bool  # value = n / d * 100, d possibly 0
    data: dict[int, float | None]  # year -> value (None: an `x` cell)
    denominators: dict[int, float]


values = st.integers(-2000, 3000).map(lambda v: v / 10)
years = st.sampled_from(DATA_YEARS)
baselines = st.integers(-50, 150)
# strategies built once: building them inside each draw is most of the generation time
indicators = st.builds(
    lambda b, delta, **kw: Ind(baseline=b, target=b + delta, **kw),
    baselines,
    st.integers(-100, 200).filter(lambda d: d != 0),
    baseline_year=st.sampled_from([2022, 2023]),
    interim=st.one_of(st.none(), st.tuples(st.sampled_from([2025, 2026, 2027]),
                                           st.integers(-100, 300))),
    weight=st.integers(1, 5),
    method=st.sampled_from([None, "progress", "attainment"]),
    clamp=st.sampled_from([None, "0..120", "none", "-50..100"]),
    reference=st.sampled_from([False, False, False, False, True]),
    ratio=st.booleans(),
    data=st.dictionaries(years, st.one_of(st.none(), values), max_size=4),
    denominators=st.dictionaries(years, st.sampled_from([0.0, 1.0, 2.5, 40.0])),
)
plans = st.lists(st.lists(indicators, min_size=1, max_size=4), min_size=1, max_size=3)


def _number(v: float) -> str:
    return f"{v:g}"


def spec_text(kpis: list[list[Ind]]) -> str:
    out = ['plan p "生成" {\n    period 2024..2028\n}\n',
           'grading {\n    grade "-" "なし" when no_data\n    grade F "横ばい" when '
           'abs(change) <= 1\n    grade A "順調" when score >= expected\n'
           '    grade D "その他" otherwise\n}\n']
    for f in range(2):
        out.append(f'field f{f} "分野{f}" {{\n')
        for k, inds in enumerate(kpis):
            if k % 2 != f:
                continue
            out.append(f'    kpi k{k} "KPI {k}" {{\n')
            for j, ind in enumerate(inds):
                out.append(f'        indicator k{k}_m{j} "指標" {{\n')
                if ind.ratio:
                    out.append(f"            value = n_k{k}_m{j} / d_k{k}_m{j} * 100\n")
                if ind.reference:
                    out.append("            reference\n")
                else:
                    out.append(f"            baseline {ind.baseline_year} = {ind.baseline}\n")
                    if ind.interim is not None:
                        out.append(f"            target {ind.interim[0]} = {ind.interim[1]}\n")
                    out.append(f"            target 2028 = {ind.target}\n")
                out.append(f"            weight {ind.weight}\n")
                if ind.method:
                    out.append(f"            method {ind.method}\n")
                if ind.clamp:
                    out.append(f"            clamp {ind.clamp}\n")
                out.append("        }\n")
            out.append("    }\n")
        out.append("}\n")
    return "".join(out)


def data_text(kpis: list[list[Ind]]) -> str:
    rows = ["series,year,value"]
    for k, inds in enumerate(kpis):
        for j, ind in enumerate(inds):
            name = f"n_k{k}_m{j}" if ind.ratio else f"k{k}_m{j}"
            rows += [f"{name},{y},{'x' if v is None else _number(v)}"
                     for y, v in sorted(ind.data.items())]
            if ind.ratio:
                rows += [f"d_k{k}_m{j},{y},{_number(v)}"
                         for y, v in sorted(ind.denominators.items())]
    return "\n".join(rows) + "\n"


def load(kpis: list[list[Ind]]) -> tuple[Workspace, tuple[Observation, ...]]:
    loaded = pipeline.load_strings({"p.dxp": spec_text(kpis)}, {"d.csv": data_text(kpis)})
    assert loaded.workspace is not None and not has_errors(loaded.diagnostics), \
        loaded.diagnostics
    return loaded.workspace, loaded.data.observations


def evaluate(workspace: Workspace, observations: tuple[Observation, ...], year: int
             ) -> Results:
    """The evaluation stage alone, on a model the test has changed."""
    return evaluate_stage(workspace, observations, year)[0]


def with_kpis(workspace: Workspace, change: dict[str, Kpi]) -> Workspace:
    plan = workspace.plan
    assert plan is not None
    fields = tuple(attrs.evolve(f, kpis=tuple(change.get(k.id, k) for k in f.kpis))
                   for f in plan.fields)
    return attrs.evolve(workspace, plan=attrs.evolve(plan, fields=fields))


def kpis_of(workspace: Workspace) -> tuple[Kpi, ...]:
    assert workspace.plan is not None
    return workspace.plan.kpis


def numbers(results: Results) -> Iterator[float | None]:
    """Every figure a view shows."""
    def point(p: Point) -> Iterator[float | None]:
        yield from (p.value, p.raw, p.score, p.expected)

    def measure(m: MeasureResult) -> Iterator[float | None]:
        yield from (m.value, m.raw, m.score, m.expected, m.change)
        for p in m.history:
            yield from point(p)

    for k in results.kpis:
        yield from (k.index, k.expected, k.coverage)
        for p in k.history:
            yield from point(p)
        for m in k.indicators:
            yield from measure(m)
    for f in results.fields:
        yield f.index
        for p in f.history:
            yield from point(p)


def by_id(results: Results) -> dict[str, MeasureResult]:
    return {m.id: m for k in results.kpis for m in k.indicators}


def kpi_figures(k: KpiResult) -> tuple[object, ...]:
    """A KPI's result without the order of its indicators."""
    return (k.index, k.expected, k.status, k.grade, k.trend, k.coverage, k.history)


# --------------------------------------------------------------------------- properties

# Each example parses a generated spec (~10 ms) and draws a nested plan; fewer examples
# than the profile's keep this module within a few seconds.
few = settings(max_examples=60)


@few
@given(plans)
def test_indices_are_bounded_finite_and_deterministic(kpis: list[list[Ind]]
                                                       ) -> None:
    workspace, observations = load(kpis)
    results = evaluate(workspace, observations, YEAR)
    assert all(x is None or math.isfinite(x) for x in numbers(results))
    for k in results.kpis:
        assert 0.0 <= k.coverage <= 1.0
        scores = [m.score for m in k.indicators if not m.reference and m.score is not None]
        if scores:
            assert k.index is not None
            assert min(scores) <= k.index <= max(scores)
        else:
            assert k.index is None
            assert k.status is Status.NO_DATA
        if k.expected is not None:
            assert 0.0 <= k.expected <= 100.0
        for m in k.indicators:
            assert m.reference == (m.status is Status.REFERENCE)
            if m.expected is not None:
                assert 0.0 <= m.expected <= 100.0
    for f in results.fields:
        indices = [k.index for k in results.kpis if k.id in f.kpis and k.index is not None]
        assert (f.index is None) == (not indices)
        if f.index is not None:
            assert min(indices) <= f.index <= max(indices)
    assert evaluate(workspace, observations, YEAR) == results  # deterministic


@few
@given(plans, st.data())
def test_indicator_order_and_weight_scale_change_no_figure(
    kpis: list[list[Ind]], data: st.DataObject
) -> None:
    workspace, observations = load(kpis)
    results = evaluate(workspace, observations, YEAR)

    shuffled = with_kpis(workspace, {
        k.id: attrs.evolve(k, indicators=tuple(data.draw(st.permutations(k.indicators))))
        for k in kpis_of(workspace)})
    reordered = evaluate(shuffled, observations, YEAR)
    assert by_id(reordered) == by_id(results)
    assert [kpi_figures(k) for k in reordered.kpis] == [kpi_figures(k) for k in results.kpis]
    assert reordered.fields == results.fields

    factor = data.draw(st.sampled_from([0.25, 0.5, 3.0, 10.0, 1e6]))
    scaled = with_kpis(workspace, {
        k.id: attrs.evolve(k, indicators=tuple(attrs.evolve(m, weight=m.weight * factor)
                                               for m in k.indicators))
        for k in kpis_of(workspace)})
    rescaled = evaluate(scaled, observations, YEAR)
    for before, after in zip(results.kpis, rescaled.kpis, strict=True):
        # w*k / (W*k) may differ from w / W in the last bit, hence approx
        assert after.index == _approx(before.index)
        assert after.expected == _approx(before.expected)
        assert after.coverage == _approx(before.coverage)
        assert (after.status, after.grade, after.trend) == (
            before.status, before.grade, before.trend)
    assert [f.index for f in rescaled.fields] == [_approx(f.index) for f in results.fields]


@few
@given(plans, st.data())
def test_an_indicator_without_data_lowers_coverage_only(
    kpis: list[list[Ind]], data: st.DataObject
) -> None:
    workspace, observations = load(kpis)
    results = evaluate(workspace, observations, YEAR)
    target = data.draw(st.sampled_from(kpis_of(workspace)))
    empty = Measure(kind="indicator", id="no_such_series", name="データなし",
                    baseline=Dated(2023, 0.0), targets=(Dated(2028, 10.0),),
                    weight=data.draw(st.sampled_from([0.5, 1.0, 4.0])),
                    kpi=target.id, field=target.field)
    grown = with_kpis(workspace, {target.id: attrs.evolve(
        target, indicators=(*target.indicators, empty))})
    after = evaluate(grown, observations, YEAR)
    for old, new in zip(results.kpis, after.kpis, strict=True):
        assert (new.index, new.expected) == (old.index, old.expected)  # renormalised
        assert [p.score for p in new.history] == [p.score for p in old.history]
        if old.id != target.id:
            assert new == old
        elif old.coverage > 0:
            assert new.coverage < old.coverage
        else:
            assert new.coverage == 0.0
    assert [f.index for f in after.fields] == [f.index for f in results.fields]
    assert by_id(after)["no_such_series"].status is Status.NO_DATA


def _approx(x: float | None) -> object:
    return None if x is None else pytest.approx(x, rel=1e-9, abs=1e-12)


@few
@given(plans, st.sampled_from([2024, 2025, YEAR]))
def test_trend_and_change_are_those_of_the_whole_history(kpis: list[list[Ind]],
                                                         year: int) -> None:
    # A history is scored only when a view reads it; the trend and the change are found
    # from its first and last scored years. Read whole, it must give them back as the
    # rules of docs/language.md state them over every year.
    workspace, observations = load(kpis)
    results = evaluate(workspace, observations, year)
    for k in results.kpis:
        inds = kpis[int(k.id[1:])]  # k0, k1 ...: the fields list them out of this order
        for m, ind in zip(k.indicators, inds, strict=True):
            points = tuple(m.history)
            assert [p.year for p in points] == list(m.history.years or ())
            assert all(p.year <= year for p in points)
            earlier = [p for p in points if m.value_year is not None and p.year < m.value_year]
            change = m.value - earlier[-1].value if earlier and m.value is not None and \
                earlier[-1].value is not None else None
            assert m.change == change
            if not ind.reference:
                assert m.trend is trend_of([(p.year, p.raw) for p in points
                                            if p.raw is not None], 2028, ind.baseline_year)
        points = tuple(k.history)
        assert points[-1].year == year and points[-1].score == k.index
        observed = [(p.year, p.score) for p in points[:-1] if p.score is not None]
        assert k.change == (k.index - observed[-1][1] if observed and k.index is not None
                            else None)
        observed += [(year, k.index)] if k.index is not None else []
        assert k.trend is (trend_of(observed, 2028, 2024) if len(observed) > 1
                           else Trend.UNKNOWN)


def test_a_history_is_worked_out_once_and_reads_as_its_points() -> None:
    made: list[int] = []
    points = (Point(2024, 1.0, 10.0, 10.0, 20.0, 2024, 2024),
              Point(2025, 2.0, 30.0, 30.0, 40.0, 2025, 2025))

    def make() -> tuple[Point, ...]:
        made.append(1)
        return points

    history = History([2024, 2025], make)
    assert made == []  # nothing scored until read
    assert history == points and len(history) == 2 and history[-1].raw == 30.0
    assert history[:-1] == points[:1] and list(history) == list(points)
    assert made == [1]  # once, however often it is read
    assert pickle.loads(pickle.dumps(history)) == history  # a report in another process
    assert History.of(points) == history and hash(History.of(points)) == hash(history)
