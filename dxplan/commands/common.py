"""What every command shares: finding inputs, loading them, printing diagnostics."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import attrs

from dxplan.commands.config import Inputs, resolve_inputs
from dxplan.record import Record
from dxplan.source import (
    Diagnostic,
    Severity,
    error,
    format_diagnostic,
    has_errors,
    sorted_diagnostics,
)

if TYPE_CHECKING:
    import datetime

    from dxplan.evaluate.workers import Beside
    from dxplan.model import Workspace
    from dxplan.pipeline import Loaded
    from dxplan.results import Results

EXIT_OK, EXIT_DIAGNOSTICS, EXIT_USAGE = 0, 1, 2
# problems with how the command was called rather than with the specs or data
USAGE_CODES = frozenset({"no-config", "bad-config", "bad-date", "binary-to-terminal"})


def use_color(args: argparse.Namespace, stream: TextIO) -> bool:
    if getattr(args, "no_color", False) or os.environ.get("NO_COLOR"):
        return False
    return stream.isatty() or bool(os.environ.get("FORCE_COLOR"))


# the terminal views' width in a pipe or a file, unless COLUMNS says otherwise
DEFAULT_WIDTH = 100


def terminal_width(to_file: bool = False) -> int:
    """The terminal's width on a terminal; elsewhere COLUMNS or 100, so the same input
    gives the same bytes in a file or a pipe wherever it runs."""
    if to_file:
        return DEFAULT_WIDTH
    if sys.stdout.isatty():
        import shutil

        return shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() else DEFAULT_WIDTH


def print_diagnostics(diagnostics: Sequence[Diagnostic], color: bool = False,
                      stream: TextIO | None = None) -> None:
    out = stream or sys.stderr
    for diag in sorted_diagnostics(diagnostics):
        text = format_diagnostic(diag)
        if color:
            head, _, rest = text.partition("\n")
            tone = "31" if diag.severity is Severity.ERROR else "33"
            text = f"\x1b[1;{tone}m{head}\x1b[0m" + (f"\n{rest}" if rest else "")
        print(text, file=out)


def inputs(args: argparse.Namespace) -> tuple[Inputs, list[Diagnostic]]:
    return resolve_inputs(list(getattr(args, "specs", []) or []), getattr(args, "data", None))


def load_inputs(args: argparse.Namespace) -> tuple[Inputs, Loaded | None, list[Diagnostic]]:
    """The specs and data the command names (or dxplan.toml does), loaded; no load when
    the inputs themselves cannot be resolved."""
    from dxplan.pipeline import load

    found, diagnostics = inputs(args)
    if has_errors(diagnostics):
        return found, None, diagnostics
    loaded = load(found.specs, found.data)
    return found, loaded, diagnostics + list(loaded.diagnostics)


def finish(diagnostics: Sequence[Diagnostic], args: argparse.Namespace) -> int:
    """Print what was found; the exit code says whether any of it was an error."""
    print_diagnostics(diagnostics, use_color(args, sys.stderr))
    if any(d.code in USAGE_CODES for d in diagnostics):
        return EXIT_USAGE
    return EXIT_DIAGNOSTICS if has_errors(diagnostics) else EXIT_OK


@attrs.frozen(repr=False)
class Evaluation(Record):
    """What a figure-showing command loaded, and the results for the year asked.

    `results` is None when the specs or data have errors: figures from a broken plan
    would be read as if they were right.
    """

    results: Results | None
    loaded: Loaded | None
    diagnostics: list[Diagnostic]

    @property
    def workspace(self) -> Workspace | None:
        return self.loaded.workspace if self.loaded is not None else None

    def at(self, year: int) -> Results | None:
        """The same inputs evaluated in another year (no second load, no new diagnostics)."""
        if self.results is None or self.loaded is None:
            return None
        from dxplan.pipeline import evaluate

        return evaluate(self.loaded, year)[0]


def evaluate_inputs(args: argparse.Namespace, year: int | None = None,
                    period: str | None = None,
                    by: str | Callable[[Workspace], str | None] | None = None,
                    beside: Beside | None = None) -> Evaluation:
    """Specs + data -> results, for every command that shows figures; with each entity of
    the set `by` scored too (or of the set it names once the specs are loaded), and the
    view's work `beside` the evaluation (evaluate/workers.py)."""
    from dxplan.pipeline import evaluate

    found, loaded, diagnostics = load_inputs(args)
    if loaded is None:
        return Evaluation(None, None, diagnostics)
    how = "given"
    if year is None and found.year is not None:
        year, how = found.year, "config"
    if callable(by):
        by = by(loaded.workspace) if loaded.workspace is not None else None
    results, more = evaluate(loaded, year, period, how, by, beside)
    return Evaluation(results, loaded, diagnostics + more)


def written_date(args: argparse.Namespace) -> tuple[datetime.date, list[Diagnostic]]:
    """The day a report or workbook says it was written: `--date`, else the
    SOURCE_DATE_EPOCH of reproducible builds (seconds since 1970, read in UTC), else
    today. A malformed SOURCE_DATE_EPOCH is refused rather than silently replaced."""
    import datetime  # only the commands that write a date pay for it

    given: datetime.date | None = getattr(args, "date", None)
    if given is not None:
        return given, []
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None:
        return datetime.date.today(), []
    try:
        stamp = datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC)
    except (ValueError, OverflowError, OSError):
        return datetime.date.today(), [error(
            "bad-date", f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds since 1970",
            hint="set it to e.g. $(date +%s), unset it, or give --date YYYY-MM-DD")]
    return stamp.date(), []


def to_stdout(output: str | None) -> bool:
    return output is None or output in ("", "-")


def refuse_binary_on_terminal(output: str | None) -> list[Diagnostic]:
    """A workbook is bytes no terminal can show: writing it there would only garble the
    screen. A pipe or a redirect (`> results.xlsx`) takes it."""
    if to_stdout(output) and sys.stdout.isatty():
        return [error("binary-to-terminal", "an Excel workbook cannot be shown in a terminal",
                      hint="name a file: --output results.xlsx (or redirect: > results.xlsx)")]
    return []


def write_output(output: str | None, data: str | bytes, args: argparse.Namespace,
                 *, bom: bool = False) -> int:
    """`data` to the file `output` (atomically), or to stdout when it is None or '-'."""
    if to_stdout(output):
        if isinstance(data, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:
            sys.stdout.write(data)
        return EXIT_OK
    assert output is not None
    try:
        write_atomic(Path(output), data, bom=bom)
    except OSError as exc:
        return finish([error("cannot-write", f"cannot write {output}: {exc.strerror or exc}")],
                      args)
    return EXIT_OK


def write_atomic(path: Path, text: str | bytes, *, bom: bool = False) -> None:
    """Write `text` as UTF-8 (or bytes as they are) through a temporary file in the same
    folder, then rename: a reader never sees half a file, a failed run leaves the old one
    intact, and a file that is replaced keeps its mode bits. A symlink's target is what is
    replaced, so the link stays a link (renaming onto the link itself would turn it into a
    file)."""
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    if isinstance(text, bytes):
        data = text
    else:
        data = ("\ufeff" if bom else "").encode() + text.encode("utf-8")
    folder = path.parent if str(path.parent) else Path(".")
    try:
        mode = path.stat().st_mode & 0o7777
    except OSError:
        # a new file gets what open() would give it: mkstemp's private 0600 would keep a
        # report in a shared folder from the colleagues it is written for
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    import tempfile  # only a run that writes pays for it

    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
