"""Individual improvement plans tracked through their life: ``evaluation/improvement/<id>.yaml``.

One file per plan: who, against which program, when it was opened, the items it aims at,
the actions taken, the day it must be re-assessed by, and (later) the day it was closed.
What the plan's status is, is computed, never written (docs/guide/evaluation.md, 个人改进计划):

- the re-assessment is the roster named by ``reassessment``, else the person's first
  complete result in the program assessed after ``opened_on``; as of D only rosters
  assessed on or before D count (rule 4.11);
- ``goal`` defaults to the program's lowest level (its pass line); ``baseline`` to the
  person's latest complete result in the program assessed on or before ``opened_on``;
- status as of D: 已改进 (``improved``) when the re-assessment total reaches the goal,
  未改进 (``not_improved``) when it does not, 逾期未复评 (``overdue``) when there is no
  re-assessment and D is after ``reassess_by``, else 进行中 (``open``);
- stage as of D: 已关闭 from ``closed_on``, else 已复评, 有措施 (an action on or before D),
  已开启. A plan opened after D does not exist yet.

Plans are personal data: they go only into ``academy export`` files.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from academy.core.yamlsrc import Document

if TYPE_CHECKING:
    from collections.abc import Collection, Iterable, Mapping

    from academy.core.certify.issue import Result
    from academy.core.errors import Problem
    from academy.core.model import Cohort, Program

IMPROVEMENT_DIR = "evaluation/improvement"

OPEN, OVERDUE, IMPROVED, NOT_IMPROVED = "open", "overdue", "improved", "not_improved"
STATUS_LABELS = {
    OPEN: "进行中",
    OVERDUE: "逾期未复评",
    IMPROVED: "已改进",
    NOT_IMPROVED: "未改进",
}
STAGE_OPENED, STAGE_ACTIONS, STAGE_REASSESSED, STAGE_CLOSED = "已开启", "有措施", "已复评", "已关闭"


@dataclass(frozen=True)
class Action:
    on: dt.date
    action: str
    by: str | None = None


@dataclass(frozen=True)
class ImprovementPlan:
    id: str
    employee_id: str
    program: str
    opened_on: dt.date
    reassess_by: dt.date
    reason: str = ""
    owner: str | None = None
    items: tuple[str, ...] = ()
    baseline: Decimal | None = None
    goal: Decimal | None = None
    actions: tuple[Action, ...] = ()
    reassessment: str | None = None  # a cohort id
    closed_on: dt.date | None = None
    path: str = ""


@dataclass(frozen=True)
class PlanState:
    """A plan as it stood on a day."""

    plan: ImprovementPlan
    status: str  # OPEN | OVERDUE | IMPROVED | NOT_IMPROVED
    stage: str
    goal: Decimal
    baseline: Decimal | None
    reassessed: Result | None  # the re-assessment, when there is one by the day
    actions: tuple[Action, ...]  # those on or before the day

    @property
    def total(self) -> Decimal | None:
        return None if self.reassessed is None else self.reassessed.score.total

    @property
    def change(self) -> Decimal | None:
        """Re-assessment minus baseline."""
        if self.total is None or self.baseline is None:
            return None
        return self.total - self.baseline


def _date(value: object) -> dt.date:
    return dt.date.fromisoformat(str(value))


def _targets(program: Program) -> set[str]:
    """The ids a plan may aim at: the program's rubric items, categories or components."""
    if program.kind == "rubric":
        return {i.id for i in program.items} | {c.id for c in program.categories}
    return {c.id for c in program.components}


def read_plan(
    doc: Document,
    programs: Mapping[str, Program | None] | None,
    cohorts: Mapping[str, Cohort],
    register: Collection[str] | None,
) -> tuple[ImprovementPlan, list[Problem]]:
    """A schema-valid plan checked against programs, rosters and the register (E540, E541,
    E316); nothing here depends on the as-of day. ``programs`` maps a program that has
    errors of its own to None (its references are not checked again)."""
    data = doc.data
    problems: list[Problem] = []
    if data["plan"] != PurePosixPath(doc.path).stem:
        problems.append(doc.problem(("plan",), "E301", f"计划编号“{data['plan']}”与文件名不一致"))
    emp = data["employee"]
    if register is not None and emp not in register:
        problems.append(doc.problem(("employee",), "E541", f"员工 {emp} 不在人员名册中"))
    if register is not None and "owner" in data and data["owner"] not in register:
        problems.append(doc.problem(("owner",), "E541", f"负责人 {data['owner']} 不在人员名册中"))
    program = programs.get(data["program"]) if programs is not None else None
    if programs is not None and data["program"] not in programs:  # None: already reported
        problems.append(doc.problem(("program",), "E302", f"未知的考核方案“{data['program']}”"))
    items = tuple(data.get("items", []))
    if program is not None:
        known = _targets(program)
        for i, item in enumerate(items):
            if item not in known:
                problems.append(
                    doc.problem(("items", i), "E309", f"方案“{program.id}”中没有考核项“{item}”")
                )
    opened = _date(data["opened_on"])
    reassess_by = _date(data["reassess_by"])
    if reassess_by < opened:
        problems.append(doc.problem(("reassess_by",), "E316", "最迟复评日期早于开启日期"))
    closed = _date(data["closed_on"]) if "closed_on" in data else None
    if closed is not None and closed < opened:
        problems.append(doc.problem(("closed_on",), "E316", "关闭日期早于开启日期"))
    actions = []
    for i, a in enumerate(data.get("actions", [])):
        action = Action(_date(a["on"]), a["action"], a.get("by"))
        if action.on < opened:
            problems.append(doc.problem(("actions", i, "on"), "E316", "改进措施的日期早于开启日期"))
        if closed is not None and action.on > closed:
            problems.append(doc.problem(("actions", i, "on"), "E316", "改进措施的日期晚于关闭日期"))
        actions.append(action)
    reassessment = data.get("reassessment")
    if reassessment is not None:
        cohort = cohorts.get(reassessment)
        if cohort is None:
            problems.append(doc.problem(("reassessment",), "E540", f"没有班次“{reassessment}”"))
        elif cohort.program != data["program"]:
            problems.append(
                doc.problem(
                    ("reassessment",),
                    "E540",
                    f"班次“{reassessment}”属于方案“{cohort.program}”，不是“{data['program']}”",
                )
            )
        elif emp not in {e.employee_id for e in cohort.entries}:
            problems.append(
                doc.problem(
                    ("reassessment",), "E540", f"班次“{reassessment}”的名册中没有员工 {emp}"
                )
            )
        elif cohort.assessed_on <= opened:
            problems.append(
                doc.problem(
                    ("reassessment",),
                    "E540",
                    f"班次“{reassessment}”考核于 {cohort.assessed_on}，不晚于计划开启日期 {opened}",
                )
            )
    plan = ImprovementPlan(
        data["plan"],
        emp,
        data["program"],
        opened,
        reassess_by,
        data.get("reason", ""),
        data.get("owner"),
        items,
        None if "baseline" not in data else Decimal(str(data["baseline"])),
        None if "goal" not in data else Decimal(str(data["goal"])),
        tuple(actions),
        reassessment,
        closed,
        doc.path,
    )
    return plan, problems


def _mine(plan: ImprovementPlan, results: Iterable[Result]) -> list[Result]:
    """The person's complete results in the plan's program, oldest first."""
    own = [
        r
        for r in results
        if r.entry.employee_id == plan.employee_id
        and r.program.id == plan.program
        and r.score.complete
    ]
    return sorted(own, key=lambda r: (r.cohort.assessed_on, r.cohort.id))


def state(
    plan: ImprovementPlan, results: Iterable[Result], programs: Mapping[str, Program], day: dt.date
) -> PlanState | None:
    """The plan as of ``day``; None when it was opened after the day."""
    if plan.opened_on > day:
        return None
    own = _mine(plan, results)
    program = programs[plan.program]
    goal = plan.goal if plan.goal is not None else program.levels[-1].min_total
    baseline = plan.baseline
    if baseline is None:
        before = [r for r in own if r.cohort.assessed_on <= plan.opened_on]
        baseline = before[-1].score.total if before else None
    after = [r for r in own if plan.opened_on < r.cohort.assessed_on <= day]
    if plan.reassessment is not None:
        after = [r for r in after if r.cohort.id == plan.reassessment]
    again = after[0] if after else None
    if again is not None:
        total = again.score.total
        assert total is not None
        status = IMPROVED if total >= goal else NOT_IMPROVED
    else:
        status = OVERDUE if day > plan.reassess_by else OPEN
    actions = tuple(a for a in plan.actions if a.on <= day)
    if plan.closed_on is not None and plan.closed_on <= day:
        stage = STAGE_CLOSED
    elif again is not None:
        stage = STAGE_REASSESSED
    elif actions:
        stage = STAGE_ACTIONS
    else:
        stage = STAGE_OPENED
    return PlanState(plan, status, stage, goal, baseline, again, actions)


def states(
    plans: Iterable[ImprovementPlan],
    results: Iterable[Result],
    programs: Mapping[str, Program],
    day: dt.date,
) -> list[PlanState]:
    """Every plan opened by ``day``, by employee id, then opening day, then plan id."""
    pool = list(results)
    out = [state(p, pool, programs, day) for p in plans if p.program in programs]
    found = [s for s in out if s is not None]
    return sorted(found, key=lambda s: (s.plan.employee_id, s.plan.opened_on, s.plan.id))
