"""The command line's words: every command, its options and their help, for argparse.

Every text is written in English and shown through `i18n.text` (the Japanese is in
dxplan/i18n/ja/texts.py). A run defines the options of its own command only (`cli.py`
finds it first): defining every command's cost more than a small plan's whole run.
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final

from dxplan import __version__, i18n
from dxplan.i18n import text as _

if TYPE_CHECKING:
    import datetime

FORMATS = ("table", "json", "csv", "markdown")
DOCS: Final = "docs/ (docs/language.md, docs/errors.md); in Japanese: docs/ja/README.md"

# every command, in the order a new user meets them, with what it does (the help line
# and the overview of a bare `dxplan` both read this)
COMMANDS: Final = (
    ("check", "parse and validate specs (and data)"),
    ("eval", "compute every index, score and status"),
    ("explain", "show how one figure is computed"),
    ("history", "the timeline of one item: added, revised, retired"),
    ("roadmap", "half-year progress of the roadmap projects"),
    ("report", "write the committee report (HTML, Markdown or xlsx)"),
    ("diff", "what changed between two versions of a spec"),
    ("fmt", "rewrite specs in the canonical layout"),
)


@functools.cache
def _help_width() -> int:
    """What argparse's HelpFormatter reads from `shutil.get_terminal_size`, less 2."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns) - 2
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns - 2  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):
        return 80 - 2


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


# argparse words its own messages through gettext, which searches the disk for a catalogue
# on every call (twenty times a run); ours come from `i18n`, in English here.
argparse._ = str  # type: ignore[attr-defined]


class _Formatter(argparse.HelpFormatter):
    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None) -> None:
        # argparse makes a formatter for every argument defined, and each asks shutil
        # (imported for it) for the terminal's size; asked here as shutil would
        super().__init__(prog, indent_increment, max_help_position,
                         _help_width() if width is None else width)

    def add_usage(self, usage: str | None, actions: Any, groups: Any,
                  prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, _("usage: ") if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse, speaking the run's language: its headings, its help option and its error
    messages go through `i18n` like every other text."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = _("positional arguments")
        self._optionals.title = _("options")
        self.add_argument("-h", "--help", action="help",
                          help=_("show this help message and exit"))

    def error(self, message: str) -> Any:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: {_('error')}: {i18n.line(message)}\n")


def _global_options(parser: argparse.ArgumentParser, *, here: bool) -> None:
    """--no-color and --lang, before the command or after it. After it their default is
    'not given', so a subcommand's parser never overwrites what was given before."""
    default: dict[str, Any] = {} if here else {"default": argparse.SUPPRESS}
    parser.add_argument("--no-color", action="store_true", help=_("plain output, no colour"),
                        **default)
    parser.add_argument("--lang", choices=i18n.LANGUAGES,
                        help=_("language of messages and views (default: dxplan.toml's "
                               "lang, else the locale)"), **default)


def _inputs(p: argparse.ArgumentParser, data: bool = True) -> None:
    # default=[] keeps argparse from calling an optional SPEC "required" when ID is missing
    p.add_argument("specs", nargs="*", metavar="SPEC", default=[],
                   help=_(".dxp files (default: those named in dxplan.toml)"))
    if data:
        p.add_argument("--data", action="append", metavar="PATH",
                       help=_("data file or folder; repeatable (default: dxplan.toml's data)"))


def _format(p: argparse.ArgumentParser, choices: Sequence[str], default: str) -> None:
    p.add_argument("--format", choices=choices, default=default,
                   help=_("output format (default: %(default)s)"))


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; with `only`, that command alone (a run of one command never
    shows another, and defining them all cost more than a small plan's own work)."""
    parser = _Parser(prog="dxplan",
                     description=_("Check, evaluate and review DX plan specs (.dxp)."),
                     epilog=_("docs: ") + _(DOCS))
    parser.add_argument("--version", action="version", version=f"dxplan {__version__}",
                        help=_("show the version and exit"))
    _global_options(parser, here=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND",
                                title=_("commands"))
    for name, words in COMMANDS:
        if only is None or name == only:  # the others: only the whole help lists them
            p = sub.add_parser(name, help=_(words), description=_(words))
            _global_options(p, here=False)
            ARGUMENTS[name](p)
    return parser


def _check_arguments(p: argparse.ArgumentParser) -> None:
    _inputs(p, data=True)


def _eval_arguments(p: argparse.ArgumentParser) -> None:
    _inputs(p)
    p.add_argument("--year", type=fiscal_year,
                   help=_("fiscal year to evaluate, e.g. 2025 or 令和7年度 (default: latest data)"))
    _format(p, (*FORMATS, "xlsx"), "table")
    p.add_argument("--output", "-o", metavar="FILE",
                   help=_("write to FILE instead of stdout"))
    p.add_argument("--date", type=iso_date, metavar="YYYY-MM-DD",
                   help=_("the date an xlsx workbook is written on (default: "
                          "SOURCE_DATE_EPOCH, else today)"))
    p.add_argument("--by", metavar="SET",
                   help=_("each entity of SET (e.g. municipalities) scored on every "
                          "indicator declared `by` it"))
    p.add_argument("--entity", action="append", metavar="NAME",
                   help=_("with --by: only this entity (a name or a code); repeatable"))
    p.add_argument("--indicator", action="append", metavar="ID",
                   help=_("with --by: only this indicator; repeatable"))
    p.add_argument("--worst", type=int, metavar="N",
                   help=_("with --by: the N entities with the lowest mean score, worst first"))


def _fmt_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("specs", nargs="*", metavar="SPEC", help=_(".dxp files, or - for stdin"))
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help=_("exit 1 if a file would change"))
    mode.add_argument("--write", action="store_true", help=_("rewrite files in place"))


def _diff_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("old", metavar="OLD", help=_("a path, or REV:path read from git"))
    p.add_argument("new", metavar="NEW", help=_("a path, or REV:path read from git"))
    p.add_argument("--with", dest="with_specs", action="append", metavar="SPEC",
                   help=_("other specs loaded on both sides (e.g. the roadmap)"))
    p.add_argument("--data", action="append", metavar="PATH",
                   help=_("data file or folder; repeatable (default: dxplan.toml's data)"))
    p.add_argument("--year", type=fiscal_year, help=_("fiscal year whose figures are compared"))
    _format(p, ("table", "markdown", "json"), "table")


def _explain_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", metavar="ID", help=_("a goal, field, KPI or indicator id"))
    _inputs(p)
    p.add_argument("--year", type=fiscal_year, help=_("fiscal year (default: as eval)"))
    p.add_argument("--entity", metavar="NAME",
                   help=_("one municipality's figure (a name or a code) for an indicator "
                          "declared `by` a set"))
    _format(p, ("table", "json"), "table")


def _history_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", metavar="ID", help=_("a goal, indicator or KPI id"))
    _inputs(p)
    p.add_argument("--year", type=fiscal_year, help=_("the last year shown (default: as eval)"))
    _format(p, ("table", "json"), "table")


def _roadmap_arguments(p: argparse.ArgumentParser) -> None:
    _inputs(p)
    p.add_argument("--period", metavar="P",
                   help=_("e.g. 2024H1 or 令和6年度上期 (default: every reported period)"))
    _format(p, ("table", "json", "markdown"), "table")


def _report_arguments(p: argparse.ArgumentParser) -> None:
    _inputs(p)
    p.add_argument("--year", type=fiscal_year, help=_("fiscal year (default: as eval)"))
    p.add_argument("--period", metavar="P",
                   help=_("the roadmap's half year, e.g. 2024H1 or 令和6年度上期 "
                          "(default: the latest reported)"))
    p.add_argument("--date", type=iso_date, metavar="YYYY-MM-DD",
                   help=_("the date the report is written on (default: SOURCE_DATE_EPOCH, "
                          "else today)"))
    p.add_argument("--output", "-o", metavar="FILE", default=None,
                   help=_("write to FILE instead of stdout"))
    _format(p, ("html", "markdown", "xlsx"), "html")


ARGUMENTS: Final = {
    "check": _check_arguments, "eval": _eval_arguments, "fmt": _fmt_arguments,
    "diff": _diff_arguments, "explain": _explain_arguments, "history": _history_arguments,
    "roadmap": _roadmap_arguments, "report": _report_arguments,
}


def command_of(argv: Sequence[str]) -> str | None:
    """The command `argv` runs: the first word that is not a global option (or None, and
    the whole parser then says what is wrong)."""
    words = iter(argv)
    for arg in words:
        if arg == "--lang":
            next(words, None)
        elif not arg.startswith("-"):
            return arg if arg in ARGUMENTS else None
    return None
