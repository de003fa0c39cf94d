"""The base of every attrs record: one `__repr__` for all of them.

attrs writes each record class's methods as Python source and compiles it when the module
is imported; the `__repr__` is half of that text. Compiling it for some 65 classes cost
about 10 ms of every run's start-up, for a method only a traceback or a test failure
calls. This one reads the same (`Measure(id='a', ...)`), for every record.
"""

from __future__ import annotations

from typing import Any


class Record:
    __slots__ = ()  # the records stay slotted: an empty base keeps them so

    def __repr__(self) -> str:
        fields: Any = getattr(type(self), "__attrs_attrs__", ())
        inside = ", ".join(f"{a.name}={getattr(self, a.name)!r}" for a in fields if a.repr)
        return f"{type(self).__name__}({inside})"


class Sending:
    """While a worker process pickles its results for the process that forked it
    (evaluate/workers.py): both hold the same plan and data, so what the receiver already
    has goes as a reference — a record of the plan by its identity (`shared`, made before
    the fork), a source file by its path, a history not yet worked out by its recipe —
    and only what the worker computed goes whole. Half the evaluation was sent in 4 MB
    and 130 ms this way, 0.4 MB and 40 ms."""

    active = False  # set in the worker only, which ends once it has sent
    shared: dict[int, object] = {}  # noqa: RUF012 - one table per process, by design


def shared(key: int) -> object:
    """The receiver's own record the worker referred to (a KeyError makes the receiver
    work the results out itself)."""
    return Sending.shared[key]
