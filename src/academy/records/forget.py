"""``academy people forget ID``: remove a leaver's personal data, keep the certificate record.

What stays (the certificate ledger only grows): the employee id as a pseudonym, the
certificate numbers, levels, dates and statuses in ``rosters/ledger.csv``, and the
scores in the rosters that are the basis of those certificates.
What goes: the register entry (name, department, position, employment, hire date,
probation, mentor, leaving date), the name, department, position, notes and mentor's
evaluation on every roster entry, and the person as anyone's mentor.
The act is recorded in ``rosters/forgotten.yaml`` (id, last working day, date, reason);
validation then refuses any personal data of that id coming back (E337).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from academy.core.load.sources import FORGOTTEN_FILE
from academy.core.pipeline import load_project
from academy.records.yamledit import Edit, commit, load_edit, mapping, new_edit, seq

PERSONAL_ROSTER_KEYS = ("name", "department", "position", "notes", "mentor_review")
FORGOTTEN_HEAD = (
    "# yaml-language-server: $schema=../src/academy/schemas/forgotten.v1.json\n"
    "# 离职人员个人信息删除记录（个人信息保护法）：由 academy people forget 追加，请勿删除。\n"
)


def forget(root: Path, employee: str, reason: str, on: dt.date) -> int:
    project = load_project(root)
    register = project.extras["people"]
    person = register.get(employee)
    if person is None:
        where = "已经删除过" if employee in register.forgotten else "不在人员名册中"
        print(f"academy：员工 {employee} {where}，未做任何修改。", file=sys.stderr)
        return 1
    if person.left_on is None or person.left_on >= on:
        print(
            f"academy：员工 {employee} 尚未离职（人员名册中没有早于 {on} 的 left_on），"
            "不能删除其个人信息。",
            file=sys.stderr,
        )
        return 1
    edits: dict[str, Edit] = {}

    def edit_of(rel: str) -> Edit:
        if rel not in edits:
            edits[rel] = load_edit(root, rel)
        return edits[rel]

    register_edit = edit_of(person.path)
    people = register_edit.expected["people"]
    index = next(i for i, raw in enumerate(people) if raw["id"] == employee)
    del register_edit.doc["people"][index]
    del people[index]
    register_edit.dirty = True
    for other in register.people.values():
        if other.mentor == employee:
            e = edit_of(other.path)
            i = next(i for i, raw in enumerate(e.expected["people"]) if raw["id"] == other.id)
            e.set((e.doc["people"][i], e.expected["people"][i]), "mentor", None)
    for cohort in project.cohorts:
        for entry in cohort.entries:
            if entry.employee_id != employee:
                continue
            e = edit_of(cohort.path)
            target = (e.doc["trainees"][entry.index], e.expected["trainees"][entry.index])
            for key in PERSONAL_ROSTER_KEYS:
                e.set(target, key, None)
    record = {
        "id": employee,
        "left_on": person.left_on.isoformat(),
        "forgotten_on": on.isoformat(),
        "reason": reason,
    }
    if (root / FORGOTTEN_FILE).is_file():
        log = edit_of(FORGOTTEN_FILE)
    else:
        log = edits[FORGOTTEN_FILE] = new_edit(FORGOTTEN_FILE, FORGOTTEN_HEAD, {"forgotten": []})
    live, plain = mapping(record)
    if log.doc.get("forgotten") is None:
        log.doc["forgotten"], log.expected["forgotten"] = seq([]), []
    log.doc["forgotten"].append(live)
    log.expected["forgotten"].append(plain)
    log.dirty = True
    code = commit(root, [e for e in edits.values() if e.dirty], on)
    if code == 0:
        print(
            f"已删除员工 {employee} 的个人信息（{len(edits)} 个文件），证书编号和状态保留在账本中；"
            f"记录见 {FORGOTTEN_FILE}。请提交这次修改。",
            file=sys.stderr,
        )
    return code
