"""The loader: parse every spec, then check them together as one workspace.

Like beancount's loader, each stage returns its value with its diagnostics and the loader
keeps going, so one run reports every problem it can.
"""

from __future__ import annotations

from collections.abc import Sequence

from . import ast
from .check import check
from .model import Workspace
from .parse import parse_file
from .source import Diagnostic, sorted_diagnostics


def load_specs(paths: Sequence[str]) -> tuple[Workspace | None, list[Diagnostic]]:
    """Parse and check `paths` together. No workspace when any file has a syntax error:
    checking a partial tree would report problems that are not there."""
    modules: list[ast.Module] = []
    diagnostics: list[Diagnostic] = []
    for path in paths:
        module, found = parse_file(path)
        diagnostics.extend(found)
        if module is not None:
            modules.append(module)
    if len(modules) < len(paths):
        return None, diagnostics
    workspace, found = check(modules)
    return workspace, sorted_diagnostics(diagnostics + found)
