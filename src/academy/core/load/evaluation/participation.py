"""Participation records (seed 000 过程记录): ``evaluation/participation/<id>.yaml``.

A record belongs to one planned session (the course). Per trainee it holds the classroom
questions asked, the group-discussion mark (1–5), the homework handed in (assignment id
→ day) and the mentor's 1-on-1 (coaching). Rules (docs/guide/evaluation.md, 过程记录):

- The 1-on-1 is due within ``coaching_within_days`` days (default 7, seed 000: 1周内) after
  the course's last day: a course ending 2026-06-15 has its 1-on-1 due by 2026-06-22; on
  day 7 it is on time, on day 8 it is late.
- Homework handed in on its due day is on time.
- As of a day D, what happened after D has not happened (rule 4.11): a 1-on-1 or a hand-in
  dated after D does not count yet, homework assigned after D is not yet assigned, and a
  course that starts after D has no record at all. Validation never depends on D.
- ``overdue(records, day)``: who is overdue as of D — a 1-on-1 not held by D whose due day
  is before D, homework not handed in by D whose due day is before D.

Individual records are personal data: they go only into ``academy export`` files.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from academy.core.yamlsrc import Document

if TYPE_CHECKING:
    from collections.abc import Collection, Iterable, Mapping

    from academy.core.errors import Problem
    from academy.core.validate.plans import Session

PARTICIPATION_DIR = "evaluation/participation"
COACHING_DAYS = 7  # seed 000: 安排导师进行1周内的1对1辅导

# what may be overdue, and the states of one duty as of a day
COACHING, HOMEWORK = "coaching", "homework"
DONE, LATE, OVERDUE, PENDING = "done", "late", "overdue", "pending"
STATE_LABELS = {DONE: "按时完成", LATE: "逾期完成", OVERDUE: "逾期未完成", PENDING: "未到期"}


@dataclass(frozen=True)
class Homework:
    id: str
    title: str
    assigned_on: dt.date
    due_on: dt.date


@dataclass(frozen=True)
class Coaching:
    on: dt.date
    mentor: str | None = None
    notes: str = ""


@dataclass(frozen=True)
class TraineeRecord:
    employee_id: str
    questions: int | None = None
    discussion: int | None = None
    handed_in: tuple[tuple[str, dt.date], ...] = ()  # (homework id, day), as written
    coaching: Coaching | None = None

    def handed_in_on(self, homework: str) -> dt.date | None:
        return dict(self.handed_in).get(homework)


@dataclass(frozen=True)
class Participation:
    id: str
    session: str
    title: str  # the session's title
    starts_on: dt.date
    ends_on: dt.date  # the course's last day
    coaching_within_days: int
    homework: tuple[Homework, ...]
    trainees: tuple[TraineeRecord, ...]
    path: str

    @property
    def coaching_due(self) -> dt.date:
        return self.ends_on + dt.timedelta(days=self.coaching_within_days)


@dataclass(frozen=True)
class Duty:
    """One thing a trainee owed, and where it stood as of a day."""

    record: Participation
    employee_id: str
    kind: str  # COACHING | HOMEWORK
    label: str  # 1对1辅导, or the homework's title
    due_on: dt.date
    done_on: dt.date | None  # None: not done by the day
    state: str  # DONE | LATE | OVERDUE | PENDING
    mentor: str | None = None

    def days_late(self, day: dt.date) -> int:
        """Days past the due day: until it was done, or until ``day`` while it is not."""
        end = self.done_on if self.done_on is not None else day
        return max(0, (end - self.due_on).days)


def _date(value: object) -> dt.date:
    return dt.date.fromisoformat(str(value))


def read_participation(
    doc: Document,
    sessions: Mapping[str, Session] | None,
    rosters: Mapping[str, Collection[str]],
    register: Collection[str] | None,
) -> tuple[Participation, list[Problem]]:
    """A schema-valid record, checked against the plans, the session's roster and the
    register (E530 … E533); nothing here depends on the as-of day."""
    data = doc.data
    problems: list[Problem] = []
    if data["participation"] != PurePosixPath(doc.path).stem:
        problems.append(
            doc.problem(
                ("participation",), "E301", f"记录编号“{data['participation']}”与文件名不一致"
            )
        )
    session = sessions.get(data["session"]) if sessions is not None else None
    if sessions is not None and session is None:
        problems.append(doc.problem(("session",), "E530", f"培训计划中没有场次“{data['session']}”"))
    if session is not None:
        starts, ends = session.date, session.end_date
        title = session.title
        if session.repeat is not None:
            problems.append(
                doc.problem(("session",), "E530", "过程记录只能记一次课程，不能记重复场次")
            )
    else:
        starts = ends = dt.date.min
        title = str(data["session"])
    # who may be recorded: the session's cohort roster, else the people register
    allowed: Collection[str] | None = None
    where = ""
    if session is not None and session.cohort is not None and session.cohort in rosters:
        allowed, where = rosters[session.cohort], f"班次“{session.cohort}”的名册"
    elif register is not None:
        allowed, where = register, "人员名册"

    homework = []
    seen: set[str] = set()
    for i, h in enumerate(data.get("homework", [])):
        if h["id"] in seen:
            problems.append(doc.problem(("homework", i, "id"), "E308", f"作业编号“{h['id']}”重复"))
        seen.add(h["id"])
        item = Homework(h["id"], h["title"], _date(h["assigned_on"]), _date(h["due_on"]))
        if item.due_on < item.assigned_on:
            problems.append(
                doc.problem(("homework", i, "due_on"), "E316", "作业的截止日期早于布置日期")
            )
        if session is not None and item.assigned_on < starts:
            problems.append(
                doc.problem(
                    ("homework", i, "assigned_on"), "E532", f"作业在课程开始（{starts}）之前布置"
                )
            )
        homework.append(item)
    by_id = {h.id: h for h in homework}

    trainees = []
    people: set[str] = set()
    for i, t in enumerate(data["trainees"]):
        emp = t["id"]
        if emp in people:
            problems.append(doc.problem(("trainees", i, "id"), "E306", f"员工 {emp} 在记录中重复"))
        people.add(emp)
        if allowed is not None and emp not in allowed:
            problems.append(doc.problem(("trainees", i, "id"), "E531", f"员工 {emp} 不在{where}中"))
        handed: list[tuple[str, dt.date]] = []
        for hw_id, value in t.get("handed_in", {}).items():
            day = _date(value)
            hw = by_id.get(hw_id)
            if hw is None:
                problems.append(
                    doc.problem(
                        ("trainees", i, "handed_in", hw_id),
                        "E309",
                        f"记录中没有作业“{hw_id}”",
                        key=True,
                    )
                )
            elif day < hw.assigned_on:
                problems.append(
                    doc.problem(
                        ("trainees", i, "handed_in", hw_id),
                        "E532",
                        f"作业“{hw.title}”的上交日期 {day} 早于布置日期 {hw.assigned_on}",
                    )
                )
            handed.append((hw_id, day))
        coaching = None
        if "coaching" in t:
            c = t["coaching"]
            coaching = Coaching(_date(c["on"]), c.get("mentor"), c.get("notes", ""))
            if session is not None and coaching.on < starts:
                problems.append(
                    doc.problem(
                        ("trainees", i, "coaching", "on"),
                        "E532",
                        f"1 对 1 辅导日期 {coaching.on} 早于课程开始（{starts}）",
                    )
                )
            if register is not None and coaching.mentor is not None:
                if coaching.mentor not in register:
                    problems.append(
                        doc.problem(
                            ("trainees", i, "coaching", "mentor"),
                            "E334",
                            f"导师 {coaching.mentor} 不在人员名册中",
                        )
                    )
                elif coaching.mentor == emp:
                    problems.append(
                        doc.problem(
                            ("trainees", i, "coaching", "mentor"), "E334", "导师不能是学员本人"
                        )
                    )
        trainees.append(
            TraineeRecord(emp, t.get("questions"), t.get("discussion"), tuple(handed), coaching)
        )
    record = Participation(
        data["participation"],
        data["session"],
        title,
        starts,
        ends,
        int(data.get("coaching_within_days", COACHING_DAYS)),
        tuple(homework),
        tuple(trainees),
        doc.path,
    )
    return record, problems


def _state(due: dt.date, done: dt.date | None, day: dt.date) -> str:
    if done is not None:
        return DONE if done <= due else LATE
    return OVERDUE if day > due else PENDING


def duties(
    records: Iterable[Participation],
    day: dt.date,
    mentors: Mapping[str, str] | None = None,
) -> list[Duty]:
    """Every 1-on-1 and homework owed as of ``day``, by record, then trainee, then kind.

    ``mentors``: employee id → the register's mentor, for a 1-on-1 that names none."""
    out = []
    for record in sorted(records, key=lambda r: (r.starts_on, r.id)):
        if record.starts_on > day:  # the course has not begun: nothing has happened
            continue
        for t in sorted(record.trainees, key=lambda t: t.employee_id):
            c = t.coaching
            held = c.on if c is not None and c.on <= day else None
            mentor = (c.mentor if c is not None else None) or (mentors or {}).get(t.employee_id)
            due = record.coaching_due
            out.append(
                Duty(
                    record,
                    t.employee_id,
                    COACHING,
                    "1对1辅导",
                    due,
                    held,
                    _state(due, held, day),
                    mentor,
                )
            )
            for hw in record.homework:
                if hw.assigned_on > day:
                    continue
                given = t.handed_in_on(hw.id)
                done = given if given is not None and given <= day else None
                out.append(
                    Duty(
                        record,
                        t.employee_id,
                        HOMEWORK,
                        hw.title,
                        hw.due_on,
                        done,
                        _state(hw.due_on, done, day),
                        mentor,
                    )
                )
    return out


def overdue(
    records: Iterable[Participation],
    day: dt.date,
    mentors: Mapping[str, str] | None = None,
) -> list[Duty]:
    """The 逾期名单 as of ``day``: duties not done by the day whose due day is before it."""
    return [d for d in duties(records, day, mentors) if d.state == OVERDUE]
