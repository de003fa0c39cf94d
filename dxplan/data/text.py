"""Data text to rows: decoding a CSV/TSV file and splitting it into cells that know where they are.

A `Row` is what every table reader produces (a worksheet too, from its tab-joined text):
the cells' texts, and each cell's span on request. Spans are built lazily because a valid
row of a large file needs only its first cell's; making one per cell up front was most of
the cost of loading 100,000 rows.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from dxplan.source import Diagnostic, SourceFile, Span, error

_CODEC_NAMES = {"utf-8-sig": "UTF-8", "cp932": "CP932 (Shift_JIS)", "utf-16": "UTF-16"}
_ROW_END = re.compile("\r\n|\r|\n")


class TableText(SourceFile):
    """A CSV or TSV file's text. Its rows end at CR LF, LF or a lone CR (as Excel for the
    old Mac saved them), as the csv module reads them; any other character is in a cell."""

    __slots__ = ()

    @staticmethod
    def split_lines(text: str) -> list[str]:
        # without a CR the rows end at LF only: str.split is exact, and 5x the pattern's speed
        lines = text.split("\n") if "\r" not in text else _ROW_END.split(text)
        if not lines[-1]:
            lines.pop()
        return lines


class Row:
    """One record of a table: its cells' texts (and numbers, for an Excel sheet).

    `line` is 0-based. Without `spans`, the row is the whole of that line with one
    delimiter character between cells, so each cell's position follows from the lengths
    of the texts before it; a row with quoted cells gives its spans and end explicitly.
    """

    __slots__ = ("_end", "_spans", "line", "numbers", "source", "texts")

    def __init__(
        self,
        source: SourceFile,
        line: int,
        texts: list[str],
        numbers: Sequence[float | None] | None = None,
        spans: tuple[list[Span], Span] | None = None,
    ) -> None:
        self.source = source
        self.line = line
        self.texts = texts
        self.numbers = numbers  # an Excel numeric cell exactly as stored (scaled if %)
        self._spans: list[Span] | None = None
        self._end: Span | None = None
        if spans is not None:
            self._spans, self._end = spans

    @property
    def blank(self) -> bool:
        if self.numbers is not None and any(n is not None for n in self.numbers):
            return False
        # the joined texts are all whitespace exactly when every cell's text is
        return not "".join(self.texts).strip()

    def cell_blank(self, index: int) -> bool:
        return self.number(index) is None and not self.texts[index].strip()

    def number(self, index: int) -> float | None:
        return None if self.numbers is None else self.numbers[index]

    def span(self, index: int) -> Span:
        """The cell at `index`, less surrounding spaces."""
        if self._spans is not None:
            return self._spans[index]
        start = sum(map(len, self.texts[:index])) + index if index else 0
        return cell_span(self.source, self.line, start, self.texts[index])

    def end(self) -> Span:
        """Just past the last cell: where a missing cell would have been."""
        if self._end is not None:
            return self._end
        stop = sum(map(len, self.texts)) + len(self.texts) - 1
        return span_between(self.source, self.line, stop, self.line, stop)


def span_between(source: SourceFile, line: int, start: int, end_line: int, end: int) -> Span:
    """A span from 0-based line numbers and offsets; never narrower than one character."""
    if end_line == line and end <= start:
        end = start + 1
    return Span(source, line + 1, start + 1, end_line + 1, end + 1)


def cell_span(source: SourceFile, line: int, start: int, shown: str) -> Span:
    """A single-line cell's span: `shown` at `start`, less surrounding spaces."""
    stripped = shown.strip()
    if not stripped:
        return Span(source, line + 1, start + 1, line + 1, start + 2)
    start += len(shown) - len(shown.lstrip())
    return Span(source, line + 1, start + 1, line + 1, start + 1 + len(stripped))


def decode(path: str, data: bytes) -> TableText | Diagnostic:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        codecs = ["utf-16"]  # Excel's "Unicode text" export
    elif data.startswith(b"\xef\xbb\xbf"):
        codecs = ["utf-8-sig"]  # a BOM settles it; a CP932 retry would only blur where it broke
    else:
        codecs = ["utf-8-sig", "cp932"]
    failures: list[tuple[int, str]] = []
    for codec in codecs:
        try:
            return TableText(path, data.decode(codec))
        except UnicodeDecodeError as exc:
            failures.append((exc.start, codec))
    # the encoding that read furthest is most likely the one the file was meant to be in
    start, codec = max(failures)
    if codec == "utf-8-sig" and data.startswith(b"\xef\xbb\xbf"):
        start += 3  # that codec counts its error offset from after the BOM it skipped
    head = TableText.split_lines(data[:start].decode(codec, errors="replace") + "x")
    source = TableText(path, data.decode(codec, errors="replace"))
    where = Span.point(source, len(head), len(head[-1]))
    names = " or ".join(_CODEC_NAMES[c] for c in codecs)
    message = f"line {len(head)} is not {names} text (byte 0x{data[start]:02x})"
    hint = "save the file from Excel as 'CSV UTF-8 (comma delimited)'"
    return error("bad-encoding", message, where, hint)


def text_rows(path: str, source: SourceFile) -> tuple[list[Row], list[Diagnostic]]:
    """The rows of a CSV or TSV file: tabs by extension, else whichever the first line uses."""
    lines = source.lines
    return _split(source, lines, delimiter_of(path, lines))


def delimiter_of(path: str, lines: Sequence[str]) -> str:
    """Tabs by extension, else whichever the first non-blank line uses more."""
    if path.lower().endswith(".tsv"):
        return "\t"
    first = next((line for line in lines if line.strip()), "")
    return "\t" if first.count("\t") > first.count(",") else ","


def _split(
    source: SourceFile, lines: list[str], delimiter: str
) -> tuple[list[Row], list[Diagnostic]]:
    """Records of RFC 4180 text with each cell's position, which the csv module cannot give."""
    if '"' not in source.text:  # no quoting anywhere: each line is a row, split exactly
        return [Row(source, number, line.split(delimiter)) for number, line in enumerate(lines)], []
    rows: list[Row] = []
    number = 0
    while number < len(lines):
        text = lines[number]
        if '"' not in text:  # the common row: no quoting, so a plain split is exact
            rows.append(Row(source, number, text.split(delimiter)))
            number += 1
            continue
        found = quoted_row(source, lines, number, delimiter)
        if isinstance(found, Diagnostic):
            return rows, [found]
        row, number = found
        rows.append(row)
    return rows, []


def quoted_row(source: SourceFile, lines: Sequence[str], number: int, delimiter: str
               ) -> tuple[Row, int] | Diagnostic:
    """The record that starts on line `number` (0-based) and has quoted cells, which may
    hold the delimiter, a doubled quote or line breaks; and the line after it."""
    text = lines[number]
    first_line = number
    texts: list[str] = []
    spans: list[Span] = []
    pos = 0
    while True:
        start_line, start = number, pos
        if text.startswith('"', pos):
            parts: list[str] = []
            pos += 1
            while True:
                quote = text.find('"', pos)
                if quote < 0:
                    parts.append(text[pos:] + "\n")
                    number += 1
                    if number == len(lines):
                        message = "quoted cell is never closed"
                        hint = 'end the cell with "; write a quote inside a cell as ""'
                        where = Span.point(source, start_line + 1, start + 1)
                        return error("bad-row", message, where, hint)
                    text, pos = lines[number], 0
                elif text.startswith('"', quote + 1):
                    parts.append(text[pos : quote + 1])
                    pos = quote + 2
                else:
                    parts.append(text[pos:quote])
                    pos = quote + 1
                    break
            stop = _cell_end(text, delimiter, pos)
            parts.append(text[pos:stop])
            texts.append("".join(parts))
            spans.append(span_between(source, start_line, start, number, stop))
        else:
            stop = _cell_end(text, delimiter, pos)
            texts.append(text[pos:stop])
            spans.append(cell_span(source, number, pos, text[pos:stop]))
        if stop == len(text):
            break
        pos = stop + 1
    end = span_between(source, number, len(text), number, len(text))
    return Row(source, first_line, texts, spans=(spans, end)), number + 1


def _cell_end(text: str, delimiter: str, pos: int) -> int:
    found = text.find(delimiter, pos)
    return len(text) if found < 0 else found
