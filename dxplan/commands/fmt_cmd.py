"""`dxplan fmt`: print, check or rewrite specs in the canonical layout (dxplan/fmt.py).

    dxplan fmt FILE...          the formatted text on stdout (also git's textconv)
    dxplan fmt -                stdin to stdout
    dxplan fmt --check [FILE]   exit 1 and a unified diff for each file not canonical
    dxplan fmt --write [FILE]   rewrite in place; a file with errors is left untouched
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from collections.abc import Iterator
from pathlib import Path

from dxplan import i18n
from dxplan.commands.common import (
    EXIT_DIAGNOSTICS,
    EXIT_OK,
    EXIT_USAGE,
    finish,
    inputs,
    print_diagnostics,
    use_color,
    write_atomic,
)
from dxplan.limits import MAX_SPEC_BYTES, read_regular
from dxplan.source import Diagnostic, SourceFile, Span, error, has_errors

STDIN = "-"


def run(args: argparse.Namespace) -> int:
    from dxplan.spec.fmt import format_source

    paths: list[str] = list(args.specs or [])
    if args.write and STDIN in paths:
        print(i18n.line("dxplan fmt: '-' (stdin) cannot be rewritten in place; drop --write "
                        "to print the formatted text"), file=sys.stderr)
        return EXIT_USAGE
    diagnostics: list[Diagnostic] = []
    if not paths:
        found, diagnostics = inputs(args)
        paths = list(found.specs)
        if has_errors(diagnostics):
            return finish(diagnostics, args)
    code = EXIT_OK
    for path in paths:
        source, problems = read_spec(path)
        formatted, more = (None, []) if source is None else format_source(source)
        problems += more
        if formatted is None or source is None:
            diagnostics += problems
            code = EXIT_DIAGNOSTICS
            continue
        if args.check:
            if not _canonical(path, source, formatted):
                sys.stdout.writelines(_changes(source, formatted))
                print(i18n.line(f"would reformat {source.path}"), file=sys.stderr)
                code = EXIT_DIAGNOSTICS
        elif args.write:
            if not _canonical(path, source, formatted):
                try:
                    write_atomic(Path(path), formatted)
                except OSError as exc:
                    diagnostics.append(error("cannot-write",
                                             f"cannot write {path}: {exc.strerror or exc}"))
                    code = EXIT_DIAGNOSTICS
                    continue
                print(i18n.line(f"reformatted {path}"), file=sys.stderr)
        else:
            sys.stdout.write(formatted)
    sys.stdout.flush()
    print_diagnostics(diagnostics, use_color(args, sys.stderr))
    return code


def read_spec(path: str) -> tuple[SourceFile | None, list[Diagnostic]]:
    """A spec's text, from a file or (for '-') stdin; a leading byte-order mark dropped."""
    # at most the limit and one byte more: a longer text is refused by the parser, at the
    # line where it passes the limit
    raw = (sys.stdin.buffer.read(MAX_SPEC_BYTES + 1) if path == STDIN
           else read_regular(path, MAX_SPEC_BYTES))
    if isinstance(raw, str):
        return None, [error("no-such-file", f"cannot read {path}: {raw}")]
    name = "<stdin>" if path == STDIN else path
    if len(raw) > MAX_SPEC_BYTES:  # the cut may split a character
        return SourceFile(name, raw.decode("utf-8", errors="replace")), []
    try:
        return SourceFile(name, raw.decode("utf-8-sig")), []
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        src = SourceFile(name, raw.decode("utf-8", errors="replace"))
        return None, [error("encoding", "this file is not UTF-8 text", Span.point(src, line, 1),
                            "save .dxp files as UTF-8")]


def _canonical(path: str, source: SourceFile, formatted: str) -> bool:
    if path == STDIN:
        return source.text == formatted
    # a byte-order mark is dropped by decoding, so the bytes are what is compared
    return Path(path).read_bytes() == formatted.encode("utf-8")


def _changes(source: SourceFile, formatted: str) -> Iterator[str]:
    """A unified diff; line endings and a byte-order mark, invisible in one, are named."""
    # lines end at "\n" only, as the parser counts them: a form feed in a comment is no break
    before = re.findall(r"[^\n]*\n|[^\n]+\Z", source.text.replace("\r\n", "\n"))
    after = re.findall(r"[^\n]*\n|[^\n]+\Z", formatted)
    lines = list(difflib.unified_diff(before, after, source.path, f"{source.path} (formatted)"))
    for line in lines:
        yield line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
    if "\r" in source.text:
        yield f"{source.path}: line endings would become LF\n"
    elif not lines:
        yield f"{source.path}: the byte-order mark would be removed\n"
