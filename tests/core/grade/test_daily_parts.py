"""日常表现 given by its parts (出勤 + 作业 + 导师评价), with an attendance gate."""

from __future__ import annotations

from decimal import Decimal

import pytest

from academy.cli import main
from tests.support.minirepo import MiniRepo

PROGRAM = """\
id: cs
title: 客户服务专员认证
scoring:
  kind: weighted
  decimals: 1
  components:
    - {id: theory, label: 理论考试, weight: 50}
    - id: daily
      label: 日常表现
      weight: 50
      parts:
        - {id: attendance, label: 出勤, weight: 30, pass_mark: 80}
        - {id: homework, label: 作业, weight: 40}
        - {id: mentor, label: 导师评价, weight: 30}
  levels:
    - {id: pass, label: 合格, min_total: 60}
"""


def entry(emp: str, daily: str) -> str:
    return f'- id: "{emp}"\n  name: 学员{emp}\n  scores:\n    theory: 80\n    daily: {daily}\n'


@pytest.fixture
def repo(repo: MiniRepo) -> MiniRepo:
    repo.program("cs", PROGRAM)
    return repo


def test_parts_are_weighted_exactly(repo: MiniRepo) -> None:
    """daily = 0.3·95 + 0.4·mean(80, 85) + 0.3·77 = 28.5 + 33 + 23.1 = 84.6; total 82.3."""
    repo.roster(
        "c1",
        entry("A1", "{attendance: 95, homework: [80, 85], mentor: 77}")
        + entry("A2", "90")  # one number, as before
        + entry("A3", "{attendance: 95, mentor: 77}"),  # homework missing: incomplete
    )
    results = {r.entry.employee_id: r for r in repo.grade(write=False).results}
    assert results["A1"].score.parts["daily"] == Decimal("84.6")
    assert results["A1"].score.total == Decimal("82.3")
    assert results["A2"].score.total == Decimal("85.0")
    assert results["A3"].status == "incomplete"
    assert results["A3"].score.missing == ("daily",)


def test_attendance_under_its_pass_mark_is_a_gate(repo: MiniRepo) -> None:
    """Attendance 79.95 shows 80.0 and passes; 79.9 fails the gate whatever the total."""
    repo.roster(
        "c1",
        entry("A1", "{attendance: [79.9, 80], homework: 100, mentor: 100}")
        + entry("A2", "{attendance: 79.9, homework: 100, mentor: 100}"),
    )
    results = {r.entry.employee_id: r for r in repo.grade(write=False).results}
    assert results["A1"].status == "passed"
    assert results["A2"].status == "failed"
    assert results["A2"].score.gates_missed == ("daily",)


def test_unknown_part_and_parts_without_declaration(
    repo: MiniRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    """A part the program does not declare, or parts for a plain component, are E309."""
    path = repo.roster(
        "c1",
        '- id: "A1"\n  name: 学员A1\n  scores:\n    theory: {a: 1}\n'
        "    daily: {attendance: 95, homework: 80, mentor: 70, bonus: 5}\n",
    )
    assert main(["validate", "--root", str(repo.root)]) == 1
    err = capsys.readouterr().err
    rel = path.relative_to(repo.root).as_posix()
    assert f"{rel}:9:15: E309" in err  # theory: {a: 1}
    assert f"{rel}:10:57: E309" in err  # bonus


def test_attendance_from_the_plans_records(repo: MiniRepo) -> None:
    """Attended 2 of 3 recorded days: attendance 66.66…% < 80 fails the gate; 3 of 3 passes;
    someone in no record stays incomplete (never a silent 0)."""
    repo.program("cs", PROGRAM.replace("pass_mark: 80}", "pass_mark: 80, from_sessions: true}"))
    repo.roster(
        "c1",
        entry("A1", "{homework: 100, mentor: 100}")
        + entry("A2", "{homework: 100, mentor: 100}")
        + entry("A3", "{homework: 100, mentor: 100}"),
        assessed="2026-03-10",
    )
    repo.write(
        "curriculum/plans/p.yaml",
        """\
        id: p
        title: 计划
        starts_on: 2026-03-01
        ends_on: 2026-03-31
        published_on: 2026-02-20
        cycles:
          - {id: onboarding, title: 入职培训, cadence: once, audience: 新员工, assessment: 考试}
        sessions:
          - {id: s1, cycle: onboarding, date: 2026-03-02, end_date: 2026-03-04, time: "09:00-17:00",
             location: 教室, trainer: 王*, cohort: c1}
        """,
    )
    for day, attended in (("02", '"A1", "A2"'), ("03", '"A1", "A2"'), ("04", '"A1"')):
        repo.write(
            f"evaluation/attendance/s1-{day}.yaml",
            f"attendance: s1-{day}\nsession: s1\ndate: 2026-03-{day}\n"
            f'expected: ["A1", "A2"]\nattended: [{attended}]\n',
        )
    results = {r.entry.employee_id: r for r in repo.grade("2026-06-01", write=False).results}
    assert results["A1"].status == "passed"
    assert results["A1"].score.parts["daily"] == Decimal(100)
    assert results["A2"].status == "failed"  # 66.7 < 80
    assert results["A2"].score.gates_missed == ("daily",)
    # 0.3 · 66.66… + 0.4 · 100 + 0.3 · 100 = 90; total (80 + 90) / 2 = 85.0
    assert results["A2"].score.total == Decimal("85.0")
    assert results["A3"].status == "incomplete"
