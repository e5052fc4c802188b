"""Standard setting for an exam's pass mark: the modified Angoff method.

``curriculum/standard-setting/<exam-id>.yaml`` holds, for each judge, the probability
(0–1) that a minimally competent agent earns each question's points. A judge's mark is
(Σ p × points) / (points on the paper) × 100; the recommended pass mark is the mean of
the judges' marks, with their sample standard deviation (n − 1) as its spread (None with
a single judge). Exact rationals; the root in ``Decimal``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, localcontext
from fractions import Fraction

from academy.core.grade.standard_setting import AngoffJudge, StandardSetting
from academy.core.load.sources import STANDARD_SETTING_DIR
from academy.core.validate.bank import Exam

from .reliability import variance

__all__ = ["STANDARD_SETTING_DIR", "recommend"]


@dataclass(frozen=True)
class Recommendation:
    marks: tuple[Fraction, ...]  # each judge's mark, 0–100, in file order
    mean: Fraction
    sd: Decimal | None


def judge_mark(exam: Exam, judge: AngoffJudge) -> Fraction:
    """(Σ p × points) / (points on the paper) × 100, exact."""
    expected = sum(
        (judge.ratings[i.question.id] * Fraction(i.points) for i in exam.items), Fraction(0)
    )
    return 100 * expected / Fraction(exam.total_points)


def sample_sd(values: Sequence[Fraction]) -> Decimal | None:
    """The sample standard deviation (n − 1); None for fewer than two values."""
    if len(values) < 2:
        return None
    square = variance(values)
    with localcontext() as ctx:
        ctx.prec = 34
        return (Decimal(square.numerator) / Decimal(square.denominator)).sqrt()


def recommend(setting: StandardSetting) -> Recommendation:
    marks = tuple(judge_mark(setting.exam, j) for j in setting.judges)
    return Recommendation(marks, sum(marks, Fraction(0)) / len(marks), sample_sd(marks))
