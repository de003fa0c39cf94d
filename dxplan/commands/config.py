"""`dxplan.toml`: the specs and data a folder works with, found from the current folder up."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import attrs

from dxplan import i18n
from dxplan.japanese import parse_year
from dxplan.record import Record
from dxplan.source import Diagnostic, error

CONFIG_NAME = "dxplan.toml"


@attrs.frozen(repr=False)
class Inputs(Record):
    specs: tuple[str, ...]
    data: tuple[str, ...]
    year: int | None = None  # `year` in dxplan.toml: the year evaluated unless --year says


def find_config(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


def resolve_inputs(
    specs: list[str], data: list[str] | None, cwd: Path | None = None
) -> tuple[Inputs, list[Diagnostic]]:
    """Explicit arguments win; what is not given comes from the nearest dxplan.toml."""
    if specs and data is not None:
        return Inputs(tuple(specs), tuple(data)), []
    config = find_config((cwd or Path.cwd()).resolve())
    if config is None:
        if specs:
            return Inputs(tuple(specs), tuple(data or ())), []
        return Inputs((), ()), [
            error("no-config", "no SPEC given and no dxplan.toml found here or above",
                  hint="name the spec files, e.g. dxplan check specs/plan2024.dxp, "
                  "or add a dxplan.toml with [dxplan] specs = [...]")
        ]
    table = _table(config)
    if isinstance(table, str):
        return Inputs(tuple(specs), tuple(data or ())), [
            error("bad-config", f"{config.name} cannot be read: {table}")
        ]
    base = config.parent
    try:
        cwd_base = (cwd or Path.cwd()).resolve()
        config_specs = tuple(_rel(base / p, cwd_base) for p in table.get("specs", []))
        config_data = tuple(_rel(base / p, cwd_base) for p in table.get("data", []))
    except TypeError:
        return Inputs(tuple(specs), tuple(data or ())), [
            error("bad-config", f"{config.name}: 'specs' and 'data' must be lists of paths")
        ]
    year, problems = _year(table.get("year"), config.name)
    lang = table.get("lang")
    if lang is not None and lang not in i18n.LANGUAGES:
        problems.append(error("bad-config", f"{config.name}: 'lang' must be \"ja\" or \"en\" "
                              f"(got {lang!r})"))
    return Inputs(tuple(specs) or config_specs, tuple(data) if data is not None
                  else config_data, year), problems


def configured_language(cwd: Path | None = None) -> str | None:
    """`lang` in the nearest dxplan.toml, when it is one of ours; None otherwise (a file
    that cannot be read, or a wrong value, is reported by `resolve_inputs`)."""
    config = find_config((cwd or Path.cwd()).resolve())
    if config is None:
        return None
    table = _table(config)
    lang = table.get("lang") if isinstance(table, dict) else None
    return lang if lang in i18n.LANGUAGES else None


def _table(config: Path) -> dict[str, Any] | str:
    """The [dxplan] table of a dxplan.toml, or why it cannot be read; kept in the cache by
    its bytes: tomllib and what it imports cost more than a run's own start-up work."""
    from dxplan import cache

    try:
        raw = config.read_bytes()
    except OSError as exc:
        return str(exc)
    key = sys.version.encode() + b"\0" + raw
    hit = cache.get("config", key)
    if isinstance(hit, dict):
        return hit
    import tomllib

    try:
        table = tomllib.loads(raw.decode("utf-8")).get("dxplan", {})
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return str(exc)
    if not isinstance(table, dict):  # `dxplan = 1`: not a table
        return "[dxplan] must be a table"
    cache.put("config", key, table)
    return table


def _year(value: object, name: str) -> tuple[int | None, list[Diagnostic]]:
    """`year = 2025` or `year = "令和7年度"`: the year every command evaluates by default."""
    if value is None:
        return None, []
    year = parse_year(str(value)) if isinstance(value, int | str) else None
    if year is None or isinstance(value, bool):
        return None, [error("bad-config", f"{name}: 'year' must be a fiscal year, e.g. "
                            f"year = 2025 or year = \"令和7年度\" (got {value!r})")]
    return year, []


def _rel(path: Path, cwd: Path) -> str:
    """Paths as the user would type them: relative to where they stand, when possible."""
    try:
        return str(path.resolve().relative_to(cwd))
    except ValueError:
        return str(path.resolve())
