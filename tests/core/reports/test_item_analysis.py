"""Item analysis on a fixture with known answers: difficulty, discrimination, flags, topics."""

from __future__ import annotations

from fractions import Fraction

import pytest

from academy.core.grade.exam_scoring import ExamScore
from academy.core.reports.item_analysis import analyse, group_size
from tests.core.grade.test_exam_scoring import BANK
from tests.support.minirepo import MiniRepo

PAPER = """\
id: paper
program: cs
component: theory
questions:
  - {id: c-single, points: 10}
  - {id: c-judge, points: 10}
  - {id: c-judge-2, points: 10}
  - {id: c-short, points: 20}
"""
# Ten trainees; c-single: everyone right (too easy); c-judge: only the weakest right
# (negative discrimination); c-judge-2: only the best right (too hard, discriminates);
# c-short: 20 for the top, less down the list.
ANSWERS = [
    ("{c-single: B, c-judge: true, c-judge-2: false}", "[20]"),  # best: 10 + 10 + 20 = 40
    ("{c-single: B, c-judge: true, c-judge-2: false}", "[18]"),  # 38
    ("{c-single: B, c-judge: true}", "[16]"),  # 26
    ("{c-single: B, c-judge: true}", "[14]"),
    ("{c-single: B, c-judge: true}", "[12]"),
    ("{c-single: B, c-judge: true}", "[10]"),
    ("{c-single: B, c-judge: true}", "[8]"),
    ("{c-single: B, c-judge: true}", "[6]"),
    ("{c-single: B, c-judge: false}", "[2]"),  # 10 + 10 + 0 + 2 = 22
    ("{c-single: B, c-judge: false}", "[0]"),  # 20
]


def sittings(repo: MiniRepo) -> list[ExamScore]:
    repo.write("curriculum/questions/communication.yaml", BANK)
    repo.write("curriculum/exams/paper.yaml", PAPER)
    lines = []
    for i, (answers, marks) in enumerate(ANSWERS):
        lines.append(
            f'- id: "T{i}"\n  name: 学员{i}\n  scores:\n'
            f"    theory: {{exam: paper, answers: {answers}, short: {{c-short: {marks}}}}}\n"
            "    practical: 80\n    daily: 80\n"
        )
    repo.roster("c1", "".join(lines))
    outcome = repo.grade()
    return [e.scores["theory"] for e in outcome.project.cohorts[0].entries]  # type: ignore[index]


@pytest.mark.parametrize(
    ("n", "size"), [(1, 1), (2, 1), (4, 1), (10, 3), (11, 3), (20, 5), (100, 27)]
)
def test_groups_are_27_percent(n: int, size: int) -> None:
    """Are the upper and lower groups 27% of the trainees, rounded, at least one?"""
    assert group_size(n) == (n if n < 2 else size)


def test_known_answers_give_known_statistics(repo: MiniRepo) -> None:
    """Do difficulty, discrimination and flags come out as computed by hand?"""
    report = analyse(sittings(repo)[0].exam, sittings(repo))
    assert report.sittings == 10 and report.group_size == 3
    stats = {s.question.id: s for s in report.items}
    assert stats["c-single"].difficulty == 1
    assert stats["c-single"].discrimination == 0
    assert stats["c-single"].flags == ("too_easy",)
    # totals: T0 40, T1 38, T2 26, T3 24, T4 22, T8 22, T5 20, T9 20, T6 18, T7 16;
    # upper group T0, T1, T2; lower group T9, T6, T7 (ties broken by roster order)
    # c-judge (key false): right only for T8 and T9; T9 is in the lower group
    assert stats["c-judge"].difficulty == Fraction(2, 10)
    assert stats["c-judge"].discrimination == Fraction(-1, 3)
    assert stats["c-judge"].flags == ("too_hard", "negative")
    # c-judge-2 (key false): right for the two best, both in the upper group
    assert stats["c-judge-2"].difficulty == Fraction(2, 10)
    assert stats["c-judge-2"].discrimination == Fraction(2, 3)
    assert stats["c-judge-2"].flags == ("too_hard",)
    # c-short: mean share of 20 points; upper 20 + 18 + 16, lower 0 + 8 + 6
    assert stats["c-short"].difficulty == Fraction(106, 200)
    assert stats["c-short"].discrimination == Fraction(54 - 14, 60)
    assert stats["c-short"].flags == ()


def test_weakest_topic_first_mapped_to_its_module(repo: MiniRepo) -> None:
    """Is the topic with the smallest share of points earned listed first, with its module?"""
    report = analyse(sittings(repo)[0].exam, sittings(repo))
    first = report.topics[0]
    assert (first.topic, first.module) == ("提问", "communication")
    assert first.earned_share == Fraction(4, 20)  # 2 + 2 right of 10 + 10 asked
    assert [t.topic for t in report.topics] == ["提问", "表达", "倾听"]
