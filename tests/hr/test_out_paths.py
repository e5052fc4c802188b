"""`--out` naming a file where a directory is expected, or a directory where a file is
expected: a Chinese message and exit 2, never a traceback, and nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from academy.cli import main
from tests.conftest import copy_demo

COMMANDS = {
    "export": ["export", "--as-of", "2026-11-23", "--out"],
    "print": ["print", "CS2026004", "--as-of", "2026-11-23", "--out"],
    "exam-print": ["exam", "print", "2026-11-theory", "--out"],
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_demo(tmp_path_factory.mktemp("demo") / "repo")


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    capsys.readouterr()
    code = main(args)
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_out_is_an_existing_file_where_a_directory_is_expected(
    command: str, demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is an --out that is an existing file refused in Chinese, the file untouched?"""
    out = tmp_path / "名单.txt"
    out.write_text("keep\n", encoding="utf-8")
    code, err = run([*COMMANDS[command], str(out), "--root", str(demo)], capsys)
    assert code == 2
    assert f"--out “{out}”已存在，是文件而不是目录" in err
    assert out.read_text(encoding="utf-8") == "keep\n"


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_out_under_a_file(
    command: str, demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is an --out below an existing file refused instead of a NotADirectoryError?"""
    (tmp_path / "f").write_text("x", encoding="utf-8")
    code, err = run([*COMMANDS[command], str(tmp_path / "f" / "out"), "--root", str(demo)], capsys)
    assert code == 2 and "是文件，不是目录" in err


def test_a_list_file_that_is_a_directory(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is an export into a folder where pay_rise.xlsx is a directory refused up front?"""
    (tmp_path / "hr" / "pay_rise.xlsx").mkdir(parents=True)
    code, err = run([*COMMANDS["export"], str(tmp_path / "hr"), "--root", str(demo)], capsys)
    assert code == 2 and "已有名为“pay_rise.xlsx”的目录" in err
    assert sorted(p.name for p in (tmp_path / "hr").iterdir()) == ["pay_rise.xlsx"]


def test_bank_export_to_a_directory(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is `bank export --out DIR` refused (a file is expected) instead of IsADirectoryError?"""
    code, err = run(
        ["bank", "export", "--format", "gift", "--out", str(tmp_path), "--root", str(demo)], capsys
    )
    assert code == 2 and f"--out “{tmp_path}”是一个目录" in err
    assert list(tmp_path.iterdir()) == []
