"""The `dxplan` command: arguments in, exit code out. The work lives in `commands/`."""

from __future__ import annotations

import argparse
import gc
import importlib
import sys
from collections.abc import Sequence

FORMATS = ("table", "json", "csv", "markdown")


def fiscal_year(text: str) -> int:
    """--year as the specs and data take it: 2024, FY2024, R6, 令和6年度."""
    from dxplan.japanese import parse_year

    year = parse_year(text)
    if year is None:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a fiscal year (e.g. 2025, R7, 令和7年度)")
    return year


def _inputs(p: argparse.ArgumentParser, data: bool = True) -> None:
    # default=[] keeps argparse from calling an optional SPEC "required" when ID is missing
    p.add_argument("specs", nargs="*", metavar="SPEC", default=[],
                   help=".dxp files (default: those named in dxplan.toml)")
    if data:
        p.add_argument("--data", action="append", metavar="PATH",
                       help="data file or folder; repeatable (default: dxplan.toml's data)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dxplan",
        description="Check, evaluate and review DX plan specs (.dxp).",
    )
    parser.add_argument("--no-color", action="store_true", help="plain output")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser("check", help="parse and validate specs")
    _inputs(p, data=True)

    p = sub.add_parser("eval", help="compute every index, score and status")
    _inputs(p)
    p.add_argument("--year", type=fiscal_year,
                   help="fiscal year to evaluate, e.g. 2025 or 令和7年度 (default: latest data)")
    p.add_argument("--format", choices=FORMATS, default="table")
    p.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of stdout")

    p = sub.add_parser("fmt", help="rewrite specs in the canonical layout")
    p.add_argument("specs", nargs="*", metavar="SPEC", help=".dxp files, or - for stdin")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="exit 1 if a file would change")
    mode.add_argument("--write", action="store_true", help="rewrite files in place")

    p = sub.add_parser("diff", help="what changed between two versions of a spec")
    p.add_argument("old", metavar="OLD", help="a path, or REV:path read from git")
    p.add_argument("new", metavar="NEW", help="a path, or REV:path read from git")
    p.add_argument("--with", dest="with_specs", action="append", metavar="SPEC",
                   help="other specs loaded on both sides (e.g. the roadmap)")
    p.add_argument("--data", action="append", metavar="PATH")
    p.add_argument("--year", type=fiscal_year)
    p.add_argument("--format", choices=("table", "markdown", "json"), default="table")

    p = sub.add_parser("explain", help="show how one figure is computed")
    p.add_argument("id", metavar="ID", help="a goal, field, KPI or indicator id")
    _inputs(p)
    p.add_argument("--year", type=fiscal_year)
    p.add_argument("--format", choices=("table", "json"), default="table")

    p = sub.add_parser("roadmap", help="half-year progress of the roadmap projects")
    _inputs(p)
    p.add_argument("--period", metavar="P",
                   help="e.g. 2024H1 or 令和6年度上期 (default: every reported period)")
    p.add_argument("--format", choices=("table", "json", "markdown"), default="table")

    p = sub.add_parser("report", help="write the committee report (HTML or Markdown)")
    _inputs(p)
    p.add_argument("--year", type=fiscal_year)
    p.add_argument("--output", "-o", metavar="FILE", default=None)
    p.add_argument("--format", choices=("html", "markdown"), default="html")
    return parser


# 0 ok (warnings allowed), 1 errors in the inputs, 2 the command line (argparse's own),
# 3 a bug in dxplan: README and docs/errors.md
EXIT_INTERNAL = 3


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
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
    except Exception as exc:  # a bug: bad input is a diagnostic, never an exception
        return internal_error(exc, list(sys.argv[1:] if argv is None else argv))
    finally:
        if collecting:
            gc.enable()
    return code


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
        f"dxplan {_version()}, Python {sys.version.split()[0]} on {sys.platform}\n\n",
        *traceback.format_exception(exc),
    ])
    written = _write_report(report)
    where = (f"the full report was written to {written}" if written is not None
             else "no report could be written (no writable cache or temporary folder)")
    print(f"dxplan: internal error while {doing} ({command}); {where}", file=sys.stderr)
    return EXIT_INTERNAL


def _version() -> str:
    from dxplan import __version__

    return __version__


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
