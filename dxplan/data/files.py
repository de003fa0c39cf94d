"""Which files a data path names, and their bytes: folders, Excel lock files, typos.

Every problem is a Diagnostic in the list passed in, so one run reports them all.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Collection, Sequence

from dxplan.limits import (
    MAX_BULK_DATA_BYTES,
    MAX_DATA_BYTES,
    MAX_XLSX_UNPACKED,
    read_regular,
    size_text,
)
from dxplan.source import Diagnostic, did_you_mean, error, warning

DATA_SUFFIXES = (".csv", ".tsv", ".xlsx")


# Excel files that hold figures but cannot be read: reported wherever they turn up, in a
# folder too, so that no figure is left out without a word
_UNSUPPORTED = {
    ".xls": "the old Excel .xls format cannot be read",
    ".xlsm": "macro-enabled .xlsm workbooks are not read",
}
_SAVE_AS = "save it from Excel as .xlsx or as 'CSV UTF-8 (comma delimited)'"


def expand(paths: Sequence[str], diagnostics: list[Diagnostic]) -> list[str]:
    """Files and the data files of folders (not recursively), each once, in path order."""
    found: dict[str, str] = {}  # real path -> path as the user spelled it
    refused: set[str] = set()  # real paths already reported as unsupported

    def take(path: str) -> None:
        real = os.path.realpath(path)
        reason = _UNSUPPORTED.get(os.path.splitext(path)[1].lower())
        if reason is None:
            found.setdefault(real, path)
        elif real not in refused:
            refused.add(real)
            diagnostics.append(error("unsupported-file", f"{path}: {reason}", None, _SAVE_AS))

    for path in paths:
        if os.path.isdir(path):
            try:
                entries = sorted(os.listdir(path))
            except OSError as exc:
                diagnostics.append(error("unreadable-file", f"cannot list {path}: {exc.strerror}"))
                continue
            members = [os.path.join(path, name) for name in entries if _is_data_name(name)]
            if not members:
                message = f"no .csv, .tsv or .xlsx files in {path}"
                diagnostics.append(warning("no-data-files", message))
            for member in members:
                take(member)  # reading it reports an entry that is no file to read
        elif os.path.lexists(path):  # a broken link too: reading it says what is wrong
            take(path)
        else:
            parent, name = os.path.split(os.path.normpath(path))
            try:
                siblings = os.listdir(parent or ".")
            except OSError:
                siblings = []
            hint = did_you_mean(name, siblings) or "give a .csv, .tsv or .xlsx file or a folder"
            diagnostics.append(error("no-such-file", f"no such file or folder: {path}", None, hint))
    return sorted(found.values())


def _is_data_name(name: str) -> bool:
    # "~$book.xlsx" is the lock file Excel keeps beside an open workbook, not a workbook
    return not name.startswith((".", "~$")) and name.lower().endswith(
        DATA_SUFFIXES + tuple(_UNSUPPORTED))


def _not_a_file(path: str) -> str | None:
    """Why a path is not a regular file to read, or None when it is one."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        if exc.errno == errno.ENOENT and os.path.islink(path):
            return f"it is a symbolic link to {os.readlink(path)}, which does not exist"
        if exc.errno == errno.ELOOP:
            return "it is a symbolic link that leads back to itself"
        return exc.strerror or str(exc)
    if stat.S_ISDIR(mode):
        return "it is a folder, not a data file"
    if not stat.S_ISREG(mode):
        return "it is not a regular file (a FIFO, a device or a socket)"
    return None


def read_bytes(path: str, diagnostics: list[Diagnostic]) -> bytes | None:
    """A data file's bytes, or None with a diagnostic: unreadable, no regular file (a FIFO
    is never opened, so nothing waits on it), or over the size limits (`too-large`)."""
    workbook = path.lower().endswith(".xlsx")
    # a text file as large as a per-municipality table may be; data/read.py holds any
    # other to MAX_DATA_BYTES once its header says what it is
    raw = _not_a_file(path) or read_regular(path, MAX_DATA_BYTES if workbook
                                            else MAX_BULK_DATA_BYTES)
    if isinstance(raw, str):
        diagnostics.append(error("unreadable-file", f"cannot read {path}: {raw}", None,
                                 "give the data file itself; a data folder should hold "
                                 "only data files"))
        return None
    if len(raw) > (MAX_DATA_BYTES if workbook else MAX_BULK_DATA_BYTES):
        limit = size_text(MAX_DATA_BYTES if workbook else MAX_BULK_DATA_BYTES)
        if workbook:
            limit += f", and {size_text(MAX_XLSX_UNPACKED)} unpacked"
        diagnostics.append(too_large(path, limit))
        return None
    return raw


def unpacks_too_large(path: str, raw: bytes) -> Diagnostic | None:
    """`too-large` for a workbook whose parts unpack to more than the limit (asked before
    a workbook is read; one read before comes from the cache, checked then)."""
    if _unpacked(raw) <= MAX_XLSX_UNPACKED:
        return None
    return too_large(path, f"{size_text(MAX_DATA_BYTES)}, and "
                           f"{size_text(MAX_XLSX_UNPACKED)} unpacked")


def too_large(path: str, limit: str) -> Diagnostic:
    return error("too-large", f"{path} is larger than a data file may be ({limit})", None,
                 "split it into several files; a data folder reads every file in it")


def _unpacked(raw: bytes) -> int:
    """What an .xlsx's parts unpack to, as its zip directory says (reading stops there)."""
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as book:
            return sum(info.file_size for info in book.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return 0  # not a workbook at all: the reader says so


def data_files(paths: Sequence[str], skip: Collection[str], found: list[Diagnostic]
               ) -> list[tuple[str, bytes]]:
    """The data files of `paths` (`expand`), less those of `skip` (real paths), with their
    bytes; what cannot be read is in `found`."""
    files = []
    for path in expand(paths, found):
        if skip and os.path.realpath(path) in skip:
            continue
        raw = read_bytes(path, found)
        if raw is not None:
            files.append((path, raw))
    return files


def files_key(files: Sequence[tuple[str, bytes]]) -> list[bytes]:
    """Each file's name and bytes, as the cache keys the load of them."""
    parts = []
    for path, raw in files:
        name = path.encode("utf-8", "surrogateescape")
        parts += [b"%d\0%d\0%s\0" % (len(name), len(raw), name), raw]
    return parts
