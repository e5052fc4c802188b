"""Attendance records of planned sessions: ``evaluation/attendance/<id>.yaml``.

A record names a session of a plan (and, for a repeating session, which occurrence by
its date), who was expected and who attended. Only rates and counts reach the site.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from academy.core.yamlsrc import Document

if TYPE_CHECKING:
    from academy.core.errors import Problem
    from academy.core.validate.plans import Session

ATTENDANCE_DIR = "evaluation/attendance"


@dataclass(frozen=True)
class Attendance:
    id: str
    session: str
    date: dt.date
    expected: tuple[str, ...]
    attended: tuple[str, ...]
    path: str
    doc: Document | None = field(default=None, compare=False, repr=False)  # for positions


def attendance(
    doc: Document, sessions: dict[str, Session] | None
) -> tuple[Attendance, list[Problem]]:
    data = doc.data
    problems: list[Problem] = []
    if data["attendance"] != PurePosixPath(doc.path).stem:
        problems.append(
            doc.problem(("attendance",), "E301", f"记录编号“{data['attendance']}”与文件名不一致")
        )
    session = sessions.get(data["session"]) if sessions is not None else None
    date = dt.date.fromisoformat(data["date"]) if "date" in data else None
    if sessions is not None and session is None:
        problems.append(doc.problem(("session",), "E501", f"培训计划中没有场次“{data['session']}”"))
    elif session is not None:
        dates = session.occurrence_dates()
        if date is None:
            date = session.date
            if len(dates) > 1:
                problems.append(doc.problem(("session",), "E501", "重复场次请用 date 写明是哪一次"))
        elif not any(o.date <= date <= o.end_date for o in session.occurrences()):
            problems.append(doc.problem(("date",), "E501", f"场次“{session.id}”在 {date} 没有安排"))
    expected = tuple(data["expected"])
    seen: set[str] = set()
    for i, emp in enumerate(expected):
        if emp in seen:
            problems.append(doc.problem(("expected", i), "E306", f"员工 {emp} 在应到名单中重复"))
        seen.add(emp)
    for i, emp in enumerate(data["attended"]):
        if emp not in seen:
            problems.append(doc.problem(("attended", i), "E309", f"员工 {emp} 不在应到名单中"))
    attended = tuple(dict.fromkeys(data["attended"]))
    return (
        Attendance(
            data["attendance"],
            data["session"],
            date or dt.date.min,
            expected,
            attended,
            doc.path,
            doc,
        ),
        problems,
    )
