"""Fuzzing: mutated shipped specs and data files never make dxplan fail.

Each example is the shipped specs and example data with one file mutated one to four times
(characters, lines and numbers changed, chunks spliced in, formulas written in, formulas
and blocks nested deep, numbers of hundreds of digits, odd characters; tests/support.py
`fuzz_case`). Through the pipeline and through every command in-process, no exception may
escape, no command may exit 3 (an internal error), and fmt's safety net may not fire. The
`ci` profile runs the examples derandomised; `python benchmarks/fuzz.py --minutes N` runs
the same generators for longer.
"""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

import support
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# st.randoms(): a Random whose every draw hypothesis makes (and can shrink and replay)
CASES = st.randoms(use_true_random=False).map(support.fuzz_case)
SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large]


@settings(max_examples=60, suppress_health_check=SLOW)
@given(CASES)
def test_the_pipeline_and_fmt_take_any_mutant(case: support.FuzzCase) -> None:
    support.fuzz_pipeline(case)


@settings(max_examples=25, suppress_health_check=SLOW)
@given(CASES)
def test_every_command_exits_0_1_or_2_on_any_mutant(case: support.FuzzCase) -> None:
    with tempfile.TemporaryDirectory() as folder:
        for argv, code, output in support.fuzz_cli(case, Path(folder)):
            assert code in (0, 1, 2), (argv[0], case.mutated, case.steps,
                                       support.crash_report(output))


def test_the_generators_reach_every_kind_of_input() -> None:
    # a fixed sample of 300 cases: every mutation is drawn, specs and data both mutated
    cases = [support.fuzz_case(random.Random(seed)) for seed in range(300)]
    steps = {step for case in cases for step in case.steps}
    assert steps == {"chars", "lines", "splice", "deep", "huge", "word", "formula", "number",
                     "cell", "bytes"}
    assert {case.mutated for case in cases} == {*support.SHIPPED_SPECS, *support.SHIPPED_DATA}
