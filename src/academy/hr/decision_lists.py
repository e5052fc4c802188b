"""The defensible-decision lists of ``academy export``: panel agreement and judge drift
(评委校准), exam reliability (试卷信度) and results near a cut (人工复核).

The numbers come from ``academy.core.decisions``; this module only lays them out. JSON
rows are the rows of the core objects' ``to_dict``, sorted by cohort, then component or
exam, then employee id. The 评委校准 sheet has one row per judge and panel, sorted by the
judge's name, then date, so that a judge's drift can be followed across cohorts (with the
mean of their drifts over every panel they sat on): it is staff appraisal and goes only
into these files, never onto the site.

``under_review`` is the set of people with a result in the review list; the pay-rise,
promotion and probation lists mark their rows (``under_review: true`` in JSON, a
人工复核 column in the sheets) so that HR looks again before acting.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

from academy.core.decisions import show
from academy.core.decisions.agreement import PanelAgreement, panel_agreements
from academy.core.decisions.reliability import ExamReliability, exam_reliabilities
from academy.core.decisions.review import ReviewRow, review_rows
from academy.hr.listfiles import DEPARTMENT, EMPLOYEE, NAME, Column, ListProvider
from academy.hr.lists import HrContext, Row

REVIEW_MARK = "需人工复核"
RELIABLE_LABELS = {True: "可靠", False: "不可靠", None: "人数不足，未计算"}


def panels(ctx: HrContext) -> list[PanelAgreement]:
    key = "decisions.panels"
    if key not in ctx.memo:
        ctx.memo[key] = panel_agreements(ctx.project.cohorts, ctx.programs, ctx.as_of)
    found: list[PanelAgreement] = ctx.memo[key]
    return found


def exams(ctx: HrContext) -> list[ExamReliability]:
    key = "decisions.exams"
    if key not in ctx.memo:
        ctx.memo[key] = exam_reliabilities(ctx.project.cohorts, ctx.as_of)
    found: list[ExamReliability] = ctx.memo[key]
    return found


def reviews(ctx: HrContext) -> list[ReviewRow]:
    key = "decisions.review"
    if key not in ctx.memo:
        ctx.memo[key] = review_rows(ctx.results, ctx.as_of)
    found: list[ReviewRow] = ctx.memo[key]
    return found


def under_review(ctx: HrContext) -> set[str]:
    """Employee ids with a result in the review list as of D."""
    return {r.employee_id for r in reviews(ctx)}


def _number(value: Any) -> Any:
    return None if value is None else show(value)


def _component_label(ctx: HrContext, program: str, component: str) -> str:
    found = ctx.programs.get(program)
    match = next((c for c in found.components if c.id == component), None) if found else None
    return match.label if match else component


def _judge_sheet(ctx: HrContext) -> list[Row]:
    rows = []
    for panel in panels(ctx):
        cohort = panel.cohort
        for d in panel.drift:
            rows.append(
                {
                    "name": d.name or f"第 {d.judge} 位评委（名册未写 judges）",
                    "judge": d.judge,
                    "cohort": cohort.title,  # the sheet says the title, as every list does
                    "assessed_on": cohort.assessed_on,
                    "component": _component_label(ctx, cohort.program, panel.component),
                    "drift": _number(d.drift),
                    "trainees": panel.trainees,
                    "alpha": _number(panel.alpha),
                    "reliable": RELIABLE_LABELS[panel.reliable],
                    "named": d.name is not None,
                }
            )
    rows.sort(key=lambda r: (not r["named"], r["name"], r["assessed_on"], r["cohort"]))
    # a named judge's drift across cohorts: the plain mean of their panels' drifts
    across: dict[str, list[Fraction]] = {}
    for panel in panels(ctx):
        for d in panel.drift:
            if d.name is not None and d.drift is not None:
                across.setdefault(d.name, []).append(d.drift)
    for row in rows:
        found = across.get(row["name"]) if row["named"] else None
        row["mean_drift"] = show(sum(found, Fraction(0)) / len(found)) if found else None
        row["panels"] = len(found) if found else None
    return rows


def _exam_sheet(ctx: HrContext) -> list[Row]:
    titles = {e.id: e.title for e in ctx.project.bank.exams.values()}
    cohorts = {c.id: c.title for c in ctx.project.cohorts}
    return [
        {
            **r.to_dict(),
            "cohort": cohorts.get(r.cohort, r.cohort),
            "title": titles.get(r.exam, r.exam),
            "alpha": _number(r.alpha),
            "sem": _number(r.sem),
        }
        for r in exams(ctx)
    ]


def _review_sheet(ctx: HrContext) -> list[Row]:
    cohorts = {c.id: c for c in ctx.project.cohorts}
    rows = []
    for r in reviews(ctx):
        cohort = cohorts[r.cohort]
        program = ctx.programs[cohort.program]
        level = program.level(r.level)
        cut = next(lv for lv in program.levels if lv.min_total == r.cut)
        rows.append(
            {
                **ctx.person(r.employee_id),
                "cohort": cohort.title,
                "assessed_on": cohort.assessed_on,
                "program": program.title,
                "total": r.total,
                "cut": r.cut,
                "cut_level": cut.label,
                "level": level.label if level else "未达等级或未过合格线",
                "band": program.review_band,
            }
        )
    return rows


PANEL_AGREEMENT = ListProvider(
    "panel_agreement",
    "评委校准",
    (
        Column("name", "评委"),
        Column("judge", "评委位次", "number"),
        Column("cohort", "班次"),
        Column("assessed_on", "考核日期", "date"),
        Column("component", "考核项"),
        Column("drift", "评委偏差（分）", "number"),
        Column("trainees", "计入一致性的学员数", "number"),
        Column("alpha", "评分一致性 α", "number"),
        Column("reliable", "一致性"),
        Column("mean_drift", "该评委各班次平均偏差（分）", "number"),
        Column("panels", "计入的班次数", "number"),
    ),
    _judge_sheet,
    lambda ctx: [p.to_dict() for p in panels(ctx)],
)
EXAM_RELIABILITY = ListProvider(
    "exam_reliability",
    "试卷信度",
    (
        Column("exam", "考卷编号", "id"),
        Column("title", "考卷"),
        Column("cohort", "班次"),
        Column("sittings", "考试人数", "number"),
        Column("items", "题目数", "number"),
        Column("alpha", "信度 α", "number"),
        Column("sem", "测量标准误（分）", "number"),
    ),
    _exam_sheet,
    lambda ctx: [r.to_dict() for r in exams(ctx)],
)
REVIEW = ListProvider(
    "review",
    "人工复核",
    (
        EMPLOYEE,
        NAME,
        DEPARTMENT,
        Column("cohort", "班次"),
        Column("assessed_on", "考核日期", "date"),
        Column("program", "方案"),
        Column("total", "总分", "number"),
        Column("cut", "临近的等级线", "number"),
        Column("cut_level", "等级线对应等级"),
        Column("level", "评定结果"),
        Column("band", "复核范围（±分）", "number"),
    ),
    _review_sheet,
    lambda ctx: [r.to_dict() for r in reviews(ctx)],
)

PROVIDERS = (PANEL_AGREEMENT, EXAM_RELIABILITY, REVIEW)

REVIEW_COLUMN = Column("under_review", "人工复核")


def marked(provider: ListProvider) -> ListProvider:
    """``provider`` with its rows marked for people under review: ``under_review: true``
    on their JSON rows (other rows unchanged) and a 人工复核 column in the sheet."""
    rows, to_json = provider.rows, provider.to_json

    def sheet(ctx: HrContext) -> list[Row]:
        ids = under_review(ctx)
        return [
            {**r, "under_review": REVIEW_MARK if r.get("employee_id") in ids else ""}
            for r in rows(ctx)
        ]

    def json_rows(ctx: HrContext) -> Any:
        assert to_json is not None
        ids = under_review(ctx)
        return [
            {**r, "under_review": True} if r.get("employee_id") in ids else r for r in to_json(ctx)
        ]

    json_fn: Callable[[HrContext], Any] | None = json_rows if to_json is not None else None
    return ListProvider(
        provider.name, provider.title, (*provider.columns, REVIEW_COLUMN), sheet, json_fn
    )
