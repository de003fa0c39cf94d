"""Benchmarks, run by hand or by CI as a report (never a pass/fail test).

1. Start-up: `dxplan eval` and `dxplan check` on the shipped specs and example data against
   the import floor `python -c "import attrs, lark, rich.console"`, in the same run,
   best of N (the minimum is the least noisy estimate of what the code costs).
2. Scale: a generated plan of 5,000 indicators x 20 years, parsed, checked, loaded and
   evaluated in-process, each stage timed.
3. Long cells: one half-year cell of 20,000 characters.

    python benchmarks/run.py            # full
    python benchmarks/run.py --quick    # fewer repeats and a smaller plan (CI)
"""

from __future__ import annotations

import argparse
import gc
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def best_of(cmd: list[str], repeats: int) -> float:
    env = {**os.environ, "NO_COLOR": "1"}
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return min(times)


def startup(repeats: int) -> None:
    py = sys.executable
    subprocess.run([py, "-m", "dxplan", "eval"], cwd=ROOT, capture_output=True, check=False)
    floor = best_of([py, "-c", "import attrs, lark, rich.console"], repeats)
    print(f"import floor (attrs, lark, rich.console): {floor * 1000:7.1f} ms")
    for args in (["check"], ["eval"], ["eval", "--format", "json"]):
        took = best_of([py, "-m", "dxplan", *args], repeats)
        print(f"dxplan {' '.join(args):<22} {took * 1000:7.1f} ms  "
              f"({took / floor:.2f}x the floor)")


def scale(indicators: int, years: int, repeats: int) -> None:
    from generate import data_text, plan_text

    from dxplan.check import check
    from dxplan.data.read import load_data
    from dxplan.evaluate import evaluate
    from dxplan.spec.parse import parse_file, parser

    parser()  # the grammar's tables are built once per install, not per run
    gc.disable()  # as `dxplan.cli.main` does
    stages = ("parse", "check", "load data", "evaluate", "cached parse")
    best = dict.fromkeys(stages, float("inf"))
    with tempfile.TemporaryDirectory() as tmp:
        plan, data = Path(tmp, "plan.dxp"), Path(tmp, "data.csv")
        plan.write_text(plan_text(indicators, 2010, years), encoding="utf-8")
        data.write_text(data_text(indicators, 2010, years), encoding="utf-8")
        lines = plan.read_text(encoding="utf-8").count("\n")
        for attempt in range(repeats):
            # cold: parsed by lark (a fresh cache folder each time); warm: the same
            # unchanged file again, from the parse cache
            os.environ["DXPLAN_CACHE_DIR"] = str(Path(tmp, f"cache{attempt}"))
            marks = [time.perf_counter()]
            module, found = parse_file(str(plan))
            marks.append(time.perf_counter())
            assert module is not None and not found, found[:3]
            workspace, found = check([module])
            marks.append(time.perf_counter())
            dataset, found = load_data([str(data)])
            marks.append(time.perf_counter())
            results, _ = evaluate(workspace, dataset.observations)
            marks.append(time.perf_counter())
            parse_file(str(plan))
            marks.append(time.perf_counter())
            for name, a, b in zip(stages, marks, marks[1:], strict=False):
                best[name] = min(best[name], b - a)
            del module, workspace, dataset, results
            gc.collect()
    print(f"scale: {indicators} indicators x {years} years ({lines} spec lines, "
          f"{indicators * years} observations), best of {repeats}")
    for name in stages:
        print(f"  {name:<12} {best[name] * 1000:8.1f} ms")
    work = best["check"] + best["load data"] + best["evaluate"]
    print(f"  {'total cold':<12} {(best['parse'] + work) * 1000:8.1f} ms  (spec parsed by lark)")
    print(f"  {'total warm':<12} {(best['cached parse'] + work) * 1000:8.1f} ms  "
          "(unchanged spec, from the parse cache)")


def long_cells() -> None:
    """A progress file's half-year cell of 20,000 characters: 11 s when the period pattern
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
    parser.add_argument("--quick", action="store_true", help="fewer repeats, smaller plan")
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores")
    startup(3 if args.quick else 10)
    scale(500 if args.quick else 5000, 20, 1 if args.quick else 3)
    long_cells()


if __name__ == "__main__":
    main()
