"""Which files a data path names, and their bytes: folders, Excel lock files, typos.

Every problem is a Diagnostic in the list passed in, so one run reports them all.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

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
            members = [member for member in members if os.path.isfile(member)]
            if not members:
                message = f"no .csv, .tsv or .xlsx files in {path}"
                diagnostics.append(warning("no-data-files", message))
            for member in members:
                take(member)
        elif os.path.exists(path):
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


def read_bytes(path: str, diagnostics: list[Diagnostic]) -> bytes | None:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as exc:
        diagnostics.append(error("unreadable-file", f"cannot read {path}: {exc.strerror}"))
        return None
