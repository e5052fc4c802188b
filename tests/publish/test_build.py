"""Does a build stop with readable problems, never a traceback, when the input is wrong?"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from academy.publish.build import build_site
from tests.conftest import AS_OF
from tests.support.site import demo_copy

pytestmark = pytest.mark.slow

MKDOCS = Path(sys.executable).parent / "mkdocs"


def break_a_score(root: Path) -> str:
    roster = root / "rosters" / "2026" / "2026-06-new-hires.yaml"
    text = roster.read_text(encoding="utf-8")
    roster.write_text(text.replace("theory: 84", "theory: 184", 1), encoding="utf-8")
    return "rosters/2026/2026-06-new-hires.yaml:"


def test_bad_input_stops_academy_build_with_located_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Does `academy build` print `path:line:column: CODE message` and exit 1?"""
    root = demo_copy(tmp_path / "repo")
    where = break_a_score(root)
    assert build_site(root, AS_OF) == 1
    err = capsys.readouterr().err
    assert any(line.startswith(where) and ": E204 " in line for line in err.splitlines()), err
    assert "Traceback" not in err
    assert not (root / "site").exists()


def test_plain_mkdocs_build_reports_the_same_problems(tmp_path: Path) -> None:
    """Does `mkdocs build` on its own fail with the same located problems (no traceback)?"""
    root = demo_copy(tmp_path / "repo")
    where = break_a_score(root)
    env = {**os.environ, "ACADEMY_AS_OF": AS_OF.isoformat()}
    done = subprocess.run(
        [str(MKDOCS), "build", "--strict"], cwd=root, env=env, capture_output=True, text=True
    )
    assert done.returncode != 0
    assert any(line.startswith(where) and ": E204 " in line for line in done.stderr.splitlines())
    assert "Traceback" not in done.stderr


def test_a_broken_link_in_a_module_fails_the_strict_build(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is a link to a page that does not exist caught before anything is published?"""
    root = demo_copy(tmp_path / "repo")
    module = root / "curriculum" / "modules" / "communication.md"
    module.write_text(
        module.read_text(encoding="utf-8") + "\n参见[不存在的模块](no-such-module.md)。\n",
        encoding="utf-8",
    )
    assert build_site(root, AS_OF) == 1
    err = capsys.readouterr().err
    assert "no-such-module.md" in err
