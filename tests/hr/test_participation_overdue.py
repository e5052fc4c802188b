"""Participation records (过程记录, seed 000): the 1-on-1 within 7 days after the course,
homework by its due day, who is overdue as of D (rule 4.11), and the records' errors —
read from the exported spreadsheets with openpyxl."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from academy.core.errors import InputError
from academy.core.load.evaluation.participation import DONE, LATE, OVERDUE, PENDING, duties
from academy.hr.export import LISTS, context, write_files
from tests.support.hrrepo import ADV, HrRepo, person, t

PLAN = """\
id: p1
title: 计划
starts_on: 2025-01-01
ends_on: 2025-12-31
published_on: 2024-10-01
cycles:
  - {id: onboarding, title: 入职培训, cadence: once, program: cs, audience: 新员工,
     assessment: 认证}
sessions:
  - {id: s1, cycle: onboarding, date: 2025-06-09, end_date: 2025-06-15, time: '09:00-17:00',
     location: 会议室, trainer: 王*, cohort: c1}
"""

RECORD = """\
participation: s1
session: s1
homework:
  - {id: hw, title: 分析真实客户案例, assigned_on: 2025-06-12, due_on: 2025-06-19}
trainees:
  - id: "A1"
    questions: 3
    discussion: 4
    handed_in: {hw: 2025-06-19}
    coaching: {on: 2025-06-22}
  - id: "A2"
    handed_in: {hw: 2025-06-20}
    coaching: {on: 2025-06-23}
  - id: "A3"
"""


@pytest.fixture
def course(hrepo: HrRepo) -> HrRepo:
    """A course from 06-09 to 06-15 (1-on-1 due 06-22, homework due 06-19), three trainees."""
    hrepo.people(person("A1", mentor="M1"), person("A2", mentor="M1"), person("A3"), person("M1"))
    hrepo.roster("c1", t("A1", ADV) + t("A2", ADV) + t("A3", ADV), assessed="2025-06-15")
    hrepo.write("curriculum/plans/p1.yaml", PLAN)
    hrepo.write("evaluation/participation/s1.yaml", RECORD)
    return hrepo


def sheet(root: Path, as_of: str, name: str, tmp: Path) -> list[dict[str, object]]:
    ctx = context(root, dt.date.fromisoformat(as_of))
    provider = next(p for p in LISTS if p.name == name)
    write_files(ctx, tmp, [provider])
    ws = openpyxl.load_workbook(tmp / f"{provider.file}.xlsx").active
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def states(repo: HrRepo, as_of: str) -> dict[tuple[str, str], str]:
    ctx = repo.context(as_of)
    day = dt.date.fromisoformat(as_of)
    return {
        (d.employee_id, d.kind): d.state for d in duties(ctx.project.evaluation.participation, day)
    }


def test_one_on_one_on_day_7_is_on_time_and_on_day_8_is_late(course: HrRepo) -> None:
    """Course ends 06-15: a 1-on-1 on 06-22 (day 7) is on time, on 06-23 (day 8) late;
    homework handed in on its due day (06-19) is on time, a day later is late."""
    got = states(course, "2025-07-01")
    assert got[("A1", "coaching")] == DONE
    assert got[("A2", "coaching")] == LATE
    assert got[("A1", "homework")] == DONE
    assert got[("A2", "homework")] == LATE
    assert got[("A3", "coaching")] == got[("A3", "homework")] == OVERDUE


def test_what_is_dated_after_d_has_not_happened(course: HrRepo) -> None:
    """As of 06-22 (the due day) nobody is overdue for the 1-on-1 yet, and A2's 1-on-1 of
    06-23 has not happened; as of 06-23 A3 and A2 are overdue until A2's is held that day."""
    on_due_day = states(course, "2025-06-22")
    assert on_due_day[("A2", "coaching")] == PENDING
    assert on_due_day[("A3", "coaching")] == PENDING
    day_after = states(course, "2025-06-23")
    assert day_after[("A2", "coaching")] == LATE  # held on 06-23, on or before D
    assert day_after[("A3", "coaching")] == OVERDUE
    before_course = course.context("2025-06-08")
    assert duties(before_course.project.evaluation.participation, dt.date(2025, 6, 8)) == []


def test_overdue_list_names_people_with_their_names(course: HrRepo, tmp_path: Path) -> None:
    """The 过程记录逾期名单 as HR opens it: 姓名 beside 员工编号, the overdue item, its due day
    and the days overdue as of D; someone done late is not on it."""
    rows = sheet(course.root, "2025-06-25", "participation_overdue", tmp_path / "out")
    assert [(r["员工编号"], r["姓名"], r["逾期事项"], r["已逾期天数"]) for r in rows] == [
        ("A3", "学员A3", "作业：分析真实客户案例", 6),
        ("A3", "学员A3", "1对1辅导", 3),
    ]
    assert rows[0]["应完成日期"] == dt.datetime(2025, 6, 19)
    record = sheet(course.root, "2025-06-25", "participation", tmp_path / "out2")
    a1 = next(r for r in record if r["员工编号"] == "A1")
    assert (a1["课堂提问次数"], a1["小组讨论得分"], a1["1对1辅导"], a1["导师"]) == (
        3,
        4,
        "按时完成",
        "学员M1",  # the register's mentor when the 1-on-1 names none
    )


def test_person_not_on_the_roster_and_dates_before_the_course_are_located(course: HrRepo) -> None:
    """A trainee not in cohort c1's roster is E531 at its line; a hand-in before the homework
    was assigned is E532; validation does not depend on the as-of day."""
    course.write(
        "evaluation/participation/s1.yaml",
        RECORD
        + '  - id: "M1"\n'  # in the register, not on the course's roster
        + '  - id: "A9"\n'
        + "    handed_in: {hw: 2025-06-11}\n",
    )
    for as_of in ("2024-01-01", "2026-01-01"):
        with pytest.raises(InputError) as err:
            course.context(as_of)
        found = {(p.line, p.code) for p in err.value.problems}
        assert (15, "E531") in found and (16, "E531") in found
        assert (17, "E532") in found


def test_unknown_session_is_reported(course: HrRepo) -> None:
    course.write("evaluation/participation/s1.yaml", RECORD.replace("session: s1", "session: s9"))
    with pytest.raises(InputError) as err:
        course.context("2025-07-01")
    assert [(p.line, p.code) for p in err.value.problems] == [(2, "E530")]
