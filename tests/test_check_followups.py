"""One mistake, one diagnostic: what follows from a reported mistake is not reported again."""

from __future__ import annotations

from pathlib import Path

from dxplan import pipeline

PLAN = """plan p "P" {
    period 2024..2028
}
field f "F" {
    KPI_KEYWORD k1 "K" {
        indicator i "I" {
            BASELINE_KEYWORD 2023 = 0
            target 2028 = 5
        }
    }
}
"""

ROADMAP = """roadmap ROADMAP_ID "R" {
    year 2024
    field f {
        category "C" {
            project 1 "事業" { kpi k1 }
        }
    }
}
"""


def codes(tmp_path: Path, plan: str, roadmap: str = ROADMAP) -> list[tuple[str, int]]:
    (tmp_path / "p.dxp").write_text(plan, encoding="utf-8")
    (tmp_path / "r.dxp").write_text(roadmap, encoding="utf-8")
    loaded = pipeline.load([str(tmp_path / "p.dxp"), str(tmp_path / "r.dxp")])
    _ws, diagnostics = loaded.workspace, list(loaded.diagnostics)
    return [(d.code, d.span.line if d.span else 0) for d in diagnostics if d.is_error]


def fill(kpi: str = "kpi", baseline: str = "baseline", roadmap_id: str = "r6") -> tuple[str, str]:
    return (PLAN.replace("KPI_KEYWORD", kpi).replace("BASELINE_KEYWORD", baseline),
            ROADMAP.replace("ROADMAP_ID", roadmap_id))


def test_the_correct_specs_check_clean(tmp_path: Path) -> None:
    assert codes(tmp_path, *fill()) == []


def test_a_misspelt_kpi_keyword_is_not_also_an_unknown_kpi_in_the_roadmap(
    tmp_path: Path,
) -> None:
    assert codes(tmp_path, *fill(kpi="kpl")) == [("unknown-property", 5)]


def test_a_misspelt_baseline_is_not_also_a_missing_baseline(tmp_path: Path) -> None:
    assert codes(tmp_path, *fill(baseline="basline")) == [("unknown-property", 7)]


def test_a_roadmap_id_shares_the_namespace_of_plan_ids(tmp_path: Path) -> None:
    # the roadmap may not take the id of field f (explain and diff look ids up by name)
    assert codes(tmp_path, *fill(roadmap_id="f")) == [("duplicate-id", 1)]


def test_an_empty_spec_is_no_plan(tmp_path: Path) -> None:
    (tmp_path / "e.dxp").write_text("# nothing yet\n", encoding="utf-8")
    loaded = pipeline.load([str(tmp_path / "e.dxp")])
    _ws, diagnostics = loaded.workspace, list(loaded.diagnostics)
    assert [d.code for d in diagnostics] == ["no-plan"]
