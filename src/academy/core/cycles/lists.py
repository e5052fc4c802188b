"""What the cycles decide, as export lists (docs/guide/cycles.md, §9).

``export_lists`` returns ``{"cycles", "promotion_candidates", "improvement_plans"}``;
``COLUMNS`` gives each list's spreadsheet columns with their Chinese headers, and
``cells`` turns a row into spreadsheet cells. ``monthly_rows`` and ``annual_rows``
are the further sheets for HR (月度成绩与奖金系数, 年度绩效等级与年度优秀).

- Promotion candidate: two consecutive complete quarters in the first band; the row
  names the latest such pair.
- Improvement plan: any month in the last band; the row names those months, the rubric
  items that cost the most points over them (at most ``PLAN_ITEMS``, most lost first)
  and the modules that teach those items (a module's ``teaches`` front matter).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol, TypeAlias

from academy.core.cycle_rules import Band
from academy.core.grade.monthly_sources import PEER
from academy.core.grade.totals import round_half_up

from .rollup import YEAR, MonthResult, PeriodResult, month_results, rollup

if TYPE_CHECKING:
    from academy.core.certify.issue import Result

    from ..model import Module, Project

PLAN_ITEMS = 3  # rubric items named in an improvement plan
PASS_BAND = "pass"  # 合格: two months running under it also call for a plan

# key → Chinese column header, in column order
COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "cycles": (
        ("employee_id", "员工编号"),
        ("program", "考核方案"),
        ("period", "考核周期"),
        ("months", "计入月数"),
        ("total", "成绩"),
        ("band", "档次"),
    ),
    "promotion_candidates": (
        ("employee_id", "员工编号"),
        ("program", "考核方案"),
        ("quarters", "连续优秀季度"),
        ("totals", "季度成绩"),
    ),
    "improvement_plans": (
        ("employee_id", "员工编号"),
        ("program", "考核方案"),
        ("months", "待改进月份"),
        ("totals", "当月成绩"),
        ("items", "失分最多的扣分项"),
        ("modules", "建议学习模块"),
    ),
    "monthly_results": (
        ("employee_id", "员工编号"),
        ("program", "考核方案"),
        ("month", "月份"),
        ("cohort", "班次"),
        ("total", "月度成绩"),
        ("band", "档次"),
        ("bonus", "绩效奖金系数"),
    ),
    "annual_results": (
        ("employee_id", "员工编号"),
        ("program", "考核方案"),
        ("year", "年度"),
        ("total", "年度成绩"),
        ("grade", "年度绩效等级"),
        ("excellent", "年度优秀"),
    ),
}
SHEET_TITLES = {
    "cycles": "季度与年度考核",
    "promotion_candidates": "季度优秀晋升候选",
    "improvement_plans": "改进计划",
    "monthly_results": "月度成绩",
    "annual_results": "年度绩效",
}


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


class Graded(Protocol):
    """What the lists read of a run: an ``Outcome``, or HR's context over one."""

    @property
    def project(self) -> Project: ...

    @property
    def results(self) -> list[Result]: ...


Source_: TypeAlias = "Graded | Iterable[Result]"


def _split(source: Source_) -> tuple[list[Result], Mapping[str, Module]]:
    if isinstance(source, Iterable):
        return list(source), {}
    return list(source.results), source.project.modules


def teachers(modules: Mapping[str, Module]) -> dict[str, list[str]]:
    """``program.item`` → the ids of the modules that teach it, sorted."""
    out: dict[str, list[str]] = {}
    for module in sorted(modules.values(), key=lambda m: m.id):
        for ref in module.teaches:
            out.setdefault(ref, []).append(module.id)
    return out


def promotion_row(rows: list[PeriodResult], first: Band) -> dict[str, Any] | None:
    """The latest two consecutive complete quarters in the first band, if any."""
    quarters = [r for r in rows if r.quarter != YEAR and r.band is not None]
    best: tuple[PeriodResult, PeriodResult] | None = None
    for before, after in itertools.pairwise(quarters):
        if after.index - before.index == 1 and before.band == first == after.band:
            best = (before, after)
    if best is None:
        return None
    return {
        "employee_id": best[0].employee_id,
        "program": best[0].program,
        "quarters": [p.period for p in best],
        "totals": [_number(p.total) for p in best],
    }


def _bands(months: list[MonthResult]) -> tuple[Band, ...]:
    rule = months[0].program.cycles
    assert rule is not None
    return rule.bands


def plan_row(months: list[MonthResult], taught: Mapping[str, list[str]]) -> dict[str, Any] | None:
    """Months that call for a plan, the items that cost most, the modules to study.

    A month in the last band (§8.5), and — the issue's second rule — two calendar months
    running under the band with id ``pass`` (合格), where the program has one; with the
    default bands the second rule is contained in the first.
    """
    program = months[0].program
    assert program.cycles is not None
    rule = program.cycles
    last = rule.bands[-1]
    floor = next((b.min for b in rule.bands if b.id == PASS_BAND), None)
    under = {
        m.index for m in months if floor is not None and m.total is not None and m.total < floor
    }
    running = {i for i in under if i - 1 in under or i + 1 in under}
    low = [m for m in months if m.band == last or m.index in running]
    if not low:
        return None
    lost: dict[str, Decimal] = {}
    for month in low:
        parts = month.result.score.parts
        for item in program.items:
            if item.id in parts:
                lost[item.id] = lost.get(item.id, Decimal(0)) + item.points - parts[item.id]
    order = {item.id: i for i, item in enumerate(program.items)}
    worst = sorted((i for i in lost if lost[i] > 0), key=lambda i: (-lost[i], order[i]))
    worst = worst[:PLAN_ITEMS]
    labels = {item.id: item.label for item in program.items}
    modules: list[str] = []
    for item_id in worst:
        for module in taught.get(f"{program.id}.{item_id}", []):
            if module not in modules:
                modules.append(module)
    return {
        "employee_id": months[0].employee_id,
        "program": program.id,
        "months": [m.period for m in low],
        "totals": [_number(m.total) for m in low],
        "items": [{"item": i, "label": labels[i], "lost": _number(lost[i])} for i in worst],
        "modules": modules,
    }


def export_lists(
    source: Source_,
    as_of: dt.date,
    gone: Callable[[str], bool] | None = None,
) -> dict[str, list[dict[str, Any]]]:
    """The cycles lists of ``academy export`` as of ``as_of``, rows in §9's order.

    ``source`` is a run's outcome (or anything with ``results`` and ``project``, such as
    the export's context), or the results alone (then plans name no modules).
    ``gone(employee_id)``: people to leave out (§9: who left before the as-of date).
    """
    results, modules = _split(source)
    if gone is not None:
        results = [r for r in results if not gone(r.entry.employee_id)]
    by_person = month_results(results, as_of)
    periods = rollup(by_person)
    taught = teachers(modules)
    cycles: list[PeriodResult] = [row for rows in periods.values() for row in rows]
    cycles.sort(key=lambda r: r.order)
    promotions = [promotion_row(periods[k], _bands(by_person[k])[0]) for k in sorted(periods)]
    plans = [plan_row(by_person[key], taught) for key in sorted(by_person)]
    return {
        "cycles": [row.to_dict() for row in cycles],
        "promotion_candidates": [row for row in promotions if row is not None],
        "improvement_plans": [row for row in plans if row is not None],
    }


def monthly_rows(source: Source_, as_of: dt.date) -> list[dict[str, Any]]:
    """Every month result on or before ``as_of`` with its band and bonus coefficient."""
    results, _ = _split(source)
    rows = []
    for key in sorted(by_person := month_results(results, as_of)):
        for m in by_person[key]:
            rows.append(
                {
                    "employee_id": m.employee_id,
                    "program": m.program.id,
                    "month": m.period,
                    "cohort": m.result.cohort.id,
                    "total": _number(m.total),
                    "peer": _peer(m),
                    "band": None if m.band is None else m.band.id,
                    "bonus": None if m.band is None else _number(m.band.bonus),
                }
            )
    return rows


def _peer(m: MonthResult) -> float | None:
    """The 互评 mean that entered a month's total (one decimal), None without one."""
    value = m.result.score.sources.get(PEER)
    return None if value is None else _number(round_half_up(value, 1))


def annual_rows(source: Source_, as_of: dt.date) -> list[dict[str, Any]]:
    """Every year row: its total, the annual grade (the band) and 年度优秀 (the first band)."""
    results, _ = _split(source)
    by_person = month_results(results, as_of)
    rows = []
    for key, periods in sorted(rollup(by_person).items()):
        first = _bands(by_person[key])[0]
        for p in periods:
            if p.quarter == YEAR:
                rows.append(
                    {
                        "employee_id": p.employee_id,
                        "program": p.program,
                        "year": p.year,
                        "total": _number(p.total),
                        "grade": None if p.band is None else p.band.id,
                        "excellent": p.band == first,
                    }
                )
    return rows


def cells(list_name: str, row: dict[str, Any]) -> list[Any]:
    """A row as spreadsheet cells in ``COLUMNS`` order: lists joined with 、, items by label."""
    out: list[Any] = []
    for key, _ in COLUMNS[list_name]:
        value = row[key]
        if key == "items":
            value = "、".join(f"{i['label']}（失 {i['lost']:g} 分）" for i in value)
        elif isinstance(value, list):
            value = "、".join("—" if v is None else str(v) for v in value)
        elif isinstance(value, bool):
            value = "是" if value else "否"
        out.append(value)
    return out
