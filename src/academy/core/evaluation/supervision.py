"""Training supervision per plan (seed 002 监督机制: 过程监控, 评估报告), as of a date.

For each plan: occurrences planned, due by the date (started on or before it), held
(with an attendance record); the attendance rate over the records; feedback means of
the plan's sessions; the pass rate of the cohorts its sessions assessed; and per trainer
the occurrences held and feedback means. Rates and means over fewer than 5 people are
withheld (None), and so are feedback means that would give such a group away
(``disclosure``); counts are always shown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from academy.core.grade.totals import round_half_up
from academy.core.load.evaluation.model import Evaluation
from academy.core.privacy import may_show

from ..vocabulary import PASSING_OR_RENEWED
from .analysis import FeedbackResult, shown_result
from .disclosure import (
    Label,
    feedback_withheld,
    plan_feedback,
    plan_label,
    plan_trainer_label,
    plan_trainers,
)

if TYPE_CHECKING:
    from academy.core.certify.issue import Result
    from academy.core.load.evaluation.attendance import Attendance
    from academy.core.validate.plans import Plan, Session


def _rate(part: int, whole: int) -> Decimal | None:
    if not may_show(whole):
        return None
    return round_half_up(Decimal(100 * part) / whole, 1)


@dataclass(frozen=True)
class Occurrence:
    session: Session  # the occurrence (date set to its own)
    status: str  # 已举行 | 无记录 | 未到期
    expected: int
    attended: int
    attendance_rate: Decimal | None
    cohort_graded: int
    cohort_pass_rate: Decimal | None


@dataclass(frozen=True)
class Supervision:
    plan: Plan
    planned: int
    due: int
    held: int
    attendance_rate: Decimal | None
    attended: int
    expected: int
    feedback: FeedbackResult | None  # pooled over the plan's sessions
    cohort_graded: int
    cohort_pass_rate: Decimal | None
    occurrences: tuple[Occurrence, ...]
    trainers: tuple[tuple[str, int, FeedbackResult | None], ...]  # trainer, held, feedback


def supervise(
    plan: Plan,
    evaluation: Evaluation,
    results: list[Result],
    as_of: dt.date,
    hidden: frozenset[Label] | None = None,
) -> Supervision:
    """``hidden``: the feedback labels withheld over every page
    (``disclosure.feedback_withheld``); by default over this plan's page alone."""
    if hidden is None:
        hidden = feedback_withheld(evaluation, [plan])
    # a multi-day session may have one record per day: each counts toward its occurrence
    records: dict[tuple[str, dt.date], list[Attendance]] = {}
    by_id = {s.id: s for s in plan.sessions}
    for a in evaluation.attendance:
        session = by_id.get(a.session)
        if session is None:
            continue
        start = next(
            (o.date for o in session.occurrences() if o.date <= a.date <= o.end_date), a.date
        )
        records.setdefault((a.session, start), []).append(a)
    fb = plan_feedback(plan, evaluation)
    occurrences = []
    for session in plan.sessions:
        graded = [
            r
            for r in results
            if session.cohort and r.cohort.id == session.cohort and r.score.complete
        ]
        passed = sum(r.status in PASSING_OR_RENEWED for r in graded)
        for occ in session.occurrences():
            found = records.get((session.id, occ.date), [])
            if occ.date > as_of:
                status = "未到期"
            else:
                status = "已举行" if found or (session.cohort and graded) else "无记录"
            expected = sum(len(r.expected) for r in found)
            attended = sum(len(r.attended) for r in found)
            occurrences.append(
                Occurrence(
                    occ,
                    status,
                    expected,
                    attended,
                    _rate(attended, expected),
                    len(graded),
                    _rate(passed, len(graded)),
                )
            )
    occurrences.sort(key=lambda o: (o.session.date, o.session.start, o.session.id))
    due = [o for o in occurrences if o.status != "未到期"]
    held = [o for o in due if o.status == "已举行"]
    expected = sum(o.expected for o in held)
    attended = sum(o.attended for o in held)
    cohorts = {o.session.cohort for o in occurrences if o.session.cohort}
    graded = [r for r in results if r.cohort.id in cohorts and r.score.complete]
    passed = sum(r.status in PASSING_OR_RENEWED for r in graded)
    trainers = sorted({o.session.trainer for o in occurrences})
    by_trainer = {
        t: shown_result(t, items, plan_trainer_label(plan.id, t) not in hidden)
        for t, items in plan_trainers(plan, evaluation).items()
    }
    return Supervision(
        plan=plan,
        planned=len(occurrences),
        due=len(due),
        held=len(held),
        attendance_rate=_rate(attended, expected),
        attended=attended,
        expected=expected,
        feedback=shown_result("全部场次", fb, plan_label(plan.id) not in hidden) if fb else None,
        cohort_graded=len(graded),
        cohort_pass_rate=_rate(passed, len(graded)),
        occurrences=tuple(occurrences),
        trainers=tuple(
            (t, sum(1 for o in held if o.session.trainer == t), by_trainer.get(t)) for t in trainers
        ),
    )
