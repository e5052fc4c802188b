"""考核评估报告: weak components against target and earlier cohorts; advice per trainee."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from academy.core.reports.weak_items import component_gaps, trainee_advice
from tests.support.minirepo import MiniRepo, trainee


def test_weak_items_and_advice(tmp_path: Path) -> None:
    """Practical 80 before, 73.3 now: weaker than before; and who is held back by what?"""
    repo = MiniRepo(tmp_path / "repo")
    repo.roster("c1", trainee("A1", 70, 80, 80) + trainee("A2", 70, 80, 80), assessed="2024-01-10")
    repo.roster(
        "c2",
        trainee("B1", 90, 90, 90)  # 90.0 advanced: no advice
        + trainee("B2", 80, 60, 70)  # 70.0 intermediate: practical furthest below 80
        + trainee("B3", 55, 70, 100),  # theory gate missed: failed
        assessed="2024-03-10",
    )
    outcome = repo.grade(write=False)
    gaps = {g.component.id: g for g in component_gaps(outcome.results, "c2")}
    assert gaps["practical"].mean == Decimal("73.3")  # (90 + 60 + 70) / 3
    assert gaps["practical"].earlier == Decimal("80.0")
    assert gaps["practical"].change == Decimal("-6.7")
    assert gaps["theory"].target == Decimal(60)  # its pass mark
    assert gaps["daily"].target == Decimal(60)  # no pass mark: the lowest level
    advice = {a.result.entry.employee_id: a for a in trainee_advice(outcome.results, "c2", {})}
    assert set(advice) == {"B2", "B3"}
    assert (advice["B2"].next_level.id, advice["B2"].missing_points) == ("advanced", Decimal(10))
    assert advice["B2"].component.id == "practical"
    assert advice["B3"].gate_missed and advice["B3"].component.id == "theory"
    # 55·0.4 + 70·0.4 + 100·0.2 = 70: the total reaches 中级, the theory gate blocks it
    assert (advice["B3"].next_level.id, advice["B3"].missing_points) == ("intermediate", 0)


def test_gaps_of_all_cohorts_at_once_equal_each_cohort_alone(tmp_path: Path) -> None:
    """Does the one-pass version (used by the site) give every cohort the same gaps,
    including a cohort with no earlier one and two cohorts assessed on the same day?"""
    from academy.core.reports.weak_items import component_gaps_by_cohort

    repo = MiniRepo(tmp_path / "repo")
    repo.roster("c1", trainee("A1", 70, 80, 80) + trainee("A2", 71, 83, 79), assessed="2024-01-10")
    repo.roster("c0", trainee("Z1", 64, 99, 61), assessed="2024-01-10")  # same day, sorts first
    repo.roster(
        "c2",
        trainee("B1", 90, 90, 90) + trainee("B2", 80, 60, 70) + trainee("B3", 55, 70, 100),
        assessed="2024-03-10",
    )
    repo.roster("c3", trainee("C1", 66, 67, 68), assessed="2024-05-10")
    outcome = repo.grade(write=False)
    together = component_gaps_by_cohort(outcome.results)
    ids = {r.cohort.id for r in outcome.results}
    assert ids == {"c0", "c1", "c2", "c3"}
    for cohort_id in ids:
        assert together.get(cohort_id, []) == component_gaps(outcome.results, cohort_id)
    assert together["c0"][0].earlier is None  # nothing before it
    assert together["c1"][0].earlier_count == 1  # c0: same day, earlier id
    assert together["c3"][0].earlier_count == 6


LISTENING = """\
module: listening
questions:
  - {id: l-1, type: judge, use: exam, topic: 倾听, difficulty: 1, stem: 打断客户, answer: false}
  - {id: l-2, type: judge, use: exam, topic: 倾听, difficulty: 1, stem: 复述要点, answer: true}
"""
TWO_MODULE_PAPER = """\
id: paper
title: 两个模块的考卷
program: cs
component: theory
multiple_credit: none
questions:
  - {id: c-single, points: 10}
  - {id: c-judge, points: 10}
  - {id: l-1, points: 10}
  - {id: l-2, points: 10}
"""


def _sitting(emp: str, answers: str) -> str:
    return (
        f'- id: "{emp}"\n  name: 学员{emp}\n  scores:\n'
        f"    theory: {{exam: paper, answers: {answers}}}\n"
        "    practical: 90\n    daily: 90\n"
    )


def test_advice_is_each_trainees_own_weakest_exam_sections(tmp_path: Path) -> None:
    """Two trainees both held back by the theory gate (50 %): the one who missed the
    listening questions is sent to listening first, the one who missed communication to
    communication; a module with no points lost is not named."""
    from tests.core.grade.test_exam_scoring import DATA

    repo = MiniRepo(tmp_path / "repo")
    repo.write(
        "curriculum/questions/communication.yaml",
        (DATA / "communication.yaml").read_text(encoding="utf-8"),
    )
    repo.write("curriculum/questions/listening.yaml", LISTENING)
    repo.write("curriculum/exams/paper.yaml", TWO_MODULE_PAPER)
    repo.roster(
        "c1",
        _sitting("B1", "{c-single: B, c-judge: false}")  # listening: 0 of 20
        + _sitting("B2", "{c-single: A, l-1: false, l-2: true}")  # communication: 10 of 20 lost
        + _sitting("B3", "{c-single: A, c-judge: true, l-1: false}"),  # 20/20 and 10/20 lost
    )
    outcome = repo.grade(write=False)
    advice = {a.result.entry.employee_id: a for a in trainee_advice(outcome.results, "c1", {})}
    assert advice["B1"].component.id == "theory" and advice["B1"].gate_missed
    assert advice["B1"].modules == ("listening",)
    assert advice["B2"].modules == ("communication",)
    assert advice["B3"].modules == ("communication", "listening")  # share lost 100 % > 50 %
    assert [(s.module, s.lost, s.points) for s in advice["B3"].sections] == [
        ("communication", Decimal(20), Decimal(20)),
        ("listening", Decimal(10), Decimal(20)),
    ]
    assert advice["B1"].personal
