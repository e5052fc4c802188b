"""``academy ci summary``: the job summary of what a pull request changes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from academy.ci.summary_markdown import MAX_ROWS, cell, render_problems, table
from academy.cli import main
from academy.core.errors import Problem
from tests.ci.ci_support import DATA, Git, commit_all, overlay

AS_OF = dt.date(2026, 11, 23)


@pytest.fixture
def pull_request(repo: Path, git: Git, capsys: pytest.CaptureFixture[str]) -> Path:
    """Two commits: the base (graded, ledger committed) and a trainer's pull request."""
    overlay(DATA / "pr-base", repo)
    assert main(["grade", "--root", str(repo), "--as-of", "2026-02-01"]) == 0
    commit_all(git, "基准：2026年1月班次")
    overlay(DATA / "pr-head", repo)
    commit_all(git, "新增11月班次，撤销一张证书，更新课程模块")
    capsys.readouterr()
    return repo


def summary(root: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str, str]:
    argv = ["ci", "summary", "--root", str(root), "--as-of", AS_OF.isoformat(), *extra]
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def _no_step_summary(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)


def test_summary_of_a_pull_request_matches_golden(
    pull_request: Path, capsys: pytest.CaptureFixture[str], golden: Callable[[str, str], None]
) -> None:
    """Does the summary list the new cohort, results, certificates, revocation and modules?"""
    code, out, _ = summary(pull_request, capsys, "--base", "HEAD~1")
    assert code == 0
    golden("ci/summary.md", out)


def test_summary_names_what_a_reviewer_must_notice(
    pull_request: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Are the key facts there: new ids, the revocation, the bump and the missing bump?"""
    _, out, _ = summary(pull_request, capsys, "--base", "HEAD~1")
    assert "| `2026-11-new-hires` 2026年11月新员工培训 | `cs-basic` | 认证考核 | 新增 |" in out
    assert "通过认证 2，未通过 1，未完成（含缺考） 1" in out
    assert "| `CB2026001` | A001 | 2026-11-18 | 违反客户信息保密规定 |" in out
    assert "| `greeting` 接待与问候 | 1.0.0 → 1.1.0 | 增加节假日问候语 |" in out
    assert "> - `ticketing` 工单登记" in out
    issued = [line.split(" | ")[0] for line in out.splitlines() if line.startswith("| `CB2026")]
    assert issued[:3] == ["| `CB2026003`", "| `CB2026004`", "| `CB2026005`"]
    assert "张三" not in out and "欧阳娜娜" not in out  # names are masked
    assert "欧\\*\\*\\*" in out


def test_summary_is_appended_to_the_step_summary_file(
    pull_request: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without --output, inside Actions, is the summary appended to $GITHUB_STEP_SUMMARY?"""
    target = pull_request.parent / "step-summary.md"
    target.write_text("前一步的摘要\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(target))
    code, out, _ = summary(pull_request, capsys, "--base", "HEAD~1")
    assert code == 0
    assert out == ""
    text = target.read_text(encoding="utf-8")
    assert text.startswith("前一步的摘要\n## 客服学院：本次修改的影响\n")


def test_output_option_writes_the_file(
    pull_request: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Does --output FILE write the same Markdown that stdout would show?"""
    _, expected, _ = summary(pull_request, capsys, "--base", "HEAD~1")
    target = pull_request.parent / "summary.md"
    code, out, _ = summary(pull_request, capsys, "--base", "HEAD~1", "--output", str(target))
    assert code == 0
    assert out == ""
    assert target.read_text(encoding="utf-8") == expected


def test_no_change_says_so(pull_request: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Compared with itself, does the summary say that nothing changes?"""
    code, out, _ = summary(pull_request, capsys, "--base", "HEAD")
    assert code == 0
    assert "本次修改不影响考核结果、证书和课程模块版本。" in out


def test_input_errors_are_listed_and_fail(
    pull_request: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """When the pull request breaks a roster, does the summary list the problems and exit 1?"""
    roster = pull_request / "rosters" / "2026-11-new-hires.yaml"
    roster.write_text(
        roster.read_text(encoding="utf-8").replace("theory: 95", "theory: 950"), encoding="utf-8"
    )
    code, out, err = summary(pull_request, capsys, "--base", "HEAD~1")
    assert code == 1
    assert "❌ 本次修改后的数据有 1 个问题，无法评分。" in out
    assert "rosters/2026-11-new-hires.yaml:8:22: E204 " in out
    assert "无法评分" in err


def test_unknown_base_is_a_usage_error(
    pull_request: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Does a base that git does not know exit 2 with a hint about fetch-depth?"""
    code, out, err = summary(pull_request, capsys, "--base", "origin/nope")
    assert code == 2
    assert out == ""
    assert "fetch-depth: 0" in err


def test_full_commit_ids_are_shortened(
    pull_request: Path, git: Git, capsys: pytest.CaptureFixture[str]
) -> None:
    """In CI the base is a 40-digit commit id: is it shown as the usual 7 digits?"""
    sha = git("rev-parse", "HEAD~1").strip()
    _, out, _ = summary(pull_request, capsys, "--base", sha)
    assert f"对比基准 `{sha[:7]}`，" in out


def test_outside_a_git_repository_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Run outside git, does the command say so instead of blaming the base ref?"""
    (tmp_path / "rosters").mkdir()  # a portal repository, but not under git
    code, _, err = summary(tmp_path, capsys, "--base", "main")
    assert code == 2
    assert "不在 git 仓库中" in err


def test_roster_text_cannot_break_the_markdown() -> None:
    """Are pipes, tags and line breaks from a roster neutralised inside table cells?"""
    assert cell("A|B <script>\n*x*") == "A\\|B \\<script\\> \\*x\\*"


def test_long_tables_are_cut_with_a_count() -> None:
    """Does a huge table stop at MAX_ROWS and say how many rows it left out?"""
    rows = [f"| {i} | x |" for i in range(MAX_ROWS + 5)]
    out = table(("编号", "值"), rows)
    assert len(out) == 2 + MAX_ROWS + 1
    assert out[-1].startswith("| …另有 5 行未列出")
    assert out[-1].count("|") == 3


def test_problem_list_fence_cannot_be_closed_by_a_message() -> None:
    """Does the code fence around the problems outgrow any backticks inside them?"""
    problem = Problem("rosters/a.yaml", 1, 1, "E302", "未知的方案“```x”")
    text = render_problems([problem], "main")
    assert "\n````text\n" in text and text.endswith("\n````\n")


def test_program_edit_that_rescores_is_refused(
    pull_request: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Does a program edit that would lower a published level fail the summary with E404?"""
    program = pull_request / "curriculum" / "programs" / "cs-basic.yaml"
    text = program.read_text(encoding="utf-8")
    program.write_text(text.replace("min_total: 85", "min_total: 90"), encoding="utf-8")
    code, out, _ = summary(pull_request, capsys, "--base", "HEAD")
    assert code == 1
    assert "E404" in out and "CB2026001" in out


def test_a_program_change_regrades_its_cohorts(
    pull_request: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """When only the program changes, are its cohorts listed as regraded, trainee by trainee?

    The change lowers a published certificate's level, so it is recorded as a correction
    (without one, grading refuses it: see test_program_edit_that_rescores_is_refused).
    """
    program = pull_request / "curriculum" / "programs" / "cs-basic.yaml"
    text = program.read_text(encoding="utf-8")
    program.write_text(text.replace("min_total: 85", "min_total: 90"), encoding="utf-8")
    (pull_request / "rosters" / "corrections.yaml").write_text(
        "corrections:\n  - {certificate: CB2026001, level: junior, corrected_on: 2026-11-20,"
        " reason: 高级最低分提高到 90 分}\n",
        encoding="utf-8",
    )
    code, out, _ = summary(pull_request, capsys, "--base", "HEAD")
    assert code == 0
    assert "| `2026-01-new-hires` 2026年1月新员工培训 | `cs-basic` | 认证考核 | 结果变化 |" in out
    assert (
        "| A001 | 张\\* | 通过认证（89.0，高级客服，CB2026001） "
        "| 通过认证（89.0，初级客服，CB2026001） |"
    ) in out
    assert "- `cs-basic` 客服基础认证：修改" in out


def test_a_broken_base_is_compared_as_empty(
    repo: Path, git: Git, capsys: pytest.CaptureFixture[str]
) -> None:
    """If the base itself does not grade, does the summary say so and still report the head?"""
    overlay(DATA / "pr-base", repo)
    roster = repo / "rosters" / "2026-01-new-hires.yaml"
    good = roster.read_text(encoding="utf-8")
    roster.write_text(good.replace("practical: 88", "practical: 188"), encoding="utf-8")
    commit_all(git, "坏的基准")
    roster.write_text(good, encoding="utf-8")
    code, out, _ = summary(repo, capsys, "--base", "HEAD")
    assert code == 0
    assert "基准版本本身有 1 个问题、无法评分" in out
    assert "| 新增 | 通过认证 2，未通过 1 |" in out


def test_summary_counts_results_for_review_but_names_nobody(
    pull_request: Path, git: Git, capsys: pytest.CaptureFixture[str]
) -> None:
    """Does one more result on a cut (85.0 at 高级客服 85) read 人工复核 +1, without its id?"""
    roster = pull_request / "rosters" / "2026-11-new-hires.yaml"
    roster.write_text(
        roster.read_text(encoding="utf-8")
        + '  - id: "B009"\n    name: 周九\n    scores: {theory: 85, practical: 85}\n',
        encoding="utf-8",
    )
    _, before, _ = summary(pull_request, capsys, "--base", "HEAD")
    assert "- 人工复核 +1（" in before
    assert "B009" not in before.split("- 人工复核", 1)[1].splitlines()[0]
    commit_all(git, "补录一名学员")
    _, after, _ = summary(pull_request, capsys, "--base", "HEAD~1")
    assert "- 人工复核 +1（" in after


def test_review_line_is_left_out_when_the_count_does_not_change() -> None:
    from academy.ci.review_count import review_line

    assert review_line(0) is None
    assert (
        review_line(-2)
        == "- 人工复核 -2（临近等级线、需人工复核的结果数的变化，名单见 academy export）"
    )
