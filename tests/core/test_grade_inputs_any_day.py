"""The grade step's input checks moved out of validation (exam answers, practical sheets,
judges' panels, standard-setting files, evaluation files) do not depend on the day of a
run (rule 4.11): a roster assessed after D gets every such error it gets on any day, at
its place, all in one run of ``academy validate`` and of the pipeline."""

from __future__ import annotations

import pytest

from academy.core.errors import InputError
from tests.core.grade.test_exam_scoring import setup_bank
from tests.core.grade.test_practical import SCENARIO
from tests.exams.test_angoff import setting
from tests.support.minirepo import MiniRepo

LATER = "2030-01-01"  # assessed long after every D below


def _one(emp: str, theory: str, practical: str) -> str:
    return (
        f'- id: "{emp}"\n  name: 学员{emp}\n  scores:\n'
        f"    theory: {theory}\n    practical: {practical}\n    daily: 80\n"
    )


BAD_EXAM = _one("A1", "{exam: paper, answers: {c-single: b}, short: {}}", "80")
BAD_SHEET = _one("A2", "80", "{scenario: angry, judges: [{calm: 41, fix: 1}]}")
BOTH_KEYS = _one("A3", "80", "{exam: x, scenario: angry}")
TWO_JUDGES = _one("A4", "80", "[70, 72]")
ATTENDANCE = 'attendance: bad\nsession: no-such-session\nexpected: ["A1", "A1"]\nattended: ["A1"]\n'


def _bad_repo(repo: MiniRepo) -> None:
    setup_bank(repo)
    repo.write("curriculum/practical/angry.yaml", SCENARIO)
    repo.write("curriculum/standard-setting/paper.yaml", setting(("甲", "{c-single: 1}")))
    repo.write("evaluation/attendance/bad.yaml", ATTENDANCE)
    path = repo.roster("later", BAD_EXAM + BAD_SHEET + BOTH_KEYS + TWO_JUDGES, assessed=LATER)
    text = path.read_text(encoding="utf-8").replace("trainees:\n", "judges: [甲]\ntrainees:\n")
    path.write_text(text, encoding="utf-8")


EXPECTED = {
    ("rosters/later.yaml", "E610"),  # exam answers (grade/exam_scoring)
    ("rosters/later.yaml", "E612"),  # a practical sheet (grade/practical)
    ("rosters/later.yaml", "E616"),  # exam and scenario at once
    ("rosters/later.yaml", "E630"),  # the judges' panel (grade/panels)
    ("curriculum/standard-setting/paper.yaml", "E631"),  # grade/standard_setting
    ("evaluation/attendance/bad.yaml", "E306"),  # the evaluation files (load/evaluation)
}


@pytest.mark.parametrize("as_of", ["2024-06-01", "2029-12-31", LATER, "2031-01-01"])
def test_every_grade_input_error_whatever_the_day(repo: MiniRepo, as_of: str) -> None:
    """Does a run as of any day report each moved check's error, all at once?"""
    _bad_repo(repo)
    with pytest.raises(InputError) as caught:
        repo.grade(as_of, write=False)
    found = {(p.path, p.code) for p in caught.value.problems}
    assert found >= EXPECTED, sorted(found)


@pytest.mark.parametrize(("path", "code"), sorted(EXPECTED))
def test_academy_validate_reports_each_moved_check(
    repo: MiniRepo, capsys: pytest.CaptureFixture[str], path: str, code: str
) -> None:
    """Does ``academy validate`` print each of them in the one error format?"""
    from academy.cli import main

    _bad_repo(repo)
    capsys.readouterr()
    assert main(["validate", "--root", str(repo.root)]) == 1
    err = capsys.readouterr().err
    assert any(line.startswith(f"{path}:") and f" {code} " in line for line in err.splitlines()), (
        err
    )
