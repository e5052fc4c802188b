"""日常表现's attendance part from the plan's attendance records (issue 12 §4).

A component part with ``from_sessions: true`` that a roster entry leaves out is filled
in before grading: 100 × (times attended) ÷ (times expected), exact, over the attendance
records of the sessions whose ``cohort`` is the entry's cohort. A trainee who is in no
such record keeps the part missing (the trainee is incomplete), never a silent 0.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from academy.core.errors import Problem
    from academy.core.load.evaluation.model import Evaluation
    from academy.core.model import Cohort, Entry, Program
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


def absence_problem(
    cohort: Cohort,
    entry: Entry,
    program: Program,
    plans: list[Plan],
    evaluation: Evaluation,
    code: str,
    message: str,
) -> Problem | None:
    """``message`` at the attendance record that makes an entry's computed attendance part
    less than 100 (its ``attended`` line: the trainee is not in it), or None when the
    roster gives every part itself or the trainee missed nothing.

    A changed attendance record that costs a trainee a published certificate (E401) or
    changes its level (E404) is reported where the change is, not at the roster."""
    given: dict[str, Any] = {}
    if cohort.doc is not None and isinstance(cohort.doc.data, dict):
        trainees = cohort.doc.data.get("trainees") or []
        if entry.index < len(trainees) and isinstance(trainees[entry.index], dict):
            given = trainees[entry.index].get("scores") or {}
    derived = [
        p
        for c in program.components
        for p in c.parts
        if p.from_sessions and isinstance(given.get(c.id), dict) and p.id not in given[c.id]
    ]
    if not derived:
        return None
    sessions = {s.id for p in plans for s in p.sessions if s.cohort == cohort.id}
    emp = entry.employee_id
    for record in evaluation.attendance:
        if record.session in sessions and emp in record.expected and emp not in record.attended:
            if record.doc is None:
                continue
            return record.doc.problem(
                ("attended",),
                code,
                f"{message}：{derived[0].label}按出勤记录计算，员工 {emp} 不在本场出席名单中。"
                "请恢复出勤记录，或明确撤销该证书",
            )
    return None
