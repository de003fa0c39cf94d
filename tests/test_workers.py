"""A large plan evaluated in two processes (evaluate/workers.py) gives what one process
gives, byte for byte in every view, histories and warnings included; and when the child
cannot run or fails, the parent works its part out itself."""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable, Sequence

import attrs
import pytest
import support
from hypothesis import given, settings
from hypothesis import strategies as st
from test_properties_eval import Ind, data_text, plans, spec_text

from dxplan import pipeline, processes
from dxplan.evaluate import workers
from dxplan.processes import Sending
from dxplan.render import render
from dxplan.results import History, Indicators, MeasureResult, Point, Results, receiving

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this system")


def _plan(kpis: int = 12, per_kpi: int = 5) -> str:
    """KPIs of several indicators each: one revised, one added, one retired, one computed
    by a formula that divides by zero in 2022 (a warning), the rest plain."""
    out = ['plan p "P" {\n    period 2020..2028\n}\n',
           'grading {\n    grade S "達成" when raw >= 100\n'
           '    grade A "順調" when score >= expected\n    grade B "遅れ" otherwise\n}\n',
           'field f "F" {\n']
    for k in range(kpis):
        out.append(f'    kpi k{k} "KPI {k}" {{\n')
        for i in range(per_kpi):
            ident = f"i{k}_{i}"
            extra = ""
            if i == 1:
                extra = ('        revised 2024 "上方修正" {\n            target 2028 = '
                         f'{90 + k}\n        }}\n')
            elif i == 2 and k % 3 == 0:
                extra = '        added 2023 "追加"\n'
            elif i == 3 and k % 4 == 0:
                extra = '        retired 2025 "廃止"\n'
            elif i == 4 and k % 5 == 0:
                extra = f"        value = num{k} / den{k} * 100\n"
            out.append(f'        indicator {ident} "指標 {k}-{i}" {{\n            unit "%"\n'
                       f"            baseline 2020 = {10 + i}\n            target 2028 = "
                       f"{60 + k}\n{extra}        }}\n")
        out.append("    }\n")
    out.append("}\n")
    return "".join(out)


def _data(kpis: int = 12, per_kpi: int = 5) -> str:
    rows = ["series,year,value"]
    for k in range(kpis):
        if k % 5 == 0:
            rows += [f"num{k},{year},5" for year in range(2020, 2027)]
            rows += [f"den{k},{year},{0 if year == 2022 else 10}" for year in range(2020, 2027)]
        for i in range(per_kpi):
            for year in range(2020, 2027):
                if (k + i + year) % 7 == 0:
                    continue  # gaps: values carried over, change read across them
                rows.append(f"i{k}_{i},{year},{10 + i + (year - 2020) * (k % 6 + i)}")
    return "\n".join(rows) + "\n"


def _evaluate(monkeypatch: pytest.MonkeyPatch, *, jobs: str) -> tuple[Results, list[str]]:
    monkeypatch.setenv("DXPLAN_JOBS", jobs)
    loaded = pipeline.load_strings({"plan.dxp": _plan()}, {"data.csv": _data()})
    assert loaded.ok and loaded.workspace is not None, loaded.diagnostics
    results, diagnostics = pipeline.evaluate(loaded)
    assert results is not None
    # what the child sent refers to the parent's own records, sources and figures
    plan = loaded.workspace.plan
    assert plan is not None
    last = results.kpis[-1].indicators[0]
    definition = next(m for m in plan.indicators if m.id == last.id)
    assert last.baseline is definition.baseline and last.grade is not None
    assert last.inputs and last.inputs[-1].span is not None
    data_source = loaded.data.observations[0].span
    assert data_source is not None and last.inputs[-1].span.source is data_source.source
    return results, [f"{d.code} {d.message}" for d in diagnostics]


def _views(results: Results) -> list[str]:
    """Every view, and every history a report would read (points, not only years)."""
    histories = [repr(tuple(k.history)) for k in results.kpis]
    histories += [repr(tuple(m.history)) for k in results.kpis for m in k.indicators]
    histories += [repr(tuple(f.history)) for f in results.fields]
    return [render(results, fmt, width=120) for fmt in ("json", "table", "csv", "markdown")] \
        + histories


@pytest.fixture
def two_cpus(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Any plan shared between two processes, on any machine; the forks made, counted."""
    monkeypatch.setattr(workers, "MIN_INDICATORS", 0)
    return support.second_cpu(monkeypatch)


def test_two_processes_give_what_one_gives(monkeypatch: pytest.MonkeyPatch,
                                           two_cpus: list[int]) -> None:
    alone, said_alone = _evaluate(monkeypatch, jobs="1")
    assert two_cpus == []
    shared, said_shared = _evaluate(monkeypatch, jobs="")
    assert len(two_cpus) == 1  # the child did run
    assert _views(shared) == _views(alone)
    assert shared == alone
    # the formula's warnings (a division by zero), each once and in the same order
    assert said_shared == said_alone
    assert [line.split("'")[1] for line in said_alone if "formula-no-value" in line] == \
        ["i0_4", "i5_4", "i10_4"]
    assert Sending.shared == {} and not Sending.active


def test_a_failing_child_leaves_its_part_to_the_parent(monkeypatch: pytest.MonkeyPatch,
                                                       two_cpus: list[int]) -> None:
    alone, _ = _evaluate(monkeypatch, jobs="1")
    parent = os.getpid()
    from dxplan.evaluate.evaluator import Evaluator

    kpi = Evaluator.kpi

    def failing_in_child(self: Evaluator, *args: object) -> object:
        if os.getpid() != parent:
            raise RuntimeError("a bug that only the child meets")
        return kpi(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(Evaluator, "kpi", failing_in_child)
    shared, _ = _evaluate(monkeypatch, jobs="")
    assert len(two_cpus) == 1
    assert _views(shared) == _views(alone)


def cut(sizes: list[int], share: float = workers.CHILD_SHARE) -> int | None:
    return processes.cut(sizes, share, workers.MIN_INDICATORS)


def test_no_fork_or_one_cpu_or_a_small_plan_stays_in_one_process(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0, 1}, raising=False)
    monkeypatch.delenv("DXPLAN_JOBS", raising=False)
    sizes = [1000, 1000]
    assert cut(sizes) == 1
    assert cut([10, 10]) is None  # under MIN_INDICATORS: not worth a fork
    assert cut([2000]) is None  # one KPI cannot be shared
    monkeypatch.setenv("DXPLAN_JOBS", "1")
    assert cut(sizes) is None
    monkeypatch.setenv("DXPLAN_JOBS", "")
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0}, raising=False)
    assert cut(sizes) is None
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0, 1}, raising=False)
    monkeypatch.delattr(os, "fork")
    assert cut(sizes) is None


def test_the_cut_gives_the_child_its_share(two_cpus: list[int]) -> None:
    # 10 items of 100 (1,000 in all): the child's 40% are the last 4 (600 reached at item 6)
    assert cut([100] * 10, 0.4) == 6
    assert cut([100] * 10, 0.5) == 5
    # one large item first: the parent takes it, the child the rest
    assert cut([5000, 10, 10], 0.4) == 1
    # a large item last: the child still gets it, and the parent the others
    assert cut([10, 10, 5000], 0.4) == 2


def test_forked_falls_back_when_what_comes_back_cannot_be_read() -> None:
    def unreadable(_sent: bytes) -> int:
        raise pickle.UnpicklingError("garbled")

    work = processes.Forked(lambda: 41 + 1, lambda v: b"x", unreadable)
    assert work.result() == 42  # worked out here instead
    sent = processes.Forked(lambda: 7, pickle.dumps, pickle.loads)
    assert sent.result() == 7


class _Remake:
    """A receiver's way to work out what was sent as a recipe (results.Remake), noting
    what it was asked."""

    def __init__(self, history: Callable[[], tuple[Point, ...]],
                 indicators: Callable[[], tuple[MeasureResult, ...]]) -> None:
        self.asked: list[tuple[object, ...]] = []
        self._history, self._indicators = history, indicators

    def history_again(self, recipe: tuple[str, str], years: Sequence[int]
                      ) -> Callable[[], tuple[Point, ...]]:
        self.asked.append((recipe, list(years)))
        return self._history

    def indicators_again(self, kpi: str, year: int) -> Callable[[], tuple[MeasureResult, ...]]:
        self.asked.append((kpi, year))
        return self._indicators


def _sent(value: object) -> bytes:
    Sending.active = True
    try:
        return pickle.dumps(value)
    finally:
        Sending.active = False


def test_a_history_sent_as_its_recipe_is_read_only_by_a_receiver() -> None:
    made = []

    def make() -> tuple[Point, ...]:
        made.append(1)
        return (Point(2024, 1.0, 10.0, 10.0, 20.0),)

    history = History([2024], make, ("measure", "m"))
    sent = _sent(history)
    assert made == []  # not worked out to be sent
    with pytest.raises(ValueError, match="recipe"):
        pickle.loads(sent)
    remake = _Remake(make, tuple)
    with receiving(remake):
        received = pickle.loads(sent)
    assert remake.asked == [(("measure", "m"), [2024])]
    assert list(received) == [Point(2024, 1.0, 10.0, 10.0, 20.0)]
    # outside a worker a history goes whole, as its points
    assert list(pickle.loads(pickle.dumps(history))) == list(received)


def test_indicators_sent_as_their_recipe_are_worked_out_when_read() -> None:
    alone = pipeline.evaluate(pipeline.load_strings({"plan.dxp": _plan(2, 3)},
                                                    {"data.csv": _data(2, 3)}))[0]
    assert alone is not None
    kpi = alone.kpis[1]
    sent = _sent(Indicators((kpi.id, alone.year)))
    with pytest.raises(ValueError, match="recipe"):
        pickle.loads(sent)
    made: list[int] = []

    def again() -> tuple[MeasureResult, ...]:
        made.append(1)
        return tuple(kpi.indicators)

    remake = _Remake(tuple, again)
    with receiving(remake):
        received = pickle.loads(sent)
    assert remake.asked == [("k1", 2026)] and made == []  # asked how, not yet worked out
    assert received == kpi.indicators and made == [1]
    assert len(received) == 3 and received[0] is kpi.indicators[0] and made == [1]
    # a KPI holding them equals, hashes and pickles as the one holding the tuple
    holding = attrs.evolve(kpi, indicators=received)
    assert holding == kpi and hash(holding) == hash(kpi)
    assert pickle.loads(pickle.dumps(holding)) == kpi
    # made here and never sent, they cannot be read
    with pytest.raises(ValueError, match="read before they were sent"):
        list(Indicators(("k1", 2026)))


@settings(max_examples=25)
@given(plans.filter(lambda kpis: len(kpis) > 1), st.sampled_from([2024, 2025, 2026]))
def test_any_plan_evaluates_alike_in_one_process_and_two(kpis: list[list[Ind]],
                                                         year: int) -> None:
    # the generated plans of test_properties_eval: methods, clamps, references, interim
    # targets, ratios that divide by zero (warnings), missing cells
    spec, data = {"p.dxp": spec_text(kpis)}, {"d.csv": data_text(kpis)}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(workers, "MIN_INDICATORS", 0)
        forks = support.second_cpu(patch)
        seen: list[tuple[Results, list[str]]] = []
        for jobs in ("1", ""):
            patch.setenv("DXPLAN_JOBS", jobs)
            loaded = pipeline.load_strings(spec, data)
            results, diagnostics = pipeline.evaluate(loaded, year)
            assert results is not None
            seen.append((results, [d.header() for d in diagnostics]))
    (alone, said_alone), (shared, said_shared) = seen
    assert len(forks) == 1  # the second evaluation was shared
    assert shared == alone and said_shared == said_alone
    assert _views(shared) == _views(alone)


def test_a_failure_here_ends_the_child_and_is_raised() -> None:
    def failing() -> int:
        raise RuntimeError("a bug in this process's part")

    with pytest.raises(RuntimeError, match="this process's part"):
        processes.at_once(failing, lambda: 7, pickle.dumps, pickle.loads)
    assert processes.at_once(lambda: 6, lambda: 7, pickle.dumps, pickle.loads) == (6, 7)


def test_the_json_texts_written_beside_the_evaluation_are_the_views_own(
        monkeypatch: pytest.MonkeyPatch, two_cpus: list[int]) -> None:
    # `dxplan eval --format json` asks each process to write the JSON of the KPIs it
    # evaluated (render.beside): one fork, not two, and the document byte for byte the
    # one written after the evaluation
    from dxplan.render import beside
    from dxplan.render import json as json_view

    alone, _ = _evaluate(monkeypatch, jobs="1")
    expected = render(alone, "json")
    written: list[str] = []
    kpi_text = json_view._kpi_text

    def counted(kpi: object) -> str:
        written.append(kpi.id)  # type: ignore[attr-defined]
        return kpi_text(kpi)  # type: ignore[arg-type]

    monkeypatch.setattr(json_view, "_kpi_text", counted)
    monkeypatch.setenv("DXPLAN_JOBS", "")
    loaded = pipeline.load_strings({"plan.dxp": _plan()}, {"data.csv": _data()})
    texts = beside("json")
    assert texts is not None and beside("table") is None
    results, _ = pipeline.evaluate(loaded, beside=texts)
    assert results is not None and len(two_cpus) == 1
    # this process wrote only its own part; the child's came back as text
    assert loaded.workspace is not None and loaded.workspace.plan is not None
    at = cut([len(k.indicators) for k in loaded.workspace.plan.kpis],
             workers.CHILD_SHARE_BESIDE)
    assert at is not None and written == [k.id for k in results.kpis[:at]]
    # the child sent its KPIs' indicators as their recipe, and rendering read none of them
    theirs = [k.indicators for k in results.kpis[at:]]
    assert all(type(i) is Indicators for i in theirs)
    assert render(results, "json", written=texts) == expected
    assert len(written) == at  # nothing written again when rendered
    assert all(i._items is None for i in theirs)  # type: ignore[attr-defined]
    # read, they are worked out here, as the child had them
    assert results == alone and render(results, "table") == render(alone, "table")
    # a text is used only for the very record it was written from
    first = results.kpis[0]
    assert texts.text(first) is not None
    assert texts.text(pickle.loads(pickle.dumps(first))) is None
    assert render(results, "json", written=json_view.KpiTexts()) == expected
