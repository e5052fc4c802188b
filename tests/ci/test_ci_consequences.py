"""The check's summary says what a pull request would change once published."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from academy.cli import main
from tests.ci.ci_support import Git, commit_all
from tests.conftest import copy_demo

AS_OF = "2026-12-01"  # after the 2026-11 cohort's certificates are issued (2026-11-27)
ROSTER = "rosters/2026/2026-11-new-hires.yaml"
ABSENT = '  - id: "A061"\n    name: 沈一鸣\n    department: 客服一部\n    position: 客服专员\n'


@pytest.fixture
def raised(repo: Path, git: Git) -> Path:
    """The demo on main, and a pull request giving A061 (absent from theory) a 92."""
    copy_demo(repo, ("curriculum", "rosters", "evaluation", "mkdocs.yml"))
    commit_all(git, "基准")
    roster = repo / ROSTER
    text = roster.read_text(encoding="utf-8")
    at = text.index(ABSENT)
    edited = text[:at] + text[at:].replace("theory: absent", "theory: 92", 1)
    assert edited != text
    roster.write_text(edited, encoding="utf-8")
    return repo


@pytest.fixture(autouse=True)
def _no_step_summary(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)


def test_raising_one_score_shows_the_certificate_and_list_changes(
    raised: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Does the summary name the new certificate and count the HR list moves, with the
    person only in the private file?"""
    summary, private = tmp_path / "summary.md", tmp_path / "private" / "名单变化.csv"
    argv = ["ci", "summary", "--root", str(raised), "--base", "HEAD", "--as-of", AS_OF]
    code = main([*argv, "--output", str(summary), "--private-out", str(private)])
    capsys.readouterr()
    assert code == 0
    text = summary.read_text(encoding="utf-8")
    assert "- 证书：将颁发 1 张" in text
    issued = [line for line in text.splitlines() if line.startswith("| `CS2026016` | A061 |")]
    assert len(issued) == 1 and "高级客户服务专员" in issued[0]
    counts = next(line for line in text.splitlines() if line.startswith("- 人事名单（发布后）："))
    assert "补考名单 +0 −1" in counts
    assert "试用期延长建议 +0 −1" in counts
    assert "晋升候选" not in counts  # unchanged lists are not listed
    assert "调薪名单" not in counts  # A061 is an intern: paid elsewhere
    assert "沈一鸣" not in text  # the summary masks names; who moves is private
    with private.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    moves = {(r["名单"], r["变化"], r["员工编号"], r["姓名"]) for r in rows}
    assert moves == {
        ("补考名单", "移出", "A061", "沈一鸣"),
        ("试用期延长建议", "移出", "A061", "沈一鸣"),
    }


def test_private_file_is_refused_inside_the_repository(
    raised: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is the per-person file never written inside the repository (exit 2, nothing written)?"""
    inside = raised / "site" / "名单变化.csv"
    argv = ["ci", "summary", "--root", str(raised), "--base", "HEAD", "--as-of", AS_OF]
    code = main([*argv, "--private-out", str(inside)])
    _, err = capsys.readouterr()
    assert code == 2
    assert "仓库" in err
    assert not inside.exists()


def test_list_counts_read_as_plus_and_minus() -> None:
    """Is a list's change shown as counts only, e.g. 调薪名单 +2 −1?"""
    from academy.hr.consequences import ListChange

    change = ListChange(
        "pay_rise",
        "调薪名单",
        ({"employee_id": "A1"}, {"employee_id": "A2"}),
        ({"employee_id": "B1"},),
    )
    assert change.counts() == "调薪名单 +2 −1"


def test_check_workflow_keeps_the_per_person_file_private_for_three_days() -> None:
    """Does check.yml write the per-person file outside the checkout and upload it as a
    3-day artifact?"""
    from tests.ci.ci_support import CHECK, load_workflow

    steps = load_workflow(CHECK)["jobs"]["data"]["steps"]
    summary = next(s for s in steps if "academy ci summary" in s.get("run", ""))
    assert '--private-out "$RUNNER_TEMP/academy-consequences/' in summary["run"]
    upload = next(s for s in steps if s.get("with", {}).get("name") == "academy-consequences")
    assert upload["uses"].startswith("actions/upload-artifact@")
    assert upload["with"]["retention-days"] == 3
    assert upload["with"]["path"] == "${{ runner.temp }}/academy-consequences"
