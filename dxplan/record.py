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
