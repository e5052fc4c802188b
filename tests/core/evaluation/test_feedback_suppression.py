"""Attacker's view of the feedback page: solve the published sums for any group under 5."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from academy.core.evaluation.analysis import FeedbackResult, feedback_results
from academy.core.load.evaluation.model import Feedback, FeedbackResponse
from academy.core.privacy import MIN_GROUP


def session(n: int, trainer: str, score: int, k: int) -> Feedback:
    answers = tuple(FeedbackResponse(score, score, score) for _ in range(n))
    return Feedback(f"s{k}", f"场次{k}", dt.date(2026, 1, 1 + k), trainer, answers, f"f{k}.yaml")


def recoverable(
    sessions: list[Feedback], shown: list[FeedbackResult], trainers: list[FeedbackResult]
) -> list[tuple[str, int]]:
    """Groups an attacker solves: a trainer's published sum minus its published sessions'
    sums leaves the withheld sessions' sum; a non-empty remainder under 5 is a leak."""
    by_label = {r.label: r for r in shown}
    leaks = []
    for t in trainers:
        if t.content is None:
            continue
        mine = [f for f in sessions if f.trainer == t.label]
        rest = sum(
            len(f.responses)
            for f in mine
            if by_label[f"{f.held_on.isoformat()} {f.title}"].content is None
        )
        if 0 < rest < MIN_GROUP:
            leaks.append((t.label, rest))
    return leaks  # fmt: skip


def test_ten_responses_and_one_shown_session_do_not_give_away_the_other() -> None:
    """The red team's case: trainer 王 has 6 + 4 responses; is the 4 no longer solvable?"""
    data = [session(6, "王", 5, 1), session(4, "王", 1, 2)]
    shown, trainers = feedback_results(tuple(data))
    assert shown[0].content == Decimal(5) and shown[1].content is None
    assert recoverable(data, shown, trainers) == []
    assert trainers[0].content is None and trainers[0].responses == 10


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 9), st.sampled_from("王李赵"), st.integers(1, 5)),
                max_size=8))  # fmt: skip
def test_no_published_combination_solves_a_group_under_five(
    specs: list[tuple[int, str, int]],
) -> None:
    """For any sessions and trainers, can no withheld group under 5 be solved for?"""
    data = [session(n, t, score, k) for k, (n, t, score) in enumerate(specs)]
    shown, trainers = feedback_results(tuple(data))
    assert recoverable(data, shown, trainers) == []
