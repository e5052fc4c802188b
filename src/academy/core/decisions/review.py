"""Near a cut: results so close to a level's ``min_total`` that a person looks again (人工复核).

A certification result (renewals excluded; programs without a certificate and rubric
programs included) is near a cut when |exact total − min_total| ≤ the program's
``review_band`` for some level (inclusive). The exact, unrounded total decides, not the
shown one: at band 1.0, 79.0 is reviewed against 80 and 78.96 (shown 79.0) is not. ``cut``
is the nearest such ``min_total``, the higher on a tie. Incomplete results are not listed;
a listed result still counts as graded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from academy.core.certify.issue import Result
from academy.core.grade.totals import exact_total

from ..model import Level
from ..vocabulary import CohortKind


def nearest_cut(total: Fraction, levels: Iterable[Level], band: Decimal) -> Decimal | None:
    """The ``min_total`` within ``band`` of ``total`` (the nearest, then the higher), or None."""
    near = [
        (abs(total - Fraction(lv.min_total)), -lv.min_total, lv.min_total)
        for lv in levels
        if abs(total - Fraction(lv.min_total)) <= Fraction(band)
    ]
    return min(near)[2] if near else None


@dataclass(frozen=True)
class ReviewRow:
    employee_id: str
    cohort: str
    total: Decimal  # as shown (rounded)
    cut: Decimal
    level: str | None  # as graded; None when failed (a missed gate included)

    def to_dict(self) -> dict[str, Any]:
        return {
            "employee_id": self.employee_id,
            "cohort": self.cohort,
            "total": float(self.total),
            "cut": int(self.cut) if self.cut == self.cut.to_integral_value() else float(self.cut),
            "level": self.level,
        }


def review_row(result: Result) -> ReviewRow | None:
    """The result's row when it is near a cut, else None."""
    if result.cohort.kind != CohortKind.CERTIFICATION or result.score.total is None:
        return None
    program = result.program
    if program.review_band == 0:
        return None
    # the shown total is within half a unit of the exact one: most results are far from
    # every cut on the shown total alone, and need no exact sum
    reach = program.review_band + Decimal(5).scaleb(-program.decimals - 1)
    if all(abs(result.score.total - lv.min_total) > reach for lv in program.levels):
        return None
    exact = exact_total(program, result.entry)
    if exact is None:
        return None
    cut = nearest_cut(exact, program.levels, program.review_band)
    if cut is None:
        return None
    level = result.score.level.id if result.score.level else None
    return ReviewRow(result.entry.employee_id, result.cohort.id, result.score.total, cut, level)


def review_rows(results: Sequence[Result], as_of: dt.date) -> list[ReviewRow]:
    """Every result assessed by ``as_of`` that is near a cut: by cohort, then employee id."""
    rows = [
        row for r in results if r.cohort.assessed_on <= as_of and (row := review_row(r)) is not None
    ]
    rows.sort(key=lambda r: (r.cohort, r.employee_id))
    return rows
