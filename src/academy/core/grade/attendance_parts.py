"""日常表现's attendance part from the plan's attendance records (issue 12 §4).

A component part with ``from_sessions: true`` that a roster entry leaves out is filled
in before grading: 100 × (times attended) ÷ (times expected), exact, over the attendance
records of the sessions whose ``cohort`` is the entry's cohort. A trainee who is in no
such record keeps the part missing (the trainee is incomplete), never a silent 0.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from academy.core.load.evaluation.model import Evaluation
    from academy.core.model import Cohort, Program
    from academy.core.validate.plans import Plan


def attendance_rates(
    cohort_id: str, plans: list[Plan], evaluation: Evaluation
) -> dict[str, Decimal]:
    """Employee id → attendance percentage over the cohort's recorded sessions."""
    sessions = {s.id for p in plans for s in p.sessions if s.cohort == cohort_id}
    expected: dict[str, int] = {}
    attended: dict[str, int] = {}
    for record in evaluation.attendance:
        if record.session not in sessions:
            continue
        for emp in record.expected:
            expected[emp] = expected.get(emp, 0) + 1
        for emp in record.attended:
            attended[emp] = attended.get(emp, 0) + 1
    return {e: Decimal(100 * attended.get(e, 0)) / n for e, n in expected.items()}


def fill_attendance(
    cohorts: list[Cohort], programs: dict[str, Program], plans: list[Plan], evaluation: Evaluation
) -> list[Cohort]:
    """The cohorts, with computed attendance parts where a roster leaves them out."""
    out = []
    for cohort in cohorts:
        program = programs.get(cohort.program)
        derived = [
            (c.id, p.id)
            for c in (program.components if program else ())
            for p in c.parts
            if p.from_sessions
        ]
        if not derived:
            out.append(cohort)
            continue
        rates = attendance_rates(cohort.id, plans, evaluation)
        entries = []
        for entry in cohort.entries:
            scores = entry.scores
            for cid, pid in derived:
                given = (scores or {}).get(cid)
                emp = entry.employee_id
                if isinstance(given, dict) and pid not in given and emp in rates:
                    scores = {**(scores or {}), cid: {**given, pid: rates[emp]}}
            entries.append(entry if scores is entry.scores else replace(entry, scores=scores))
        out.append(replace(cohort, entries=tuple(entries)))
    return out
