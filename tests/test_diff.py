"""`dxplan diff`: one golden diff per kind of change, on small hand-written specs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import support

from dxplan import pipeline
from dxplan.pipeline import Loaded
from dxplan.review.properties import Property
from dxplan.review.spec_diff import (
    LAYOUT_ONLY,
    NO_CHANGE,
    Breaking,
    Edit,
    Side,
    SpecDiff,
    compare,
)

BASE = """\
plan p "計画" {
    period 2024..2028
}

field f1 "分野1" {
    kpi k1 "KPI1" {
        indicator a "A" {
            baseline 2023 = 0
            target 2028 = 100
        }
        indicator b "B" {
            baseline 2023 = 0
            target 2026 = 20
            target 2028 = 50
        }
    }
    kpi k2 "KPI2" {
        indicator c "C" {
            baseline 2023 = 10
            target 2028 = 20
        }
    }
}

roadmap r "R" {
    year 2024
    field f1 {
        category "cat" {
            project 1 "P1" { kpi k1 }
            project 2 "P2" { kpi k2 }
        }
    }
}
"""

C_BLOCK = """\
        indicator c "C" {
            baseline 2023 = 10
            target 2028 = 20
        }
"""


DATA = "series,year,value\na,2025,40\nb,2025,25\nc,2025,15\n"


def loaded(text: str) -> Loaded:
    return pipeline.load_strings({"t.dxp": text}, {"d.csv": DATA})


def side(text: str) -> Side:
    found = loaded(text)
    assert found.workspace is not None, found.diagnostics
    return Side(found.workspace, found.modules, (text,))


def diff(new: str, old: str = BASE) -> SpecDiff:
    return compare(side(old), side(new))


def test_added_indicator() -> None:
    new = BASE.replace(C_BLOCK, C_BLOCK + '        indicator d "D" { reference }\n')
    assert diff(new).edits == (Edit("indicator", "d", "added", "D"),)


def test_removed_indicator_leaves_its_series_unread() -> None:
    result = diff(BASE.replace(C_BLOCK, ""))
    assert result.edits == (Edit("indicator", "c", "removed", "C"),)
    assert [b.code for b in result.breaking] == ["series-unread"]
    assert "'c'" in result.breaking[0].message


def test_renamed_indicator_is_one_change_and_its_series_moves() -> None:
    result = diff(BASE.replace('indicator c "C"', 'indicator c2 "C"'))
    assert result.edits == (Edit("indicator", "c", "renamed", "C", "c2"),)
    assert result.breaking[0].code == "series-unread"


def test_indicator_moved_to_another_kpi() -> None:
    new = BASE.replace(C_BLOCK, "").replace(
        "            target 2028 = 50\n        }\n",
        "            target 2028 = 50\n        }\n" + C_BLOCK)
    assert diff(new).edits == (
        Edit("indicator", "c", "moved", "C", None, (Property("kpi", "k2", "k1", True),)),)


def test_changed_target_shows_before_and_after() -> None:
    new = BASE.replace("target 2028 = 50", "target 2028 = 80")
    assert diff(new).edits == (
        Edit("indicator", "b", "changed", "B", None, (Property("target 2028", "50", "80"),)),)
    assert diff(new).breaking == ()


def test_removed_target_year_is_breaking() -> None:
    result = diff(BASE.replace("            target 2026 = 20\n", ""))
    assert result.edits[0].properties == (Property("target 2026", "20", None),)
    assert result.breaking == (Breaking("target-removed", "'b' no longer has a target for 2026"),)


def test_changed_formula_is_shown_in_canonical_text() -> None:
    old = BASE.replace('indicator c "C" {', 'indicator c "C" {\n value = s1/s2')
    new = BASE.replace('indicator c "C" {', 'indicator c "C" {\n value = ( s1+s2 )/2')
    assert diff(new, old).edits == (Edit("indicator", "c", "changed", "C", None, (
        Property("value", "s1 / s2", "(s1 + s2) / 2"),)),)


def test_weight_change_is_flagged() -> None:
    result = diff(BASE.replace("target 2028 = 100\n", "target 2028 = 100\n weight 2\n"))
    assert result.edits[0].properties == (Property("weight", "1", "2"),)
    assert result.breaking == (Breaking(
        "weight-changed", "the weight of 'a' changed 1 -> 2: the index of KPI 'k1' is "
        "re-weighted"),)


def test_removed_kpi_still_linked_from_the_roadmap() -> None:
    new = BASE.replace('    kpi k2 "KPI2" {\n' + C_BLOCK + "    }\n", "")
    result = diff(new)
    assert [(c.kind, c.id, c.action) for c in result.edits] == [
        ("kpi", "k2", "removed"), ("indicator", "c", "removed")]
    assert Breaking("kpi-still-linked", "KPI 'k2' was removed, but roadmap r project 2 still "
                    "links it") in result.breaking


def test_renamed_kpi_does_not_show_every_linking_project_as_changed() -> None:
    new = BASE.replace('kpi k2 "KPI2"', 'kpi k3 "KPI2"').replace("{ kpi k2 }", "{ kpi k3 }")
    result = diff(new)
    assert result.edits == (Edit("kpi", "k2", "renamed", "KPI2", "k3"),)
    assert result.breaking == ()


def test_project_moved_to_another_category() -> None:
    new = BASE.replace('            project 2 "P2" { kpi k2 }\n', "").replace(
        "        }\n    }\n}\n", '        }\n        category "other" {\n'
        '            project 2 "P2" { kpi k2 }\n        }\n    }\n}\n')
    assert diff(new).edits == (Edit("project", "2", "moved", "P2", None, (
        Property("category", '"cat"', '"other"', True),)),)


def test_grading_order_matters() -> None:
    grading = 'grading {\n    grade A "a" when score >= 50\n    grade B "b" otherwise\n}\n'
    swapped = 'grading {\n    grade B "b" otherwise\n    grade A "a" when score >= 50\n}\n'
    result = diff(BASE + swapped, BASE + grading)
    assert result.edits == (Edit("grading", "", "reordered", "", None, (
        Property("order", "A B", "B A"),)),)


def test_comment_and_whitespace_changes_are_not_semantic() -> None:
    new = "# a note\n" + BASE.replace("    period 2024..2028", "  period   R6..2028  # fy")
    result = diff(new)
    assert (result.edits, result.breaking, result.summary) == ((), (), LAYOUT_ONLY)
    assert not result.semantic
    assert diff(BASE).summary == NO_CHANGE


# --- impact on figures -------------------------------------------------------------------


def test_impact_on_the_same_data() -> None:
    new = BASE.replace("target 2028 = 100", "target 2028 = 200")
    result = diff(new)
    before = support.evaluate(loaded(BASE), 2025)
    after = support.evaluate(loaded(new), 2025)
    rows = [(r.kind, r.id, r.before, r.after, r.status_before, r.status_after)
            for r in result.with_impact(before, after).impact or ()]
    # a: 100 * 40 / 100 = 40 -> 100 * 40 / 200 = 20; expected in 2025 is 2/5 of the way
    #    to the target either way (40), so 20 >= 40 / 2 is `behind`.
    # k1 = mean(a, b) with b = 100 * 25 / 50 = 50: (40 + 50) / 2 = 45 -> (20 + 50) / 2 = 35
    # f1 = mean(k1, k2) with k2 = 100 * (15 - 10) / (20 - 10) = 50: 47.5 -> 42.5
    assert rows == [
        ("field", "f1", 47.5, 42.5, None, None),
        ("kpi", "k1", 45.0, 35.0, "on_track", "on_track"),
        ("indicator", "a", 40.0, 20.0, "on_track", "behind"),
    ]


# --- the command ---------------------------------------------------------------------------


def dxplan(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "dxplan", "--no-color", *args], cwd=cwd,
                          capture_output=True, text=True, encoding="utf-8", check=False)


def _files(tmp_path: Path, new: str) -> None:
    (tmp_path / "old.dxp").write_text(BASE, encoding="utf-8")
    (tmp_path / "new.dxp").write_text(new, encoding="utf-8")
    (tmp_path / "d.csv").write_text("series,year,value\na,2025,40\nb,2025,25\nc,2025,15\n",
                                    encoding="utf-8")


def test_the_text_view(tmp_path: Path) -> None:
    _files(tmp_path, BASE.replace("target 2028 = 100", "target 2028 = 200\n weight 2"))
    done = dxplan("diff", "old.dxp", "new.dxp", "--data", "d.csv", "--year", "2025",
                  cwd=tmp_path)
    # k1 = (2 * 20 + 1 * 50) / 3 = 30; f1 = (30 + 50) / 2 = 40
    # k1's expected moves with the weights: a expects 40 in 2025 (2/5 of the way), b
    # expects 100 * (20 * 2/3) / 50 = 26.67 (2/3 of the way to its 2026 target of 20);
    # (40 + 26.67) / 2 = 33.3 -> (2 * 40 + 26.67) / 3 = 35.6
    assert done.stdout == """\
dxplan diff: old.dxp -> new.dxp
1 change

  changed  indicator a  "A"
             target 2028: 100 -> 200
             weight: 1 -> 2

Breaking changes (1):
  ! the weight of 'a' changed 1 -> 2: the index of KPI 'k1' is re-weighted

Impact on FY2025 figures (both sides on the same data):
  field      f1  47.5 -> 40.0    (-7.5)
  kpi        k1  45.0 -> 30.0    (-15.0)  on_track -> behind  expected 33.3 -> 35.6
  indicator  a   40.0 -> 20.0    (-20.0)  on_track -> behind
"""
    assert done.returncode == 1


def test_json_and_markdown_views(tmp_path: Path) -> None:
    _files(tmp_path, BASE.replace("target 2028 = 50", "target 2028 = 80"))
    done = dxplan("diff", "old.dxp", "new.dxp", "--format", "json", cwd=tmp_path)
    document = json.loads(done.stdout)
    assert document["changes"] == [{
        "kind": "indicator", "id": "b", "action": "changed", "name": "B", "new_id": None,
        "properties": [{"name": "target 2028", "before": "50", "after": "80"}]}]
    assert (document["semantic"], document["impact"]) == (True, None)
    done = dxplan("diff", "old.dxp", "new.dxp", "--format", "markdown", cwd=tmp_path)
    assert "| changed | indicator `b` B | target 2028: 50 -> 80 |" in done.stdout


def test_layout_only_change_exits_0(tmp_path: Path) -> None:
    _files(tmp_path, BASE.replace("    year 2024", "  year  2024   # FY"))
    done = dxplan("diff", "old.dxp", "new.dxp", cwd=tmp_path)
    assert done.returncode == 0
    assert "no semantic change: layout/comments only" in done.stdout


def test_errors_on_a_side_are_reported_with_the_side(tmp_path: Path) -> None:
    _files(tmp_path, BASE.replace("period 2024..2028", "period 2024..2028 {"))
    done = dxplan("diff", "old.dxp", "new.dxp", cwd=tmp_path)
    assert done.returncode == 1
    assert "errors in NEW (new.dxp):" in done.stderr
    assert "new.dxp:" in done.stderr and done.stdout == ""


def test_a_project_number_too_long_for_a_float_is_reported_not_a_crash() -> None:
    # 400 digits read as infinity: the checker's bad-arguments, and no linked project
    new = BASE.replace("project 2 ", f"project {'9' * 400} ")
    found = loaded(new)
    assert [d.code for d in found.diagnostics if d.is_error] == ["bad-arguments"]
    assert found.workspace is not None
    result = compare(side(BASE), Side(found.workspace, found.modules, (new,)))
    assert ("project", "2", "removed") in [(e.kind, e.id, e.action) for e in result.edits]
