"""A trainer's fresh copy of the demo: a git repository with everything committed.

Each test gets its own copy (``tmp_path``), so the journeys run in parallel safely.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from academy.cli import main
from tests.conftest import demo_copy

LOGS = ("rosters/ledger.csv", "rosters/renewals.csv", "rosters/print-codes.csv")
AS_OF = "2026-12-07"  # a Monday after the demo's last cohort was published
DRAFT = "rosters/2026/2026-12-retake.yaml"
DRAFT_TEXT = """\
cohort: 2026-12-retake
program: cs-specialist
title: 2026年12月补考
assessed_on: 2026-12-04
trainees:
  - id: "A061"
    scores: {theory: 88, practical: 86, daily: 90}
  - id: "C058"
    scores: {theory: 82, practical: 84, daily: 85}
"""


def git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=培训师", "-c", "user.email=trainer@example.com", *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


@dataclass
class Trainer:
    """A trainer at the command line of their own clone."""

    root: Path
    capsys: pytest.CaptureFixture[str]

    def academy(self, *args: str) -> tuple[int, str, str]:
        self.capsys.readouterr()
        code = main([*args, "--root", str(self.root)])
        out, err = self.capsys.readouterr()
        return code, out, err

    def write(self, rel: str, text: str) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def edit(self, rel: str, old: str, new: str) -> None:
        path = self.root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {rel}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def logs_changed(self) -> str:
        """What git sees changed in the ledger, renewals and print codes ("" if nothing)."""
        return git(self.root, "status", "--porcelain", "--", *LOGS)

    def logs(self) -> dict[str, bytes]:
        return {p: (self.root / p).read_bytes() for p in LOGS if (self.root / p).exists()}


@pytest.fixture
def trainer(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Trainer:
    root = demo_copy(tmp_path / "clone")
    (root / ".gitignore").write_text("site/\n.site*\nsrc\n", encoding="utf-8")
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "add", ".")
    git(root, "commit", "--quiet", "-m", "演示仓库")
    return Trainer(root, capsys)
