"""Quantified training goals (seed 000 培训目标) and how each group stands against them.

``evaluation/targets/<id>.yaml`` names a plan and its goals: a measure (the post-training
feedback on the 5-point scale, or a service metric), and ``at_least`` or ``at_most``.
Each goal is compared with groups of at least 5 people, each with its mean and 95 %
t interval (``effect.estimate``):

- ``feedback``: every feedback file of the plan's sessions (of ``cycle`` when given),
  each response's mean of its three items; one group per session and one for all
  (withheld with the other pages' feedback groups, ``disclosure``);
- a metric: the latest quarter's 已认证 / 尚未认证 groups and the groups by level.

Verdict: 达标 when the whole interval meets the goal (a bound equal to the goal meets
it), 未达标 when the whole interval misses it, 尚不能判断 when the interval straddles
it. Customer satisfaction is read on the 5-point scale (older percentage files are
converted by ÷ 20 on reading, ``load.evaluation.metrics``); a goal written in percent
(``scale: "100"``) is compared with it × 20, and the page states the scale.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import TYPE_CHECKING

from academy.core.load.evaluation.metrics import SATISFACTION_PER_POINT, MetricRow
from academy.core.load.evaluation.targets import FEEDBACK, Goal, Targets
from academy.core.privacy import may_show

from .disclosure import Label, feedback_withheld, goal_feedback, goal_label, session_label
from .effect import Estimate, by_level, certified_vs_not, estimate, holdings

if TYPE_CHECKING:
    from academy.core.load.evaluation.model import Evaluation
    from academy.core.validate.plans import Session

    from ..pipeline import Outcome

__all__ = [
    "MET",
    "MISSED",
    "OPEN",
    "SATISFACTION_PER_POINT",
    "TOO_FEW",
    "WITHHELD",
    "goal_results",
    "verdict",
]

MET, MISSED, OPEN, TOO_FEW = "达标", "未达标", "尚不能判断", "不足 5 人"
WITHHELD = "不公布，以免推算出不足 5 人的组"  # complementary suppression (privacy.withheld)


# --- computed: each group against its goal --------------------------------------------


@dataclass(frozen=True)
class Standing:
    group: str
    estimate: Estimate
    verdict: str


@dataclass(frozen=True)
class GoalResult:
    goal: Goal
    basis: str  # what the groups are (which quarter, which sessions)
    standings: tuple[Standing, ...]


def verdict(goal: Goal, e: Estimate) -> str:
    """达标 / 未达标 / 尚不能判断 from the interval; a bound equal to the goal meets it."""
    if e.low is None or e.high is None:
        return TOO_FEW if not may_show(e.n) else WITHHELD
    if goal.at_least is not None:
        if e.low >= goal.at_least:
            return MET
        return MISSED if e.high < goal.at_least else OPEN
    assert goal.at_most is not None
    if e.high <= goal.at_most:
        return MET
    return MISSED if e.low > goal.at_most else OPEN


def _response_mean(content: int, trainer: int, usefulness: int) -> Decimal:
    return Decimal(content + trainer + usefulness) / 3


def _feedback_result(
    targets: Targets,
    index: int,
    evaluation: Evaluation,
    sessions: dict[str, Session],
    hidden: frozenset[Label],
) -> GoalResult:
    goal = targets.goals[index]
    mine = goal_feedback(goal, targets.plan, evaluation, sessions)
    standings = []
    every: list[Decimal] = []
    for f in mine:
        values = [_response_mean(r.content, r.trainer, r.usefulness) for r in f.responses]
        every += values
        e = _unless(session_label(f) in hidden, estimate(values))
        standings.append(Standing(f"{f.held_on.isoformat()} {f.title}", e, verdict(goal, e)))
    if len(mine) > 1:
        e = _unless(goal_label(targets.id, index) in hidden, estimate(every))
        standings.append(Standing("全部场次", e, verdict(goal, e)))
    return GoalResult(goal, f"课后反馈 {len(mine)} 场", tuple(standings))


def _unless(withheld: bool, e: Estimate) -> Estimate:
    return Estimate(e.n, None, None, None) if withheld else e


def _scaled(rows: list[MetricRow], goal: Goal) -> list[MetricRow]:
    if not goal.percent_satisfaction:
        return rows
    return [
        replace(
            r,
            values={
                **r.values,
                **(
                    {"satisfaction": r.values["satisfaction"] * SATISFACTION_PER_POINT}
                    if "satisfaction" in r.values
                    else {}
                ),
            },
        )
        for r in rows
    ]


def _metric_result(goal: Goal, outcome: Outcome, rows: list[MetricRow]) -> GoalResult:
    scaled = _scaled(rows, goal)
    held = holdings(outcome, scaled)
    quarter, now = certified_vs_not(scaled, held)
    groups = [g for c in now if c.metric.id == goal.measure for g in c.groups]
    groups += [
        (f"持{label}", e)
        for c in by_level(scaled, held)
        if c.metric.id == goal.measure
        for label, e in c.groups
    ]
    standings = tuple(Standing(label, e, verdict(goal, e)) for label, e in groups)
    return GoalResult(goal, f"{quarter} 服务指标" if quarter else "没有服务指标", standings)


def goal_results(
    targets: Targets, outcome: Outcome, evaluation: Evaluation, as_of: dt.date
) -> list[GoalResult]:
    """Every goal of ``targets`` with its groups (metrics of quarters ended by ``as_of``)."""
    sessions = {s.id: s for p in outcome.project.plans for s in p.sessions}
    hidden = feedback_withheld(evaluation, outcome.project.plans)
    rows = [r for r in evaluation.metrics if _quarter_over(r, as_of)]
    out = []
    for index, goal in enumerate(targets.goals):
        if goal.measure == FEEDBACK:
            out.append(_feedback_result(targets, index, evaluation, sessions, hidden))
        else:
            out.append(_metric_result(goal, outcome, rows))
    return out


def _quarter_over(row: MetricRow, as_of: dt.date) -> bool:
    from .effect import quarter_end

    return quarter_end(row.year, row.quarter) <= as_of
