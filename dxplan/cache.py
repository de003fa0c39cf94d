"""A content-addressed cache for slow, pure work: parsing a spec, reading a data file.

The CLI runs many times a day on files that rarely change. Like beancount's loader
cache, a result is stored under a key made of the input's bytes and the code that
computes it, so a changed file or a changed dxplan never reads a stale entry; anything
unreadable in the cache is ignored and recomputed. Set DXPLAN_NO_CACHE=1 to turn it off,
DXPLAN_CACHE_DIR to move it (default: $XDG_CACHE_HOME/dxplan or ~/.cache/dxplan).

Entries are pickles in the user's own cache folder, read only by the same user's dxplan.
The folder is kept under `MAX_CACHE_BYTES`: each write that takes it over removes the
entries read least recently (a hit touches its entry).
"""

from __future__ import annotations

import contextlib
import functools
import os
import pickle
import time

try:  # hashlib's own module: importing hashlib loads OpenSSL first (2.5 ms of every run's
    # start-up), for a key that needs no more than a sound hash
    from _blake2 import blake2b
except ImportError:  # a Python built without it
    from hashlib import blake2b
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dxplan.processes import Forked

_PACKAGE = Path(__file__).parent
# the modules whose code shapes each kind of entry: editing them retires old entries
_CODE = {
    "parse": ("spec/grammar.lark", "spec/parse.py", "spec/machine.py", "spec/lower.py",
              "spec/ast.py", "source.py", "japanese.py", "limits.py", "processes.py"),
    # limits and files: a workbook read before passed the size checks of its time
    "xlsx": ("data/xlsx.py", "data/cells.py", "japanese.py", "limits.py", "data/files.py"),
    "config": (),  # a dxplan.toml's table: tomllib's own work (the key holds Python's version)
    # the data files of one load, read: every module of the reading, and what its records
    # and messages are made of
    "data": ("data/*.py", "japanese.py", "limits.py", "source.py", "model.py", "record.py",
             "i18n/__init__.py", "spec/__init__.py", "spec/ast.py", "scoring.py",
             "targets.py", "processes.py"),
    # specs parsed and checked together: every module the parser and the checker use
    "workspace": ("spec/*.py", "spec/grammar.lark", "check/*.py", "model.py", "targets.py",
                  "scoring.py", "formula.py", "source.py", "japanese.py", "limits.py",
                  "pipeline.py", "i18n/__init__.py", "record.py", "processes.py"),
}


def folder() -> Path | None:
    if os.environ.get("DXPLAN_NO_CACHE"):
        return None
    explicit = os.environ.get("DXPLAN_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "dxplan"


@functools.cache
def _code_digest(kind: str) -> bytes:
    """The code that shapes `kind`, by each module's size and modification time, as
    Python itself tells a stale .pyc, and dxplan's version (a wheel built reproducibly
    may date every file alike): reading and hashing some forty modules on every run cost
    more than the cache hit it guards."""
    from dxplan import __version__

    digest = blake2b(b"%s\0%s\0" % (kind.encode(), __version__.encode()))
    for pattern in _CODE[kind]:
        for path in sorted(_PACKAGE.glob(pattern)) if "*" in pattern else [_PACKAGE / pattern]:
            try:
                stat = path.stat()
                digest.update(b"%s\0%d\0%d\0" % (path.name.encode(), stat.st_size,
                                                  stat.st_mtime_ns))
            except OSError:
                digest.update(b"?")
    return digest.digest()


# what an entry is keyed by: bytes, or parts of them (hashed one after another, as their
# concatenation is: a large data file is not copied into one key)
Key = bytes | Sequence[bytes]


def _entry(kind: str, data: Key) -> Path | None:
    where = folder()
    if where is None:
        return None
    digest = blake2b(_code_digest(kind), digest_size=32)
    for part in [data] if isinstance(data, bytes) else data:
        digest.update(part)
    return where / f"{kind}-{digest.hexdigest()}.pickle"


def get(kind: str, data: Key) -> object | None:
    """The stored result for `data`, or None (also when the entry is damaged)."""
    entry = _entry(kind, data)
    if entry is None:
        return None
    writing = _writing.pop(entry, None)
    if writing is not None:  # being written in the background: read once it is whole
        writing.result()
    making = _making.get(entry)
    if making is not None:  # being worked out: read only if it is done, never waited for
        if not making.ended():
            return None
        del _making[entry]
        making.wait()  # a child that failed wrote nothing: a miss
    try:
        with entry.open("rb") as handle:
            value: object = pickle.load(handle)
    except Exception:  # a missing, truncated or foreign entry is only a miss
        return None
    with contextlib.suppress(OSError):
        os.utime(entry)  # read now: the last to go when the folder is over its size
    return value


def put(kind: str, data: Key, value: object, *, background: bool = False) -> None:
    """Store a result; a cache that cannot be written is silently skipped. `background`:
    written by a forked child where one can run (processes.py), while the command goes on
    (pickling a large plan's workspace takes 0.1 s); `finish` waits for it."""
    entry = _entry(kind, data)
    if entry is None:
        return
    making = _making.pop(entry, None)
    if making is not None:  # worked out here first: this value is written, not the child's
        making.discard()
    if background:
        from dxplan import processes

        if processes.two_processes():
            _writing[entry] = processes.Forked(lambda: _write(entry, value), _sent, _read)
            return
    _write(entry, value)


def make(kind: str, data: Key, work: Callable[[], object]) -> bool:
    """Store `work()`, worked out and written by a forked child while the command does
    something else. A `get` of the entry reads it if the child is done and misses if not:
    the caller then works it out itself, as it does where no child can run or nothing is
    cached (False, nothing started)."""
    entry = _entry(kind, data)
    if entry is None or entry in _writing or entry in _making:
        return False
    from dxplan import processes

    if not processes.two_processes():
        return False
    _making[entry] = processes.Forked(lambda: _made(entry, work), _sent, _read)
    return True


def finish() -> None:
    """Wait for the entries being written in the background. Work `make` started is
    waited for only if it is done; otherwise it is stopped, as nothing will read it now
    (a command that stopped early, at a syntax error, does not wait for its data)."""
    while _writing:
        _writing.pop(next(iter(_writing))).result()
    while _making:
        making = _making.pop(next(iter(_making)))
        if making.ended():
            making.wait()
        else:
            making.discard()


class _Stopped(Exception):
    """SIGTERM in a child working out an entry (`Forked.discard`): what it began is removed."""


def _made(entry: Path, work: Callable[[], object]) -> None:
    import signal

    def stop(_signal: int, _frame: object) -> None:
        raise _Stopped

    signal.signal(signal.SIGTERM, stop)
    _write(entry, work())


_writing: dict[Path, Forked[None]] = {}  # values this process made, being written
_making: dict[Path, Forked[None]] = {}  # values a child works out and writes (`make`)


def _sent(_nothing: None) -> bytes:
    return b"written"  # what the child sends when it has written the entry


def _read(_sent: bytes) -> None:
    return None


def _write(entry: Path, value: object) -> None:
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        import tempfile  # only a run that writes pays for it

        fd, tmp = tempfile.mkstemp(dir=entry.parent, prefix=".tmp-")
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, entry)
    except BaseException as exc:  # unpicklable, a full disk, stopped: only a cache
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if not isinstance(exc, Exception):
            raise  # Ctrl-C
        return
    _bound(entry)


def _bound(written: Path) -> None:
    """Remove the entries read or written least recently while the folder holds more than
    `MAX_CACHE_BYTES` (the one just written stays)."""
    from dxplan.limits import MAX_CACHE_BYTES

    try:
        with os.scandir(written.parent) as found:
            files = [(e.name, e.stat().st_mtime_ns, e.stat().st_size, e.path) for e in found
                     if e.is_file()]
    except OSError:
        return
    entries = [(when, size, path) for name, when, size, path in files
               if name.endswith(".pickle")]
    # a temporary file an hour old was left by a process killed while writing it
    stale = time.time_ns() - 3600 * 10**9
    for name, when, _size, path in files:
        if name.startswith(".tmp-") and when < stale:
            with contextlib.suppress(OSError):
                os.unlink(path)
    total = sum(size for _, size, _ in entries)
    for _, size, path in sorted(entries):
        if total <= MAX_CACHE_BYTES:
            break
        if path != str(written):
            with contextlib.suppress(OSError):
                os.unlink(path)
                total -= size
