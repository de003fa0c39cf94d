"""Figures and progress rows checked against what the plan knows: series it does not
read, projects its roadmap does not list, periods outside the roadmap's year."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from dxplan.data.records import Observation, Observations, ProgressRow
from dxplan.data.xlsx import cell_ref
from dxplan.source import Diagnostic, did_you_mean, error, warning


def check_series(observations: Iterable[Observation], known: Iterable[str]) -> list[Diagnostic]:
    """A warning for each series the plan does not use, at its first row in file order."""
    names = set(known)
    found = observations if isinstance(observations, Observations) \
        else Observations(tuple(observations))
    out: list[Diagnostic] = []
    for obs in found.firsts(lambda series: series not in names):
        hint = did_you_mean(obs.series, names) or "no goal, indicator or formula reads it"
        message = f"series '{obs.series}' is not used by the plan{cell_ref(obs.span)}"
        out.append(warning("unknown-series", message, obs.span, hint))
    return out


def check_progress(
    rows: Iterable[ProgressRow], projects: Mapping[int, str], year: int
) -> list[Diagnostic]:
    """Progress rows against the roadmap: known project numbers, periods in its fiscal year."""
    out: list[Diagnostic] = []
    for row in rows:
        if row.project not in projects:
            message = f"project {row.project} is not in the roadmap{cell_ref(row.span)}"
            hint = _project_hint(row.project, projects)
            out.append(error("unknown-project", message, row.span, hint))
        match = re.fullmatch(r"([0-9]{4})H[12]", row.period)
        if match is None or int(match.group(1)) != year:
            span = row.period_span or row.span
            message = f"period {row.period} is outside fiscal {year}{cell_ref(span)}"
            hint = f"this roadmap's periods are {year}H1 (上期) and {year}H2 (下期)"
            out.append(error("period-outside-year", message, span, hint))
    return out


def _project_hint(number: int, projects: Mapping[int, str]) -> str:
    if not projects:
        return "the roadmap lists no projects"
    numbers = sorted(projects)
    nearest = sorted(sorted(numbers, key=lambda n: (abs(n - number), n))[:2])
    names = ", ".join(f"{n} 「{projects[n]}」" for n in nearest)
    return f"projects are numbered {numbers[0]}–{numbers[-1]}; nearest: {names}"
