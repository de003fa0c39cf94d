"""Data checked against the plan: a formula's missing series, figures after the plan."""

from __future__ import annotations

from pathlib import Path

from dxplan import pipeline

PLAN = """plan p "P" {
    period 2024..2028
}
goal g "G" {
    value = output / workrs
    baseline 2023 = 1
    target 2028 = 2
}
"""


def load(rows: str) -> tuple[list[tuple[str, str]], int]:
    loaded = pipeline.load_strings({"p.dxp": PLAN}, {"d.csv": "series,year,value\n" + rows})
    results, _ = pipeline.evaluate(loaded)
    assert results is not None
    return ([(d.code, d.message) for d in loaded.diagnostics if d.code != "unknown-series"],
            results.year)


def test_a_formula_reading_a_series_without_data_is_warned_at_the_formula(
    tmp_path: Path,
) -> None:
    found, _year = load("output,2024,10\nworkers,2024,5\n")
    assert found == [("no-data-for-series",
                      "no data file has the series 'workrs' that the formula of 'g' reads")]


def test_a_figure_after_the_plan_is_warned_and_does_not_move_the_default_year(
    tmp_path: Path,
) -> None:
    # 令和80年度 = 2098: a typo for 令和8年度; the default year stays 2025, the last
    # year with data inside the plan
    found, year = load("output,2025,10\nworkrs,2025,5\noutput,令和80年度,3\n")
    assert found == [("year-outside-period",
                      "'output' has a figure for fiscal 2098, after the plan period 2024..2028")]
    assert year == 2025
