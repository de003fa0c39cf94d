"""A spec as it was in a git revision: `REV:path`, read with `git show`.

The path is git's: from the repository's top folder, or `REV:./name` relative to the
current folder. When git cannot give the file, the diagnostic points into the argument
itself (`<old>:1:1`, caret under the revision or the path) and says which part is wrong.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from dxplan.source import Diagnostic, SourceFile, Span, did_you_mean, error


def is_revision(argument: str) -> bool:
    """`REV:path` names a git revision unless a file of that name exists."""
    rev, sep, path = argument.partition(":")
    return bool(sep and rev and path) and not Path(argument).exists()


def _git(args: list[str], cwd: str | None) -> subprocess.CompletedProcess[bytes]:
    # LC_ALL=C: nothing here reads git's messages, but a localised git may not be UTF-8
    env = {**os.environ, "LC_ALL": "C", "GIT_PAGER": "cat"}
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, env=env, check=False)


def read_revision(argument: str, role: str = "argument", cwd: str | None = None
                  ) -> tuple[SourceFile | None, list[Diagnostic]]:
    """The text of `REV:path`; `role` names the argument in diagnostics (e.g. 'old')."""
    rev, _, path = argument.partition(":")
    where = SourceFile(f"<{role}>", argument)
    whole = Span.point(where, 1, 1, len(argument))
    if rev.startswith("-"):  # git would read it as an option of its own, not a revision
        return None, [error("git-revision", f"unknown revision '{rev}'",
                            Span.point(where, 1, 1, len(rev)),
                            "e.g. HEAD~1, main, a tag or a commit hash (see git log)")]
    try:
        shown = _git(["show", f"{rev}:{path}"], cwd)
    except OSError as exc:
        return None, [error("git", f"git cannot be run: {exc.strerror or exc}", whole,
                            "install git, or give the old version as a file")]
    if shown.returncode == 0 and _git(["cat-file", "-t", f"{rev}:{path}"], cwd
                                      ).stdout.strip() == b"blob":
        try:
            return SourceFile(argument, shown.stdout.decode("utf-8-sig")), []
        except UnicodeDecodeError:
            return None, [error("encoding", f"{argument} is not UTF-8 text", whole,
                                "save .dxp files as UTF-8")]
    return None, [_why_not(rev, path, where, cwd)]


def _why_not(rev: str, path: str, where: SourceFile, cwd: str | None) -> Diagnostic:
    argument = where.text
    if _git(["rev-parse", "--git-dir"], cwd).returncode != 0:
        return error("git", "not inside a git repository, so a revision cannot be read",
                     Span.point(where, 1, 1, len(argument)),
                     "run dxplan diff inside the repository, or give a file path")
    if _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], cwd).returncode != 0:
        return error("git-revision", f"unknown revision '{rev}'",
                     Span.point(where, 1, 1, len(rev)),
                     "e.g. HEAD~1, main, a tag or a commit hash (see git log)")
    listing = _git(["ls-tree", "-r", "--name-only", "--full-tree", rev], cwd)
    files = listing.stdout.decode("utf-8", errors="replace").splitlines()
    prefix = _git(["rev-parse", "--show-prefix"], cwd).stdout.decode().strip()
    hint = did_you_mean(path, files) or (
        f"git reads '{path}' from the repository's top folder; write {rev}:./{path} for "
        "a path from the current folder" if prefix and not path.startswith("./")
        else "list the files with: git ls-tree -r --name-only " + rev)
    return error("git-path", f"'{path}' does not exist in {rev}",
                 Span.point(where, 1, len(rev) + 2, len(path)), hint)


def worktree_path(argument: str, cwd: str | None = None) -> Path | None:
    """The working-tree file a `REV:path` argument names (to recognise it among the
    configured specs), or None outside a repository."""
    _rev, _, path = argument.partition(":")
    base = Path(cwd or ".")
    if path.startswith(("./", "../")):
        return (base / path).resolve()
    top = _git(["rev-parse", "--show-toplevel"], cwd)
    if top.returncode != 0:
        return None
    return (Path(top.stdout.decode().strip()) / path).resolve()
