"""The national benchmark set: every municipality of Japan, 100 indicators, 10 years.

`python benchmarks/national.py OUT_DIR` writes, for 1,741 entities x 100 indicators x 10
years (1.7 M observations):

- OUT_DIR/entities.csv  `code,name,kind`: synthetic municipalities with valid 6-digit
  全国地方公共団体コード (check digit included), spread over the 47 prefectures;
- OUT_DIR/data.csv      `series,municipality,year,value`, the municipality as its code,
  one row per indicator, entity and year (2015..2024);
- OUT_DIR/plan.dxp      a plan of 10 fields x 10 KPIs x 10 indicators, each `by
  municipalities` with `value = mean(series)` as its prefecture-level figure, a baseline
  (2015), an interim target (2020), a final target (2025) and a weight of 1 to 3.

`--entities` and `--indicators` make the smaller sets of the growth table (100, 200, 500,
1,000, 1,741 entities). Deterministic: no randomness, the same arguments give the same bytes.

Paces are chosen so that statuses vary at every level: within a KPI, indicators 0-3, 4-7
and 8-9 move at three different tiers, the tier shifts from KPI to KPI, each entity's pace
is its indicator's tier give or take 2 a year, and every fifth indicator is "lower is
better" (targets below the baseline).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import GRADING, INDICATORS_PER_KPI, opening

MUNICIPALITIES = 1741
FIRST_YEAR = 2015  # the baseline year, the first year with data
YEARS = 10
# the mean pace a year of each tier, in units of the indicator: the targets ask for 2 a year,
# so at 2024 these read achieved, on track, behind, stalled, regressing
TIER_PACES = (3.0, 2.2, 1.5, 0.6, -0.5)


def check_digit(first_five: str) -> int:
    """全国地方公共団体コード's check digit: the last digit of 11 - (s mod 11), where
    s = 6*d1 + 5*d2 + 4*d3 + 3*d4 + 2*d5."""
    s = sum(w * int(d) for w, d in zip((6, 5, 4, 3, 2), first_five, strict=True))
    return (11 - s % 11) % 10


def entities(count: int) -> list[tuple[str, str, str]]:
    """`count` synthetic municipalities (code, name, kind), in code order."""
    by_prefecture: dict[int, int] = {}
    out = []
    for i in range(count):
        prefecture = 1 + i * 47 // count
        j = by_prefecture.get(prefecture, 0)
        by_prefecture[prefecture] = j + 1
        # about 45% cities (2xx), then towns and villages (3xx and up), as in Japan
        kind = "市" if _mix(i, 0) % 100 < 45 else "町" if _mix(i, 1) % 100 < 80 else "村"
        number = (201 if kind == "市" else 301) + j
        five = f"{prefecture:02d}{number:03d}"
        out.append((f"{five}{check_digit(five)}", f"自治体{i + 1:04d}{kind}", kind))
    return sorted(out)


def entities_text(count: int) -> str:
    return "code,name,kind\n" + "".join(f"{c},{n},{k}\n" for c, n, k in entities(count))


def _mix(a: int, b: int) -> int:
    """A small integer hash: deterministic, well spread, no `random`."""
    x = (a * 73856093) ^ (b * 19349663) ^ 0x5BD1E995
    x = ((x ^ (x >> 13)) * 1274126177) & 0xFFFFFFFF
    return x ^ (x >> 16)


def _level(n: int) -> int:
    return 10 + n % 37


def _direction(n: int) -> int:
    return -1 if n % 5 == 4 else 1  # every fifth indicator: lower is better


def _tier_pace(n: int) -> float:
    kpi, place = divmod(n, INDICATORS_PER_KPI)
    return TIER_PACES[(kpi + place // 4) % len(TIER_PACES)]


def _series(n: int, e: int, years: int) -> Iterator[float]:
    """Indicator n's values for entity number e, year by year from FIRST_YEAR."""
    base = _level(n) + (_mix(n, e) % 1001 - 500) / 100  # the entity's own baseline, +-5
    pace = _tier_pace(n) + (_mix(e, n + 7919) % 401 - 200) / 100  # +-2 a year
    for k in range(years):
        yield round(base + _direction(n) * pace * k, 2)


def plan_text(indicators: int, count: int, years: int = YEARS) -> str:
    last = FIRST_YEAR + years
    interim = FIRST_YEAR + years // 2
    out = [
        'plan national "National" {',
        f"    period {FIRST_YEAR + 1}..{last}",
        "}",
        "",
        *GRADING,
        "",
        'entities municipalities "市町村" {',
        '    file "entities.csv"',
        "}",
        "",
    ]
    for n in range(indicators):
        out += opening(n)
        # the prefecture-level baseline is the entities' mean in the baseline year
        baseline = sum(next(_series(n, e, 1)) for e in range(count)) / count
        d, level = _direction(n), _level(n)
        out += [
            f'        indicator i{n} "指標 {n}" {{',
            "            by municipalities",
            f"            value = mean(i{n})",
            f"            baseline {FIRST_YEAR} = {baseline:.2f}",
            f"            target {interim} = {level + d * years}",
            f"            target {last} = {level + d * 2 * years}",
            f"            weight {1 + n % 3}",
            "        }",
        ]
    out += ["    }", "}", ""]
    return "\n".join(out)


def write_data(path: Path, indicators: int, count: int, years: int = YEARS) -> int:
    """data.csv, written indicator by indicator; returns the number of observations."""
    codes = [c for c, _, _ in entities(count)]
    rows = 0
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        handle.write("series,municipality,year,value\n")
        for n in range(indicators):
            chunk = []
            for e, code in enumerate(codes):
                for k, value in enumerate(_series(n, e, years)):
                    chunk.append(f"i{n},{code},{FIRST_YEAR + k},{value:.2f}\n")
            handle.write("".join(chunk))
            rows += len(chunk)
    return rows


def write(out: Path, indicators: int = 100, count: int = MUNICIPALITIES,
          years: int = YEARS) -> int:
    """The three files of one set in `out`; returns the number of observations."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "entities.csv").write_text(entities_text(count), encoding="utf-8")
    (out / "plan.dxp").write_text(plan_text(indicators, count, years), encoding="utf-8")
    return write_data(out / "data.csv", indicators, count, years)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--entities", type=int, default=MUNICIPALITIES)
    parser.add_argument("--indicators", type=int, default=100)
    parser.add_argument("--years", type=int, default=YEARS)
    args = parser.parse_args()
    rows = write(args.out, args.indicators, args.entities, args.years)
    print(f"{args.out}: {args.entities} entities x {args.indicators} indicators x "
          f"{args.years} years = {rows} observations")


if __name__ == "__main__":
    main()
