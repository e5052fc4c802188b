"""The CI commands meet odd working trees and base commits without a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from academy.cli import main
from tests.ci.ci_support import Git, commit_all, write_repo

GOOD_ROSTER = """\
cohort: 2026-11-new-hires
program: basic
assessed_on: 2026-11-16
trainees:
  - {id: "A001", name: 张三, scores: {theory: 80, practical: 75}}
"""


def test_guard_when_the_ledger_is_a_directory(
    repo: Path, git: Git, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is a directory named ledger.csv a G107 finding with exit 1, not a traceback?"""
    write_repo(repo, GOOD_ROSTER)
    commit_all(git, "base")
    (repo / "rosters" / "ledger.csv").mkdir()
    code = main(["ci", "ledger-guard", "--root", str(repo), "--base", "HEAD"])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("rosters/ledger.csv:1:1: G107 ")
    assert "Traceback" not in err


def test_summary_over_a_base_with_an_absolute_symlink(
    repo: Path, git: Git, capsys: pytest.CaptureFixture[str]
) -> None:
    """Does ``ci summary`` export a base commit holding an absolute symlink without crashing?"""
    write_repo(repo, GOOD_ROSTER)
    (repo / "rosters" / "passwd.yaml").symlink_to("/etc/passwd")
    commit_all(git, "base with a link")
    (repo / "rosters" / "passwd.yaml").unlink()
    code = main(["ci", "summary", "--root", str(repo), "--base", "HEAD", "--as-of", "2026-11-20"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "Traceback" not in err
    assert "root:" not in out  # the link's target was never read
