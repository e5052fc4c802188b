"""Decisions that can be defended: how far a score that decides pay can be trusted.

- ``agreement``: did the judges of a panel agree beyond chance (Krippendorff's alpha,
  interval metric), and how far each judge sits from the others (drift);
- ``reliability``: does a theory paper measure consistently (Cronbach's alpha, the
  standard error of measurement, alpha with each question left out);
- ``review``: which results sit so close to a level's ``min_total`` that a person should
  look at them before HR acts (人工复核);
- ``angoff``: a pass mark from a modified-Angoff standard-setting panel.

Every number is computed in exact rationals (a square root in ``Decimal``) and shown
rounded half away from zero to ``DECIMALS`` places by ``show``.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

DECIMALS = 3
RELIABLE = Decimal("0.667")  # alpha as shown at or above this: the panel agreed well enough


def show(value: Fraction | Decimal) -> Decimal:
    """``value`` rounded half away from zero to ``DECIMALS`` places, exactly."""
    exact = Fraction(value)
    scale = 10**DECIMALS
    magnitude = (abs(exact) * scale * 2 + 1) // 2  # floor(|x| + 1/2): half away from zero
    shown = Decimal(int(magnitude)).scaleb(-DECIMALS)
    return -shown if exact < 0 and magnitude else shown


def show_float(value: Fraction | Decimal | None) -> float | None:
    """``show`` as a JSON number; None stays None."""
    return None if value is None else float(show(value))
