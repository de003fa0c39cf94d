"""A large plan evaluated in two processes: the KPIs are independent of one another, so a
forked child evaluates part of them while this process evaluates the rest.

A fork starts with this process's memory (the checked plan, the data, the figures
derived so far), so nothing is sent to the child; its results come back pickled, with
references to what this process already holds (record.Sending). On the
5,000-indicator benchmark plan evaluation took about 0.4 s in one process and 0.3 s in
two.

The results are the same whichever way they are made, and so is the output, byte for
byte: the child runs the same code on the same figures. Where a fork is not possible or
not worth it (no `os.fork`, one CPU, another thread running, a small plan,
DXPLAN_JOBS=1) everything is evaluated here, as it is when the child fails for any
reason.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Generic, TypeVar

from dxplan.record import Sending

if TYPE_CHECKING:
    from dxplan.model import Kpi, Plan
    from dxplan.results import Grade, KpiResult, Remake
    from dxplan.source import Diagnostic

T = TypeVar("T")

# Below this many indicators a fork and the pickling of the child's results cost more
# than the evaluation they save (measured: about 50 ms of overhead on a plan whose
# evaluation takes 0.4 s).
MIN_INDICATORS = 1500
# The child's part of the indicators: less than half, because it also pickles its
# results, and its first touch of each shared page of memory copies it.
CHILD_SHARE = 0.4


def two_processes() -> bool:
    """Whether a second process can run beside this one, now."""
    if os.environ.get("DXPLAN_JOBS", "").strip() == "1" or not hasattr(os, "fork"):
        return False
    threading = sys.modules.get("threading")
    if threading is not None and threading.active_count() > 1:
        return False  # a fork copies only the calling thread: the others' locks stay held
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    return cpus > 1


def cut(sizes: Sequence[int], share: float = CHILD_SHARE) -> int | None:
    """Where to cut work items of these sizes so that those after the cut are about
    `share` of the whole; None when the work is too small to share or a second process
    cannot run."""
    total = sum(sizes)
    if len(sizes) < 2 or total < MIN_INDICATORS or not two_processes():
        return None
    done = 0
    for index, size in enumerate(sizes):
        done += size
        if done >= (1 - share) * total:
            return min(index + 1, len(sizes) - 1)
    return len(sizes) - 1


def in_two_processes(kpis: Sequence[Kpi], evaluate: Callable[[Kpi], KpiResult],
                     found: list[Diagnostic], remake: Remake, plan: Plan,
                     grades: dict[int, Grade]) -> tuple[KpiResult, ...] | None:
    """`evaluate` of each of `kpis`, the last part in a child process; None when the plan
    is too small for it or a second process cannot run. `found`: the evaluator's warnings,
    the child's added to them; `remake`: how the evaluator works out a history sent as
    its recipe; `plan` and `grades`: the records the child refers to."""
    at = cut([len(k.indicators) for k in kpis])
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

    Sending.shared = _plan_records(plan, grades)
    try:
        later = Forked(theirs, _send, receive)
        try:
            mine = tuple(evaluate(k) for k in kpis[:at])
        except BaseException:
            later.discard()
            raise
        rest, more = later.result()
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


class Forked(Generic[T]):
    """`work()` started at once in a forked child; `result()` waits for its value.

    The child sends `send(value)` through a pipe and ends; `result()` returns
    `receive(bytes)`. When the fork fails, the child fails, or what it sent cannot be
    read, `result()` runs `work()` here instead: the value is the same, only later."""

    def __init__(self, work: Callable[[], T], send: Callable[[T], bytes],
                 receive: Callable[[bytes], T]) -> None:
        self._work, self._receive = work, receive
        self._pid: int | None = None
        self._read = -1
        try:
            read, write = os.pipe()
        except OSError:
            return
        try:
            pid = os.fork()
        except OSError:
            os.close(read)
            os.close(write)
            return
        if pid == 0:  # the child: nothing it does may reach the parent's files or exit
            code = 1
            try:
                os.close(read)
                payload = send(work())
                with os.fdopen(write, "wb") as out:
                    out.write(payload)
                code = 0
            finally:
                os._exit(code)
        os.close(write)
        self._pid, self._read = pid, read

    def result(self) -> T:
        if self._pid is None:
            return self._work()
        received = self._collect()
        if received is not None:
            with contextlib.suppress(Exception):  # unreadable: worked out here instead
                return self._receive(received)
        return self._work()

    def discard(self) -> None:
        """End the child without its value (this process is failing anyway)."""
        if self._pid is not None:
            import signal

            with contextlib.suppress(OSError):
                os.kill(self._pid, signal.SIGKILL)
            self._collect()

    def _collect(self) -> bytes | None:
        """Everything the child wrote, once it has ended well; None otherwise."""
        assert self._pid is not None
        chunks = []
        with os.fdopen(self._read, "rb") as pipe:
            while chunk := pipe.read(1 << 20):
                chunks.append(chunk)
        _, status = os.waitpid(self._pid, 0)
        self._pid = None
        return b"".join(chunks) if status == 0 and chunks else None
