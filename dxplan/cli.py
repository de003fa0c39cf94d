"""The `dxplan` command: arguments in, exit code out. The work lives in `commands/`."""

from __future__ import annotations

import argparse
import gc
import importlib
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import datetime

FORMATS = ("table", "json", "csv", "markdown")


def fiscal_year(text: str) -> int:
    """--year as the specs and data take it: 2024, FY2024, R6, 令和6年度."""
    from dxplan.japanese import parse_year

    year = parse_year(text)
    if year is None:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a fiscal year (e.g. 2025, R7, 令和7年度)")
    return year


def iso_date(text: str) -> datetime.date:
    """--date as YYYY-MM-DD: the day a report or workbook says it was written."""
    import datetime  # only a run given --date pays for it

    try:
        if len(text) == 10:
            return datetime.date.fromisoformat(text)
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(f"'{text}' is not a date written YYYY-MM-DD "
                                     "(e.g. 2025-06-01)")


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
    p.add_argument("--format", choices=(*FORMATS, "xlsx"), default="table")
    p.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of stdout")
    p.add_argument("--date", type=iso_date, metavar="YYYY-MM-DD",
                   help="the date an xlsx workbook is written on (default: "
                        "SOURCE_DATE_EPOCH, else today)")

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

    p = sub.add_parser("history", help="the timeline of one item: added, revised, retired")
    p.add_argument("id", metavar="ID", help="a goal, indicator or KPI id")
    _inputs(p)
    p.add_argument("--year", type=fiscal_year, help="the last year shown (default: as eval)")
    p.add_argument("--format", choices=("table", "json"), default="table")

    p = sub.add_parser("roadmap", help="half-year progress of the roadmap projects")
    _inputs(p)
    p.add_argument("--period", metavar="P",
                   help="e.g. 2024H1 or 令和6年度上期 (default: every reported period)")
    p.add_argument("--format", choices=("table", "json", "markdown"), default="table")

    p = sub.add_parser("report", help="write the committee report (HTML, Markdown or xlsx)")
    _inputs(p)
    p.add_argument("--year", type=fiscal_year)
    p.add_argument("--period", metavar="P",
                   help="the roadmap's half year, e.g. 2024H1 or 令和6年度上期 "
                        "(default: the latest reported)")
    p.add_argument("--date", type=iso_date, metavar="YYYY-MM-DD",
                   help="the date the report is written on (default: SOURCE_DATE_EPOCH, "
                        "else today)")
    p.add_argument("--output", "-o", metavar="FILE", default=None)
    p.add_argument("--format", choices=("html", "markdown", "xlsx"), default="html")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    module = importlib.import_module(f"dxplan.commands.{args.command}_cmd")
    # A command builds many small, acyclic records, which the cyclic garbage collector
    # only re-scans (a 36k-line plan parsed 3x faster without it). Switched back on after,
    # for callers that run `main` inside a longer-lived process.
    collecting = gc.isenabled()
    gc.disable()
    try:
        code: int = module.run(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `dxplan eval | head` is normal use
        sys.stderr.close()
        return 0
    finally:
        if collecting:
            gc.enable()
    return code

if __name__ == "__main__":
    sys.exit(main())
