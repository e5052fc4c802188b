"""The yearly result beyond the mean of quarters: grades, 年度优秀, honours, training offers.

Seeds 004 (年度考核：评选年度优秀客服人员，确定年度绩效等级) and 002 (优秀客服奖、创新与改进
建议奖励、对表现优秀的师徒给予奖励；对于表现突出的客服人员，提供更多高级培训和进修机会),
with the rules of ``rosters/recognition.yaml`` (docs/guide/cycles.md, 年度评优与表彰):

- The people ranked are those with a complete yearly result (rollup: at least
  ``min_quarters`` complete quarters) in the file's program; a person missing a quarter
  too many has no grade (年度结果未完成), and is not counted in the cut-offs.
- Rank: 1 + the number of people with a strictly higher yearly total (ties share a rank).
- Grade: the first grade whose cut-off ``ceil(top_percent × n / 100)`` is at least the
  person's rank, else the last grade. People tied at a cut-off all get the better grade.
- 年度优秀: the first grade and a rank within ``excellent_top`` (ties included).
- Advanced training or further study: a grade in ``training_grades``.
- Honours are nominations, listed as written, whatever the result.
- A year is final from 31 December on; before that its rows are provisional (暂定):
  later months of the year can still change them.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from academy.core.privacy import may_show

from .rollup import YEAR, month_results, rollup

if TYPE_CHECKING:
    from academy.core.certify.issue import Result
    from academy.core.validate.recognition import Grade, Recognition


@dataclass(frozen=True)
class RecognitionRow:
    employee_id: str
    year: int
    total: Decimal | None  # None: the year's result is incomplete (or no result at all)
    quarters: int  # complete quarters of the year
    rank: int | None
    grade: Grade | None
    excellent: bool
    training: bool
    honours: tuple[str, ...]
    final: bool


def grade_of(rank: int, n: int, grades: tuple[Grade, ...]) -> Grade:
    """The grade of ``rank`` among ``n`` ranked people (the cut-off rule above)."""
    for grade in grades[:-1]:
        assert grade.top_percent is not None
        if rank <= math.ceil(grade.top_percent * n / 100):
            return grade
    return grades[-1]


def recognition_rows(
    results: Iterable[Result], rule: Recognition, as_of: dt.date
) -> list[RecognitionRow]:
    """Every person and year of the rule's program, and every honour, best rank first."""
    if not rule.program:
        return []
    mine = [r for r in results if r.program.id == rule.program]
    periods = rollup(month_results(mine, as_of))
    years: dict[int, dict[str, tuple[Decimal | None, int]]] = {}
    for rows in periods.values():
        complete: dict[int, int] = {}
        for row in rows:
            if row.quarter != YEAR and row.total is not None:
                complete[row.year] = complete.get(row.year, 0) + 1
        for row in rows:
            if row.quarter == YEAR:
                years.setdefault(row.year, {})[row.employee_id] = (
                    row.total,
                    complete.get(row.year, 0),
                )
    honours: dict[tuple[int, str], list[str]] = {}
    for h in rule.honours:
        honours.setdefault((h.year, h.employee_id), []).append(h.honour)
        years.setdefault(h.year, {}).setdefault(h.employee_id, (None, 0))
    out: list[RecognitionRow] = []
    first = rule.grades[0]
    for year in sorted(years):
        people = years[year]
        ranked = sorted(t for t, _ in people.values() if t is not None)
        n = len(ranked)
        final = as_of >= dt.date(year, 12, 31)
        for emp, (total, quarters) in people.items():
            rank = grade = None
            if total is not None:
                rank = 1 + sum(1 for t in ranked if t > total)
                grade = grade_of(rank, n, rule.grades)
            out.append(
                RecognitionRow(
                    emp,
                    year,
                    total,
                    quarters,
                    rank,
                    grade,
                    grade == first and rank is not None and rank <= rule.excellent_top,
                    grade is not None and grade.id in rule.training_grades,
                    tuple(honours.get((year, emp), ())),
                    final,
                )
            )
    out.sort(key=lambda r: (r.year, r.rank is None, r.rank or 0, r.employee_id))
    return out


@dataclass(frozen=True)
class YearSummary:
    """What the site may show of one year's recognition: counts and the honours 公示.

    Grade, 年度优秀 and training counts are over the ranked people and withheld (None)
    when fewer than ``MIN_GROUP`` are ranked; honours are public nominations, listed as
    (honour, employee id) in the file's order; no rank, total or reason of a person.
    """

    year: int
    final: bool
    ranked: int  # people with a complete yearly result
    grades: tuple[tuple[Grade, int], ...] | None
    excellent: int | None
    training: int | None
    honours: tuple[tuple[str, str], ...]


def year_summaries(rows: Iterable[RecognitionRow], rule: Recognition) -> list[YearSummary]:
    """One summary per year of ``rows`` (``recognition_rows``, possibly filtered), oldest first."""
    by_year: dict[int, list[RecognitionRow]] = {}
    for row in rows:
        by_year.setdefault(row.year, []).append(row)
    out = []
    for year in sorted(by_year):
        mine = by_year[year]
        ranked = [r for r in mine if r.grade is not None]
        shown = may_show(len(ranked))
        grades = tuple((g, sum(1 for r in ranked if r.grade == g)) for g in rule.grades)
        present = {r.employee_id for r in mine}
        out.append(
            YearSummary(
                year,
                all(r.final for r in mine),
                len(ranked),
                grades if shown else None,
                sum(1 for r in ranked if r.excellent) if shown else None,
                sum(1 for r in ranked if r.training) if shown else None,
                tuple(
                    (h.honour, h.employee_id)
                    for h in rule.honours
                    if h.year == year and h.employee_id in present
                ),
            )
        )
    return out
