"""Component scores computed from detail (exam answers, judges' sheets), kept exact.

Exam scoring and practical scoring sheets both produce them; grading reads them.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction


class RationalScore:
    """A component score computed from detail (exam answers, judges' sheets): exact."""

    @property
    def score(self) -> Fraction:  # pragma: no cover - overridden
        raise NotImplementedError

    def to_decimal(self) -> Decimal:
        """The score as a ``Decimal`` (exact when it has a finite decimal expansion)."""
        return Decimal(self.score.numerator) / Decimal(self.score.denominator)
