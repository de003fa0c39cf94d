"""The `dxplan` command: arguments in, exit code out. The work lives in `commands/`, the
command line's words in `commands/arguments.py`.

The language is chosen before the parser is built, so that `--help` speaks it: `--lang`,
else dxplan.toml's `lang`, else the locale.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import importlib
import os
import sys
from collections.abc import Sequence
from typing import Final, NoReturn

from dxplan import __version__, i18n
from dxplan.commands.arguments import COMMANDS, DOCS, build_parser, command_of
from dxplan.i18n import text as _

__all__ = ["COMMANDS", "build_parser", "entry", "main"]


def overview() -> str:
    """What a bare `dxplan` prints: the commands and where to read more, in one screen
    (at most 24 lines of 80 columns)."""
    width = max(len(name) for name, _words in COMMANDS)
    lines = [f"dxplan {__version__} — " + _("specs of a DX plan (.dxp) that compute "
                                             "themselves"),
             "", _("usage: ") + "dxplan COMMAND [SPEC...] [--data PATH...] [options]", "",
             _("commands") + ":"]
    lines += [f"  {name:<{width}}  {_(words)}" for name, words in COMMANDS]
    lines += ["", _("With no SPEC, the specs and data named in dxplan.toml are used."),
              _("Anywhere: --lang ja|en, --no-color.  Also: dxplan --version"),
              _("One command's options: dxplan COMMAND --help"),
              _("docs: ") + _(DOCS)]
    return "\n".join(lines) + "\n"


def _language(argv: Sequence[str]) -> str:
    """The run's language: --lang (wherever it stands), dxplan.toml's lang, the locale.
    A --lang that is not one of ours is left to the parser to refuse."""
    option = None
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(argv):
            option = argv[index + 1]
        elif arg.startswith("--lang="):
            option = arg.partition("=")[2]
    if option in i18n.LANGUAGES:
        return option
    from dxplan.commands.config import configured_language

    return i18n.choose(None, configured_language())


# 0 ok (warnings allowed), 1 errors in the inputs, 2 the command line (argparse's own),
# 3 a bug in dxplan: README and docs/errors.md
EXIT_INTERNAL = 3


def entry() -> NoReturn:
    """The `dxplan` command (and `python -m dxplan`): `main`, then out at once.

    Once the output is written and flushed, all that is left is to free every record one
    by one and let the garbage collector walk them a last time — on a large plan 150 ms
    and more, for memory the operating system takes back whole anyway. `main` itself
    returns normally, for tests and scripts that call it in a longer-lived process.

    The cyclic garbage collector is off for the whole run, imports included: dxplan's
    records hold no cycles, and its collections while the modules load (thousands of
    objects: classes, code, patterns) cost several ms of every start-up."""
    gc.disable()
    code = main()
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # `dxplan eval | head`: the reader has what it wanted
        pass
    except OSError as exc:  # the last of the output to a full disk
        code = code or _unwritten(exc)
    with contextlib.suppress(OSError):
        sys.stderr.flush()
    cache = sys.modules.get("dxplan.cache")
    if cache is not None:
        cache.finish()  # a cache entry still being written in the background
    os._exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    before = i18n.current()
    i18n.use(_language(arguments))
    try:
        return _main(arguments)
    finally:
        i18n.use(before)  # for callers that run `main` inside a longer-lived process


def _main(argv: list[str]) -> int:
    args = build_parser(command_of(argv)).parse_args(argv)
    if args.command is None:  # `dxplan`, or only global options: what is there to do
        sys.stdout.write(overview())
        return 0
    # A command builds many small, acyclic records, which the cyclic garbage collector
    # only re-scans (a 36k-line plan parsed 3x faster without it). Switched back on after,
    # for callers that run `main` inside a longer-lived process.
    collecting = gc.isenabled()
    gc.disable()
    try:
        module = importlib.import_module(f"dxplan.commands.{args.command}_cmd")
        code: int = module.run(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `dxplan eval | head` is normal use
        sys.stderr.close()
        return 0
    except OSError as exc:
        if exc.errno not in _FULL:
            return internal_error(exc, argv)
        return _unwritten(exc)
    except Exception as exc:  # a bug: bad input is a diagnostic, never an exception
        return internal_error(exc, argv)
    finally:
        if collecting:
            gc.enable()
    return code


# The errors of a device that takes no more output (a full disk, a quota, a file too large)
_FULL: Final = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO})

def _unwritten(exc: OSError) -> int:
    """Output sent to a full disk: no bug of dxplan's, and the user's to fix (exit 1)."""
    with contextlib.suppress(OSError):
        sys.stderr.write(f"dxplan: {_('the output could not be written')}: "
                         f"{exc.strerror or exc}\n")
    return 1


# What a failing frame's module was doing, from the deepest frame of dxplan's own code
_DOING = (
    ("dxplan.spec", "reading the specs"), ("dxplan.check", "checking the specs"),
    ("dxplan.data", "reading the data"), ("dxplan.cache", "using the cache"),
    ("dxplan.review", "comparing and explaining"), ("dxplan.render", "showing the results"),
    ("dxplan.commands", "running the command"), ("dxplan.cli", "running the command"),
    ("dxplan.config", "reading dxplan.toml"), ("dxplan", "computing the figures"),
)  # fmt: skip


def internal_error(exc: BaseException, argv: list[str]) -> int:
    """One line on stderr and the traceback in a file: the user is told where it is, and a
    script can tell a crash (3) from a report of errors in its inputs (1)."""
    import traceback

    modules = [frame.f_globals.get("__name__", "") for frame, _ in traceback.walk_tb(
        exc.__traceback__)]
    ours = [m for m in modules if m == "dxplan" or m.startswith("dxplan.")]
    deepest = ours[-1] if ours else "dxplan"
    doing = next(words for prefix, words in _DOING
                 if deepest == prefix or deepest.startswith(prefix + "."))
    command = " ".join(["dxplan", *argv])
    report = "".join([
        f"dxplan internal error while {doing}\ncommand: {command}\n",
        f"dxplan {__version__}, Python {sys.version.split()[0]} on {sys.platform}\n\n",
        *traceback.format_exception(exc),
    ])
    written = _write_report(report)
    where = (f"the full report was written to {written}" if written is not None
             else "no report could be written (no writable cache or temporary folder)")
    print(f"dxplan: internal error while {doing} ({command}); {where}", file=sys.stderr)
    return EXIT_INTERNAL


def _write_report(text: str) -> str | None:
    """The report in the user's cache folder, or the temporary folder when the cache is off
    or not writable; its path, or None when neither can be written."""
    import os
    import tempfile
    import time
    from pathlib import Path

    from dxplan.cache import folder

    name = f"crash-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.txt"
    for where in (folder(), Path(tempfile.gettempdir())):
        if where is None:
            continue
        try:
            where.mkdir(parents=True, exist_ok=True)
            (where / name).write_text(text, encoding="utf-8")
        except OSError:
            continue
        return str(where / name)
    return None

if __name__ == "__main__":
    sys.exit(main())
