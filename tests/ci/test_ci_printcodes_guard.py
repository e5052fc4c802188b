"""``academy ci ledger-guard`` also keeps rosters/print-codes.csv append-only."""

from __future__ import annotations

from pathlib import Path

import pytest

from academy.cli import main
from tests.ci.ci_support import Git, commit_all

LEDGER = (
    "certificate,program,cohort,employee_id,issued_on,valid_until,level\n"
    "CS2024001,cs-specialist,2024-03-new-hires,A001,2024-03-15,2025-03-10,advanced\n"
)
HEADER = "certificate,printed_on,salt,sha256\n"
ROWS = [f"CS2024001,2024-04-0{n},{str(n) * 32},{str(n) * 64}\n" for n in (1, 2)]
APPENDED = f"CS2024001,2024-05-01,{'3' * 32},{'3' * 64}\n"
CODES = "rosters/print-codes.csv"


@pytest.fixture
def base(repo: Path, git: Git) -> Path:
    (repo / "rosters").mkdir()
    (repo / "rosters/ledger.csv").write_text(LEDGER, encoding="utf-8")
    (repo / CODES).write_text(HEADER + "".join(ROWS), encoding="utf-8")
    commit_all(git, "账本和防伪码记录")
    return repo


@pytest.fixture(autouse=True)
def _outside_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


def guard(root: Path, capsys: pytest.CaptureFixture[str], *rows: str) -> tuple[int, list[str]]:
    (root / CODES).write_text(HEADER + "".join(rows), encoding="utf-8")
    code = main(["ci", "ledger-guard", "--root", str(root), "--base", "HEAD"])
    err = capsys.readouterr().err
    return code, [line for line in err.splitlines() if " G1" in line]


def test_appended_print_code_passes(base: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Is a row appended at the end (a new paper) accepted?"""
    assert guard(base, capsys, *ROWS, APPENDED) == (0, [])


def test_deleted_print_code_row_fails(base: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Is a deleted row (which voids a real paper certificate) a G110?"""
    code, lines = guard(base, capsys, ROWS[1])
    assert code == 1
    assert lines and lines[0].startswith(f"{CODES}:2:1: G110 ")


def test_changed_or_inserted_print_code_row_fails(
    base: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is a changed hash, or a row slipped in before the last one, a G110?"""
    assert guard(base, capsys, ROWS[0], ROWS[1].replace("2" * 64, "f" * 64))[0] == 1
    assert guard(base, capsys, ROWS[0], APPENDED, ROWS[1])[0] == 1


def test_print_codes_turned_into_a_link_fails(
    base: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is a print-codes file replaced by a link a G111, never followed?"""
    (base / CODES).unlink()
    outside = tmp_path / "elsewhere.csv"
    outside.write_text(HEADER + "".join(ROWS), encoding="utf-8")
    (base / CODES).symlink_to(outside)
    code = main(["ci", "ledger-guard", "--root", str(base), "--base", "HEAD"])
    assert code == 1 and " G111 " in capsys.readouterr().err
