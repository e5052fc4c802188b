"""Individual follow-up as HR lists (docs/guide/evaluation.md, 个人改进计划 and 过程记录).

- ``学员改进建议``: each trainee of a certification cohort below a level boundary, with the
  modules of their *own* weakest exam sections and the points lost on each
  (``core.reports.weak_items``);
- ``改进计划跟踪``: every tracked improvement plan as of D with its computed status
  (``core.load.evaluation.improvement``);
- ``过程记录``: per course and trainee, classroom questions, group discussion, homework
  handed in and the 1-on-1; ``过程记录逾期名单``: who is overdue as of D
  (``core.load.evaluation.participation``).

All four hold personal data and are written only by ``academy export``; people who left
before D are left out (§9, time).
"""

from __future__ import annotations

from typing import Any

from academy.core.load.evaluation.improvement import STATUS_LABELS as PLAN_STATUS
from academy.core.load.evaluation.improvement import states
from academy.core.load.evaluation.participation import (
    COACHING,
    LATE,
    OVERDUE,
    STATE_LABELS,
    duties,
    overdue,
)
from academy.core.reports.weak_items import trainee_advice
from academy.hr.listfiles import DEPARTMENT, EMPLOYEE, NAME, Column, ListProvider, json_rows
from academy.hr.lists import HrContext


def _here(ctx: HrContext, employee: str) -> bool:
    return not ctx.gone(employee, ctx.as_of)


def _mentors(ctx: HrContext) -> dict[str, str]:
    return {p.id: p.mentor for p in ctx.register.people.values() if p.mentor}


# --- 学员改进建议 ------------------------------------------------------------


def _advice_rows(ctx: HrContext) -> list[dict[str, Any]]:
    modules = ctx.project.modules
    by_cohort: dict[str, list[Any]] = {}
    for r in ctx.results:
        if r.cohort.assessed_on <= ctx.as_of:
            by_cohort.setdefault(r.cohort.id, []).append(r)
    cohorts = sorted(
        (c for c in ctx.project.cohorts if c.kind == "certification" and c.id in by_cohort),
        key=lambda c: (c.assessed_on, c.id),
    )
    rows = []
    for cohort in cohorts:
        for a in trainee_advice(by_cohort[cohort.id], cohort.id, modules):
            emp = a.result.entry.employee_id
            if not _here(ctx, emp):
                continue
            level = a.result.score.level
            sections = "、".join(
                f"{modules[s.module].title if s.module in modules else s.module}"
                f"（失 {s.lost.normalize():f} / {s.points.normalize():f} 分）"
                for s in a.sections
            )
            rows.append(
                {
                    **ctx.person(emp),
                    "cohort": cohort.title,
                    "assessed_on": cohort.assessed_on,
                    "total": a.result.score.total,
                    "level": level.label if level else "未通过",
                    "next": a.next_level.label,
                    "missing": a.missing_points,
                    "reason": f"{a.component.label}未达合格线"
                    if a.gate_missed
                    else a.component.label,
                    "sections": sections,
                    "modules": "、".join(
                        modules[m].title if m in modules else m for m in a.modules
                    ),
                    "basis": "本人作答" if a.personal else "讲授该项的模块",
                }
            )
    return rows


TRAINEE_ADVICE = ListProvider(
    "trainee_advice",
    "学员改进建议",
    (
        EMPLOYEE,
        NAME,
        DEPARTMENT,
        Column("cohort", "班次"),
        Column("assessed_on", "考核日期", "date"),
        Column("total", "总分", "number"),
        Column("level", "当前结果"),
        Column("next", "目标等级"),
        Column("missing", "还差", "number"),
        Column("reason", "主要短板"),
        Column("sections", "本人失分最多的模块"),
        Column("modules", "建议重修模块"),
        Column("basis", "建议依据"),
    ),
    _advice_rows,
    None,  # spreadsheets only
)


# --- 改进计划跟踪 ------------------------------------------------------------


def _plan_rows(ctx: HrContext) -> list[dict[str, Any]]:
    programs = ctx.project.programs
    rows = []
    plans = ctx.project.evaluation.improvement
    for s in states(plans, ctx.results, programs, ctx.as_of):
        plan = s.plan
        if not _here(ctx, plan.employee_id):
            continue
        program = programs[plan.program]
        labels = {i.id: i.label for i in program.items}
        labels |= {c.id: c.label for c in program.components}
        labels |= {c.id: c.label for c in program.categories}
        last = s.actions[-1] if s.actions else None
        rows.append(
            {
                **ctx.person(plan.employee_id),
                "plan": plan.id,
                "program": program.title,
                "opened_on": plan.opened_on,
                "reason": plan.reason,
                "owner": ctx.name(plan.owner) if plan.owner else "",
                "items": "、".join(labels.get(i, i) for i in plan.items),
                "baseline": s.baseline,
                "goal": s.goal,
                "actions": len(s.actions),
                "last_action": "" if last is None else f"{last.on.isoformat()} {last.action}",
                "reassess_by": plan.reassess_by,
                "reassessed_in": "" if s.reassessed is None else s.reassessed.cohort.title,
                "reassessed_on": None if s.reassessed is None else s.reassessed.cohort.assessed_on,
                "total": s.total,
                "change": s.change,
                "status": s.status,
                "status_label": PLAN_STATUS[s.status],
                "stage": s.stage,
                "closed_on": plan.closed_on
                if plan.closed_on and plan.closed_on <= ctx.as_of
                else None,
            }
        )
    return rows


IMPROVEMENT_TRACKING = ListProvider(
    "improvement_tracking",
    "改进计划跟踪",
    (
        EMPLOYEE,
        NAME,
        DEPARTMENT,
        Column("plan", "计划编号", "id"),
        Column("program", "考核方案"),
        Column("opened_on", "开启日期", "date"),
        Column("reason", "开启原因"),
        Column("owner", "负责人"),
        Column("items", "针对项"),
        Column("baseline", "开启时成绩", "number"),
        Column("goal", "目标", "number"),
        Column("actions", "措施数", "number"),
        Column("last_action", "最近措施"),
        Column("reassess_by", "最迟复评日期", "date"),
        Column("reassessed_in", "复评班次"),
        Column("reassessed_on", "复评日期", "date"),
        Column("total", "复评成绩", "number"),
        Column("change", "变化", "number"),
        Column("status_label", "状态"),
        Column("stage", "阶段"),
        Column("closed_on", "关闭日期", "date"),
    ),
    _plan_rows,
    json_rows(
        ("employee_id", "plan", "opened_on", "reassess_by", "total", "goal", "status"),
        _plan_rows,
    ),
)


# --- 过程记录 -----------------------------------------------------------------


def _participation_rows(ctx: HrContext) -> list[dict[str, Any]]:
    day = ctx.as_of
    owed = duties(ctx.project.evaluation.participation, day, _mentors(ctx))
    by_key: dict[tuple[str, str], list[Any]] = {}
    for d in owed:
        by_key.setdefault((d.record.id, d.employee_id), []).append(d)
    rows = []
    for record in sorted(ctx.project.evaluation.participation, key=lambda r: (r.starts_on, r.id)):
        if record.starts_on > day:
            continue
        for t in sorted(record.trainees, key=lambda t: t.employee_id):
            if not _here(ctx, t.employee_id):
                continue
            mine = by_key.get((record.id, t.employee_id), [])
            coaching = next(d for d in mine if d.kind == COACHING)
            homework = [d for d in mine if d.kind != COACHING]
            rows.append(
                {
                    **ctx.person(t.employee_id),
                    "session": record.title,
                    "ended_on": record.ends_on,
                    "questions": t.questions,
                    "discussion": t.discussion,
                    "homework_assigned": len(homework),
                    "homework_in": sum(1 for d in homework if d.done_on is not None),
                    "homework_late": sum(1 for d in homework if d.state in (LATE, OVERDUE)),
                    "coaching_due": coaching.due_on,
                    "coaching_on": coaching.done_on,
                    "coaching_state": STATE_LABELS[coaching.state],
                    "mentor": ctx.name(coaching.mentor) if coaching.mentor else "",
                }
            )
    return rows


def _overdue_rows(ctx: HrContext) -> list[dict[str, Any]]:
    day = ctx.as_of
    rows = []
    for d in overdue(ctx.project.evaluation.participation, day, _mentors(ctx)):
        if not _here(ctx, d.employee_id):
            continue
        rows.append(
            {
                **ctx.person(d.employee_id),
                "session": d.record.title,
                "session_id": d.record.session,
                "kind": d.kind,
                "what": d.label if d.kind == COACHING else f"作业：{d.label}",
                "due_on": d.due_on,
                "days": d.days_late(day),
                "mentor_id": d.mentor or "",
                "mentor": ctx.name(d.mentor) if d.mentor else "",
            }
        )
    rows.sort(key=lambda r: (r["employee_id"], r["due_on"], r["session_id"], r["what"]))
    return rows


PARTICIPATION = ListProvider(
    "participation",
    "过程记录",
    (
        EMPLOYEE,
        NAME,
        DEPARTMENT,
        Column("session", "培训场次"),
        Column("ended_on", "课程结束日期", "date"),
        Column("questions", "课堂提问次数", "number"),
        Column("discussion", "小组讨论得分", "number"),
        Column("homework_assigned", "已布置作业", "number"),
        Column("homework_in", "已交作业", "number"),
        Column("homework_late", "逾期作业（晚交或未交）", "number"),
        Column("coaching_due", "1对1辅导期限", "date"),
        Column("coaching_on", "1对1辅导日期", "date"),
        Column("coaching_state", "1对1辅导"),
        Column("mentor", "导师"),
    ),
    _participation_rows,
    None,  # spreadsheets only
)
PARTICIPATION_OVERDUE = ListProvider(
    "participation_overdue",
    "过程记录逾期名单",
    (
        EMPLOYEE,
        NAME,
        DEPARTMENT,
        Column("session", "培训场次"),
        Column("what", "逾期事项"),
        Column("due_on", "应完成日期", "date"),
        Column("days", "已逾期天数", "number"),
        Column("mentor", "导师"),
    ),
    _overdue_rows,
    json_rows(
        ("employee_id", "session_id", "kind", "what", "due_on", "days", "mentor_id"), _overdue_rows
    ),
)

PROVIDERS = (TRAINEE_ADVICE, IMPROVEMENT_TRACKING, PARTICIPATION, PARTICIPATION_OVERDUE)
