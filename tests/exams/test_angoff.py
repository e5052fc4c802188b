"""Standard setting (modified Angoff): the recommended pass mark, its spread, the program line,
and the standard-setting file's problems at their lines."""

from __future__ import annotations

import statistics
from fractions import Fraction
from pathlib import Path

import pytest

from academy.cli import main
from tests.core.grade.test_exam_scoring import setup_bank
from tests.support.minirepo import MiniRepo

QUESTIONS = ("c-single", "c-multiple", "c-judge", "c-fill", "c-short")  # 10 9 5 6 30 points


def ratings(values: dict[str, str]) -> str:
    return "{" + ", ".join(f"{q}: {values.get(q, '0.5')}" for q in QUESTIONS) + "}"


def setting(*judges: tuple[str, str]) -> str:
    lines = ["exam: paper", "judges:"]
    lines += [f"  - {{name: {name}, ratings: {r}}}" for name, r in judges]
    return "\n".join(lines) + "\n"


def test_recommended_pass_mark_and_sd(repo: MiniRepo, capsys: pytest.CaptureFixture[str]) -> None:
    """Is the mark the mean of Σp×points/60×100 over judges, the SD theirs, the line named?"""
    setup_bank(repo)
    repo.write(
        "curriculum/standard-setting/paper.yaml",
        setting(
            ("甲", ratings({})),  # 50
            ("乙", ratings({"c-single": "1"})),  # (10 + 25) / 60 → 58.333…
            ("丙", ratings(dict.fromkeys(QUESTIONS, "0.8"))),  # 80
        ),
    )
    capsys.readouterr()
    assert main(["exam", "angoff", "paper", "--root", str(repo.root)]) == 0
    out = capsys.readouterr().out
    marks = [Fraction(50), Fraction(175, 3), Fraction(80)]
    mean = sum(marks) / 3
    sd = statistics.stdev(float(m) for m in marks)
    assert f"{float(mean):.3f} 分" in out  # 62.778
    assert f"标准差 {sd:.3f} 分" in out
    assert "58.333 分" in out
    assert (
        "curriculum/programs/cs.yaml:8: - {id: theory, label: 理论考试, weight: 40, pass_mark: 60}"
        in out
    )
    assert "把 pass_mark 改为 62.8" in out


def test_single_judge_has_no_spread(repo: MiniRepo, capsys: pytest.CaptureFixture[str]) -> None:
    setup_bank(repo)
    repo.write("curriculum/standard-setting/paper.yaml", setting(("甲", ratings({}))))
    capsys.readouterr()
    assert main(["exam", "angoff", "paper", "--root", str(repo.root)]) == 0
    assert "50.000 分" in capsys.readouterr().out


def test_exam_without_a_file_is_a_usage_error(
    repo: MiniRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    setup_bank(repo)
    assert main(["exam", "angoff", "paper", "--root", str(repo.root)]) == 2
    assert "curriculum/standard-setting/paper.yaml" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("text", "where"),
    [
        (setting(("甲", ratings({"c-single": "1.2"}))), ("E204", 3)),
        (setting(("甲", "{c-single: 1}")), ("E631", 3)),  # questions left unrated
        (setting(("甲", ratings({})[:-1] + ", c-nope: 0.5}")), ("E631", 3)),
        (setting(("甲", ratings({})), ("甲", ratings({}))), ("E631", 4)),  # a judge twice
        (setting(("甲", ratings({}))).replace("exam: paper", "exam: other"), ("E631", 1)),
    ],
)
def test_bad_standard_setting_is_reported_at_its_line(
    repo: MiniRepo, capsys: pytest.CaptureFixture[str], text: str, where: tuple[str, int]
) -> None:
    """Is each defect reported as path:line: CODE by academy validate, exit 1?"""
    setup_bank(repo)
    repo.write("curriculum/standard-setting/paper.yaml", text)
    capsys.readouterr()
    assert main(["validate", "--root", str(repo.root)]) == 1
    err = capsys.readouterr().err
    code, line = where
    assert f"curriculum/standard-setting/paper.yaml:{line}:" in err and code in err, err
    assert "Traceback" not in err


def test_demo_standard_setting(capsys: pytest.CaptureFixture[str]) -> None:
    """Does the demo's panel for 2026-11-theory recommend a mark and name the program line?"""
    root = Path(__file__).resolve().parents[2]
    assert main(["exam", "angoff", "2026-11-theory", "--root", str(root)]) == 0
    out = capsys.readouterr().out
    assert "curriculum/programs/cs-specialist.yaml:" in out and "pass_mark: 60" in out
