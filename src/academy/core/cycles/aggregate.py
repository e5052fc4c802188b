"""Team-level figures for the trainer pages: counts, means, band distributions per period.

Everything here is an aggregate over people; a mean or a distribution over fewer than
``MIN_GROUP`` people is withheld (None), so that no individual's score can be read off.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from academy.core.cycle_rules import CyclesRule
from academy.core.privacy import may_show

from .rollup import YEAR, MonthResult, PeriodResult, mean_half_up


@dataclass(frozen=True)
class GroupStats:
    """One period (a month, a quarter or a year) of one program, over its people."""

    period: str
    people: int  # with a result in the period
    counted: int  # with a total (complete)
    mean: Decimal | None  # None when withheld (counted < MIN_GROUP) or nobody counted
    bands: dict[str, int] | None  # band id → people; None when withheld

    @property
    def shown(self) -> bool:
        return self.bands is not None


def group(period: str, totals: list[Decimal | None], rule: CyclesRule, decimals: int) -> GroupStats:
    """Counts always; mean and band distribution only over at least ``MIN_GROUP`` people."""
    counted = [t for t in totals if t is not None]
    if not may_show(len(counted)):
        return GroupStats(period, len(totals), len(counted), None, None)
    dist = {b.id: 0 for b in rule.bands}
    for total in counted:
        band = rule.band(total)
        if band is not None:
            dist[band.id] += 1
    return GroupStats(period, len(totals), len(counted), mean_half_up(counted, decimals), dist)


def month_stats(months: list[list[MonthResult]]) -> list[GroupStats]:
    """Per calendar month, oldest first, over every person's month results of one program."""
    by_month: dict[tuple[int, int], list[Decimal | None]] = {}
    program = None
    for person in months:
        for m in person:
            program = m.program
            by_month.setdefault((m.year, m.month), []).append(m.total)
    if program is None or program.cycles is None:
        return []
    rule = program.cycles
    return [
        group(f"{y}-{mo:02d}", by_month[(y, mo)], rule, program.decimals)
        for y, mo in sorted(by_month)
    ]


def period_stats(
    periods: list[list[PeriodResult]], rule: CyclesRule, decimals: int
) -> tuple[list[GroupStats], list[GroupStats]]:
    """(quarters, years), oldest first, over every person's period rows of one program."""
    quarters: dict[tuple[int, int], list[Decimal | None]] = {}
    years: dict[int, list[Decimal | None]] = {}
    for person in periods:
        for row in person:
            if row.quarter == YEAR:
                years.setdefault(row.year, []).append(row.total)
            else:
                quarters.setdefault((row.year, row.quarter), []).append(row.total)
    q = [group(f"{y}-Q{n}", quarters[(y, n)], rule, decimals) for y, n in sorted(quarters)]
    yrs = [group(str(y), years[y], rule, decimals) for y in sorted(years)]
    return q, yrs


def item_losses(months: list[list[MonthResult]], period: str) -> dict[str, Decimal] | None:
    """Mean points lost per rubric item in one month, over complete results; None if < 5."""
    found = [m for person in months for m in person if m.period == period and m.total is not None]
    if not found or not may_show(len(found)):
        return None
    program = found[0].program
    out: dict[str, Decimal] = {}
    for item in program.items:
        lost = [item.points - m.result.score.parts[item.id] for m in found]
        out[item.id] = mean_half_up(lost, program.decimals)
    return out
