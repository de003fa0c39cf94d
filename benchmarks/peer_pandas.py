"""The analyst's pandas script: the job of `dxplan eval --format json`, done with pandas.

    python benchmarks/peer_pandas.py PLAN.dxp DATA.csv [--year Y] [--by]

It reads the benchmark plans that benchmarks/generate.py and benchmarks/national.py write
(a line scan of their regular layout, not a .dxp parser) and their long-format data, and
prints compact JSON: the year, every KPI (index, expected, status, grade, coverage) with
its indicators (value, value_year, raw_score, score, expected, status, grade), the
fields' indexes, and with `--by` every entity's indicators (value, value_year, raw_score,
score, expected, status, rank). Figures are rounded to 4 places as dxplan rounds them, so
benchmarks/run.py can check that the statuses and indexes are identical to dxplan's.

The numbers follow docs/language.md ("How the numbers are computed"):
- value used: the latest observation at or before the year, and its year (value_year);
  for an indicator `by` entities, the prefecture-level value of a year is the mean over
  the entities that have one (`value = mean(series)`);
- raw = 100 * (x - b) / (T - b), b the baseline value, T the final target; score = raw
  clamped to 0..100;
- expected: the target path through (baseline year, b), each dated target and (final
  year, T), linear between them, the baseline value before the baseline year and the
  last target after it, read at value_year (at the evaluation year when there is no
  value), scored like a value and clamped to 0..100;
- status: achieved if raw >= 100; on_track if score >= expected; behind if score >=
  expected / 2; stalled if raw >= 0; else regressing (1e-9 tolerance, as dxplan/scoring.py);
- a KPI: index = sum(w * s) / sum(w) and expected = sum(w * e) / sum(w) over the
  indicators with a score, coverage = scored weight / all weight, status by the same rule
  on the index, insufficient_data below 50% coverage; a field: the mean of its KPIs'
  indexes;
- an entity: scored from its own value in the baseline year against the same targets;
  rank 1 is the best score among the entities for that indicator (ties share a rank);
- grades, first match wins (benchmarks/generate.py GRADING): S when raw >= 100, A when
  score >= expected, B otherwise.

Needs the `bench` extra: pip install -e '.[bench]'.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from typing import Any

import numpy as np
import pandas as pd

TOLERANCE = 1e-9
PLACES = 4

_HEAD = re.compile(r'\s*(field|kpi|indicator)\s+(\w+)\s+"')
_DATED = re.compile(r"\s*(baseline|target)\s+(\d{4})\s*=\s*(-?[\d.]+)")
_WEIGHT = re.compile(r"\s*weight\s+([\d.]+)")
_BY = re.compile(r"\s*by\s+(\w+)")
_PERIOD = re.compile(r"\s*period\s+(\d{4})\.\.(\d{4})")
_FILE = re.compile(r'\s*file\s+"([^"]+)"')


def read_plan(path: str) -> tuple[tuple[int, int], pd.DataFrame, str | None]:
    """The plan's period, one row per indicator (id, field, kpi, weight, by, baseline year
    and value, targets in year order) and the entities file, if the plan names one."""
    period = (0, 0)
    entities = None
    rows: list[dict[str, Any]] = []
    field = kpi = ""
    current: dict[str, Any] | None = None
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if m := _HEAD.match(line):
                kind, ident = m.groups()
                if kind == "field":
                    field = ident
                elif kind == "kpi":
                    kpi = ident
                else:
                    current = {"id": ident, "field": field, "kpi": kpi, "weight": 1.0,
                               "by": None, "targets": []}
                    rows.append(current)
            elif m := _DATED.match(line):
                assert current is not None
                year, value = int(m.group(2)), float(m.group(3))
                if m.group(1) == "baseline":
                    current["y0"], current["b"] = year, value
                else:
                    current["targets"].append((year, value))
            elif (m := _WEIGHT.match(line)) and current is not None:
                current["weight"] = float(m.group(1))
            elif (m := _BY.match(line)) and current is not None:
                current["by"] = m.group(1)
            elif m := _PERIOD.match(line):
                period = (int(m.group(1)), int(m.group(2)))
            elif m := _FILE.match(line):
                entities = os.path.join(os.path.dirname(path), m.group(1))
    for row in rows:
        row["targets"].sort()
        row["yT"], row["T"] = row["targets"][-1]
    frame = pd.DataFrame(rows)
    frame["pos"] = np.arange(len(frame))
    return period, frame, entities


def _ge(a: np.ndarray, b: np.ndarray | float) -> np.ndarray:
    return np.asarray(a >= b - TOLERANCE * np.maximum(1.0, np.abs(b)))


def raw_scores(x: np.ndarray, b: np.ndarray, t: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.asarray(100.0 * ((x - b) / (t - b)))


def target_table(plan: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Each indicator's targets as (years, values) rows in year order, padded with the
    final target so that every row has as many points."""
    width = max(len(ts) for ts in plan["targets"])
    padded = [ts + [ts[-1]] * (width - len(ts)) for ts in plan["targets"]]
    years = np.array([[y for y, _ in ts] for ts in padded], dtype=float)
    return years, np.array([[v for _, v in ts] for ts in padded], dtype=float)


def expected_scores(year: np.ndarray, y0: np.ndarray, b: np.ndarray, ty: np.ndarray,
                    tv: np.ndarray, t: np.ndarray) -> np.ndarray:
    """The target path's score at `year`, row by row: the path runs from (y0, b) through
    the row's targets (ty, tv)."""
    ys, vs = np.column_stack([y0, ty]), np.column_stack([b, tv])
    value = np.where(year <= y0, b, vs[:, -1])  # before the path, and after it
    for k in range(ys.shape[1] - 1):
        ya, yb, va, vb = ys[:, k], ys[:, k + 1], vs[:, k], vs[:, k + 1]
        inside = (year > y0) & (year >= ya) & (year < yb)
        with np.errstate(divide="ignore", invalid="ignore"):
            between = va + (vb - va) * (year - ya) / (yb - ya)
        value = np.where(inside, between, value)
    return np.clip(raw_scores(value, b, t), 0.0, 100.0)


def statuses(raw: np.ndarray, score: np.ndarray, expected: np.ndarray) -> np.ndarray:
    has = ~np.isnan(raw)
    choices = [
        ~has,
        _ge(raw, 100.0),
        ~np.isnan(expected) & _ge(score, expected),
        ~np.isnan(expected) & _ge(score, expected / 2),
        _ge(raw, 0.0),
    ]
    names = ["no_data", "achieved", "on_track", "behind", "stalled"]
    with np.errstate(invalid="ignore"):
        return np.select(choices, names, default="regressing")


def grades(raw: np.ndarray, score: np.ndarray, expected: np.ndarray) -> np.ndarray:
    # a condition that reads a missing figure does not hold (NaN compares false)
    with np.errstate(invalid="ignore"):
        return np.select([raw >= 100, score >= expected], ["S", "A"], default="B")


def score_rows(frame: pd.DataFrame, year: int, b: np.ndarray,
               targets: tuple[np.ndarray, np.ndarray]) -> pd.DataFrame:
    """raw_score, score, expected and status of rows holding value, value_year, y0, T and
    pos (the indicator's row in `targets`), against the baselines `b`."""
    x = frame["value"].to_numpy(dtype=float)
    t = frame["T"].to_numpy(dtype=float)
    raw = raw_scores(x, b, t)
    at = frame["value_year"].fillna(year).to_numpy(dtype=float)
    pos = frame["pos"].to_numpy()
    expected = expected_scores(at, frame["y0"].to_numpy(dtype=float), b,
                               targets[0][pos], targets[1][pos], t)
    score = np.clip(raw, 0.0, 100.0)
    return frame.assign(raw_score=raw, score=score, expected=expected,
                        status=statuses(raw, score, expected))


def latest(frame: pd.DataFrame, keys: list[str], year: int) -> pd.DataFrame:
    """Per key, the latest row with a value at or before `year`: value and value_year."""
    usable = frame[(frame["year"] <= year) & frame["value"].notna()]
    usable = usable.sort_values([*keys, "year"], kind="stable")
    last = usable.drop_duplicates(keys, keep="last")
    return last.rename(columns={"year": "value_year"})[[*keys, "value", "value_year"]]


def evaluate(plan_path: str, data_path: str, year: int | None, by: bool) -> dict[str, Any]:
    (start, end), plan, entities_file = read_plan(plan_path)
    data = pd.read_csv(data_path, dtype={"series": "category", "municipality": str,
                                         "year": "int32", "value": "float64"})
    if "municipality" in data.columns:  # read as text first: codes keep their leading 0
        data["municipality"] = data["municipality"].astype("category")
    data = data[data["series"].isin(plan["id"])]
    if year is None:
        years = data.loc[data["value"].notna() & (data["year"] <= end), "year"]
        year = max(int(years.max()) if len(years) else start, start)
    entity_column = "municipality" if "municipality" in data.columns else None
    if entity_column:
        # the prefecture-level figure of a year: the mean over the entities (mean(series))
        level = data.groupby(["series", "year"], observed=True)["value"].mean().reset_index()
    else:
        level = data
    values = latest(level, ["series"], year).rename(columns={"series": "id"})
    values["id"] = values["id"].astype(str)
    targets = target_table(plan)
    rows = score_rows(plan.merge(values, on="id", how="left"), year,
                      plan["b"].to_numpy(dtype=float), targets)
    rows["grade"] = grades(rows["raw_score"].to_numpy(), rows["score"].to_numpy(),
                           rows["expected"].to_numpy())
    kpi_list, indexes = kpis(rows)
    field_of = rows.groupby("kpi", sort=False)["field"].first()
    by_field = indexes.groupby(field_of, sort=False).mean()  # NaN (no index) left out
    document: dict[str, Any] = {
        "year": year,
        "fields": [{"id": f, "index": _r(by_field.get(f, np.nan))}
                   for f in dict.fromkeys(plan["field"])],
        "kpis": kpi_list,
    }
    if by and entity_column:
        names = {} if entities_file is None else dict(
            pd.read_csv(entities_file, dtype=str)[["code", "name"]].itertuples(index=False))
        document["by"] = by_entity(plan, data, entity_column, year, targets, names)
    return document


def kpis(rows: pd.DataFrame) -> tuple[list[dict[str, Any]], pd.Series]:
    """Every KPI as JSON, and the KPIs' indexes unrounded (a field's index is their mean)."""
    scored = rows[rows["score"].notna()]
    w = scored["weight"]
    sums = pd.DataFrame({"ws": w * scored["score"], "we": w * scored["expected"], "w": w,
                         "kpi": scored["kpi"]}).groupby("kpi", sort=False).sum()
    table = rows.groupby("kpi", sort=False).agg(field=("field", "first"),
                                                total=("weight", "sum")).join(sums)
    index = (table["ws"] / table["w"]).to_numpy()
    expected = (table["we"] / table["w"]).to_numpy()
    coverage = (table["w"] / table["total"]).fillna(0.0).to_numpy()
    status = statuses(index, index, expected)
    status = np.where(~np.isnan(index) & (coverage < 0.5), "insufficient_data", status)
    grade = grades(index, index, expected)
    indicators: dict[str, list[dict[str, Any]]] = {}
    fields = ["id", "value", "value_year", "raw_score", "score", "expected", "status", "grade"]
    for kpi, record in zip(rows["kpi"], _records(rows, fields), strict=True):
        indicators.setdefault(kpi, []).append(record)
    out = [{"id": kpi, "field": field, "index": _r(i), "expected": _r(e), "status": str(s),
            "grade": str(g), "coverage": _r(c), "indicators": indicators[kpi]}
           for kpi, field, i, e, s, g, c in zip(table.index, table["field"], index, expected,
                                               status, grade, coverage, strict=True)]
    return out, pd.Series(index, index=table.index)


def by_entity(plan: pd.DataFrame, data: pd.DataFrame, column: str, year: int,
              targets: tuple[np.ndarray, np.ndarray], names: dict[str, str]
              ) -> dict[str, Any]:
    keys = ["series", column]
    data = data[data["series"].isin(plan.loc[plan["by"].notna(), "id"])]
    values = latest(data, keys, year)
    base = data[["series", column, "year", "value"]].merge(
        plan[["id", "y0"]], left_on="series", right_on="id")
    base = base[base["year"] == base["y0"]][[*keys, "value"]].rename(columns={"value": "b_e"})
    rows = values.merge(base, on=keys, how="outer")
    rows["series"] = rows["series"].astype(str)
    rows = rows.merge(plan[["id", "y0", "T", "pos"]], left_on="series", right_on="id")
    rows = score_rows(rows, year, rows["b_e"].to_numpy(dtype=float), targets)
    # rank 1 = the best score among the entities for the indicator; ties share a rank
    rows["rank"] = rows.groupby("id")["score"].rank(method="min", ascending=False)
    order = {ident: i for i, ident in enumerate(plan["id"])}
    rows["order"] = rows["id"].map(order)
    rows = rows.sort_values([column, "order"], kind="stable")
    fields = ["id", "value", "value_year", "raw_score", "score", "expected", "status", "rank"]
    entities: dict[str, list[dict[str, Any]]] = {}
    for code, record in zip(rows[column].astype(str), _records(rows, fields), strict=True):
        entities.setdefault(code, []).append(record)
    set_name = next((s for s in plan["by"] if s), column)
    return {"set": set_name, "entities": [
        {"code": code, "name": names.get(code), "indicators": indicators}
        for code, indicators in entities.items()]}


def _records(frame: pd.DataFrame, columns: list[str]) -> list[dict[str, Any]]:
    """The rows as JSON objects: figures rounded as dxplan rounds them, NaN as null."""
    lists = []
    for column in columns:
        values = frame[column]
        if column in ("value", "raw_score", "score", "expected"):
            # Python's round, as dxplan rounds (numpy's can differ in the last place);
            # NaN and inf become null, -0.0 becomes 0.0
            lists.append([(r if (r := round(x, PLACES)) else 0.0) if x - x == 0 else None
                          for x in values.to_numpy(dtype=float).tolist()])
        elif column in ("value_year", "rank"):
            lists.append([None if x != x else int(x) for x in values.to_numpy(dtype=float)])
        else:
            lists.append(values.tolist())
    return [dict(zip(columns, row, strict=True)) for row in zip(*lists, strict=True)]


def _r(x: float) -> float | None:
    if x is None or x != x or not np.isfinite(x):
        return None
    r = round(float(x), PLACES)
    return 0.0 if r == 0 else r


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("plan")
    parser.add_argument("data")
    parser.add_argument("--year", type=int)
    parser.add_argument("--by", action="store_true", help="every entity's indicators too")
    args = parser.parse_args()
    document = evaluate(args.plan, args.data, args.year, args.by)
    sys.stdout.write(json.dumps(document, ensure_ascii=False, separators=(",", ":"),
                                allow_nan=False) + "\n")


if __name__ == "__main__":
    main()
