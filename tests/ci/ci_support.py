"""Helpers shared by the CI tests (a module name no other test folder uses)."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from tests.support.programs import weighted

REPO = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parent / "data"
WORKFLOWS = REPO / ".github" / "workflows"
CHECK, PUBLISH = WORKFLOWS / "check.yml", WORKFLOWS / "publish.yml"

Git = Callable[..., str]

PROGRAM = weighted(
    "basic",
    "客服基础考核",
    certificate="prefix: CB, validity_months: 12",
    components=(("theory", "理论考试", 50), ("practical", "实操考核", 50)),
    levels=(("pass", "合格", 60),),
)

# duplicate-key-and-score-over-100: `theory` twice for A001, and a practical score of 120
ROSTER = """\
cohort: 2026-11-new-hires
program: basic
title: 2026年11月新员工培训
assessed_on: 2026-11-16
trainees:
  - id: "A001"
    name: 张三
    scores:
      theory: 80
      theory: 85
      practical: 75
  - id: "A002"
    name: 李四
    scores: {theory: 70, practical: 120}
"""


def write_repo(root: Path, roster: str = ROSTER) -> Path:
    """A tiny repository: one program and one roster (by default, one with two errors)."""
    (root / "curriculum" / "programs").mkdir(parents=True)
    (root / "rosters").mkdir()
    (root / "curriculum" / "programs" / "basic.yaml").write_text(PROGRAM, encoding="utf-8")
    (root / "rosters" / "2026").mkdir()  # the guide's layout: rosters/<年份>/
    (root / "rosters" / "2026" / "2026-11-new-hires.yaml").write_text(roster, encoding="utf-8")
    return root


def run_git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True)
    return done.stdout


def commit_all(git: Git, message: str) -> None:
    git("add", "--all")
    git("commit", "--quiet", "--no-verify", "-m", message)


def overlay(src: Path, dest: Path) -> None:
    """Copy the files under ``src`` over ``dest`` (new files added, same names replaced)."""
    shutil.copytree(src, dest, dirs_exist_ok=True)


def load_workflow(path: Path) -> dict[str, Any]:
    """A workflow as GitHub reads it (YAML 1.2: ``on`` stays a string, not ``True``)."""
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
