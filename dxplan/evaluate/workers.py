"""A large plan's KPIs evaluated in two processes (processes.py): they are independent of
one another, so a forked child evaluates the last part of them while this process
evaluates the rest, with the same results. On the 5,000-indicator benchmark plan
evaluation took about 0.4 s in one process and 0.3 s in two.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

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


def in_two_processes(kpis: Sequence[Kpi], evaluate: Callable[[Kpi], KpiResult],
                     found: list[Diagnostic], remake: Remake, plan: Plan,
                     grades: dict[int, Grade]) -> tuple[KpiResult, ...] | None:
    """`evaluate` of each of `kpis`, the last part in a child process; None when the plan
    is too small for it or a second process cannot run. `found`: the evaluator's warnings,
    the child's added to them; `remake`: how the evaluator works out a history sent as
    its recipe; `plan` and `grades`: the records the child refers to."""
    at = cut([len(k.indicators) for k in kpis], CHILD_SHARE, MIN_INDICATORS)
    if at is None:
        return None
    seen = len(found)

    def theirs() -> tuple[tuple[KpiResult, ...], list[Diagnostic]]:
        return tuple(evaluate(k) for k in kpis[at:]), found[seen:]

    def receive(sent: bytes) -> tuple[tuple[KpiResult, ...], list[Diagnostic]]:
        import pickle

        from dxplan.results import receiving

        with receiving(remake):
            received: tuple[tuple[KpiResult, ...], list[Diagnostic]] = pickle.loads(sent)
        return received

    Sending.shared = {**_plan_records(plan, grades), **open_sources()}
    try:
        mine, (rest, more) = at_once(lambda: tuple(evaluate(k) for k in kpis[:at]), theirs,
                                     _send, receive)
    finally:
        Sending.shared = {}
    # a warning both processes found (a figure both parts read) is said once, where one
    # process would have found it
    known = set(found)
    found += [d for d in more if d not in known]
    return mine + rest


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
