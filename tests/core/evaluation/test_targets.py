"""Goals against groups (core.evaluation.targets): the interval decides, a bound equal to
the goal meets it, fewer than 5 people give no verdict."""

from __future__ import annotations

from decimal import Decimal

from academy.core.evaluation.effect import Estimate
from academy.core.evaluation.targets import MET, MISSED, OPEN, TOO_FEW, verdict
from academy.core.load.evaluation.targets import Goal

GOAL = Goal("g", "满意度", "feedback", Decimal("4.5"), None, "")


def e(low: str, high: str) -> Estimate:
    return Estimate(5, (Decimal(low) + Decimal(high)) / 2, Decimal(low), Decimal(high))


def test_lower_bound_equal_to_the_goal_meets_it() -> None:
    """Interval 4.50–4.70 against ≥ 4.5: 达标; 4.49–4.70: 尚不能判断; 4.0–4.49: 未达标."""
    assert verdict(GOAL, e("4.50", "4.70")) == MET
    assert verdict(GOAL, e("4.49", "4.70")) == OPEN
    assert verdict(GOAL, e("4.00", "4.49")) == MISSED


def test_four_people_give_no_verdict() -> None:
    assert verdict(GOAL, Estimate(4, None, None, None)) == TOO_FEW
