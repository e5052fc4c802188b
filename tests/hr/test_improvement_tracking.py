"""Individual improvement plans (改进计划跟踪): the status is computed from the
re-assessment against the goal as of D, never written; errors are located."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from academy.core.errors import InputError
from academy.core.load.evaluation.improvement import IMPROVED, NOT_IMPROVED, OPEN, OVERDUE, states
from academy.hr.export import LISTS, context, write_files
from tests.support.hrrepo import FAIL, HrRepo, person, t

PLAN = """\
plan: p-a1
employee: "A1"
program: cs
opened_on: 2025-01-10
reason: 认证未通过
owner: "M1"
items: [theory]
actions:
  - {on: 2025-01-20, action: 导师讲解错题}
reassess_by: 2025-03-31
"""


@pytest.fixture
def plan(hrepo: HrRepo) -> HrRepo:
    """A1 failed (40.0) on 2025-01-05; plan opened 01-10, re-assessment due by 03-31; the
    retake is assessed on 2025-04-02, after the due day, with a total of exactly 60.0."""
    hrepo.people(person("A1"), person("M1"))
    hrepo.roster("c1", t("A1", FAIL), assessed="2025-01-05")
    hrepo.roster("c2", t("A1", ("60", "60", "60")), assessed="2025-04-02")
    hrepo.write("evaluation/improvement/p-a1.yaml", PLAN)
    return hrepo


def status(repo: HrRepo, as_of: str) -> list[str]:
    ctx = repo.context(as_of)
    day = dt.date.fromisoformat(as_of)
    return [
        s.status for s in states(ctx.project.evaluation.improvement, ctx.results, ctx.programs, day)
    ]


def test_status_through_the_plans_life(plan: HrRepo) -> None:
    """Opened after D: no plan yet; on the due day: open; the day after: overdue; the
    retake of 60.0 (= the goal, the lowest level) on 04-02: improved from that day."""
    assert status(plan, "2025-01-09") == []
    assert status(plan, "2025-03-31") == [OPEN]
    assert status(plan, "2025-04-01") == [OVERDUE]
    assert status(plan, "2025-04-02") == [IMPROVED]


def test_a_retake_below_the_goal_is_not_improved(plan: HrRepo) -> None:
    plan.write("evaluation/improvement/p-a1.yaml", PLAN + "goal: 60.1\n")
    assert status(plan, "2025-05-01") == [NOT_IMPROVED]


def test_tracking_sheet_has_names_baseline_and_stage(plan: HrRepo, tmp_path: Path) -> None:
    """The 改进计划跟踪 sheet, read with openpyxl: 姓名, the baseline (the result before
    opening), the re-assessment, the change, the status and the stage in Chinese."""
    plan.write("evaluation/improvement/p-a1.yaml", PLAN + "closed_on: 2025-04-10\n")
    ctx = context(plan.root, dt.date(2025, 4, 10))
    provider = next(p for p in LISTS if p.name == "improvement_tracking")
    write_files(ctx, tmp_path, [provider])
    ws = openpyxl.load_workbook(tmp_path / "改进计划跟踪.xlsx").active
    rows = list(ws.iter_rows(values_only=True))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert (row["员工编号"], row["姓名"], row["负责人"]) == ("A1", "学员A1", "学员M1")
    assert (row["开启时成绩"], row["复评成绩"], row["变化"], row["目标"]) == (40, 60, 20, 60)
    assert (row["状态"], row["阶段"], row["措施数"]) == ("已改进", "已关闭", 1)


def test_errors_are_located(plan: HrRepo) -> None:
    """Unknown person (E541), an item the program lacks (E309), a re-assessment roster
    without the person (E540), an action before the opening (E316)."""
    plan.roster("c3", t("M1", FAIL), assessed="2025-02-01")
    bad = (
        PLAN.replace('employee: "A1"', 'employee: "Z9"')
        .replace("items: [theory]", "items: [speed]")
        .replace("2025-01-20", "2025-01-01")
        + "reassessment: c3\n"
    )
    plan.write("evaluation/improvement/p-a1.yaml", bad)
    with pytest.raises(InputError) as err:
        plan.context("2025-05-01")
    assert sorted((p.line, p.code) for p in err.value.problems) == [
        (2, "E541"),
        (7, "E309"),
        (9, "E316"),
        (11, "E540"),
    ]
