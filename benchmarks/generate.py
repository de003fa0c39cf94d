"""A large synthetic plan and its data, for the scale benchmark.

`python benchmarks/generate.py OUT_DIR --indicators 5000 --years 20` writes OUT_DIR/plan.dxp
and OUT_DIR/data.csv: fields of KPIs of indicators, each with a baseline, an interim and
a final target, and one observation a year. Deterministic: no randomness.
"""

from __future__ import annotations

import argparse
from pathlib import Path

KPIS_PER_FIELD = 10
INDICATORS_PER_KPI = 10
# The benchmark plans' grades (first match wins); benchmarks/peer_pandas.py applies the same.
GRADING = [
    "grading {",
    '    grade S "達成" when raw >= 100',
    '    grade A "順調" when score >= expected',
    '    grade B "遅れ" otherwise',
    "}",
]


def opening(n: int) -> list[str]:
    """The lines that close the blocks before indicator `n` and open its field and KPI,
    when it is the first of either (both generators lay their plans out alike)."""
    per_field = KPIS_PER_FIELD * INDICATORS_PER_KPI
    kpi = f'    kpi k{n // INDICATORS_PER_KPI} "KPI {n // INDICATORS_PER_KPI}" {{'
    if n % per_field == 0:
        return [*(["    }", "}", ""] if n else []),
                f'field f{n // per_field} "分野 {n // per_field}" {{', kpi]
    return ["    }", kpi] if n % INDICATORS_PER_KPI == 0 else []


def plan_text(indicators: int, first_year: int, years: int) -> str:
    last = first_year + years - 1
    out = [
        'plan bench "Benchmark plan" {',
        f"    period {first_year}..{last}",
        "}",
        "",
        *GRADING,
        "",
    ]
    for n in range(indicators):
        out += opening(n)
        base = 10 + n % 37
        out += [
            f'        indicator i{n} "指標 {n}" {{  # synthetic',
            '            unit "%"',
            f"            baseline {first_year - 1} = {base}",
            f"            target {first_year + years // 2} = {base + 20}",
            f"            target {last} = {base + 40}",
            f"            weight {1 + n % 3}",
            "        }",
        ]
    out += ["    }", "}", ""]
    return "\n".join(out)


def data_text(indicators: int, first_year: int, years: int) -> str:
    rows = ["series,year,value"]
    for n in range(indicators):
        base = 10 + n % 37
        for k in range(years):
            # a deterministic mix of paces, some falling behind and some regressing
            pace = ((n * 7) % 11 - 2) / 4
            rows.append(f"i{n},{first_year + k},{base + pace * k:.2f}")
    return "\n".join(rows) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--indicators", type=int, default=5000)
    parser.add_argument("--years", type=int, default=20)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "plan.dxp").write_text(plan_text(args.indicators, 2010, args.years), "utf-8")
    (args.out / "data.csv").write_text(data_text(args.indicators, 2010, args.years), "utf-8")


if __name__ == "__main__":
    main()
