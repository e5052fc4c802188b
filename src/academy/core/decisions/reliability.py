"""Exam reliability: Cronbach's alpha over a paper's questions and the standard error of
measurement, per paper and roster with at least ``MIN_SITTINGS`` sittings.

A sitting is a roster entry whose component is an exam entry naming the paper (a paper
with no answers earns 0 on every question; ``absent`` is not a sitting). Each question's
points earned is an item score:

- alpha = k/(k − 1) × (1 − Σ var(item) / var(total)), sample variances (n − 1), total =
  the sum of the items; None when k < 2 or var(total) = 0;
- sem = sd(component) × √(1 − alpha), the component on the 0–100 scale; None when alpha
  is None or negative;
- alpha with a question left out: the same over the other k − 1 questions (None when
  k − 1 < 2).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Any

from academy.core.grade.exam_scoring import ExamScore

from ..model import Cohort
from . import show_float

MIN_SITTINGS = 5


def variance(values: Sequence[Fraction]) -> Fraction:
    """The sample variance (n − 1), exact; 0 for fewer than two values."""
    n = len(values)
    if n < 2:
        return Fraction(0)
    mean = sum(values, Fraction(0)) / n
    return sum(((v - mean) ** 2 for v in values), Fraction(0)) / (n - 1)


def _scaled(rows: Sequence[Sequence[Fraction]]) -> list[list[int]]:
    """The item scores as integers over one common denominator: alpha is a ratio of
    variances, so the scale cancels, and integer sums are exact and fast."""
    scale = 1
    for row in rows:
        for v in row:
            if scale % v.denominator:
                scale = math.lcm(scale, v.denominator)
    return [[v.numerator * (scale // v.denominator) for v in row] for row in rows]


def _alpha(k: int, item_spread: int, total_spread: int) -> Fraction | None:
    """k/(k − 1) × (1 − Σ var(item) / var(total)); each spread is n Σx² − (Σx)²
    (n(n − 1) times the sample variance, which cancels)."""
    if k < 2 or total_spread == 0:
        return None
    return Fraction(k, k - 1) * (1 - Fraction(item_spread, total_spread))


def _moments(rows: list[list[int]]) -> tuple[list[int], list[int], list[int], int, int]:
    """Per item Σx, Σx² and Σ(total × x); then Σtotal and Σtotal²."""
    k = len(rows[0])
    sums, squares, cross = [0] * k, [0] * k, [0] * k
    t_sum = t_square = 0
    for row in rows:
        total = sum(row)
        t_sum += total
        t_square += total * total
        for i, x in enumerate(row):
            sums[i] += x
            squares[i] += x * x
            cross[i] += total * x
    return sums, squares, cross, t_sum, t_square


def cronbach(rows: Sequence[Sequence[Fraction]]) -> Fraction | None:
    """Cronbach's alpha of ``rows`` (one per sitting, one item score per column)."""
    if not rows:
        return None
    scaled = _scaled(rows)
    n, k = len(scaled), len(scaled[0])
    sums, squares, _, t_sum, t_square = _moments(scaled)
    items = sum(n * q - s * s for s, q in zip(sums, squares, strict=True))
    return _alpha(k, items, n * t_square - t_sum * t_sum)


def alpha_without(rows: Sequence[Sequence[Fraction]]) -> list[Fraction | None]:
    """Alpha over the other questions, for each question left out in turn."""
    if not rows:
        return []
    scaled = _scaled(rows)
    n, k = len(scaled), len(scaled[0])
    sums, squares, cross, t_sum, t_square = _moments(scaled)
    spreads = [n * q - s * s for s, q in zip(sums, squares, strict=True)]
    every = sum(spreads)
    out = []
    for i in range(k):
        # the total without item i: Σ(t − x) = Σt − Σx, Σ(t − x)² = Σt² − 2Σtx + Σx²
        rest_sum = t_sum - sums[i]
        rest_square = t_square - 2 * cross[i] + squares[i]
        out.append(_alpha(k - 1, every - spreads[i], n * rest_square - rest_sum * rest_sum))
    return out


def sem(components: Sequence[Fraction], alpha: Fraction | None) -> Decimal | None:
    """sd(component) × √(1 − alpha): exact under the root, the root to 34 digits."""
    if alpha is None or alpha < 0:
        return None
    square = variance(components) * (1 - alpha)
    with localcontext() as ctx:
        ctx.prec = 34
        return (Decimal(square.numerator) / Decimal(square.denominator)).sqrt()


@dataclass(frozen=True)
class ExamReliability:
    exam: str
    cohort: str
    sittings: int
    items: int
    alpha: Fraction | None
    sem: Decimal | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "exam": self.exam,
            "cohort": self.cohort,
            "sittings": self.sittings,
            "items": self.items,
            "alpha": show_float(self.alpha),
            "sem": show_float(self.sem),
        }


def sittings_of(cohort: Cohort) -> dict[str, list[ExamScore]]:
    """The roster's sittings by paper id, papers in id order, sittings in roster order."""
    found: dict[str, list[ExamScore]] = {}
    for entry in cohort.entries:
        for value in (entry.scores or {}).values():
            if isinstance(value, ExamScore):
                found.setdefault(value.exam.id, []).append(value)
    return dict(sorted(found.items()))


def reliability(cohort: str, sittings: Sequence[ExamScore]) -> ExamReliability:
    """The row of one paper in one roster (every sitting of the same paper)."""
    exam = sittings[0].exam
    rows = [list(s.earned) for s in sittings]
    alpha = cronbach(rows)
    components = [s.score for s in sittings]
    return ExamReliability(
        exam.id, cohort, len(sittings), len(exam.items), alpha, sem(components, alpha)
    )


def exam_reliabilities(cohorts: Sequence[Cohort], as_of: dt.date) -> list[ExamReliability]:
    """Every paper and roster (of any kind) assessed by ``as_of`` with enough sittings."""
    rows = []
    for cohort in sorted(cohorts, key=lambda c: c.id):
        if cohort.assessed_on > as_of:
            continue
        for sittings in sittings_of(cohort).values():
            if len(sittings) >= MIN_SITTINGS:
                rows.append(reliability(cohort.id, sittings))
    return rows
