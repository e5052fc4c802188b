"""The cycles lists as ``academy export`` providers — for the lead to wire in at merge.

This module needs ``academy.hr.listfiles`` and ``academy.hr.lists`` from the HR branch; nothing on
the cycles branch imports it. At merge: add to ``academy.hr.export.LISTS``, after
``RENEWAL_PLAN`` (the §9 key order): ``CYCLES, PROMOTION_CANDIDATES, IMPROVEMENT_PLANS``,
and, spreadsheets only, ``MONTHLY_RESULTS, ANNUAL_RESULTS``.

JSON rows are exactly those of ``academy.core.cycles.lists.export_lists`` (docs/guide/people.md:
``cycles`` rows are employee_id, program, period, months, total, band). People who left
before the as-of date are left out (§9, time), through ``HrContext.gone``.
"""

from __future__ import annotations

from typing import Any

from academy.core.cycles.lists import SHEET_TITLES, annual_rows, export_lists, monthly_rows
from academy.core.cycles.recognition import recognition_rows
from academy.hr.listfiles import DEPARTMENT, EMPLOYEE, NAME, Column, ListProvider
from academy.hr.lists import HrContext


def _cohort_title(ctx: HrContext, cohort: str) -> str:
    titles = ctx.memo.get("cycles.cohort_titles")
    if titles is None:
        titles = ctx.memo["cycles.cohort_titles"] = {c.id: c.title for c in ctx.project.cohorts}
    return str(titles.get(cohort, cohort))


_MEMO = "cycles.export_lists"


def _lists(ctx: HrContext) -> dict[str, list[dict[str, Any]]]:
    if _MEMO not in ctx.memo:
        ctx.memo[_MEMO] = export_lists(ctx, ctx.as_of, lambda e: ctx.gone(e, ctx.as_of))
    lists: dict[str, list[dict[str, Any]]] = ctx.memo[_MEMO]
    return lists


def _title(ctx: HrContext, program: str) -> str:
    found = ctx.programs.get(program)
    return found.title if found else program


def _band_label(ctx: HrContext, program: str, band: str | None) -> str:
    found = ctx.programs.get(program)
    rule = found.cycles if found else None
    if rule is None or band is None:
        return ""
    return next((b.label for b in rule.bands if b.id == band), band)


def _cycles_sheet(ctx: HrContext) -> list[dict[str, Any]]:
    return [
        {
            **r,
            **ctx.person(r["employee_id"]),
            "program": _title(ctx, r["program"]),
            "band": _band_label(ctx, r["program"], r["band"]),
        }
        for r in _lists(ctx)["cycles"]
    ]


def _promotion_sheet(ctx: HrContext) -> list[dict[str, Any]]:
    """One row per excellent quarter: its period and its result in cells of their own."""
    return [
        {
            **r,
            **ctx.person(r["employee_id"]),
            "program": _title(ctx, r["program"]),
            "quarter": quarter,
            "total": total,
        }
        for r in _lists(ctx)["promotion_candidates"]
        for quarter, total in zip(r["quarters"], r["totals"], strict=True)
    ]


def _plan_sheet(ctx: HrContext) -> list[dict[str, Any]]:
    """One row per month below the line, its result a number; the plan's items and
    modules (the same for the person's months) as names, one list per cell."""
    modules = ctx.project.modules
    return [
        {
            **r,
            **ctx.person(r["employee_id"]),
            "program": _title(ctx, r["program"]),
            "month": month,
            "total": total,
            "items": "、".join(i["label"] for i in r["items"]),
            "lost": sum(i["lost"] for i in r["items"]),
            "modules": "、".join(modules[m].title if m in modules else m for m in r["modules"]),
        }
        for r in _lists(ctx)["improvement_plans"]
        for month, total in zip(r["months"], r["totals"], strict=True)
    ]


def _monthly_sheet(ctx: HrContext) -> list[dict[str, Any]]:
    return [
        {
            **r,
            **ctx.person(r["employee_id"]),
            "program": _title(ctx, r["program"]),
            "cohort": _cohort_title(ctx, r["cohort"]),
            "band": _band_label(ctx, r["program"], r["band"]),
        }
        for r in monthly_rows(ctx, ctx.as_of)
        if not ctx.gone(r["employee_id"], ctx.as_of)
    ]


def _annual_sheet(ctx: HrContext) -> list[dict[str, Any]]:
    return [
        {
            **r,
            **ctx.person(r["employee_id"]),
            "program": _title(ctx, r["program"]),
            "grade": _band_label(ctx, r["program"], r["grade"]),
            "excellent": "是" if r["excellent"] else "否",
        }
        for r in annual_rows(ctx, ctx.as_of)
        if not ctx.gone(r["employee_id"], ctx.as_of)
    ]


def _recognition_sheet(ctx: HrContext) -> list[dict[str, Any]]:
    """One row per person and year: rank, grade, 年度优秀, honours, the training offer."""
    rule = ctx.project.recognition
    if rule is None:
        return []
    return [
        {
            **ctx.person(r.employee_id),
            "year": r.year,
            "total": None if r.total is None else float(r.total),
            "quarters": r.quarters,
            "rank": r.rank,
            "grade": "年度结果未完成" if r.grade is None else f"{r.grade.id}（{r.grade.label}）",
            "excellent": "是" if r.excellent else "否",
            "honours": "、".join(r.honours),
            "reasons": "；".join(
                f"{h.honour}：{h.reason}"
                for h in rule.honours
                if (h.year, h.employee_id) == (r.year, r.employee_id)
            ),
            "training": "是" if r.training else "否",
            "status": "最终" if r.final else "暂定（年度未结束）",
        }
        for r in recognition_rows(ctx.results, rule, ctx.as_of)
        if not ctx.gone(r.employee_id, ctx.as_of)
    ]


RECOGNITION = ListProvider(
    "recognition",
    "年度评优与表彰",
    (
        EMPLOYEE,
        NAME,
        DEPARTMENT,
        Column("year", "年度", "number"),
        Column("total", "年度成绩", "number"),
        Column("quarters", "完整季度数", "number"),
        Column("rank", "名次", "number"),
        Column("grade", "绩效等级"),
        Column("excellent", "年度优秀"),
        Column("honours", "荣誉"),
        Column("reasons", "提名理由"),
        Column("training", "高级培训或进修"),
        Column("status", "状态"),
    ),
    _recognition_sheet,
    None,  # spreadsheets only
)
CYCLES = ListProvider(
    "cycles",
    SHEET_TITLES["cycles"],
    (
        EMPLOYEE,
        NAME,
        DEPARTMENT,
        Column("program", "考核方案"),
        Column("period", "考核周期"),
        Column("months", "计入月数", "number"),
        Column("total", "成绩", "number"),
        Column("band", "档次"),
    ),
    _cycles_sheet,
    lambda ctx: _lists(ctx)["cycles"],
)
PROMOTION_CANDIDATES = ListProvider(
    "promotion_candidates",
    SHEET_TITLES["promotion_candidates"],
    (
        EMPLOYEE,
        NAME,
        DEPARTMENT,
        Column("program", "考核方案"),
        Column("quarter", "优秀季度"),
        Column("total", "季度成绩", "number"),
    ),
    _promotion_sheet,
    lambda ctx: _lists(ctx)["promotion_candidates"],
)
IMPROVEMENT_PLANS = ListProvider(
    "improvement_plans",
    SHEET_TITLES["improvement_plans"],
    (
        EMPLOYEE,
        NAME,
        DEPARTMENT,
        Column("program", "考核方案"),
        Column("month", "待改进月份"),
        Column("total", "当月成绩", "number"),
        Column("items", "失分最多的扣分项"),
        Column("lost", "这些项共失分", "number"),
        Column("modules", "建议学习模块"),
    ),
    _plan_sheet,
    lambda ctx: _lists(ctx)["improvement_plans"],
)
MONTHLY_RESULTS = ListProvider(
    "monthly_results",
    SHEET_TITLES["monthly_results"],
    (
        EMPLOYEE,
        NAME,
        DEPARTMENT,
        Column("program", "考核方案"),
        Column("month", "月份"),
        Column("cohort", "班次"),
        Column("total", "月度成绩", "number"),
        Column("peer", "互评均分", "number"),
        Column("band", "档次"),
        Column("bonus", "绩效奖金系数", "number"),
    ),
    _monthly_sheet,
    None,  # spreadsheets only
)
ANNUAL_RESULTS = ListProvider(
    "annual_results",
    SHEET_TITLES["annual_results"],
    (
        EMPLOYEE,
        NAME,
        DEPARTMENT,
        Column("program", "考核方案"),
        Column("year", "年度", "number"),
        Column("total", "年度成绩", "number"),
        Column("grade", "年度绩效等级"),
        Column("excellent", "年度优秀"),
    ),
    _annual_sheet,
    None,  # spreadsheets only
)
PROVIDERS = (
    CYCLES,
    PROMOTION_CANDIDATES,
    IMPROVEMENT_PLANS,
    MONTHLY_RESULTS,
    ANNUAL_RESULTS,
    RECOGNITION,
)
