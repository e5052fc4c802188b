"""``academy ci annotate``: validation problems as GitHub annotations on their lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from academy.ci.github import error_command, escape_data, escape_property
from academy.cli import main
from tests.ci.ci_support import ROSTER, write_repo


def test_each_problem_becomes_an_annotation_on_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Does a roster with a duplicate key and a score of 120 give one ::error line each?"""
    root = write_repo(tmp_path)
    code = main(["ci", "annotate", "--root", str(root)])
    out, err = capsys.readouterr()
    assert code == 1
    assert out.splitlines() == [
        "::error file=rosters/2026/2026-11-new-hires.yaml,line=10,col=7,title=E101 重复的键"
        "::键“theory”重复出现",
        "::error file=rosters/2026/2026-11-new-hires.yaml,line=14,col=37,title=E204 数值超出范围"
        "::trainees[1].scores.practical 的值 120 超出范围（应在 0 到 100 之间）",
    ]
    assert "共发现 2 个问题" in err


def test_clean_repository_prints_nothing_to_annotate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Does a valid repository exit 0 without a single workflow command?"""
    fixed = ROSTER.replace("      theory: 80\n", "").replace("practical: 120", "practical: 90")
    root = write_repo(tmp_path, fixed)
    code = main(["ci", "annotate", "--root", str(root)])
    out, err = capsys.readouterr()
    assert code == 0
    assert out == ""
    assert "校验通过" in err


def test_properties_and_messages_are_escaped_as_github_requires() -> None:
    """Are %, CR, LF escaped everywhere, and : and , in properties only?"""
    assert escape_data("100%\r\n: ,") == "100%25%0D%0A: ,"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    assert error_command("rosters/a,b.yaml", 3, 5, "E204 x:y", "第一行\n第二行 50%") == (
        "::error file=rosters/a%2Cb.yaml,line=3,col=5,title=E204 x%3Ay::第一行%0A第二行 50%25"
    )


def test_a_warning_becomes_a_warning_annotation_and_the_step_passes(
    demo_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is W601 (an exam question copying a practice one) a ::warning on its line, exit 0?"""
    bank = demo_root / "curriculum/questions/service-mindset.yaml"
    bank.write_text(
        bank.read_text(encoding="utf-8") + "\n  - id: service-mindset-099\n"
        "    type: short\n"
        "    use: exam\n"
        "    stem: 客户来电要求查询收货地址，第一步应该做什么？\n"
        "    key_points: [核实身份]\n",
        encoding="utf-8",
    )
    line = (
        bank.read_text(encoding="utf-8")
        .splitlines()
        .index("    stem: 客户来电要求查询收货地址，第一步应该做什么？")
    )
    code = main(["ci", "annotate", "--root", str(demo_root)])
    out, _ = capsys.readouterr()
    assert code == 0
    (annotation,) = out.splitlines()
    assert annotation.startswith(
        f"::warning file=curriculum/questions/service-mindset.yaml,line={line + 1},col=11,"
        "title=W601 考试题与公开的练习题过于相似::"
    )
