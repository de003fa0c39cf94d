"""Roadmap progress: summaries counted by hand on a small roadmap, changes between
periods, milestones, and the progress file's diagnostics with their exact positions."""

from __future__ import annotations

import pytest

from dxplan import pipeline
from dxplan.data.read import load_data_bytes
from dxplan.data.records import DataSet, rows_for
from dxplan.model import Workspace
from dxplan.progress import (
    STATUS_ORDER,
    RoadmapResult,
    StatusCounts,
    previous_period,
    summarise,
)
from dxplan.source import Diagnostic, format_diagnostic

PLAN = """\
plan t "テスト計画" {
    period 2023..2028
}

field industry "産業" {
    kpi k1 "KPI一" {
        indicator i1 "指標一" { baseline 2023 = 0; target 2028 = 10 }
    }
    kpi k2 "KPI二" {
        indicator i2 "指標二" { baseline 2023 = 0; target 2028 = 10 }
    }
}

field living "暮らし" {
    kpi k3 "KPI三" {
        indicator i3 "指標三" { baseline 2023 = 0; target 2028 = 10 }
    }
}
"""

ROADMAP = """\
roadmap r6 "令和6年度テスト" {
    year 2024
    field industry {
        category "商工業" {
            project 1 "一" { kpi k1 }
            project 2 "二" { kpi k1 k2 }
            project 3 "三" {
                kpi k2
                milestone 2024H2 "システム稼働"
            }
        }
        category "農業" {
            project 4 "四" { kpi k2 }
        }
    }
    field living {
        category "医療" {
            project 5 "五" { kpi k3 }
            project 6 "六" { kpi k3 }
        }
        category "参考事業" {
            project 7 "七" { reference; kpi k3 }
        }
    }
}
"""

# 2024H1: project 4 has no report; 2024H2: every project reports.
PROGRESS = """\
project,period,status,note
1,2024H1,on_track,
2,2024H1,delayed,入札不調
3,2024H1,未着手,
5,2024H1,suspended,事業者辞退
6,2024H1,on_track,
7,2024H1,on_track,
1,2024H2,完了,
2,2024H2,on_track,再入札で契約
3,2024H2,delayed,機器納入の遅れ
4,2024H2,on_track,
5,2024H2,on_track,
6,2024H2,suspended,予算凍結
7,2024H2,completed,
"""


HEADER = "project,period,status,note\n"


def specs(*roadmaps: str) -> dict[str, str]:
    named = {"plan.dxp": PLAN}
    named |= {f"roadmap{i}.dxp": text for i, text in enumerate(roadmaps or (ROADMAP,))}
    return named


def workspace_in(*roadmaps: str) -> Workspace:
    loaded = pipeline.load_strings(specs(*roadmaps))
    assert loaded.workspace is not None and not loaded.diagnostics, \
        [format_diagnostic(d) for d in loaded.diagnostics]
    return loaded.workspace


def load(progress: str = PROGRESS, *roadmaps: str
         ) -> tuple[Workspace, list[Diagnostic], DataSet]:
    loaded = pipeline.load_strings(specs(*roadmaps), {"progress.csv": progress})
    assert loaded.workspace is not None
    return loaded.workspace, list(loaded.diagnostics), loaded.data


def progress_rows(text: str) -> DataSet:
    return load_data_bytes([("p.csv", text.encode("utf-8"))])[0]


def summary(period: str | None) -> RoadmapResult:
    workspace, diagnostics, data = load()
    assert diagnostics == []
    return summarise(workspace.roadmaps[0], data.progress, period, workspace.plan)


def counts(c: StatusCounts) -> dict[str, int]:
    """The non-zero counts, plus the total and the reference projects kept out."""
    out = {item.status: item.count for item in c.items if item.count}
    return out | {"total": c.total, "references": c.references}


def shares(c: StatusCounts) -> dict[str, float | None]:
    return {item.status: item.share for item in c.items if item.count}


def where(diagnostics: list[Diagnostic]) -> list[tuple[str, int, int, str, str | None]]:
    assert all(d.span is not None for d in diagnostics)
    return [(d.code, d.span.line, d.span.column, d.message, d.hint)
            for d in diagnostics if d.span is not None]


# --- summaries -----------------------------------------------------------------------


def test_first_half_counted_by_field() -> None:
    result = summary("2024H1")
    assert (result.period, result.periods) == ("2024H1", ("2024H1", "2024H2"))
    industry, living = result.by_field
    assert (industry.field, industry.name, industry.projects) == ("industry", "産業", (1, 2, 3, 4))
    # industry 1-4: 1 on_track, 2 delayed, 3 未着手 = not_started, 4 no report
    assert counts(industry.counts) == {"not_started": 1, "on_track": 1, "delayed": 1,
                                       "unreported": 1, "total": 4, "references": 0}
    assert shares(industry.counts) == {"not_started": 0.25, "on_track": 0.25,
                                       "delayed": 0.25, "unreported": 0.25}
    # living 5-6 counted (5 suspended, 6 on_track); 7 is the reference project: out
    assert (living.name, living.projects) == ("暮らし", (5, 6, 7))
    assert counts(living.counts) == {"on_track": 1, "suspended": 1, "total": 2,
                                     "references": 1}
    assert shares(living.counts) == {"on_track": 0.5, "suspended": 0.5}
    # all six counted: not_started 1 (3), on_track 2 (1, 6), delayed 1 (2),
    # suspended 1 (5), unreported 1 (4); 7's on_track is not among them
    assert counts(result.summary) == {"not_started": 1, "on_track": 2, "delayed": 1,
                                      "suspended": 1, "unreported": 1, "total": 6,
                                      "references": 1}
    assert result.summary.share("on_track") == pytest.approx(2 / 6)
    assert result.summary.share("completed") == 0.0


def test_first_half_counted_by_category() -> None:
    result = summary("2024H1")
    groups = {(g.field, g.category): g for g in result.by_category}
    assert list(groups) == [("industry", "商工業"), ("industry", "農業"),
                            ("living", "医療"), ("living", "参考事業")]
    # 商工業 1-3: one each of on_track, delayed, not_started -> a third each
    trade = groups["industry", "商工業"].counts
    assert counts(trade) == {"not_started": 1, "on_track": 1, "delayed": 1, "total": 3,
                             "references": 0}
    assert trade.share("delayed") == pytest.approx(1 / 3)
    assert counts(groups["industry", "農業"].counts) == {"unreported": 1, "total": 1,
                                                       "references": 0}
    assert counts(groups["living", "医療"].counts) == {"on_track": 1, "suspended": 1,
                                                     "total": 2, "references": 0}
    # the reference category counts nothing, so it has no shares at all
    reference = groups["living", "参考事業"].counts
    assert counts(reference) == {"total": 0, "references": 1}
    assert {item.share for item in reference.items} == {None}


def test_reference_project_is_listed_with_its_status() -> None:
    result = summary("2024H2")
    seven = result.projects[-1]
    assert (seven.no, seven.reference, seven.status, seven.category) == (7, True, "completed",
                                                                        "参考事業")
    # industry 1 completed, 2 and 4 on_track, 3 delayed; living 5 on_track, 6 suspended
    assert counts(result.summary) == {"on_track": 3, "delayed": 1, "completed": 1,
                                      "suspended": 1, "total": 6, "references": 1}
    assert [item.status for item in result.summary.items] == list(STATUS_ORDER)


def test_latest_period_is_the_default() -> None:
    assert summary(None) == summary("2024H2")


def test_unreported_projects() -> None:
    assert summary("2024H1").unreported == (4,)
    assert summary("2024H2").unreported == ()
    four = summary("2024H1").projects[3]
    assert (four.no, four.status, four.note) == (4, None, None)


def test_notes_and_statuses_of_projects() -> None:
    result = summary("2024H2")
    assert [(p.no, p.status, p.previous_status, p.note) for p in result.projects[:3]] == [
        (1, "completed", "on_track", None),
        (2, "on_track", "delayed", "再入札で契約"),
        (3, "delayed", "not_started", "機器納入の遅れ"),
    ]


def test_changes_between_halves() -> None:
    result = summary("2024H2")
    assert result.previous_period == "2024H1"
    changes = result.moves
    assert changes.newly_delayed == (3,)  # not_started -> delayed
    assert changes.newly_completed == (1, 7)  # 7 listed though it is a reference project
    assert changes.recovered == (2, 5)  # delayed -> on_track, suspended -> on_track
    assert changes.newly_suspended == (6,)


def test_a_status_kept_from_one_half_to_the_next_is_no_change() -> None:
    workspace = workspace_in()
    data = progress_rows(HEADER + "1,2024H1,delayed,\n1,2024H2,delayed,\n2,2024H1,on_track,\n"
                    "2,2024H2,delayed,\n5,2024H1,suspended,\n5,2024H2,suspended,\n"
                    "6,2024H1,completed,\n6,2024H2,completed,\n")
    changes = summarise(workspace.roadmaps[0], data.progress, "2024H2", workspace.plan).moves
    assert changes.newly_delayed == (2,)  # 1 was delayed already
    assert changes.newly_suspended == changes.newly_completed == changes.recovered == ()


def test_first_half_has_no_changes_without_a_report_before() -> None:
    result = summary("2024H1")
    assert result.previous_period is None
    assert result.moves.newly_delayed == result.moves.recovered == ()
    assert {p.previous_status for p in result.projects} == {None}


def test_first_half_compares_with_the_previous_years_second_half() -> None:
    workspace = workspace_in()
    data = progress_rows(PROGRESS + "1,2023H2,delayed,\n5,2023H2,on_track,\n")
    result = summarise(workspace.roadmaps[0], data.progress, "2024H1", workspace.plan)
    assert result.previous_period == "2023H2"
    assert result.periods == ("2024H1", "2024H2")  # 2023H2 is not this roadmap's
    assert result.moves.recovered == (1,)  # delayed in 2023H2, on_track in 2024H1
    assert result.moves.newly_suspended == (5,)
    # 2 was not reported in 2023H2: a delay with no report before counts as new
    assert result.moves.newly_delayed == (2,)


def test_previous_period() -> None:
    assert previous_period("2024H2", ["2024H1"]) == "2024H1"
    assert previous_period("2024H1", ["2023H2", "2024H2"]) == "2023H2"
    assert previous_period("2024H2", ["2023H2"]) is None
    assert previous_period("2024H1", []) is None


def test_kpis_and_the_projects_serving_them() -> None:
    result = summary("2024H2")
    by_kpi = {k.kpi: k for k in result.by_kpi}
    assert list(by_kpi) == ["k1", "k2", "k3"]
    # k1: 1 completed, 2 on_track -> nothing at risk
    assert (by_kpi["k1"].kpi_name, by_kpi["k1"].projects, by_kpi["k1"].at_risk) == (
        "KPI一", (1, 2), False)
    assert counts(by_kpi["k1"].counts) == {"on_track": 1, "completed": 1, "total": 2,
                                           "references": 0}
    # k2: 2 on_track, 3 delayed, 4 on_track -> at risk
    assert (by_kpi["k2"].projects, by_kpi["k2"].at_risk) == ((2, 3, 4), True)
    # k3: 5 on_track, 6 suspended, 7 (reference) completed and not counted -> at risk
    assert (by_kpi["k3"].projects, by_kpi["k3"].at_risk) == ((5, 6, 7), True)
    assert counts(by_kpi["k3"].counts) == {"on_track": 1, "suspended": 1, "total": 2,
                                           "references": 1}


def test_milestones_due_in_the_period_shown() -> None:
    assert [p.milestones_due for p in summary("2024H1").projects] == [()] * 7
    three = summary("2024H2").projects[2]
    (due,) = three.milestones_due
    # project 3 is delayed in 2024H2, so its milestone is at risk
    assert (due.period, due.text, due.met) == ("2024H2", "システム稼働", False)


def test_milestone_met_and_unreported() -> None:
    workspace = workspace_in()
    data = progress_rows("project,period,status\n3,2024H2,completed\n")
    result = summarise(workspace.roadmaps[0], data.progress, "2024H2", workspace.plan)
    assert result.projects[2].milestones_due[0].met is True
    result = summarise(workspace.roadmaps[0], (), "2024H2", workspace.plan)
    assert result.projects[2].milestones_due[0].met is None


def test_no_report_at_all() -> None:
    workspace = workspace_in()
    result = summarise(workspace.roadmaps[0], (), None, workspace.plan)
    assert (result.period, result.periods, result.previous_period) == (None, (), None)
    assert result.unreported == (1, 2, 3, 4, 5, 6, 7)
    assert counts(result.summary) == {"unreported": 6, "total": 6, "references": 1}


# --- validation of the progress file ----------------------------------------------------


def test_unknown_project_number() -> None:
    _, diagnostics, _ = load(HEADER + "1,2024H1,on_track,\n9,2024H1,on_track,\n")
    assert where(diagnostics) == [(
        "unknown-project", 3, 1, "project 9 is not in the roadmap",
        "projects are numbered 1–7; nearest: 6 「六」, 7 「七」",
    )]


def test_period_outside_the_roadmap_year() -> None:
    _, diagnostics, _ = load(HEADER + "1,2025H1,on_track,\n")
    assert where(diagnostics) == [(
        "period-outside-year", 2, 3, "period 2025H1 is outside fiscal 2024",
        "this roadmap's periods are 2024H1 (上期) and 2024H2 (下期)",
    )]


def test_unknown_status_with_a_guess() -> None:
    _, diagnostics, _ = load(HEADER + "1,2024H1,on_trak,\n")
    assert where(diagnostics) == [(
        "bad-status", 2, 10, "unknown status 'on_trak'",
        "did you mean 'on_track'? statuses: not_started, on_track, delayed, completed, "
        "suspended (or 未着手, 順調, 遅れ, 完了, 中止)",
    )]


def test_duplicate_and_conflicting_rows() -> None:
    rows = "1,2024H1,on_track,\n1,2024H1,順調,\n2,2024H1,delayed,\n2,2024H1,on_track,\n"
    _, diagnostics, _ = load(HEADER + rows)
    path = "progress.csv"
    assert where(diagnostics) == [
        ("duplicate-row", 3, 1, "project 1 2024H1 is given twice",
         f"first given at {path}:2; this row is ignored"),
        ("conflicting-rows", 5, 10, "project 2 2024H1 is on_track here but delayed before",
         f"first given at {path}:4; keep one of the two rows"),
    ]
    assert [d.severity.value for d in diagnostics] == ["warning", "error"]


R5 = """\
roadmap r5 "令和5年度テスト" {
    year 2023
    field industry {
        category "商工業" {
            project 1 "旧一" { kpi k1 }
        }
    }
}
"""


def test_each_row_is_checked_against_the_roadmap_of_its_year() -> None:
    rows = "1,2023H2,on_track,\n2,2023H2,on_track,\n2,2024H1,on_track,\n1,2025H1,on_track,\n"
    workspace, diagnostics, data = load(HEADER + rows, ROADMAP, R5)
    # 2 is in r6 but not in r5 (2023); 2025 has no roadmap: one error, against the nearest
    assert where(diagnostics) == [
        ("unknown-project", 3, 1, "project 2 is not in the roadmap",
         "projects are numbered 1–1; nearest: 1 「旧一」"),
        ("period-outside-year", 5, 3, "period 2025H1 is outside fiscal 2024",
         "this roadmap's periods are 2024H1 (上期) and 2024H2 (下期)"),
    ]
    r6, r5 = workspace.roadmaps
    assert [(r.project, r.period) for r in rows_for(r5, data.progress)] == [
        (1, "2023H2"), (2, "2023H2")]
    assert [(r.project, r.period) for r in rows_for(r6, data.progress)] == [(2, "2024H1")]
