"""The academy command, run in-process: exit codes, stdout/stderr, the JSON contract."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from academy.cli import main
from tests.support.minirepo import MiniRepo, trainee


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def formats_example(repo: MiniRepo) -> None:
    """The example of docs/guide/rosters.md and §6, to the letter."""
    repo.write(
        "rosters/2024-03-new-hires.yaml",
        """\
        cohort: 2024-03-new-hires
        program: cs
        kind: certification
        title: 2024年3月新员工入职培训
        assessed_on: 2024-03-10
        issued_on: 2024-03-15
        trainees:
          - id: "A001"
            name: 张三
            department: 客服一部
            position: 客服专员
            scores:
              theory: 85
              practical: [82, 78, 80]
              daily: 90
          - id: "B002"
            name: 李四
            scores: {theory: absent, practical: 70, daily: 80}
        """,
    )


def test_grade_json_matches_the_contract(
    repo: MiniRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    """Does `academy grade --json` print exactly the documented JSON for the example?"""
    formats_example(repo)
    code, out, err = run_cli(
        capsys, "grade", "--root", str(repo.root), "--as-of", "2025-02-15", "--json"
    )
    assert code == 0 and err == ""
    assert json.loads(out) == {
        "as_of": "2025-02-15",
        "results": [
            {
                "cohort": "2024-03-new-hires",
                "program": "cs",
                "kind": "certification",
                "employee_id": "A001",
                "total": 84.0,
                "level": "advanced",
                "status": "certified",
                "certificate": "CS2024001",
            },
            {
                "cohort": "2024-03-new-hires",
                "program": "cs",
                "kind": "certification",
                "employee_id": "B002",
                "total": 44.0,
                "level": None,
                "status": "failed",
                "certificate": None,
            },
        ],
        "certificates": [
            {
                "id": "CS2024001",
                "employee_id": "A001",
                "program": "cs",
                "level": "advanced",
                "issued_on": "2024-03-15",
                "valid_until": "2025-03-10",
                "status": "renewal_due",
            },
        ],
    }
    assert (
        (repo.root / "rosters/ledger.csv").read_text().splitlines()[1].startswith("CS2024001,cs,")
    )


def test_total_is_printed_with_its_decimals(
    repo: MiniRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is 79.96 printed as the number 80.0, not 79.96 or "80.0"?"""
    repo.roster("c1", trainee("A1", 80, 80, 79.8))
    _, out, _ = run_cli(
        capsys, "grade", "--root", str(repo.root), "--json", "--as-of", "2024-04-01"
    )
    assert '"total": 80.0' in out


def test_grade_without_json_prints_summary_on_stderr(
    repo: MiniRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    """Does a plain `academy grade` keep stdout empty and say what it did in Chinese?"""
    repo.roster("c1", trainee("A1", 90, 90, 90))
    code, out, err = run_cli(capsys, "grade", "--root", str(repo.root))
    assert (code, out) == (0, "")
    assert "新增 1 张" in err and "账本已更新" in err
    code, out, err = run_cli(capsys, "grade", "--root", str(repo.root))
    assert "账本无变化" in err


def test_validate_ok_and_writes_nothing(repo: MiniRepo, capsys: pytest.CaptureFixture[str]) -> None:
    """Does `academy validate` exit 0 on good data without creating the ledger?"""
    repo.roster("c1", trainee("A1", 90, 90, 90))
    code, out, err = run_cli(capsys, "validate", "--root", str(repo.root))
    assert (code, out) == (0, "")
    assert "校验通过" in err
    assert not repo.ledger.exists()


def test_bad_input_exits_1_with_problems(
    repo: MiniRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    """Does bad input exit 1 with path:line:column lines and a Chinese total?"""
    repo.roster("c1", trainee("A1", 120, 90, 90))
    code, out, err = run_cli(capsys, "grade", "--root", str(repo.root), "--json")
    assert (code, out) == (1, "")
    assert err.splitlines()[0].startswith("rosters/c1.yaml:9:15: E204 ")
    assert err.splitlines()[-1] == "共发现 1 个问题，未写入任何文件。"


@pytest.mark.parametrize(
    "argv",
    [
        ["grade", "--as-of", "2024-02-30"],
        ["grade", "--as-of", "yesterday"],
        ["frobnicate"],
        [],
        ["grade", "--root", "/nonexistent/dir"],
        ["validate", "--json"],
    ],
)
def test_misuse_exits_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """Does misuse (bad date, unknown command, missing directory) exit 2 with Chinese usage?"""
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    assert "用法错误" in capsys.readouterr().err


def test_root_defaults_to_current_directory(
    repo: MiniRepo, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Does --root default to the current directory?"""
    repo.roster("c1", trainee("A1", 90, 90, 90))
    monkeypatch.chdir(repo.root)
    code, out, _ = run_cli(capsys, "grade", "--json", "--as-of", "2024-04-01")
    assert code == 0 and json.loads(out)["certificates"][0]["id"] == "CS2024001"


def test_help_is_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    """Is the help text for trainers in Chinese?"""
    with pytest.raises(SystemExit) as exc:
        main(["grade", "--help"])
    assert exc.value.code == 0
    assert "仓库根目录" in capsys.readouterr().out


def test_as_of_defaults_to_today(repo: MiniRepo, capsys: pytest.CaptureFixture[str]) -> None:
    """Does --as-of default to today's date in Beijing (UTC+8), whatever the machine's zone?"""
    import datetime as dt

    beijing = dt.timezone(dt.timedelta(hours=8))
    repo.roster("c1", trainee("A1", 90, 90, 90))
    before = dt.datetime.now(beijing).date()
    _, out, _ = run_cli(capsys, "grade", "--root", str(repo.root), "--json")
    after = dt.datetime.now(beijing).date()
    assert json.loads(out)["as_of"] in {before.isoformat(), after.isoformat()}
    assert Path(repo.root).is_dir()


FORMATS_PROGRAM = """\
id: cs-specialist
title: 客户服务专员认证
modules: [service-mindset, communication, product-knowledge]
certificate:
  prefix: CS
  validity_months: 12
  renewal_window_months: 1
scoring:
  kind: weighted
  decimals: 1
  components:
    - {id: theory,    label: 理论考试, weight: 40, pass_mark: 60}
    - {id: practical, label: 实操考核, weight: 40}
    - {id: daily,     label: 日常表现, weight: 20}
  levels:
    - {id: advanced,     label: 高级客户服务专员, min_total: 80}
    - {id: intermediate, label: 中级客户服务专员, min_total: 70}
    - {id: junior,       label: 初级客户服务专员, min_total: 60}
"""


def test_repository_without_curriculum_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Does the docs/guide/ program grade in a bare repository that has no curriculum/modules/?"""
    repo = MiniRepo(tmp_path / "bare")
    (repo.root / "curriculum/programs/cs.yaml").unlink()  # its prefix CS is taken below
    repo.program("cs-specialist", FORMATS_PROGRAM)
    repo.roster("c1", trainee("A001", 85, [82, 78, 80], 90), program="cs-specialist")
    code, out, err = run_cli(capsys, "grade", "--root", str(repo.root), "--json")
    assert code == 0, err
    assert json.loads(out)["results"][0]["total"] == 84.0
    repo.write("curriculum/modules/.keep", "")
    code, _, err = run_cli(capsys, "validate", "--root", str(repo.root))
    assert code == 1 and "E303" in err  # with a curriculum, references are checked


def test_build_outside_a_portal_repository(
    repo: MiniRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    """Does `academy build` without mkdocs.yml exit 2 with a Chinese hint and write nothing?"""
    repo.roster("c1", trainee("A1", 90, 90, 90))
    code, out, err = run_cli(capsys, "build", "--root", str(repo.root))
    assert (code, out) == (2, "")
    assert "找不到" in err and "mkdocs.yml" in err
    assert not repo.ledger.exists()
