"""English texts -> a catalogue's language, by templates with named parts.

A catalogue (`dxplan/i18n/ja/`) maps English templates to its own:

    ("'{word}' is not known {place}", "'{word}' はここ({place})では使えません")

Each English template is compiled once, on first use, to a regular expression (`{word}`
matches any text); a text that matches the whole of it is rewritten into the catalogue's
template. A part is kept verbatim (ids, numbers, file names, quoted words) unless the
catalogue's PARTS say how to translate a part of that name (`{place}` above is itself a
phrase), and `{text}` is translated again as a whole text of the same code (a prefix such
as "did you mean 'x'? " before a hint of its own). A text no template matches is returned
as it is: the catalogue tests name it.

Imported only when a language other than English is chosen.
"""

from __future__ import annotations

import functools
import importlib
import re
from collections.abc import Callable, Mapping, Sequence
from types import ModuleType

Template = tuple[str, str]
# how a part is translated: exact phrases, templates (their own parts translated in turn),
# or a function
Rule = Mapping[str, str] | Sequence[Template] | Callable[[str], str]

_PART = re.compile(r"\{([a-z_]+)\}")
WHOLE = "text"  # the part translated again as a whole text of the same code


def pattern(template: str) -> re.Pattern[str]:
    """The regular expression an English template compiles to; a part named twice must
    match the same text both times."""
    out: list[str] = []
    seen: set[str] = set()
    pos = 0
    for part in _PART.finditer(template):
        out.append(re.escape(template[pos : part.start()]))
        name = part.group(1)
        out.append(f"(?P={name})" if name in seen else f"(?P<{name}>.*?)")
        seen.add(name)
        pos = part.end()
    out.append(re.escape(template[pos:]))
    return re.compile("".join(out), re.DOTALL)


def parts(template: str) -> list[str]:
    return [part.group(1) for part in _PART.finditer(template)]


@functools.cache
def catalogue(language: str) -> ModuleType:
    return importlib.import_module(f"dxplan.i18n.{language}")


class Translator:
    """One catalogue's tables, each compiled when it is first needed."""

    def __init__(self, module: ModuleType) -> None:
        self.module = module
        self.parts: Mapping[str, Rule] = module.PARTS
        self.texts: Mapping[str, str] = module.TEXTS
        self._compiled: dict[str, list[tuple[re.Pattern[str], str]]] = {}

    def _table(self, key: str, templates: Sequence[Template]
               ) -> list[tuple[re.Pattern[str], str]]:
        table = self._compiled.get(key)
        if table is None:
            table = [(pattern(english), translated) for english, translated in templates]
            self._compiled[key] = table
        return table

    def translate(self, code: str, text: str) -> str:
        """`text`, a message or hint of a diagnostic `code`; unchanged when no template
        fits it. Wrappers first (a cell reference after a message, "did you mean" before a
        hint), then the code's own templates, then those every code shares."""
        tables = (self._table(" wrappers", self.module.WRAPPERS),
                  self._table(code, self.module.CODES.get(code, ())),
                  self._table(" common", self.module.COMMON))
        for table in tables:
            for compiled, translated in table:
                found = compiled.fullmatch(text)
                if found is not None:
                    return self._fill(translated, found, code)
        return text

    def part(self, name: str, text: str) -> str:
        """A part's text, as the catalogue's PARTS translate parts of that name."""
        rule = self.parts.get(name)
        if rule is None:
            return text
        if isinstance(rule, Mapping):
            return rule.get(text, text)
        if callable(rule):
            return rule(text)
        for compiled, translated in self._table("part " + name, rule):
            found = compiled.fullmatch(text)
            if found is not None:
                return self._fill(translated, found, None)
        return text

    def _fill(self, translated: str, found: re.Match[str], code: str | None) -> str:
        pieces: list[str] = []
        pos = 0
        for part in _PART.finditer(translated):
            name = part.group(1)
            value = found.group(name)
            value = self.translate(code, value) if name == WHOLE and code is not None \
                else self.part(name, value)
            pieces += [translated[pos : part.start()], value]
            pos = part.end()
        pieces.append(translated[pos:])
        return _spaced(pieces)


def _spaced(pieces: list[str]) -> str:
    """Template text and parts joined. A template writes a space between a part and its
    Japanese neighbour, as Japanese text sets a word in Latin letters apart; when the part
    itself came out in Japanese, the space goes: '名前 または 行末 が' -> '名前または行末が'."""
    out = pieces[0]
    for index in range(1, len(pieces)):
        piece = pieces[index]
        if index % 2 == 0 and out and piece.startswith(" ") and len(piece) > 1 \
                and not out[-1].isascii() and not piece[1].isascii():
            piece = piece[1:]  # a literal after a part that ends in Japanese
        elif index % 2 == 1 and piece and out.endswith(" ") and len(out) > 1 \
                and not out[-2].isascii() and not piece[0].isascii():
            out = out[:-1]  # a part beginning in Japanese after a literal
        out += piece
    return out


@functools.cache
def translator(language: str) -> Translator:
    return Translator(catalogue(language))


def translate(language: str, code: str, text: str) -> str:
    return translator(language).translate(code, text)


def fixed_text(language: str, english: str) -> str:
    return translator(language).texts.get(english, english)
