"""A large plan's KPIs evaluated in two processes (processes.py): they are independent of
one another, so a forked child evaluates the last part of them while this process
evaluates the rest, with the same results. On the 5,000-indicator benchmark plan
evaluation took about 0.4 s in one process and 0.3 s in two.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from dxplan.processes import Sending, at_once, cut
from dxplan.source import open_sources

if TYPE_CHECKING:
    from dxplan.model import Kpi, Plan
    from dxplan.results import Grade, KpiResult, Remake
    from dxplan.source import Diagnostic

# Below this many indicators a fork and the pickling of the child's results cost more
# than the evaluation they save (measured: about 50 ms of overhead on a plan whose
# evaluation takes 0.4 s).
MIN_INDICATORS = 1500
# The child's part of the indicators: less than half, because it also pickles its
# results, and its first touch of each shared page of memory copies it.
CHILD_SHARE = 0.4
# ... and with a view's work beside (`Beside`): the child then sends the view's output
# and its KPIs without their indicators (results.Indicators), a few ms to pickle and
# read back, so nearly half; on the 5,000-indicator plan with the JSON view, this share
# evened the two processes' times.
CHILD_SHARE_BESIDE = 0.48


class Beside(Protocol):
    """A view's work on each KPI's result, done by the process that evaluated the KPI.

    On a large plan the child evaluates part of the KPIs, and its results come back
    pickled; a view that then worked on every result (the JSON view writes each KPI's
    text) would split its work across the two processes once more. Given `beside`, each
    process does that work on its own part as soon as it is evaluated, and the child
    sends its part's outputs with its results: one fork instead of two, and the child's
    share of the view's work done while this process evaluates. `work` runs in either
    process; `made` receives each KPI's output here, the KPIs' results in `kpis` being
    those this process holds."""

    def work(self, kpis: Sequence[KpiResult]) -> list[Any]: ...

    def made(self, kpis: Sequence[KpiResult], outputs: Sequence[Any]) -> None: ...


_Part = tuple[tuple["KpiResult", ...], list["Diagnostic"], list[Any]]


def in_two_processes(kpis: Sequence[Kpi], year: int, evaluate: Callable[[Kpi], KpiResult],
                     found: list[Diagnostic], remake: Remake, plan: Plan,
                     grades: dict[int, Grade], figures: object,
                     beside: Beside | None = None) -> tuple[KpiResult, ...] | None:
    """`evaluate` of each of `kpis` in `year`, the last part in a child process; None when
    the plan is too small for it or a second process cannot run. `found`: the evaluator's
    warnings, the child's added to them; `remake`: how the evaluator works out a history,
    or a KPI's indicators, sent as a recipe; `plan`, `grades` and the data's `figures` read
    in bulk: what the child refers to; `beside`: a view's work on the results, done where
    each part is evaluated (without a second process, the view does it itself later).

    With `beside`, the child sends each KPI's indicators as a recipe: the view has written
    them, and they are worked out again here only if something else reads them."""
    share = CHILD_SHARE if beside is None else CHILD_SHARE_BESIDE
    at = cut([len(k.indicators) for k in kpis], share, MIN_INDICATORS)
    if at is None:
        return None
    seen = len(found)

    def part(chosen: Sequence[Kpi]) -> _Part:
        results = tuple(evaluate(k) for k in chosen)
        return results, found[seen:], beside.work(results) if beside is not None else []

    def send(value: _Part) -> bytes:
        if beside is None:
            return _send(value)
        results, more, outputs = value
        return _send((tuple(_recalled(r, year) for r in results), more, outputs))

    def receive(sent: bytes) -> _Part:
        import pickle

        from dxplan.results import receiving

        with receiving(remake):
            received: _Part = pickle.loads(sent)
        return received

    Sending.shared = {**_plan_records(plan, grades), **open_sources(), id(figures): figures}
    try:
        (mine, _, done), (rest, more, sent) = at_once(lambda: part(kpis[:at]),
                                                      lambda: part(kpis[at:]), send, receive)
    finally:
        Sending.shared = {}
    # a warning both processes found (a figure both parts read) is said once, where one
    # process would have found it
    known = set(found)
    found += [d for d in more if d not in known]
    if beside is not None:
        beside.made(mine, done)
        beside.made(rest, sent)
    return mine + rest


def _recalled(kpi: KpiResult, year: int) -> KpiResult:
    """`kpi` with its indicators as their recipe, to be sent (results.Indicators)."""
    import attrs

    from dxplan.results import Indicators

    return attrs.evolve(kpi, indicators=Indicators((kpi.id, year)))


def _plan_records(plan: Plan, grades: dict[int, Grade]) -> dict[int, object]:
    """The plan's records a result holds, by identity: the child refers to them."""
    records: list[object] = list(grades.values())
    for m in plan.measures:
        records += [m.baseline, m.yearly, m.deadline, m.added, m.retired, *m.targets,
                    *m.revisions]
    for k in plan.kpis:
        records += [k.added, k.retired]
    return {id(r): r for r in records if r is not None}


def _send(value: object) -> bytes:
    """The child's results, with references to what its parent holds (the child ends once
    they are sent)."""
    import pickle

    Sending.active = True
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
