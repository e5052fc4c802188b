"""``academy ci ledger-guard``: the ledger only grows, checked without the grading code."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from academy.ci import ledger_guard, renewals_guard
from academy.cli import main
from tests.ci.ci_support import Git, commit_all

HEADER = "certificate,program,cohort,employee_id,issued_on,valid_until,level\n"
ROWS = [
    "CS2024001,cs-specialist,2024-03-new-hires,A001,2024-03-15,2025-03-10,advanced\n",
    "CS2024002,cs-specialist,2024-03-new-hires,C003,2024-03-15,2025-03-10,advanced\n",
    "CS2024003,cs-specialist,2024-03-new-hires,A006,2024-03-15,2025-03-10,intermediate\n",
]
APPENDED = "CS2024004,cs-specialist,2024-09-new-hires,B010,2024-09-20,2025-09-12,junior\n"
LEDGER = "rosters/ledger.csv"


@pytest.fixture
def base(repo: Path, git: Git) -> Path:
    """A repository whose committed ledger holds three certificates."""
    (repo / "rosters").mkdir()
    (repo / LEDGER).write_text(HEADER + "".join(ROWS), encoding="utf-8")
    commit_all(git, "账本")
    return repo


def write_ledger(root: Path, *rows: str) -> None:
    (root / LEDGER).write_text(HEADER + "".join(rows), encoding="utf-8")


def guard(root: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str, str]:
    code = main(["ci", "ledger-guard", "--root", str(root), "--base", "HEAD", *extra])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def _outside_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


def test_appended_certificate_passes(base: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Does the guard accept a ledger that only gained a row at the end?"""
    write_ledger(base, *ROWS, APPENDED)
    code, out, err = guard(base, capsys)
    assert code == 0
    assert out == ""
    assert "基准版本的 3 张证书原样保留，末尾新增 1 张" in err


def test_unchanged_ledger_passes(base: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Does the guard accept a pull request that does not touch the ledger?"""
    code, _, err = guard(base, capsys)
    assert code == 0
    assert "末尾新增 0 张" in err


def test_renumbered_certificate_fails(base: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Is a published certificate that got a new number caught, on the line it sits?"""
    write_ledger(base, ROWS[0], ROWS[1].replace("CS2024002", "CS2024009"), ROWS[2])
    code, _, err = guard(base, capsys)
    assert code == 1
    assert err.splitlines()[0] == (
        "rosters/ledger.csv:3:1: G102 已发布的证书 CS2024002"
        "（员工 C003，班次 2024-03-new-hires）的编号被改成了 CS2024009"
    )


def test_deleted_certificate_fails(base: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Is a published certificate that vanished from the ledger caught?"""
    write_ledger(base, ROWS[0], ROWS[2])
    code, _, err = guard(base, capsys)
    assert code == 1
    assert err.splitlines()[0] == (
        "rosters/ledger.csv:3:1: G101 已发布的证书 CS2024002"
        "（员工 C003，班次 2024-03-new-hires）从账本中消失了（基准版本第 3 行）"
    )


def test_reassigned_certificate_fails(base: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Is a certificate number handed to another employee caught?"""
    write_ledger(base, ROWS[0], ROWS[1].replace(",C003,", ",Z999,"), ROWS[2])
    code, _, err = guard(base, capsys)
    assert code == 1
    assert err.splitlines()[0] == (
        "rosters/ledger.csv:3:1: G103 已发布的证书 CS2024002 的持有人从 C003 改成了 Z999"
    )


def test_every_finding_is_reported_with_a_github_annotation(
    base: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With --github, does each problem also become an ::error annotation on its line?"""
    write_ledger(base, ROWS[1].replace(",C003,", ",Z999,"), APPENDED)
    code, out, err = guard(base, capsys, "--github")
    assert code == 1
    assert out.splitlines() == [
        "::error file=rosters/ledger.csv,line=2,col=1,title=G101 已发布的证书消失"
        "::已发布的证书 CS2024001（员工 A001，班次 2024-03-new-hires）"
        "从账本中消失了（基准版本第 2 行）",
        "::error file=rosters/ledger.csv,line=2,col=1,title=G103 已发布证书的持有人被改变"
        "::已发布的证书 CS2024002 的持有人从 C003 改成了 Z999",
        "::error file=rosters/ledger.csv,line=3,col=1,title=G101 已发布的证书消失"
        "::已发布的证书 CS2024003（员工 A006，班次 2024-03-new-hires）"
        "从账本中消失了（基准版本第 4 行）",
    ]
    assert "发现 3 个问题" in err


def test_annotations_switch_on_inside_github_actions(
    base: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Inside GitHub Actions (GITHUB_ACTIONS=true), are annotations printed without --github?"""
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    write_ledger(base, ROWS[0], ROWS[2])
    code, out, _ = guard(base, capsys)
    assert code == 1
    assert out.startswith("::error file=rosters/ledger.csv,line=3,col=1,title=G101")


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        pytest.param(
            [ROWS[1], ROWS[0], ROWS[2]],
            "rosters/ledger.csv:2:1: G105 证书 CS2024002 被移到了 CS2024001 之前；"
            "账本的行不能调换顺序",
            id="reordered",
        ),
        pytest.param(
            [ROWS[0], APPENDED, ROWS[1], ROWS[2]],
            "rosters/ledger.csv:3:1: G105 新证书 CS2024004 插在了已发布的证书之间；"
            "新证书只能追加在账本末尾",
            id="inserted-in-the-middle",
        ),
        pytest.param(
            [*ROWS, APPENDED.replace("CS2024004", "CS2024003")],
            "rosters/ledger.csv:5:1: G106 证书编号 CS2024003 出现了两次（另一次在第 4 行）",
            id="duplicate-id",
        ),
        pytest.param(
            [*ROWS, ROWS[0].replace("CS2024001", "CS2024004")],
            "rosters/ledger.csv:5:1: G106 员工 A001，班次 2024-03-new-hires 已有证书 CS2024001"
            "（第 2 行），不能再记一张 CS2024004",
            id="second-certificate-for-one-award",
        ),
        pytest.param(
            [ROWS[0], ROWS[1].replace(",2024-03-15,", ",2024-03-16,"), ROWS[2]],
            "rosters/ledger.csv:3:1: G104 已发布的证书 CS2024002 的记录被修改："
            "issued_on 从“2024-03-15”改成了“2024-03-16”",
            id="issued-on-changed",
        ),
        pytest.param(
            [ROWS[0], ROWS[1].replace("2024-03-new-hires", "2024-04-new-hires"), ROWS[2]],
            "rosters/ledger.csv:3:1: G104 已发布的证书 CS2024002 的记录被修改："
            "cohort 从“2024-03-new-hires”改成了“2024-04-new-hires”",
            id="cohort-changed",
        ),
    ],
)
def test_other_tampering_fails(
    base: Path, capsys: pytest.CaptureFixture[str], rows: list[str], expected: str
) -> None:
    """Are reordering, insertion, duplicates and edited facts each caught with their code?"""
    write_ledger(base, *rows)
    code, _, err = guard(base, capsys)
    assert code == 1
    assert expected in err.splitlines()


def test_ledger_deleted_entirely_fails(base: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Is deleting the whole ledger file caught as every certificate vanishing?"""
    (base / LEDGER).unlink()
    code, _, err = guard(base, capsys)
    assert code == 1
    assert sum(" G101 " in line for line in err.splitlines()) == 3


def test_missing_at_base_counts_as_empty(
    repo: Path, git: Git, capsys: pytest.CaptureFixture[str]
) -> None:
    """When the base has no ledger yet, is a new ledger a pure append?"""
    (repo / "README.md").write_text("客服学院\n", encoding="utf-8")
    commit_all(git, "空仓库")
    (repo / "rosters").mkdir()
    write_ledger(repo, *ROWS)
    code, _, err = guard(repo, capsys)
    assert code == 0
    assert "基准版本的 0 张证书原样保留，末尾新增 3 张" in err


def test_unreadable_ledger_fails(base: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Is a ledger with a broken header reported instead of crashing?"""
    (base / LEDGER).write_text("certificate,who\nCS2024001,A001\n", encoding="utf-8")
    code, _, err = guard(base, capsys)
    assert code == 1
    assert "rosters/ledger.csv:1:1: G107 本次修改后的证书账本表头缺少列：" in err


def test_unknown_base_is_a_usage_error(base: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Does a base ref that does not exist exit 2 with a hint, not a traceback?"""
    code = main(["ci", "ledger-guard", "--root", str(base), "--base", "no-such-branch"])
    assert code == 2
    assert "找不到基准版本“no-such-branch”" in capsys.readouterr().err


def test_guard_does_not_import_the_grading_code() -> None:
    """Is the guard independent of academy.core.certify.ledger, certs and pipeline, as promised?
    (Its checks of rosters/renewals.csv and rosters/print-codes.csv included.)"""
    from academy.ci import append_only, printcodes_guard

    imported: set[str] = set()
    guards = (ledger_guard, renewals_guard, printcodes_guard, append_only)  # and what they share
    for module in (g.__file__ for g in guards):
        tree = ast.parse(Path(module).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                imported.add("." * node.level + (node.module or ""))
            elif isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
    assert imported <= {
        "__future__",
        "argparse",
        "csv",
        "io",
        "sys",
        "collections.abc",
        "dataclasses",
        "pathlib",
        ".git",
        ".findings",
        ".github",
        ".ledger_guard",
        ".renewals_guard",
        ".printcodes_guard",
        "academy.core.vocabulary",  # the kernel's words (Exit), no grading code
        ".append_only",
    }
