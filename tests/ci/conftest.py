"""Fixtures for the CI commands: a throw-away git repository per test."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ci.ci_support import Git, run_git


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """An empty git repository with a committer configured (no global config needed)."""
    root = tmp_path / "repo"
    root.mkdir()
    run_git(root, "init", "--quiet", "--initial-branch=main")
    run_git(root, "config", "user.name", "测试培训师")
    run_git(root, "config", "user.email", "trainer@example.com")
    run_git(root, "config", "commit.gpgsign", "false")
    return root


@pytest.fixture
def git(repo: Path) -> Git:
    """``git("add", ".")`` inside the fixture repository."""

    def call(*args: str) -> str:
        return run_git(repo, *args)

    return call
