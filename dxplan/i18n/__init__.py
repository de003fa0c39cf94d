"""The language of a run: English (the default) or Japanese.

One setting for the whole run, chosen once by the command line (`choose`, then `use`):
`--lang`, else `lang` in dxplan.toml, else the locale (the first of LC_ALL, LC_MESSAGES,
LANG that is set: `ja...` is Japanese), else English.

Every text is written in English where it is made (a diagnostic at its call site, a help
line in cli.py) and turned into the run's language only when it is shown: by
`source.localized` for diagnostics, by `text` for the fixed texts of the interface, by
`render/labels.py` for the words of the views. English is the identity: nothing of a
catalogue is imported unless another language is chosen, so an English run pays nothing.
The catalogues are packages named after their language (`dxplan/i18n/ja/`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Final

ENGLISH: Final = "en"
JAPANESE: Final = "ja"
LANGUAGES: Final = (ENGLISH, JAPANESE)
CLI: Final = "cli"  # not a diagnostic code: the catalogue's templates of the command line

_current = ENGLISH


def current() -> str:
    """The language of this run: 'en' or 'ja'."""
    return _current


def use(language: str) -> None:
    """Set the language of the run (the command line does, once, before any output)."""
    global _current
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}: one of {', '.join(LANGUAGES)}")
    _current = language


def from_locale(environ: Mapping[str, str]) -> str | None:
    """The language the locale asks for; None when no locale variable is set. As POSIX
    reads them, the first variable set wins: LC_ALL=C with LANG=ja_JP is English."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name)
        if value:
            return JAPANESE if value.lower().startswith("ja") else ENGLISH
    return None


def choose(option: str | None, config: str | None,
           environ: Mapping[str, str] | None = None) -> str:
    """`--lang`, else dxplan.toml's `lang`, else the locale, else English."""
    if option in LANGUAGES:
        return option
    if config in LANGUAGES:
        return config
    return from_locale(os.environ if environ is None else environ) or ENGLISH


def text(english: str) -> str:
    """A fixed text of the interface (a help line, a heading) in the run's language;
    itself in English, or when the catalogue has no entry for it."""
    if _current == ENGLISH:
        return english
    from dxplan.i18n.translate import fixed_text

    return fixed_text(_current, english)


def line(english: str) -> str:
    """A line the command line prints (argparse's errors, `check`'s summary), worded in
    English where it is made; in the run's language. The catalogue's templates for these
    are under the code CLI."""
    return diagnostic_text(CLI, english)


def diagnostic_text(code: str, english: str) -> str:
    """A diagnostic's message or hint, written in English at its call site, in the run's
    language."""
    if _current == ENGLISH:
        return english
    from dxplan.i18n.translate import translate

    return translate(_current, code, english)
