"""Shared test configuration.

Hypothesis profiles: `ci` is derandomized so a CI failure reproduces exactly, and runs more
examples; `dev` keeps the default count. Neither has a deadline: timing on shared runners
is noise, not a property of the code.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

# Lets `pytest` run from a plain checkout: without an install, only tests/ is on sys.path.
_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

settings.register_profile("ci", derandomize=True, deadline=None, max_examples=200)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

# Tests read the English messages whatever the developer's locale; the Japanese ones are
# tested by asking for them (tests/test_i18n.py).
for _name in ("LC_ALL", "LC_MESSAGES", "LANG"):
    if os.environ.get(_name, "").lower().startswith("ja"):
        os.environ[_name] = "C.UTF-8"

# Tests never read or fill the user's cache: a stale entry there must not pass a test.
if "DXPLAN_CACHE_DIR" not in os.environ:
    import tempfile

    os.environ["DXPLAN_CACHE_DIR"] = tempfile.mkdtemp(prefix="dxplan-test-cache-")


@pytest.fixture
def japanese() -> Iterator[None]:
    """The views and messages of the test in Japanese, as `--lang ja` makes them."""
    from dxplan import i18n

    before = i18n.current()
    i18n.use("ja")
    yield
    i18n.use(before)
