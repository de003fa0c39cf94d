"""The fuzz suite's generators, run for minutes instead of a fixed number of examples.

Each input is the shipped specs and example data with one file mutated (tests/support.py
`fuzz_case`, the same generators tests/test_fuzz.py runs under hypothesis). It goes through
the pipeline and fmt in-process (`fuzz_pipeline`), and every so many inputs through every
command in-process too (`fuzz_cli`), where an exit code other than 0, 1 or 2 is a failure.
A failure's input is saved to a folder of its own, to be replayed:

    python benchmarks/fuzz.py --minutes 30                # prints inputs tried, failures
    python benchmarks/fuzz.py --replay fuzz-failures/17   # one saved input, with the report
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import support  # noqa: E402  (found through the path set above)


def failure_of(case: support.FuzzCase, with_cli: bool) -> str | None:
    """What went wrong with one input (a traceback or a command's crash report), or None."""
    try:
        support.fuzz_pipeline(case)
        if with_cli:
            with tempfile.TemporaryDirectory() as folder:
                for argv, code, output in support.fuzz_cli(case, Path(folder)):
                    if code not in (0, 1, 2):
                        return f"dxplan {argv[0]} exited {code}\n{support.crash_report(output)}"
    except Exception:
        return traceback.format_exc()
    return None


def save(case: support.FuzzCase, seed: int, report: str, into: Path) -> Path:
    folder = into / str(seed)
    (folder / "data").mkdir(parents=True, exist_ok=True)
    for name, text in case.specs.items():
        (folder / name).write_bytes(text.encode("utf-8", errors="surrogatepass"))
    for name, raw in case.data.items():
        (folder / "data" / name).write_bytes(raw)
    (folder / "case.json").write_text(json.dumps(
        {"seed": seed, "mutated": case.mutated, "steps": case.steps}, indent=2) + "\n",
        encoding="utf-8")
    (folder / "report.txt").write_text(report, encoding="utf-8")
    return folder


def replay(folder: Path) -> int:
    about = json.loads((folder / "case.json").read_text(encoding="utf-8"))
    case = support.FuzzCase(
        {name: (folder / name).read_bytes().decode("utf-8", errors="surrogatepass")
         for name in support.SHIPPED_SPECS},
        {name: (folder / "data" / name).read_bytes() for name in support.SHIPPED_DATA},
        about["mutated"], tuple(about["steps"]))
    report = failure_of(case, with_cli=True)
    print(report or "no failure: the input goes through (fixed?)")
    return 1 if report else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=0, help="the first input's seed")
    parser.add_argument("--cli-every", type=int, default=5, metavar="N",
                        help="run every command on one input in N (they are slower)")
    parser.add_argument("--failures", type=Path, default=Path("fuzz-failures"),
                        help="where failing inputs are saved")
    parser.add_argument("--replay", type=Path, metavar="FOLDER", help="replay a saved input")
    args = parser.parse_args()
    # the user's cache is not filled with thousands of mutants, nor read
    os.environ["DXPLAN_CACHE_DIR"] = tempfile.mkdtemp(prefix="dxplan-fuzz-cache-")
    if args.replay is not None:
        return replay(args.replay)
    stop = time.monotonic() + args.minutes * 60
    tried = failed = 0
    seed = args.seed
    next_note = time.monotonic() + 60
    while time.monotonic() < stop:
        case = support.fuzz_case(random.Random(seed))
        report = failure_of(case, with_cli=seed % args.cli_every == 0)
        tried += 1
        if report is not None:
            failed += 1
            where = save(case, seed, report, args.failures)
            print(f"FAILURE seed {seed} ({case.mutated}: {', '.join(case.steps)}), saved in "
                  f"{where}:\n{report.strip().splitlines()[-1]}", flush=True)
        if time.monotonic() > next_note:
            print(f"{tried} inputs, {failed} failures", flush=True)
            next_note += 60
        seed += 1
    print(f"done: {tried} inputs (seeds {args.seed}..{seed - 1}) in {args.minutes:g} minutes, "
          f"{failed} failures")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
