"""The Japanese catalogue: every diagnostic's message and hint, and the fixed texts of
the interface, as a prefectural officer would write them.

Diagnostics keep their English at the call site; each code here lists the English
templates its call sites write and their Japanese (dxplan/i18n/translate.py reads them).
A new diagnostic code needs its templates here (spec.py, data.py or commands.py) and its
explanation in about.py, from which docs/ja/errors.md is written
(`python -m dxplan.i18n.doc > docs/ja/errors.md`); tests/test_i18n.py names any code that
lacks either.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Final

from dxplan.i18n import CLI as CLI_CODE
from dxplan.i18n.ja.commands import COMMANDS
from dxplan.i18n.ja.data import DATA
from dxplan.i18n.ja.spec import SPEC
from dxplan.i18n.ja.texts import CLI, TEXTS, counts
from dxplan.i18n.ja.words import COMMON, WRAPPERS
from dxplan.i18n.ja.words import PARTS as _PARTS

if TYPE_CHECKING:
    from dxplan.i18n.translate import Template


def _merged(*tables: Mapping[str, Sequence[Template]]) -> dict[str, tuple[Template, ...]]:
    """One table per code: a code such as bad-value is given by specs and by data."""
    out: dict[str, tuple[Template, ...]] = {}
    for table in tables:
        for code, templates in table.items():
            out[code] = (*out.get(code, ()), *templates)
    return out


CODES: Final = _merged(SPEC, DATA, COMMANDS, {CLI_CODE: CLI})
PARTS: Final = {**_PARTS, "counts": counts}

__all__ = ["CODES", "COMMON", "PARTS", "TEXTS", "WRAPPERS"]
