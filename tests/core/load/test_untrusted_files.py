"""Files that are not what they seem: links out of the repository, special files,
unwritable folders, oversized ledger fields. None crashes, none is read silently.

These cannot be expressed as fixtures in tests/data/bad/ (git does not carry a FIFO,
and a link to /etc/passwd in the test data would itself be a hazard), so each is built
here and checked through the command line, as a trainer would meet it.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from academy.cli import main
from academy.core.certify import append_log
from academy.core.errors import Problem
from tests.support.minirepo import MiniRepo, trainee

AS_OF = ["--as-of", "2024-06-01"]
LINE = re.compile(r"^\S+:\d+:\d+: E\d{3} [^\n]*[\u4e00-\u9fff]")


def grade(repo: MiniRepo, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["grade", "--root", str(repo.root), *AS_OF])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and not p.is_symlink()
    }


def problem_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if ": E" in line]


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A file outside the repository whose content must never be printed."""
    path = tmp_path / "outside" / "secret.yaml"
    path.parent.mkdir()
    path.write_text("cohort: TOP-SECRET-VALUE\n", encoding="utf-8")
    return path


def test_roster_linked_outside_the_repository_is_refused_unread(
    repo: MiniRepo, secret: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is a roster symlinked to a file outside the repository E110, its content never shown?"""
    (repo.root / "rosters").mkdir(parents=True, exist_ok=True)
    (repo.root / "rosters/leak.yaml").symlink_to(secret)
    code, err = grade(repo, capsys)
    assert code == 1
    assert problem_lines(err) == [problem_lines(err)[0]]
    assert problem_lines(err)[0].startswith("rosters/leak.yaml:1:1: E110 ")
    assert "TOP-SECRET" not in err


def test_module_linked_outside_the_repository_is_refused(
    repo: MiniRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is a module symlinked to an outside file refused (E110), so it is never published?"""
    outside = tmp_path / "module.md"
    outside.write_text("---\nid: leak\n---\n机密\n", encoding="utf-8")
    (repo.root / "curriculum/modules").mkdir(parents=True)
    (repo.root / "curriculum/modules/leak.md").symlink_to(outside)
    code, err = grade(repo, capsys)
    assert code == 1
    assert problem_lines(err)[0].startswith("curriculum/modules/leak.md:1:1: E110 ")


def test_rosters_folder_linked_outside_is_refused(
    repo: MiniRepo, secret: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is a sub-folder of rosters/ that links outside the repository refused, not walked?"""
    (repo.root / "rosters").mkdir(parents=True, exist_ok=True)
    (repo.root / "rosters/2024").symlink_to(secret.parent, target_is_directory=True)
    code, err = grade(repo, capsys)
    assert code == 1
    assert problem_lines(err)[0].startswith("rosters/2024:1:1: E110 ")
    assert "TOP-SECRET" not in err


def test_link_inside_the_repository_is_followed(
    repo: MiniRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    """Does a roster linked to another place inside the repository still count (no false alarm)?"""
    target = repo.write("archive/a.yaml", "")
    target.write_text(
        repo.roster("a", trainee("A1", 90, 90, 90)).read_text(encoding="utf-8"), encoding="utf-8"
    )
    (repo.root / "rosters/a.yaml").unlink()
    (repo.root / "rosters/a.yaml").symlink_to(target)
    code, err = grade(repo, capsys)
    assert code == 0, err


def test_link_to_dev_zero_is_refused_without_reading(
    repo: MiniRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is a roster linked to /dev/zero refused at once (reading it would never end)?"""
    (repo.root / "rosters").mkdir(parents=True, exist_ok=True)
    (repo.root / "rosters/zero.yaml").symlink_to("/dev/zero")
    code, err = grade(repo, capsys)
    assert code == 1
    assert problem_lines(err)[0].startswith("rosters/zero.yaml:1:1: E110 ")


def test_fifo_named_like_a_roster_is_reported_not_read(
    repo: MiniRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is a FIFO named x.yaml reported as E109 (opening it would block forever)?"""
    (repo.root / "rosters").mkdir(parents=True, exist_ok=True)
    os.mkfifo(repo.root / "rosters/pipe.yaml")
    code, err = grade(repo, capsys)
    assert code == 1
    assert problem_lines(err)[0].startswith("rosters/pipe.yaml:1:1: E109 ")


def test_directory_named_like_a_roster_is_reported(
    repo: MiniRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is a directory named x.yaml reported (E109) instead of skipped?"""
    (repo.root / "curriculum/programs/x.yaml").mkdir(parents=True)
    code, err = grade(repo, capsys)
    assert code == 1
    assert problem_lines(err)[0].startswith("curriculum/programs/x.yaml:1:1: E109 ")


@pytest.mark.parametrize("name", ["rosters/a.YAML", "rosters/a.Yml", "curriculum/modules/m.MD"])
def test_upper_case_extension_is_reported(
    name: str, repo: MiniRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is a file the tool would not read because of its extension's case reported (E109)?"""
    repo.write(name, "cohort: a\n")
    code, err = grade(repo, capsys)
    assert code == 1
    assert problem_lines(err)[0].startswith(f"{name}:1:1: E109 ")


def test_unwritable_rosters_folder_is_a_chinese_error(
    repo: MiniRepo, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Does a read-only rosters/ give E405 in Chinese, exit 1, no traceback, no stray file?

    The tests may run as root, which ignores permissions, so the refusal of the
    operating system is simulated where the ledger is written.
    """
    repo.roster("a", trainee("A1", 90, 90, 90))

    def refuse(*_: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(append_log.os, "replace", refuse)  # the one writer of both logs
    before = snapshot(repo.root)
    code, err = grade(repo, capsys)
    assert code == 1
    assert problem_lines(err) == [problem_lines(err)[0]]
    assert problem_lines(err)[0].startswith("rosters/ledger.csv:1:1: E405 ")
    assert snapshot(repo.root) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_read_only_rosters_folder_for_real(
    repo: MiniRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    """With a really read-only rosters/, is it E405 and exit 1?"""
    repo.roster("a", trainee("A1", 90, 90, 90))
    (repo.root / "rosters").chmod(0o555)
    try:
        code, err = grade(repo, capsys)
    finally:
        (repo.root / "rosters").chmod(0o755)
    assert code == 1 and " E405 " in err


def test_ledger_field_over_128_kb_is_damage_not_a_crash(
    repo: MiniRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is a ledger field larger than the csv module's limit E402 instead of a traceback?"""
    repo.roster("a", trainee("A1", 90, 90, 90))
    assert main(["grade", "--root", str(repo.root), *AS_OF]) == 0
    text = repo.ledger.read_text(encoding="utf-8")
    repo.ledger.write_text(text.replace(",advanced", ',"' + "x" * 200_000 + '"'), "utf-8")
    code, err = grade(repo, capsys)
    assert code == 1
    assert problem_lines(err)[0].startswith("rosters/ledger.csv:2:1: E402 ")


def test_ledger_that_is_a_directory(repo: MiniRepo, capsys: pytest.CaptureFixture[str]) -> None:
    """Is a directory named ledger.csv reported (E402), not a traceback?"""
    repo.ledger.mkdir(parents=True)
    code, err = grade(repo, capsys)
    assert code == 1
    assert problem_lines(err)[0].startswith("rosters/ledger.csv:1:1: E402 ")


def test_ledger_rows_are_never_written_if_the_next_run_would_refuse_them(
    repo: MiniRepo, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """If a new row slipped past validation (here: forced), is the ledger left unwritten?"""
    repo.roster("a", trainee("A1", 90, 90, 90))
    monkeypatch.setattr("academy.core.certify.issue.format_id", lambda p, y, s: f"{p}{y}{s:03d}\n")
    code, err = grade(repo, capsys)
    assert code == 1
    assert " E402 " in err
    assert not repo.ledger.exists()


def test_every_problem_stays_on_one_line() -> None:
    """Is a message or path with a newline escaped, so the format stays one line per problem?"""
    text = str(Problem("rosters/a\nb.yaml", 1, 2, "E202", "未知字段“x\ny”\r\u2028"))
    assert "\n" not in text and "\r" not in text and "\u2028" not in text
    assert text == "rosters/a\\nb.yaml:1:2: E202 未知字段“x\\ny”\\r\\u2028"


def test_right_to_left_override_in_a_name_is_escaped_in_the_log(
    repo: MiniRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is a name with U+202E refused, and shown escaped so it cannot reorder the CI log?"""
    repo.write(
        "rosters/rlo.yaml",
        "cohort: rlo\nprogram: cs\nassessed_on: 2024-03-10\ntrainees:\n"
        '  - id: "A1"\n    name: "\\u202e三张"\n'
        "    scores: {theory: 80, practical: 80, daily: 80}\n",
    )
    code, err = grade(repo, capsys)
    assert code == 1
    assert "rosters/rlo.yaml:6:11: E203 " in err
    assert "\u202e" not in err and "\\u202e" in err


def test_key_with_a_newline_is_reported_on_one_line(
    repo: MiniRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    """Does an unknown key containing a newline still give exactly one well-formed line?"""
    repo.write(
        "rosters/nl.yaml",
        'cohort: nl\nprogram: cs\nassessed_on: 2024-03-10\n"bad\\nkey": 1\ntrainees: []\n',
    )
    code, err = grade(repo, capsys)
    assert code == 1
    for line in err.splitlines()[:-1]:
        assert LINE.match(line), line


def test_grade_outside_a_portal_repository_is_a_usage_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Does ``grade --root /`` exit 2 (not a portal repository) instead of 0?"""
    with pytest.raises(SystemExit) as exit_info:
        main(["grade", "--root", "/"])
    assert exit_info.value.code == 2
    assert "不是客服学院的仓库" in capsys.readouterr().err


@pytest.mark.parametrize("addr", ["nonsense", "127.0.0.1", "host:99999", "a b:80", ":0"])
def test_serve_with_a_bad_address_fails_before_grading(
    addr: str, repo: MiniRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    """Does ``serve --addr nonsense`` exit 2 before anything is graded or written?"""
    repo.roster("a", trainee("A1", 90, 90, 90))
    with pytest.raises(SystemExit) as exit_info:
        main(["serve", "--root", str(repo.root), "--addr", addr])
    assert exit_info.value.code == 2
    assert "监听地址" in capsys.readouterr().err
    assert not repo.ledger.exists()


def test_ledger_with_bom_and_blank_line_gets_the_same_answer_from_grade_and_guard(
    repo: MiniRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    """Do ``grade`` and ``ci ledger-guard`` both accept a ledger with a BOM and a blank line?"""
    repo.roster("a", trainee("A1", 90, 90, 90))
    assert main(["grade", "--root", str(repo.root), *AS_OF]) == 0
    for cmd in (["init", "-q"], ["add", "-A"]):
        subprocess.run(["git", *cmd], cwd=repo.root, check=True)
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "base"],
        cwd=repo.root,
        check=True,
    )
    repo.ledger.write_bytes(b"\xef\xbb\xbf" + repo.ledger.read_bytes() + b"\n")
    code, err = grade(repo, capsys)
    guard = main(["ci", "ledger-guard", "--root", str(repo.root), "--base", "HEAD"])
    assert (code, guard) == (0, 0), err + capsys.readouterr().err


def test_ledger_linked_outside_the_repository_is_refused_unread(
    repo: MiniRepo, secret: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is a ledger linked to /dev/zero or an outside file refused (E110), never read or shown?"""
    (repo.root / "rosters").mkdir(parents=True, exist_ok=True)
    for target in (Path("/dev/zero"), secret):
        repo.ledger.unlink(missing_ok=True)
        repo.ledger.symlink_to(target)
        code, err = grade(repo, capsys)
        assert code == 1
        assert problem_lines(err) == [
            "rosters/ledger.csv:1:1: E110 证书账本是指向仓库之外的符号链接"
        ]
        assert "TOP-SECRET" not in err


def test_curriculum_folder_linked_outside_is_refused(
    repo: MiniRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is a whole curriculum/ linked outside refused, though the files below are not links?"""
    outside = tmp_path / "elsewhere"
    (repo.root / "curriculum").rename(outside)
    (repo.root / "curriculum").symlink_to(outside, target_is_directory=True)
    code, err = grade(repo, capsys)
    assert code == 1
    assert problem_lines(err)[0].startswith("curriculum/programs:1:1: E110 ")


@pytest.mark.parametrize(
    "link",
    [
        "docs/secret.md",
        "docs/assets/hr/pay.csv",
        "overrides/partials/secret.html",
        "evaluation/feedback/2026-q1.yaml",
        "evaluation/metrics/2026-Q1.csv",
        "rosters/print-codes.csv",
    ],
)
def test_link_out_of_the_repository_is_refused_wherever_it_is_read(
    repo: MiniRepo, tmp_path: Path, link: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is a symbolic link leading outside, under docs/, overrides/, evaluation/ or as the
    print-code file, an E110 at the link, and the outside file never echoed?"""
    secret = tmp_path / "outside-secret.txt"
    secret.write_text("机密：工资表 SECRET-42\n", encoding="utf-8")
    if link.startswith("overrides/"):  # the theme folder, as mkdocs.yml names it
        repo.write(
            "mkdocs.yml", "site_name: x\ntheme:\n  name: material\n  custom_dir: overrides\n"
        )
    target = repo.root / link
    target.parent.mkdir(parents=True, exist_ok=True)
    target.symlink_to(secret)
    code, err = grade(repo, capsys)
    assert code == 1
    assert f"{link}:1:1: E110 " in err
    assert "SECRET-42" not in err


def test_linked_docs_folder_is_refused(
    repo: MiniRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is docs/ itself a link to a folder outside refused (the build would publish it)?"""
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "index.md").write_text("# 外部\n", encoding="utf-8")
    (repo.root / "docs").symlink_to(outside)
    code, err = grade(repo, capsys)
    assert code == 1 and "docs:1:1: E110 " in err
