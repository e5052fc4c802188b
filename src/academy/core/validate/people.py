"""The people register (docs/guide/people.md) and the checks that tie rosters to it.

``rosters/people.yaml``, or several files under ``rosters/people/`` (one per
department), merged. The register holds each person's *current* situation; a
roster's ``department`` and ``position`` record the situation at that assessment.
Leavers whose personal data was removed (PIPL) are listed in
``rosters/forgotten.yaml`` instead (see ``forget.py``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from academy.core.errors import Problem
from academy.core.load import schema
from academy.core.load.positions import Positions
from academy.core.model import Cohort, Program, Requirement
from academy.core.yamlsrc import Document

Employment = Literal["regular", "intern", "outsourced"]
EMPLOYMENT_LABELS: dict[str, str] = {"regular": "正式", "intern": "实习生", "outsourced": "外包"}
FORGOTTEN_NAME = "（已删除）"  # shown where a forgotten person's name was


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    department: str
    position: str
    employment: Employment
    hired_on: dt.date
    probation_until: dt.date | None = None
    mentor: str | None = None
    left_on: dt.date | None = None
    path: str = ""
    index: int = 0

    def on_probation(self, day: dt.date) -> bool:
        """``probation_until`` ≥ day means on probation (the last day counts)."""
        return self.probation_until is not None and self.probation_until >= day

    def gone(self, day: dt.date) -> bool:
        """Left before ``day`` (``left_on`` is the last working day)."""
        return self.left_on is not None and self.left_on < day


@dataclass(frozen=True)
class Forgotten:
    id: str
    left_on: dt.date
    forgotten_on: dt.date
    reason: str
    index: int = 0


@dataclass
class Register:
    """Everyone in the register; ``present`` is false when the repository has none."""

    people: dict[str, Person] = field(default_factory=dict)
    forgotten: dict[str, Forgotten] = field(default_factory=dict)
    present: bool = False
    complete: bool = True  # false when a register file was rejected: rosters are not checked
    places: dict[str, tuple[Document, int]] = field(default_factory=dict, repr=False)

    def place(self, employee: str) -> str:
        """``path:line`` of a person's entry in the register."""
        doc, i = self.places[employee]
        return f"{doc.path}:{doc.position(('people', i))[0]}"

    def get(self, employee: str) -> Person | None:
        return self.people.get(employee)

    def gone(self, employee: str, day: dt.date) -> bool:
        """Left before ``day`` (a forgotten person by the day they left); unknown: not gone."""
        person = self.people.get(employee)
        if person is not None:
            return person.gone(day)
        forgotten = self.forgotten.get(employee)
        return forgotten is not None and forgotten.left_on < day


def _date(value: str | None) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)


def validate_register(
    docs: list[Document],
    forgotten_doc: Document | None,
    positions: Positions,
    present: bool,
    problems: list[Problem],
) -> Register:
    """Schema-check every register file, merge them, check ids, mentors, dates, positions."""
    register = Register(present=present)
    where_of = register.places
    for doc in docs:
        found = schema.check("people", doc)
        problems.extend(found)
        if found or doc.has_problems:
            register.complete = False
            continue
        for i, raw in enumerate(doc.data["people"]):
            spot = ("people", i)
            pid = raw["id"]
            if pid in where_of:
                other, j = where_of[pid]
                line = other.position(("people", j))[0]
                problems.append(
                    doc.problem(
                        (*spot, "id"),
                        "E333",
                        f"员工 {pid} 在人员名册中重复（{other.path} 第 {line} 行已有）",
                    )
                )
                continue
            where_of[pid] = (doc, i)
            person = Person(
                id=pid,
                name=raw["name"],
                department=raw["department"],
                position=raw["position"],
                employment=raw["employment"],
                hired_on=dt.date.fromisoformat(raw["hired_on"]),
                probation_until=_date(raw.get("probation_until")),
                mentor=raw.get("mentor"),
                left_on=_date(raw.get("left_on")),
                path=doc.path,
                index=i,
            )
            register.people[pid] = person
            if positions.unknown(person.position):
                problems.append(
                    doc.problem(
                        (*spot, "position"),
                        "E330",
                        f"未知的岗位“{person.position}”，可选：{positions.hint()}",
                    )
                )
            for key, day in (
                ("probation_until", person.probation_until),
                ("left_on", person.left_on),
            ):
                if day is not None and day < person.hired_on:
                    problems.append(
                        doc.problem(
                            (*spot, key), "E316", f"{key} {day} 早于入职日期 {person.hired_on}"
                        )
                    )
    for person in register.people.values():
        if person.mentor is None:
            continue
        doc, i = where_of[person.id]
        if person.mentor == person.id:
            problems.append(doc.problem(("people", i, "mentor"), "E334", "带教导师不能是本人"))
        elif person.mentor not in register.people:
            problems.append(
                doc.problem(
                    ("people", i, "mentor"), "E334", f"带教导师 {person.mentor} 不在人员名册中"
                )
            )
    register.forgotten = _forgotten(forgotten_doc, register, problems)
    return register


def _forgotten(
    doc: Document | None, register: Register, problems: list[Problem]
) -> dict[str, Forgotten]:
    if doc is None:
        return {}
    found = schema.check("forgotten", doc)
    problems.extend(found)
    if found or doc.has_problems:
        return {}
    out: dict[str, Forgotten] = {}
    for i, raw in enumerate(doc.data["forgotten"]):
        item = Forgotten(
            raw["id"],
            dt.date.fromisoformat(raw["left_on"]),
            dt.date.fromisoformat(raw["forgotten_on"]),
            raw["reason"],
            i,
        )
        spot = ("forgotten", i)
        if item.id in out:
            problems.append(doc.problem((*spot, "id"), "E337", f"员工 {item.id} 重复记录"))
        elif item.id in register.people:
            person = register.people[item.id]
            problems.append(
                doc.problem(
                    (*spot, "id"),
                    "E337",
                    f"员工 {item.id} 已删除个人信息，却仍在人员名册 {person.path} 中",
                )
            )
        if item.forgotten_on < item.left_on:
            problems.append(
                doc.problem((*spot, "forgotten_on"), "E316", "删除日期不能早于最后工作日")
            )
        out[item.id] = item
    return out


def check_rosters(
    cohorts: list[Cohort], register: Register, positions: Positions, problems: list[Problem]
) -> list[Cohort]:
    """Roster entries against the register (§7.1); names filled in where a roster omits them."""
    out: list[Cohort] = []
    for cohort in cohorts:
        doc = cohort.doc
        assert doc is not None
        entries = []
        changed = False
        for entry in cohort.entries:
            spot = ("trainees", entry.index)
            person = register.get(entry.employee_id)
            gone = register.forgotten.get(entry.employee_id)
            if entry.position and positions.unknown(entry.position):
                problems.append(
                    doc.problem(
                        (*spot, "position"),
                        "E330",
                        f"未知的岗位“{entry.position}”，可选：{positions.hint()}",
                    )
                )
            if gone is not None:
                for key, value in (
                    ("name", entry.name),
                    ("department", entry.department),
                    ("position", entry.position),
                    ("notes", entry.notes),
                    ("mentor_review", entry.mentor_review),
                ):
                    if value:
                        problems.append(
                            doc.problem(
                                (*spot, key),
                                "E337",
                                f"员工 {entry.employee_id} 的个人信息已于 {gone.forgotten_on} "
                                f"删除（rosters/forgotten.yaml），这里不能再写 {key}",
                                key=True,
                            )
                        )
                if cohort.assessed_on > gone.left_on:
                    problems.append(
                        doc.problem(
                            (*spot, "id"),
                            "E337",
                            f"员工 {entry.employee_id} 已于 {gone.left_on} 离职并删除个人信息，"
                            f"不能在 {cohort.assessed_on} 参加考核",
                        )
                    )
                entries.append(dataclasses.replace(entry, name=FORGOTTEN_NAME))
                changed = True
                continue
            if not register.complete:
                entries.append(entry)
                continue
            if not register.present:
                if not entry.name:
                    problems.append(
                        doc.problem(spot, "E201", "没有人员名册时，名册中的每位学员都要写 name")
                    )
                entries.append(entry)
                continue
            if person is None:
                problems.append(
                    doc.problem(
                        (*spot, "id"),
                        "E331",
                        f"员工 {entry.employee_id} 不在人员名册（rosters/people）中",
                    )
                )
                entries.append(entry)
                continue
            if entry.name and entry.name != person.name:
                problems.append(
                    doc.problem(
                        (*spot, "name"),
                        "E332",
                        f"姓名“{entry.name}”与人员名册不一致：{register.place(person.id)} "
                        f"写的是“{person.name}”",
                    )
                )
            if not entry.name:
                entries.append(dataclasses.replace(entry, name=person.name))
                changed = True
            else:
                entries.append(entry)
        out.append(dataclasses.replace(cohort, entries=tuple(entries)) if changed else cohort)
    return out


def check_programs(
    programs: dict[str, Program], positions: Positions, problems: list[Problem]
) -> None:
    """``requires`` and ``pay_rise`` refer to programs, levels and positions that exist (§7.2)."""
    for program in programs.values():
        doc = program.doc
        assert doc is not None
        for level in program.pay_rise:
            if program.level(level) is None:
                problems.append(
                    doc.problem(("pay_rise", level), "E336", f"方案中没有等级“{level}”", key=True)
                )
        if program.pay_rise and program.certificate is None:
            problems.append(
                doc.problem(("pay_rise",), "E336", "不颁发证书的方案不能设置持证调薪", key=True)
            )
        req = program.requires
        if req is None:
            continue
        if req.program is not None:
            base = programs.get(req.program)
            where = ("requires", "certificate")
            if req.program == program.id:
                problems.append(
                    doc.problem((*where, "program"), "E336", "方案不能要求持有本方案的证书")
                )
            elif base is None:
                problems.append(
                    doc.problem((*where, "program"), "E336", f"未知的方案“{req.program}”")
                )
            elif base.certificate is None:
                problems.append(
                    doc.problem((*where, "program"), "E336", f"方案“{req.program}”不颁发证书")
                )
            elif req.min_level is not None and base.level(req.min_level) is None:
                problems.append(
                    doc.problem(
                        (*where, "min_level"),
                        "E336",
                        f"方案“{req.program}”没有等级“{req.min_level}”，可选："
                        + "、".join(lv.id for lv in base.levels),
                    )
                )
        for i, pos in enumerate(req.positions):
            if positions.unknown(pos):
                problems.append(
                    doc.problem(
                        ("requires", "positions", i),
                        "E330",
                        f"未知的岗位“{pos}”，可选：{positions.hint()}",
                    )
                )


def requirement_from(data: dict[str, object] | None) -> Requirement | None:
    """The typed ``requires`` of a schema-valid program."""
    if not data:
        return None
    cert = data.get("certificate") or {}
    assert isinstance(cert, dict)
    positions = data.get("positions") or []
    assert isinstance(positions, list)
    return Requirement(cert.get("program"), cert.get("min_level"), tuple(positions))
