"""The benchmark report: run by hand, or by CI as a report (never a pass/fail test).

    python benchmarks/run.py            # the figures of benchmarks/README.md (a few minutes)
    python benchmarks/run.py --quick    # smaller sets, fewer repeats: under a minute (CI)

1. Start-up: `dxplan check`, `dxplan eval` and `dxplan eval --format json` on the shipped
   specs against the import floor `python -c "import attrs, lark, rich.console"`.
2. The 5,000-indicator x 20-year plan (benchmarks/generate.py): the pandas peer
   (benchmarks/peer_pandas.py) as a whole process against `dxplan eval --format json`,
   warm (spec cache filled) and cold (an empty DXPLAN_CACHE_DIR), and against the terminal
   view; first a check that the two agree on every status and KPI index.
3. The national set (benchmarks/national.py, 1,741 entities x 100 indicators x 10 years):
   `dxplan eval --format json` and `dxplan eval --by municipalities --format json`, wall
   time and peak memory, and a table of time against the number of entities.
4. Stages, in one process: load (cold and warm), evaluate, render JSON, render terminal.

Every comparison is paired: the two commands run alternately (A, B, A, B ...), so a busy
moment of the shared machine slows both sides of a pair; a ratio is the median of the
pairs' ratios, with their range. Each timed command runs in a fresh subprocess that
reports its wall time and its peak memory (getrusage of its own child). A command that
fails is reported as "not supported by this dxplan yet", never a crash. Without pandas
(`pip install -e '.[bench]'`) the peer's parts are skipped.
"""

from __future__ import annotations

import argparse
import compileall
import gc
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "benchmarks"
sys.path.insert(0, str(BENCH))

PY = sys.executable
FLOOR = [PY, "-c", "import attrs, lark, rich.console"]
DXPLAN = [PY, "-m", "dxplan"]
PEER = [PY, str(BENCH / "peer_pandas.py")]
WIDTH = "120"  # the terminal view's width, forced so that runs are comparable
ENV = {**os.environ, "NO_COLOR": "1", "COLUMNS": WIDTH}
HAVE_PANDAS = importlib.util.find_spec("pandas") is not None

# Runs one command and prints its wall time, its peak memory (KiB on Linux) and its exit
# status as JSON. A fresh process per run, so RUSAGE_CHILDREN holds that command alone.
_MEASURE = """
import json, resource, subprocess, sys, time
out = subprocess.DEVNULL if sys.argv[1] == "-" else open(sys.argv[1], "wb")
start = time.perf_counter()
done = subprocess.run(sys.argv[2:], stdout=out, stderr=subprocess.PIPE)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"seconds": seconds, "peak_mib": peak / 1024, "code": done.returncode,
                  "stderr": done.stderr.decode("utf-8", "replace")[:4000]}))
"""


@dataclass
class Run:
    seconds: float
    peak_mib: float
    code: int
    stderr: str

    @property
    def failed(self) -> bool:
        return self.code != 0


def measure(cmd: Sequence[str], env: dict[str, str] | None = None, output: str = "-") -> Run:
    done = subprocess.run([PY, "-c", _MEASURE, output, *cmd], cwd=ROOT, env=env or ENV,
                          capture_output=True, text=True, check=True)
    return Run(**json.loads(done.stdout))


def unsupported(run: Run) -> str:
    first = next((line for line in run.stderr.splitlines() if line.strip()), "no message")
    first = first[first.find("error"):] if "error" in first else first  # not the path
    return f"not supported by this dxplan yet (exit {run.code}: {first[:90]})"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


def paired(base: Callable[[], Run], other: Callable[[], Run], pairs: int
           ) -> tuple[list[Run], list[Run]] | Run:
    """`pairs` alternating runs of base and other, after one untimed run of each; the
    first failing run instead."""
    for warm in (base(), other()):
        if warm.failed:
            return warm
    bases, others = [], []
    for _ in range(pairs):
        bases.append(base())
        others.append(other())
        for run in (bases[-1], others[-1]):
            if run.failed:
                return run
    return bases, others


# the targets (benchmarks/README.md), each a paired ratio's median at most this
TARGETS = {
    "dxplan check": 1.1,
    "dxplan eval --format json": 1.1,
    "dxplan eval": 1.3,
    "dxplan eval --format json (warm)": 1.0,
    "dxplan eval --format json (cold)": 2.5,
    f"dxplan eval (terminal, {WIDTH} cols)": 1.5,
}
SUMMARY: list[tuple[str, str, float | None, float, float]] = []


def report(label: str, result: tuple[list[Run], list[Run]] | Run, against: str) -> None:
    if isinstance(result, Run):
        print(f"  {label:<34} {unsupported(result)}")
        SUMMARY.append((label, against, None, 0.0, 0.0))
        return
    bases, others = result
    ratios = [o.seconds / b.seconds for b, o in zip(bases, others, strict=True)]
    print(f"  {label:<34} {ms(statistics.median(o.seconds for o in others)):>9}  "
          f"{statistics.median(ratios):5.2f}x {against} (range {min(ratios):.2f}-"
          f"{max(ratios):.2f}; {against} {ms(statistics.median(b.seconds for b in bases))})")
    SUMMARY.append((label, against, statistics.median(ratios), min(ratios), max(ratios)))


def summary() -> None:
    """The paired ratios against the issue's targets, in one table."""
    if not SUMMARY:
        return
    print("\nthe targets: median paired ratio (range), target, met")
    for label, against, median, low, high in SUMMARY:
        target = TARGETS.get(label)
        if median is None:
            print(f"  {label:<34} not measured")
            continue
        verdict = "" if target is None else \
            f"  <= {target:.1f}x  {'yes' if median <= target else 'NO'}"
        print(f"  {label:<34} {median:5.2f}x {against} ({low:.2f}-{high:.2f}){verdict}")


# --- 1. start-up ---------------------------------------------------------------------------


def startup(pairs: int) -> None:
    print(f"\n1. start-up on the shipped specs: {pairs} pairs, each against the import floor")
    floor = lambda: measure(FLOOR)  # noqa: E731
    for args in (["check"], ["eval"], ["eval", "--format", "json"]):
        command = lambda args=args: measure([*DXPLAN, *args])  # noqa: E731
        report(f"dxplan {' '.join(args)}", paired(floor, command, pairs), "the floor")


# --- 2. the 5,000-indicator plan -------------------------------------------------------------


def plan_5000(indicators: int, pairs: int, tmp: Path) -> None:
    from generate import data_text, plan_text

    folder = tmp / "plan"
    folder.mkdir()
    plan, data = folder / "plan.dxp", folder / "data.csv"
    plan.write_text(plan_text(indicators, 2010, 20), encoding="utf-8")
    data.write_text(data_text(indicators, 2010, 20), encoding="utf-8")
    print(f"\n2. {indicators:,} indicators x 20 years ({indicators * 20:,} observations): "
          f"{pairs} pairs")
    warm = {**ENV, "DXPLAN_CACHE_DIR": str(tmp / "warm-cache")}
    args = [*DXPLAN, "eval", str(plan), "--data", str(data)]
    runs = 0

    def cold() -> Run:
        nonlocal runs
        runs += 1
        return measure([*args, "--format", "json"],
                       {**ENV, "DXPLAN_CACHE_DIR": str(tmp / f"cold-cache-{runs}")})

    commands = {
        "dxplan eval --format json (warm)": lambda: measure([*args, "--format", "json"], warm),
        "dxplan eval --format json (cold)": cold,
        f"dxplan eval (terminal, {WIDTH} cols)": lambda: measure(args, warm),
    }
    if not HAVE_PANDAS:
        print("  pandas is not installed (pip install -e '.[bench]'): the peer is skipped")
        for label, command in commands.items():
            run = command()
            print(f"  {label:<34} {unsupported(run) if run.failed else ms(run.seconds)}")
        return
    agree(plan, data, [str(plan), str(data)], tmp, by=False)
    peer = lambda: measure([*PEER, str(plan), str(data)])  # noqa: E731
    for label, command in commands.items():
        report(label, paired(peer, command, pairs), "the peer")


def agree(plan: Path, data: Path, peer_args: list[str], tmp: Path, by: bool) -> bool:
    """Run the peer and dxplan once and say whether they agree, figure by figure."""
    extra = ["--by", "municipalities"] if by else []
    dx_out, peer_out = tmp / "dxplan.json", tmp / "peer.json"
    dx = measure([*DXPLAN, "eval", str(plan), "--data", str(data), *extra, "--format", "json"],
                 output=str(dx_out))
    if dx.failed:
        print(f"  agreement with the peer: {unsupported(dx)}")
        return False
    peer = measure([*PEER, *peer_args, *(["--by"] if by else [])], output=str(peer_out))
    if peer.failed:
        print(f"  the peer failed: {peer.stderr.strip().splitlines()[-1:]}")
        return False
    ours, theirs = json.loads(dx_out.read_text("utf-8")), json.loads(peer_out.read_text("utf-8"))
    main, other = differences(ours, theirs, by)
    scope = "statuses and KPI indexes" + (" (entities too)" if by else "")
    print(f"  {scope} identical to the peer's: " +
          ("yes" if not main else f"NO, {len(main)} differ, e.g. {main[:3]}"))
    print("  every other figure identical: " +
          ("yes" if not other else f"no, {len(other)} differ, e.g. {other[:3]}"))
    return not main


def differences(ours: dict[str, Any], theirs: dict[str, Any], by: bool
                ) -> tuple[list[str], list[str]]:
    """(statuses and KPI indexes that differ, other figures that differ)."""
    main: list[str] = []
    other: list[str] = []
    if ours["year"] != theirs["year"]:
        main.append(f"year {ours['year']} != {theirs['year']}")
    kpis = {k["id"]: k for k in theirs["kpis"]}
    for kpi in ours["kpis"]:
        peer = kpis.get(kpi["id"], {})
        for key in ("index", "status"):
            if kpi[key] != peer.get(key):
                main.append(f"{kpi['id']}.{key} {kpi[key]} != {peer.get(key)}")
        for key in ("expected", "coverage"):
            if kpi[key] != peer.get(key):
                other.append(f"{kpi['id']}.{key} {kpi[key]} != {peer.get(key)}")
        if (kpi["grade"] or {}).get("id") != peer.get("grade"):
            other.append(f"{kpi['id']}.grade")
        _measures(kpi["indicators"], peer.get("indicators", []), main, other, grade=True)
    if by:
        entities = {e["code"]: e for e in theirs.get("by", {}).get("entities", [])}
        for entity in (ours.get("by") or {}).get("entities", []):
            peer = entities.get(entity["code"], {})
            _measures(entity["indicators"], peer.get("indicators", []), main, other,
                      grade=False, where=entity["code"] + ":")
    return main, other


def _measures(ours: list[dict[str, Any]], theirs: list[dict[str, Any]], main: list[str],
              other: list[str], grade: bool, where: str = "") -> None:
    by_id = {m["id"]: m for m in theirs}
    for m in ours:
        peer = by_id.get(m["id"], {})
        if m["status"] != peer.get("status"):
            main.append(f"{where}{m['id']}.status {m['status']} != {peer.get('status')}")
        keys = ["value", "value_year", "raw_score", "score", "expected"]
        for key in [*keys, *([] if grade else ["rank"])]:
            if m.get(key) != peer.get(key):
                other.append(f"{where}{m['id']}.{key} {m.get(key)} != {peer.get(key)}")
        if grade and (m["grade"] or {}).get("id") != peer.get("grade"):
            other.append(f"{where}{m['id']}.grade")


# --- 3. the national set ----------------------------------------------------------------------


def national(counts: Sequence[int], indicators: int, repeats: int, tmp: Path) -> None:
    import national as nat

    full = counts[-1]
    print(f"\n3. national set: {full:,} entities x {indicators} indicators x {nat.YEARS} years "
          f"({full * indicators * nat.YEARS:,} observations), best of {repeats}")
    sets = {}
    for count in counts:
        sets[count] = tmp / f"national-{count}"
        nat.write(sets[count], indicators, count)
    plan, data = sets[full] / "plan.dxp", sets[full] / "data.csv"
    if HAVE_PANDAS:
        agree(plan, data, [str(plan), str(data)], tmp, by=True)
    base = [*DXPLAN, "eval", str(plan), "--data", str(data)]
    commands = {"dxplan eval --format json": [*base, "--format", "json"],
                "dxplan eval --by municipalities --format json":
                    [*base, "--by", "municipalities", "--format", "json"]}
    if HAVE_PANDAS:
        commands |= {"peer": [*PEER, str(plan), str(data)],
                     "peer --by": [*PEER, str(plan), str(data), "--by"]}
    for label, cmd in commands.items():
        runs = [measure(cmd) for _ in range(repeats)]
        if any(r.failed for r in runs):
            print(f"  {label:<46} {unsupported(next(r for r in runs if r.failed))}")
            continue
        print(f"  {label:<46} {ms(min(r.seconds for r in runs)):>9}   peak "
              f"{max(r.peak_mib for r in runs):,.0f} MiB")
    growth(sets, indicators, repeats)


def growth(sets: dict[int, Path], indicators: int, repeats: int) -> None:
    """Time against the number of entities, and how far it is from a straight line."""
    from national import YEARS

    columns = {"eval json": ["--format", "json"],
               "eval --by json": ["--by", "municipalities", "--format", "json"]}
    commands: dict[str, Callable[[Path], list[str]]] = {
        label: (lambda folder, extra=extra: [*DXPLAN, "eval", str(folder / "plan.dxp"),
                                             "--data", str(folder / "data.csv"), *extra])
        for label, extra in columns.items()}
    if HAVE_PANDAS:
        commands["peer --by"] = lambda folder: [*PEER, str(folder / "plan.dxp"),
                                                str(folder / "data.csv"), "--by"]
    print(f"\n  time against entities ({indicators} indicators x {YEARS} years), best of "
          f"{repeats}:")
    print(f"  {'entities':>8} {'observations':>13} " +
          " ".join(f"{label:>16}" for label in commands))
    table: dict[str, list[tuple[int, float]]] = {label: [] for label in commands}
    for count, folder in sets.items():
        cells = []
        for label, command in commands.items():
            runs = [measure(command(folder)) for _ in range(repeats)]
            if any(r.failed for r in runs):
                cells.append(f"{'unsupported':>16}")
                continue
            best = min(r.seconds for r in runs)
            table[label].append((count * indicators * YEARS, best))
            cells.append(f"{ms(best):>16}")
        print(f"  {count:>8,} {count * indicators * YEARS:>13,} " + " ".join(cells))
    for label, points in table.items():
        if len(points) >= 3:
            print(f"  {label}: {linearity(points)}")
        elif not points:
            print(f"  {label}: not supported by this dxplan yet")


def linearity(points: list[tuple[int, float]]) -> str:
    """A least-squares line time = fixed + per observation; how far each point lies from it."""
    xs, ys = [float(x) for x, _ in points], [y for _, y in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / \
        sum((x - mx) ** 2 for x in xs)
    fixed = my - slope * mx
    worst = max(abs(y - (fixed + slope * x)) / y for x, y in zip(xs, ys, strict=True))
    # 20%: a shared machine moves single runs by 10-20%, a quadratic term moves far more
    verdict = "linear" if worst <= 0.2 else "NOT linear (or noisy: run again)"
    return (f"{verdict}: {ms(fixed)} fixed + {slope * 1e6:.2f} us per observation, "
            f"every point within {worst:.0%} of that line")


# --- 4. stages, in one process ----------------------------------------------------------------


def stages(indicators: int, repeats: int, tmp: Path) -> None:
    from generate import data_text, plan_text

    from dxplan import pipeline
    from dxplan.render import render

    folder = tmp / "stages"
    folder.mkdir()
    plan, data = folder / "plan.dxp", folder / "data.csv"
    plan.write_text(plan_text(indicators, 2010, 20), encoding="utf-8")
    data.write_text(data_text(indicators, 2010, 20), encoding="utf-8")
    gc.disable()  # as `dxplan.cli.main` does
    best: dict[str, float] = {}

    def timed(name: str, action: Callable[[], Any]) -> Any:
        start = time.perf_counter()
        value = action()
        best[name] = min(best.get(name, float("inf")), time.perf_counter() - start)
        return value

    for attempt in range(repeats):
        os.environ["DXPLAN_CACHE_DIR"] = str(folder / f"cache{attempt}")
        timed("load, cold (parse and check)", lambda: pipeline.load([str(plan)], [str(data)]))
        loaded = timed("load, warm (from the cache)",
                       lambda: pipeline.load([str(plan)], [str(data)]))
        results, _ = timed("evaluate", lambda loaded=loaded: pipeline.evaluate(loaded))
        if results is None:
            print("\n4. stages: the plan did not evaluate")
            return
        timed("render JSON", lambda results=results: render(results, "json"))
        timed(f"render terminal ({WIDTH} cols)",
              lambda results=results: render(results, "table", width=int(WIDTH)))
        del loaded, results
        gc.collect()
    print(f"\n4. stages in one process, {indicators:,} indicators x 20 years, best of {repeats}:")
    for name, seconds in best.items():
        print(f"  {name:<34} {ms(seconds):>9}")


def long_cells() -> None:
    """5. A progress file's half-year cell of 20,000 characters: 11 s when the period pattern
    was quadratic in the cell's length; linear now."""
    from dxplan.data.cells import parse_period

    for name, text in (("year, spaces, half", "2024" + " " * 20_000 + "H1"),
                       ("year, spaces, no half", "2024" + " " * 20_000 + "x")):
        start = time.perf_counter()
        parse_period(text)
        print(f"period cell of 20,000 characters ({name}): "
              f"{(time.perf_counter() - start) * 1000:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true",
                        help="smaller sets and fewer repeats (CI, under a minute)")
    parser.add_argument("--only", choices=("startup", "plan", "national", "stages", "cells"),
                        action="append", help="run only these parts (repeatable)")
    args = parser.parse_args()
    parts = args.only or ["startup", "plan", "national", "stages", "cells"]
    quick = args.quick
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, "
          f"{time.strftime('%Y-%m-%d')}{', quick' if quick else ''}; pandas "
          f"{'installed' if HAVE_PANDAS else 'not installed'}")
    # An installed dxplan has its bytecode compiled (pip does it), as the dependencies of the
    # import floor have theirs; compile it here too, or a run with PYTHONDONTWRITEBYTECODE
    # set would compile every module of dxplan from source each time and count that.
    compileall.compile_dir(ROOT / "dxplan", quiet=1)
    with tempfile.TemporaryDirectory(prefix="dxplan-bench-") as name:
        tmp = Path(name)
        if "startup" in parts:
            startup(3 if quick else 10)
        if "plan" in parts:
            plan_5000(500 if quick else 5000, 2 if quick else 9, tmp)
        if "national" in parts:
            counts = (50, 100, 200) if quick else (100, 200, 500, 1000, 1741)
            national(counts, 10 if quick else 100, 1 if quick else 3, tmp)
        if "stages" in parts:
            stages(500 if quick else 5000, 1 if quick else 3, tmp)
        if "cells" in parts:
            long_cells()
    summary()


if __name__ == "__main__":
    main()
