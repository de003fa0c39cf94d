"""The one place the stages are chained: text -> syntax tree -> model -> (data) -> results.

Like beancount's loader, each stage returns its value with its diagnostics and the chain
keeps going as far as it soundly can, so one run reports every problem it can find:

- every spec is parsed; with any syntax error there is no model (checking a partial tree
  would report problems that are not there);
- the specs are checked together as one workspace;
- data is read and checked against the plan only when the specs are sound;
- figures are computed only when nothing before them is in error, because figures from a
  broken plan or broken data would be read as if they were right.

Commands, the spec diff, explain, the report and the tests all load through here; no
argument parsing and no printing happen here.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from dxplan.data.records import DataSet, EntityList, ProgressRow, period_year
from dxplan.model import EntitySet, Roadmap, Workspace
from dxplan.record import Record
from dxplan.source import (
    Diagnostic,
    SourceFile,
    did_you_mean,
    error,
    has_errors,
    sorted_diagnostics,
    warning,
)
from dxplan.spec import ast

if TYPE_CHECKING:
    from dxplan.evaluate.workers import Beside
    from dxplan.progress import RoadmapResult
    from dxplan.results import Results

# reads the data (and the entity lists) once the specs are known to be sound
_DataReader = Callable[[Workspace], tuple[DataSet, list[Diagnostic]]]


@attrs.frozen(repr=False)
class Loaded(Record):
    """Specs and data loaded together, and every problem found on the way.

    `workspace` is None when a spec has a syntax error; `data` is empty when the specs
    have errors (data cannot be checked against a plan that is not sound). `modules` are
    the syntax trees, for the spec diff (`load_sources`); `load` leaves them out when it
    reads the checked workspace from the cache (they would triple what it reads).
    """

    workspace: Workspace | None
    data: DataSet
    diagnostics: tuple[Diagnostic, ...]
    modules: tuple[ast.Module, ...] = ()

    @property
    def ok(self) -> bool:
        return self.workspace is not None and not has_errors(self.diagnostics)


def load(specs: Sequence[str], data: Sequence[str] = ()) -> Loaded:
    """Parse and check the spec files together, then read the data files and folders.

    The checked workspace is cached (`cache.py`) under the bytes of every spec and the
    code of the parser and the checker: an unchanged plan is read back in one step, and
    neither the parser nor the checker is even imported."""
    from dxplan import cache

    def read(workspace: Workspace) -> tuple[DataSet, list[Diagnostic]]:
        return _read_paths(workspace, data)

    key = _specs_key(specs)
    hit = cache.get("workspace", key) if key is not None else None
    if isinstance(hit, tuple) and len(hit) == 2 and isinstance(hit[0], Workspace):
        workspace, diagnostics = hit
        return _with_data(workspace, list(diagnostics), (), read)
    if data and key is not None and len(key) >= PREFETCH_FROM:
        from dxplan.data.read import prefetch

        prefetch(data)  # read by a second process while this one parses and checks
    from dxplan.spec.parse import parse_file

    # each file's syntax tree is worth storing only when other files may change without it
    several = len(specs) > 1
    workspace, diagnostics, modules = _check([parse_file(path, several) for path in specs])
    if workspace is None:
        return Loaded(None, DataSet(), tuple(sorted_diagnostics(diagnostics)), modules)
    if key is not None and not has_errors(diagnostics):
        cache.put("workspace", key, (workspace, tuple(diagnostics)), background=True)
    return _with_data(workspace, diagnostics, modules, read)


# Specs this large take long enough to parse and check (0.1 s and more) for a second
# process to read the data meanwhile; a smaller spec's run would wait for it.
PREFETCH_FROM = 256 * 1024


def _specs_key(specs: Sequence[str]) -> bytes | None:
    """Every spec's path and bytes; None when one cannot be read (parsing reports it)."""
    parts = []
    for path in specs:
        try:
            raw = Path(path).read_bytes()
        except OSError:
            return None
        parts.append(b"%d\0%s\0%s" % (len(raw), path.encode(), raw))
    return b"".join(parts)


def load_sources(sources: Sequence[SourceFile], data: Sequence[str] = ()) -> Loaded:
    """As `load`, from texts already read (a spec from git, from stdin, from a test)."""
    from dxplan.spec.parse import parse_text

    return _load([parse_text(source) for source in sources],
                 lambda workspace: _read_paths(workspace, data))


def load_strings(specs: str | Mapping[str, str],
                 data: Mapping[str, str | bytes] | None = None) -> Loaded:
    """Specs and data files held in memory, named as files would be ("plan.dxp",
    "data.csv"): what tests and scripts build their inputs with."""
    from dxplan.spec.parse import parse_text

    named = {"spec.dxp": specs} if isinstance(specs, str) else dict(specs)
    files = {path: raw.encode("utf-8") if isinstance(raw, str) else raw
             for path, raw in (data or {}).items()}
    parsed = [parse_text(SourceFile(path, text)) for path, text in named.items()]

    def read(workspace: Workspace) -> tuple[DataSet, list[Diagnostic]]:
        from dxplan.data.read import load_data_bytes

        # an entity list among the files is the set's list, not figures
        lists = {s.path for s in workspace.entity_sets}
        data, found = load_data_bytes([(p, raw) for p, raw in files.items() if p not in lists])
        listed, more = _entity_lists(workspace, lambda p: files.get(p) or _read_file(p))
        return attrs.evolve(data, entity_lists=tuple(listed)), more + found

    return _load(parsed, read)


def _read_paths(workspace: Workspace, paths: Sequence[str]
                ) -> tuple[DataSet, list[Diagnostic]]:
    import os

    from dxplan.data.read import load_data

    lists, found = _entity_lists(workspace, _read_file)
    data, more = load_data(paths, {os.path.realpath(s.path) for s in workspace.entity_sets})
    return attrs.evolve(data, entity_lists=tuple(lists)), found + more


def _entity_lists(workspace: Workspace, read: Callable[[str], bytes | None]
                  ) -> tuple[list[EntityList], list[Diagnostic]]:
    if not workspace.entity_sets:
        return [], []
    from dxplan.data.entities import read_lists

    return read_lists(workspace.entity_sets, read)


def _read_file(path: str) -> bytes | None:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError:
        return None


def _load(parsed: Sequence[tuple[ast.Module | None, list[Diagnostic]]],
          read_data: _DataReader) -> Loaded:
    workspace, diagnostics, modules = _check(parsed)
    if workspace is None:
        return Loaded(None, DataSet(), tuple(sorted_diagnostics(diagnostics)), modules)
    return _with_data(workspace, diagnostics, modules, read_data)


def _check(parsed: Sequence[tuple[ast.Module | None, list[Diagnostic]]]
           ) -> tuple[Workspace | None, list[Diagnostic], tuple[ast.Module, ...]]:
    """The parsed specs checked together; no workspace when one has a syntax error."""
    diagnostics = [d for _, found in parsed for d in found]
    modules = tuple(m for m, _ in parsed if m is not None)
    if len(modules) < len(parsed):
        return None, diagnostics, modules
    from dxplan.check import check

    workspace, found = check(modules)
    return workspace, diagnostics + found, modules


def _with_data(workspace: Workspace, diagnostics: list[Diagnostic],
               modules: tuple[ast.Module, ...], read_data: _DataReader) -> Loaded:
    """The checked specs with their data, read and checked against them when sound."""
    data = DataSet()
    if not has_errors(diagnostics):
        from dxplan.data.validate import validate

        with _no_gc():
            data, found = read_data(workspace)
            data, more = validate(workspace, data)
        diagnostics += found + more
    return Loaded(workspace, data, tuple(sorted_diagnostics(diagnostics)), modules)


@contextmanager
def _no_gc() -> Iterator[None]:
    """The cyclic garbage collector paused while records are made by the million: they
    hold no cycles, and each collection would walk all of them again (on a national data
    set it took 10 of the 13 seconds loading took)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def evaluate(loaded: Loaded, year: int | None = None, period: str | None = None,
             year_how: str = "given", by: str | None = None, beside: Beside | None = None
             ) -> tuple[Results | None, list[Diagnostic]]:
    """Figures for `year` (None: chosen from the data, docs/language.md "The year
    evaluated"; `year_how` says where a given year came from: "given" for --year, "config"
    for dxplan.toml), with the roadmap of `period` (None: chosen by `select_roadmap`), and
    each entity of the set `by` scored too. No results when anything is in error.
    `beside`: the view's work on each KPI's result, done where the KPI is evaluated
    (evaluate/workers.py).

    The diagnostics returned are those of this step only; `loaded.diagnostics` has the rest.
    """
    workspace = loaded.workspace
    if workspace is None or not loaded.ok:
        return None, []
    plan = workspace.plan
    if plan is None:
        # only roadmaps were loaded: nothing to score, and silence would look like an
        # empty plan
        return None, [error("no-plan", "the specs loaded define no plan",
                            hint="name the plan's spec, e.g. specs/plan2024.dxp")]
    from dxplan.evaluate import Evaluator
    from dxplan.results import YearChoice

    evaluator = Evaluator(plan, loaded.data.observations, loaded.data.by_entity)
    choice = YearChoice(year, year_how) if year is not None else evaluator.default_year()
    roadmap = select_roadmap(workspace, loaded.data.progress, choice.year, period)
    with _no_gc():
        results = evaluator.results(choice, roadmap, beside)
        if by is not None:
            found = _entity_set(loaded, by)
            if isinstance(found, Diagnostic):
                return None, [found]
            from dxplan.evaluate.entities import score_by

            results = attrs.evolve(results, by=score_by(evaluator, *found, results.year))
    diagnostics = list(evaluator.diagnostics)
    if year is None and (later := evaluator.later_figures(choice.year)) is not None:
        diagnostics.append(later)
    if plan.start and not plan.start <= results.year <= plan.end:
        diagnostics.insert(0, warning(
            "year-outside-period", f"evaluating fiscal {results.year}, outside the plan period "
            f"{plan.start}..{plan.end}", hint=f"--year takes {plan.start} to {plan.end}"))
    return results, diagnostics


def _entity_set(loaded: Loaded, ident: str) -> tuple[EntitySet, EntityList] | Diagnostic:
    """The entity set `--by` names, with its list."""
    assert loaded.workspace is not None
    sets = {s.id: s for s in loaded.workspace.entity_sets}
    lists = {lst.set: lst for lst in loaded.data.entity_lists}
    if ident in sets and ident in lists:
        return sets[ident], lists[ident]
    hint = did_you_mean(ident, sets) or (
        f"entity sets: {', '.join(sets)}" if sets else
        'declare one in a spec: entities municipalities "市町村" { file "municipalities.csv" }')
    return error("unknown-set", f"--by {ident}: no entity set '{ident}' is declared", hint=hint)


# --- which roadmap, which period --------------------------------------------------------


def select_roadmap(workspace: Workspace, rows: Sequence[ProgressRow], year: int,
                   period: str | None = None) -> RoadmapResult | None:
    """The roadmap an evaluation of `year` shows: the one of `period`'s year when a period
    is given; else the latest roadmap of a year not after `year` (the first listed, when
    every roadmap is later), in its latest reported period."""
    if not workspace.roadmaps:
        return None
    from dxplan.progress import summarise

    chosen: Roadmap | None = None
    if period is not None:
        chosen = next((r for r in workspace.roadmaps if r.year == period_year(period)), None)
    if chosen is None:
        earlier = [r for r in workspace.roadmaps if r.year <= year]
        chosen = max(earlier, key=lambda r: r.year) if earlier else workspace.roadmaps[0]
        if period is not None and period_year(period) != chosen.year:
            period = None
    return summarise(chosen, rows, period, workspace.plan)


def roadmap_periods(workspace: Workspace, rows: Sequence[ProgressRow], period: str | None
                    ) -> tuple[list[RoadmapResult], list[Diagnostic]]:
    """Every roadmap in every reported period, or only `period` (as written by the user:
    2024H1, 令和6年度上期 ...). A roadmap with no report gives one result, every project
    unreported."""
    from dxplan.data.cells import PERIOD_FORMS, parse_period
    from dxplan.progress import reported_periods, summarise

    plan = workspace.plan
    if period is None:
        return [summarise(roadmap, rows, p, plan)
                for roadmap in workspace.roadmaps
                for p in (reported_periods(roadmap, rows) or (None,))], []
    reported = sorted({p for r in workspace.roadmaps for p in reported_periods(r, rows)})
    wanted = parse_period(period)
    if wanted is None or wanted not in reported:
        hint = (f"reported periods: {', '.join(reported)}" if reported
                else "no progress is reported; give --data with a project,period,status file")
        if wanted is None:
            message = f"--period {period} is not a half-year period"
            hint = f"write one as {PERIOD_FORMS}; {hint}"
        else:
            message = f"nothing is reported for --period {wanted}"
        return [], [error("unknown-period", message, hint=hint)]
    return [summarise(roadmap, rows, wanted, plan) for roadmap in workspace.roadmaps
            if roadmap.year == period_year(wanted)], []
