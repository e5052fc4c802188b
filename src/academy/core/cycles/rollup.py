"""Month → quarter → year (FORMATS.md §8.1–8.4, 8.6), pure functions in exact decimals.

``rollup`` is where a quarter's and a year's totals are computed.

- A rubric result belongs to the calendar month of its roster's ``assessed_on``; only
  results assessed on or before the as-of date count (§9, time).
- Quarter: the mean of the shown (rounded) month totals in it, exact, rounded half-up
  to the program's decimals, when at least ``min_months`` months count (incomplete
  months do not count); else incomplete (``total`` None).
- Year: the mean of the complete quarters' shown totals, rounded the same way, when at
  least ``min_quarters`` quarters are complete; else incomplete.
- Band: the first band whose ``min`` is at most the shown total.
- A row for every quarter and year with at least one result (an unfinished period and a
  period of only incomplete results included); ``months`` counts the months that count.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from academy.core.cycle_rules import Band, CyclesRule

if TYPE_CHECKING:
    from academy.core.certify.issue import Result

    from ..model import Program

YEAR = 0  # the quarter number of a year row: sorts after Q1..Q4 through ``order``


@dataclass(frozen=True)
class MonthResult:
    """One person's result in one rubric program and calendar month."""

    employee_id: str
    program: Program
    year: int
    month: int
    total: Decimal | None  # shown (rounded); None when incomplete
    band: Band | None
    result: Result

    @property
    def period(self) -> str:
        return f"{self.year}-{self.month:02d}"

    @property
    def index(self) -> int:
        """Months since year 0: consecutive months differ by one."""
        return self.year * 12 + self.month - 1


@dataclass(frozen=True)
class PeriodResult:
    """A quarter (``quarter`` 1–4) or a year (``quarter`` == YEAR) of one person and program."""

    employee_id: str
    program: str
    year: int
    quarter: int
    months: int  # months that count
    total: Decimal | None  # shown (rounded); None when incomplete
    band: Band | None

    @property
    def period(self) -> str:
        return str(self.year) if self.quarter == YEAR else f"{self.year}-Q{self.quarter}"

    @property
    def order(self) -> tuple[str, str, int, int]:
        """Employee id, program, then a year's quarters Q1..Q4, then the year (§9)."""
        return (self.employee_id, self.program, self.year, self.quarter or 5)

    @property
    def index(self) -> int:
        """Quarters since year 0: consecutive quarters differ by one (quarters only)."""
        return self.year * 4 + self.quarter - 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "employee_id": self.employee_id,
            "program": self.program,
            "period": self.period,
            "months": self.months,
            "total": None if self.total is None else float(self.total),
            "band": None if self.band is None else self.band.id,
        }


def mean_half_up(values: list[Decimal], decimals: int) -> Decimal:
    """The exact mean of ``values`` rounded half-up to ``decimals`` places (values ≥ 0)."""
    scaled = sum(values, Decimal(0)).scaleb(decimals)
    n = len(values)
    if scaled == scaled.to_integral_value():  # the usual case: integer arithmetic
        whole = (2 * int(scaled) + n) // (2 * n)
    else:
        whole = int(Fraction(scaled) / n + Fraction(1, 2))
    return Decimal(whole).scaleb(-decimals)


def month_results(
    results: Iterable[Result], as_of: dt.date
) -> dict[tuple[str, str], list[MonthResult]]:
    """Results of programs with cycles assessed on or before ``as_of``, per (employee, program),
    in month order. Validation (E340) guarantees one result per person, program and month."""
    out: dict[tuple[str, str], list[MonthResult]] = {}
    for result in results:
        program = result.program
        rule = program.cycles
        day = result.cohort.assessed_on
        if rule is None or day > as_of:
            continue
        total = result.score.total
        month = MonthResult(
            result.entry.employee_id,
            program,
            day.year,
            day.month,
            total,
            None if total is None else rule.band(total),
            result,
        )
        out.setdefault((month.employee_id, program.id), []).append(month)
    for months in out.values():
        months.sort(key=lambda m: m.index)
    return out


def person_periods(
    months: list[MonthResult], rule: CyclesRule, decimals: int
) -> list[PeriodResult]:
    """The quarter and year rows of one person in one program, in §9's order."""
    first = months[0]
    emp, pid = first.employee_id, first.program.id
    years: dict[int, dict[int, list[MonthResult]]] = {}
    for month in months:
        years.setdefault(month.year, {}).setdefault((month.month - 1) // 3 + 1, []).append(month)
    rows: list[PeriodResult] = []
    for year in sorted(years):
        complete: list[Decimal] = []
        counted_in_year = 0
        for quarter in sorted(years[year]):
            totals = [m.total for m in years[year][quarter] if m.total is not None]
            counted_in_year += len(totals)
            total = mean_half_up(totals, decimals) if len(totals) >= rule.min_months else None
            if total is not None:
                complete.append(total)
            band = None if total is None else rule.band(total)
            rows.append(PeriodResult(emp, pid, year, quarter, len(totals), total, band))
        total = mean_half_up(complete, decimals) if len(complete) >= rule.min_quarters else None
        band = None if total is None else rule.band(total)
        rows.append(PeriodResult(emp, pid, year, YEAR, counted_in_year, total, band))
    return rows


def rollup(
    by_person: dict[tuple[str, str], list[MonthResult]],
) -> dict[tuple[str, str], list[PeriodResult]]:
    """Every person's quarter and year rows, per (employee, program)."""
    out: dict[tuple[str, str], list[PeriodResult]] = {}
    for key, months in by_person.items():
        program = months[0].program
        assert program.cycles is not None
        out[key] = person_periods(months, program.cycles, program.decimals)
    return out
