"""Reviewing specs in git: `dxplan diff REV:path path` and the textconv diff driver, in a
throwaway repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dxplan.review.gitrev import read_revision

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

PLAN = """\
plan p "計画" {
    period 2024..2028
}

field f "分野" {
    kpi k "KPI" {
        indicator a "A" {
            baseline 2023 = 0
            target 2028 = 60
        }
    }
}
"""

ROOT = Path(__file__).resolve().parent.parent


def _env(home: Path) -> dict[str, str]:
    # no user or system git config: a signing hook or a pager there must not leak in
    return {**os.environ, "HOME": str(home), "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": os.devnull, "LC_ALL": "C"}


def git(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=repo, env=_env(repo), capture_output=True,
                          text=True, encoding="utf-8", check=True)


def dxplan(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "dxplan", "--no-color", *args], cwd=repo,
                          env=_env(repo), capture_output=True, text=True, encoding="utf-8",
                          check=False)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository with two commits of plan.dxp: the target of `a` went 60 -> 80."""
    git(tmp_path, "init", "-q")
    git(tmp_path, "config", "user.name", "test")
    git(tmp_path, "config", "user.email", "test@example.com")
    shutil.copy(ROOT / ".gitattributes", tmp_path / ".gitattributes")
    (tmp_path / "plan.dxp").write_text(PLAN, encoding="utf-8")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "plan")
    (tmp_path / "plan.dxp").write_text(PLAN.replace("= 60", "= 80"), encoding="utf-8")
    git(tmp_path, "commit", "-q", "-am", "raise the target")
    return tmp_path


def test_diff_against_a_revision(repo: Path) -> None:
    done = dxplan(repo, "diff", "HEAD~1:plan.dxp", "plan.dxp")
    assert done.returncode == 1
    assert done.stdout == (
        "dxplan diff: HEAD~1:plan.dxp -> plan.dxp\n1 change\n\n"
        '  changed  indicator a  "A"\n             target 2028: 60 -> 80\n')
    assert dxplan(repo, "diff", "HEAD:plan.dxp", "plan.dxp").returncode == 0


def test_unknown_revision_is_a_located_diagnostic(repo: Path) -> None:
    done = dxplan(repo, "diff", "HEAD~5:plan.dxp", "plan.dxp")
    assert done.returncode == 1
    assert "<old>:1:1: error[git-revision]: unknown revision 'HEAD~5'" in done.stderr
    assert "  1 | HEAD~5:plan.dxp\n    | ^^^^^^\n" in done.stderr


def test_missing_path_in_a_revision_suggests_the_near_name(repo: Path) -> None:
    done = dxplan(repo, "diff", "HEAD~1:plan.dx", "plan.dxp")
    assert done.returncode == 1
    assert "<old>:1:8: error[git-path]: 'plan.dx' does not exist in HEAD~1" in done.stderr
    assert "did you mean 'plan.dxp'?" in done.stderr


def test_textconv_shows_canonical_text_in_git_diff(repo: Path) -> None:
    # the driver docs/review.md sets up, falling back to the raw text on a syntax error
    textconv = f'f() {{ "{sys.executable}" -m dxplan fmt "$1" 2>/dev/null || cat "$1"; }}; f'
    config = f"diff.dxplan.textconv={textconv}"
    plan = repo / "plan.dxp"
    plan.write_text(PLAN.replace("    period 2024..2028", "\tperiod   R6..2028  # FY"),
                    encoding="utf-8")
    # layout only: the canonical texts differ by the new comment alone
    shown = git(repo, "-c", config, "diff").stdout
    assert "-    period 2024..2028\n+    period 2024..2028  # FY\n" in shown
    assert "\tperiod" not in shown
    plan.write_text(PLAN.replace("= 60", "= 90"), encoding="utf-8")
    assert "-            target 2028 = 80\n+            target 2028 = 90\n" in \
        git(repo, "-c", config, "diff").stdout
    plan.write_text(PLAN + "field {\n", encoding="utf-8")  # mid-edit: no valid syntax
    assert "+field {\n" in git(repo, "-c", config, "diff").stdout


def test_a_revision_that_looks_like_an_option_is_refused_before_git_sees_it(
    tmp_path: Path,
) -> None:
    # `git show --output=x:y` would write a file; a revision never starts with '-'
    source, diagnostics = read_revision("--output=leak:plan.dxp", "old", cwd=str(tmp_path))
    assert source is None
    assert [d.code for d in diagnostics] == ["git-revision"]
    assert not (tmp_path / "leak").exists()
