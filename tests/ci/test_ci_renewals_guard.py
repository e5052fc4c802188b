"""``academy ci ledger-guard`` also keeps rosters/renewals.csv append-only."""

from __future__ import annotations

from pathlib import Path

import pytest

from academy.cli import main
from tests.ci.ci_support import Git, commit_all

LEDGER = (
    "certificate,program,cohort,employee_id,issued_on,valid_until,level\n"
    "CS2024001,cs-specialist,2024-03-new-hires,A001,2024-03-15,2025-03-10,advanced\n"
)
HEADER = "certificate,cohort,assessed_on,level,valid_until\n"
ROWS = [
    "CS2024001,2025-03-renewal,2025-03-05,advanced,2026-03-10\n",
    "CS2024001,2026-03-renewal,2026-03-02,advanced,2027-03-10\n",
]
APPENDED = "CS2024001,2027-03-renewal,2027-03-01,intermediate,2028-03-10\n"
RENEWALS = "rosters/renewals.csv"


@pytest.fixture
def base(repo: Path, git: Git) -> Path:
    (repo / "rosters").mkdir()
    (repo / "rosters/ledger.csv").write_text(LEDGER, encoding="utf-8")
    (repo / RENEWALS).write_text(HEADER + "".join(ROWS), encoding="utf-8")
    commit_all(git, "账本和复评记录")
    return repo


@pytest.fixture(autouse=True)
def _outside_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


def guard(root: Path, capsys: pytest.CaptureFixture[str], *rows: str) -> tuple[int, list[str]]:
    (root / RENEWALS).write_text(HEADER + "".join(rows), encoding="utf-8")
    code = main(["ci", "ledger-guard", "--root", str(root), "--base", "HEAD"])
    err = capsys.readouterr().err
    return code, [line for line in err.splitlines() if " G1" in line]


def test_appended_renewal_passes(base: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Is a renewal outcome appended at the end accepted?"""
    assert guard(base, capsys, *ROWS, APPENDED) == (0, [])


def test_changed_renewal_level_fails(base: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Is a recorded renewal whose level was edited a G108 on its line?"""
    code, lines = guard(base, capsys, ROWS[0], ROWS[1].replace("advanced", "junior"))
    assert code == 1
    (line,) = lines
    assert line.startswith("rosters/renewals.csv:3:1: G108 ")
    assert "CS2024001" in line and "2026-03-renewal" in line and "junior" in line


def test_deleted_renewal_fails(base: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Is a recorded renewal deleted from the log a G108?"""
    code, lines = guard(base, capsys, ROWS[1])
    assert code == 1
    (line,) = lines
    assert line.startswith("rosters/renewals.csv:2:1: G108 ") and "2025-03-renewal" in line


def test_reordered_renewals_fail(base: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Are swapped rows or a row inserted before recorded ones a G108?"""
    assert guard(base, capsys, ROWS[1], ROWS[0])[0] == 1
    code, lines = guard(base, capsys, ROWS[0], APPENDED, ROWS[1])
    assert code == 1 and lines[0].startswith("rosters/renewals.csv:3:1: G108 ")


def test_renewals_not_utf8_fails(base: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Is a log saved in GBK a G109, not a traceback?"""
    (base / RENEWALS).write_bytes((HEADER + ROWS[0] + "# 备注\n").encode("gbk"))
    code = main(["ci", "ledger-guard", "--root", str(base), "--base", "HEAD"])
    err = capsys.readouterr().err
    assert code == 1 and err.startswith("rosters/renewals.csv:1:1: G109 ")
