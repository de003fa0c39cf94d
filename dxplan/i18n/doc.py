"""docs/ja/errors.md, written from docs/errors.md and the Japanese catalogue:

    python -m dxplan.i18n.doc > docs/ja/errors.md

Each heading of the English page gets its Japanese title and explanation (ja/about.py),
and each example its messages and hints as `--lang ja` prints them (the catalogue itself).
The English prose is not copied. tests/test_i18n.py writes the page again and compares,
so it cannot drift from either.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from dxplan.i18n.ja.about import ABOUT, INTRO, SECTIONS, TITLE
from dxplan.i18n.translate import translate

_HEADER = re.compile(r"(?P<head>.*?\b(?:error|warning)\[(?P<code>[a-z0-9-]+)\]: )(?P<message>.*)")
_HINT = re.compile(r"(?P<pad>\s*)= hint: (?P<hint>.*)")
_CODE_HEADING = re.compile(r"### `(?P<code>[a-z0-9-]+)`(?P<rest>.*)")
NOTICE = ("<!-- python -m dxplan.i18n.doc > docs/ja/errors.md で作るファイルです。直接は"
          "編集せず、docs/errors.md と dxplan/i18n/ja/ を直して作り直してください。 -->")


def example_line(line: str, code: str | None) -> tuple[str, str | None]:
    """A line of an example frame in Japanese, and the code of the frame it belongs to."""
    found = _HEADER.fullmatch(line)
    if found is not None:
        code = found.group("code")
        return found.group("head") + translate("ja", code, found.group("message")), code
    found = _HINT.fullmatch(line)
    if found is not None and code is not None:
        return f"{found.group('pad')}= ヒント: {translate('ja', code, found.group('hint'))}", code
    return line, code


def japanese_errors(english: str) -> str:
    """The Japanese errors page for the English one's text."""
    out = [f"# {TITLE}", "", NOTICE, "", INTRO[0]]
    fix: str | None = None
    in_example = False
    code: str | None = None
    started = False
    opening = True  # before the first example: the page's own frame, then the rest of INTRO

    def close_entry() -> None:
        nonlocal fix
        if fix is not None:
            out.extend(["", f"直し方: {fix}"])
            fix = None

    for line in english.splitlines():
        if in_example:
            if line.startswith("```"):
                out.append(line)
                in_example = False
                if opening:
                    out.extend(["", INTRO[1]])
                    opening = False
            else:
                translated, code = example_line(line, code)
                out.append(translated)
        elif line.startswith("## "):
            close_entry()
            started = True
            out.extend(["", f"## {SECTIONS[line[3:].strip()]}"])
        elif started and line.startswith("### "):
            close_entry()
            heading = _CODE_HEADING.fullmatch(line.strip())
            if heading is None:
                raise ValueError(f"not a code heading: {line!r}")
            key = heading.group("code") + heading.group("rest")
            what, fix = ABOUT[key]
            rest = "(データ)" if heading.group("rest").strip() == "(in data)" else ""
            out.extend(["", f"### `{heading.group('code')}`{rest}", "", what])
        elif (started or opening) and line.startswith("```"):
            out.extend(["", line])
            in_example, code = True, None
    close_entry()
    return "\n".join(out) + "\n"


def main(argv: list[str]) -> int:
    source = Path(argv[0] if argv else "docs/errors.md")
    sys.stdout.write(japanese_errors(source.read_text(encoding="utf-8")))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
