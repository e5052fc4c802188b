"""Which feedback groups the site may show: every page's groups of responses, at once.

The feedback page (per session, per trainer), the four-level overview (per trainer), each
plan's supervision page (the plan's total, per trainer) and each goal of a targets page
(per session, and all sessions) show means of the same responses. A total on one page
minus the cells on another would give a withheld session away, so the groups of all
pages go through one complementary suppression (``privacy.withheld``) together;
``feedback_withheld`` says which labels each page must leave without a mean.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from typing import TYPE_CHECKING

from academy.core.load.evaluation.targets import FEEDBACK
from academy.core.privacy import withheld

if TYPE_CHECKING:
    from academy.core.load.evaluation.model import Evaluation, Feedback
    from academy.core.load.evaluation.targets import Goal
    from academy.core.validate.plans import Plan, Session

Label = tuple[str, ...]


def session_label(f: Feedback) -> Label:
    return ("session", f.id)


def trainer_label(trainer: str) -> Label:
    return ("trainer", trainer)


def plan_label(plan: str) -> Label:
    return ("plan", plan)


def plan_trainer_label(plan: str, trainer: str) -> Label:
    return ("plan-trainer", plan, trainer)


def goal_label(targets: str, goal: int) -> Label:
    return ("goal", targets, str(goal))


def responses(items: Iterable[Feedback]) -> frozenset[Hashable]:
    return frozenset((f.id, i) for f in items for i in range(len(f.responses)))


def plan_feedback(plan: Plan, evaluation: Evaluation) -> list[Feedback]:
    ids = {s.id for s in plan.sessions}
    return [f for f in evaluation.feedback if f.session in ids]


def plan_trainers(plan: Plan, evaluation: Evaluation) -> dict[str, list[Feedback]]:
    """The plan's feedback by trainer, in the plan's spelling of the trainer's name."""
    trainer_of = {s.id: s.trainer for s in plan.sessions}
    out: dict[str, list[Feedback]] = {}
    for f in plan_feedback(plan, evaluation):
        out.setdefault(trainer_of[f.session or ""], []).append(f)
    return out


def goal_feedback(
    goal: Goal, plan: str, evaluation: Evaluation, sessions: dict[str, Session]
) -> list[Feedback]:
    """The feedback a goal on feedback is measured on: its plan's (and cycle's) sessions."""
    return [
        f
        for f in sorted(evaluation.feedback, key=lambda f: (f.held_on, f.id))
        if f.session in sessions
        and sessions[f.session].plan == plan
        and (goal.cycle is None or sessions[f.session].cycle.id == goal.cycle)
    ]


def feedback_groups(
    evaluation: Evaluation, plans: Sequence[Plan]
) -> dict[Label, frozenset[Hashable]]:
    """Every group of responses a page shows a mean for, in the order they stay shown:
    sessions, then the plans' and goals' totals, then trainers."""
    groups: dict[Label, frozenset[Hashable]] = {}
    for f in evaluation.feedback:
        groups[session_label(f)] = responses([f])
    for plan in plans:
        groups[plan_label(plan.id)] = responses(plan_feedback(plan, evaluation))
    sessions = {s.id: s for p in plans for s in p.sessions}
    for targets in evaluation.targets:
        for i, goal in enumerate(targets.goals):
            if goal.measure == FEEDBACK:
                mine = goal_feedback(goal, targets.plan, evaluation, sessions)
                if len(mine) > 1:
                    groups[goal_label(targets.id, i)] = responses(mine)
    by_trainer: dict[str, list[Feedback]] = {}
    for f in evaluation.feedback:
        by_trainer.setdefault(f.trainer, []).append(f)
    for name in sorted(by_trainer):
        groups[trainer_label(name)] = responses(by_trainer[name])
    for plan in plans:
        for name, items in sorted(plan_trainers(plan, evaluation).items()):
            groups[plan_trainer_label(plan.id, name)] = responses(items)
    return groups


def feedback_withheld(evaluation: Evaluation, plans: Sequence[Plan]) -> frozenset[Label]:
    """The labels of ``feedback_groups`` that no page may show a mean for."""
    return withheld(feedback_groups(evaluation, plans))
