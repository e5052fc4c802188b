"""The cycles lists as ``academy export`` providers — for the lead to wire in at merge.

This module needs ``academy.hr.listfiles`` and ``academy.hr.lists`` from the HR branch; nothing on
the cycles branch imports it. At merge: add to ``academy.hr.export.LISTS``, after
``RENEWAL_PLAN`` (the §9 key order): ``CYCLES, PROMOTION_CANDIDATES, IMPROVEMENT_PLANS``,
and, spreadsheets only, ``MONTHLY_RESULTS, ANNUAL_RESULTS``.

JSON rows are exactly those of ``academy.core.cycles.lists.export_lists`` (FORMATS.md §9:
``cycles`` rows are employee_id, program, period, months, total, band). People who left
before the as-of date are left out (§9, time), through ``HrContext.gone``.
"""

from __future__ import annotations

from typing import Any

from academy.core.cycles.lists import SHEET_TITLES, annual_rows, export_lists, monthly_rows
from academy.hr.listfiles import EMPLOYEE, Column, ListProvider
from academy.hr.lists import HrContext

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
            "program": _title(ctx, r["program"]),
            "band": _band_label(ctx, r["program"], r["band"]),
        }
        for r in _lists(ctx)["cycles"]
    ]


def _promotion_sheet(ctx: HrContext) -> list[dict[str, Any]]:
    return [
        {
            **r,
            "program": _title(ctx, r["program"]),
            "quarters": "、".join(r["quarters"]),
            "totals": "、".join(f"{t:g}" for t in r["totals"]),
        }
        for r in _lists(ctx)["promotion_candidates"]
    ]


def _plan_sheet(ctx: HrContext) -> list[dict[str, Any]]:
    modules = ctx.project.modules
    return [
        {
            **r,
            "program": _title(ctx, r["program"]),
            "months": "、".join(r["months"]),
            "totals": "、".join(f"{t:g}" for t in r["totals"]),
            "items": "、".join(f"{i['label']}（失 {i['lost']:g} 分）" for i in r["items"]),
            "modules": "、".join(modules[m].title if m in modules else m for m in r["modules"]),
        }
        for r in _lists(ctx)["improvement_plans"]
    ]


def _monthly_sheet(ctx: HrContext) -> list[dict[str, Any]]:
    return [
        {
            **r,
            "program": _title(ctx, r["program"]),
            "band": _band_label(ctx, r["program"], r["band"]),
        }
        for r in monthly_rows(ctx, ctx.as_of)
        if not ctx.gone(r["employee_id"], ctx.as_of)
    ]


def _annual_sheet(ctx: HrContext) -> list[dict[str, Any]]:
    return [
        {
            **r,
            "program": _title(ctx, r["program"]),
            "grade": _band_label(ctx, r["program"], r["grade"]),
            "excellent": "是" if r["excellent"] else "否",
        }
        for r in annual_rows(ctx, ctx.as_of)
        if not ctx.gone(r["employee_id"], ctx.as_of)
    ]


CYCLES = ListProvider(
    "cycles",
    SHEET_TITLES["cycles"],
    (
        EMPLOYEE,
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
        Column("program", "考核方案"),
        Column("quarters", "连续优秀季度"),
        Column("totals", "季度成绩"),
    ),
    _promotion_sheet,
    lambda ctx: _lists(ctx)["promotion_candidates"],
)
IMPROVEMENT_PLANS = ListProvider(
    "improvement_plans",
    SHEET_TITLES["improvement_plans"],
    (
        EMPLOYEE,
        Column("program", "考核方案"),
        Column("months", "待改进月份"),
        Column("totals", "当月成绩"),
        Column("items", "失分最多的扣分项"),
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
        Column("program", "考核方案"),
        Column("month", "月份"),
        Column("cohort", "班次", "id"),
        Column("total", "月度成绩", "number"),
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
        Column("program", "考核方案"),
        Column("year", "年度", "number"),
        Column("total", "年度成绩", "number"),
        Column("grade", "年度绩效等级"),
        Column("excellent", "年度优秀"),
    ),
    _annual_sheet,
    None,  # spreadsheets only
)
PROVIDERS = (CYCLES, PROMOTION_CANDIDATES, IMPROVEMENT_PLANS, MONTHLY_RESULTS, ANNUAL_RESULTS)
