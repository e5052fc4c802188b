"""One row per trainee for a cohort page: scores as shown, remarks, certificate, renewal.

Split from ``cohorts.py``; values here are plain strings, escaped by the template.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from academy.core.reports import cohort_stats
from academy.core.grade.exam_scoring import ExamScore
from academy.core.grade.totals import round_half_up
from academy.core.grade.practical import PracticalScore
from .common import RESULT_STATUS_LABELS, SiteContext

if TYPE_CHECKING:
    from academy.core.certify.issue import Result
    from ..core.model import Entry, Program

NONE = "—"
ABSENT_NOTE = "缺考"
GATE_NOTE = "未达合格线"
MISSING_NOTE = "缺成绩"


def _num(value: Decimal | int | float) -> str:
    return format(Decimal(str(value)) if isinstance(value, float) else Decimal(value), "f")


def _shown(value: Decimal | None, decimals: int) -> str:
    return NONE if value is None else format(round_half_up(value, decimals), "f")


def _component_cells(program: Program, entry: Entry, row: dict[str, Any]) -> list[dict[str, str]]:
    given = entry.scores or {}
    cells = []
    for comp in program.components:
        raw = given.get(comp.id)
        cell = {"text": _shown(row[cohort_stats.part_column(comp.id)], program.decimals)}
        cell["title"] = cell["note"] = ""
        if isinstance(raw, list) and len(raw) > 1:
            marks = "、".join(_num(v) for v in raw)
            cell["title"] = f"评委评分：{marks}"
            cell["note"] = marks
        elif isinstance(raw, PracticalScore) and len(raw.judges) > 1:
            marks = "、".join(_num(sum(sheet.values(), Decimal(0))) for sheet in raw.judges)
            cell["title"] = f"评委评分表合计：{marks}（满分 {_num(raw.scenario.total)}）"
            cell["note"] = marks
        elif isinstance(raw, ExamScore):
            cell["title"] = f"按考卷“{raw.exam.title}”的作答自动评分"
        if comp.id in row[cohort_stats.ABSENT]:
            cell["note"] = ABSENT_NOTE
        elif comp.id in row[cohort_stats.GATES_MISSED]:
            cell["note"] = GATE_NOTE
        elif comp.id in row[cohort_stats.MISSING]:
            cell["note"] = MISSING_NOTE
        cells.append(cell)
    return cells


def _category_cells(
    program: Program, row: dict[str, Any], parts: dict[str, Decimal]
) -> list[dict[str, str]]:
    cells = []
    for cat in program.categories:
        lost = [
            f"{i.label} −{_num(i.points - parts[i.id])}"
            for i in cat.items
            if i.id in parts and parts[i.id] < i.points
        ]
        cells.append(
            {
                "text": _shown(row[cohort_stats.part_column(cat.id)], program.decimals),
                "title": "；".join(lost),
                "note": "",
            }
        )
    return cells


def _remarks(program: Program, row: dict[str, Any]) -> list[str]:
    """Why a trainee did not pass or was not graded, in short phrases."""
    components = {c.id: c for c in program.components}
    notes = [f"{components[c].label}{ABSENT_NOTE}" for c in row[cohort_stats.ABSENT]]
    for comp in (components[c] for c in row[cohort_stats.GATES_MISSED]):
        notes.append(f"{comp.label}{GATE_NOTE}（{_num(comp.pass_mark or 0)} 分）")
    if row[cohort_stats.MISSING] and program.kind == "rubric":
        notes.append("缺少扣分记录")
    elif row[cohort_stats.MISSING]:
        notes.append(
            MISSING_NOTE + "：" + "、".join(components[c].label for c in row[cohort_stats.MISSING])
        )
    lowest = program.levels[-1].min_total
    if row[cohort_stats.GRADED] and row[cohort_stats.TOTAL] < lowest:
        notes.append(f"总分低于 {_num(lowest)} 分")
    return notes


def _application(program: Program, entry: Entry) -> list[str]:
    """认证申请表（模板4）: the level applied for and the mentor's evaluation, if recorded."""
    notes = []
    if entry.applied_level:
        level = program.level(entry.applied_level)
        notes.append(f"申请等级：{level.label if level else entry.applied_level}")
    if entry.mentor_review:
        notes.append(f"导师评价：{entry.mentor_review}")
    return notes


def _renewal(row: dict[str, Any]) -> str:
    before, after = row[cohort_stats.VALID_BEFORE], row[cohort_stats.VALID_AFTER]
    if before is None or after is None:
        return NONE
    if after == before:
        return f"未延长（仍至 {before.isoformat()}）"
    return after.isoformat()


def trainee_rows(
    program: Program,
    ranked: list[dict[str, Any]],
    results: dict[int, Result],
    ctx: SiteContext,
    href: Callable[[str | None], str | None],
) -> list[dict[str, Any]]:
    """The rows of the results table, in ranking order (``ranked``: the cohort's records
    of ``cohort_stats.ranking``).

    ``results`` maps roster positions to the cohort's results (for the judges' marks).
    """
    rows = []
    for row in ranked:
        result = results[row[cohort_stats.ORDER]]
        level = program.level(row[cohort_stats.LEVEL])
        if program.kind == "rubric":
            cells = _category_cells(program, row, result.score.parts)
        else:
            cells = _component_cells(program, result.entry, row)
        rows.append(
            {
                "rank": str(int(row[cohort_stats.RANK])) if row[cohort_stats.GRADED] else NONE,
                "name": ctx.display_name(row[cohort_stats.NAME]),
                "employee_id": row[cohort_stats.EMPLOYEE_ID],
                "department": row[cohort_stats.DEPARTMENT] or NONE,
                "cells": cells,
                "deductions": _shown(row[cohort_stats.DEDUCTIONS], program.decimals),
                "total": _shown(row[cohort_stats.TOTAL], program.decimals),
                "level": level.label if level else NONE,
                "status": RESULT_STATUS_LABELS[row[cohort_stats.STATUS]],
                "passed": bool(row[cohort_stats.PASSED]),
                "certificate": row[cohort_stats.CERTIFICATE],
                "href": href(row[cohort_stats.CERTIFICATE]),
                "renewal": _renewal(row),
                "remarks": _remarks(program, row) + _application(program, result.entry),
            }
        )
    return rows
