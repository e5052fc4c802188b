"""``academy people forget ID``: remove a leaver's personal data, keep the certificate record.

What stays (the certificate ledger only grows): the employee id as a pseudonym, the
certificate numbers, levels, dates and statuses in ``rosters/ledger.csv``, and the
scores in the rosters that are the basis of those certificates.
What goes: the register entry (name, department, position, employment, hire date,
probation, mentor, leaving date), the name, department, position, notes and mentor's
evaluation on every roster entry, the person as anyone's mentor, and the person's rows
in the service metrics (``evaluation/metrics``).
Every file is written only after the whole repository as it will be has validated,
through ``yamledit.commit``: all new files first, then renamed over the old ones, with
a journal that the next command finishes from if the run was killed during the renames.
The act is recorded in ``rosters/forgotten.yaml`` (id, last working day, date, reason);
validation then refuses any personal data of that id coming back (E337).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import sys
from pathlib import Path

from academy.core.errors import Problem
from academy.core.load.evaluation.metrics import HEADERS, METRICS_DIR
from academy.core.load.files import input_files
from academy.core.load.sources import FORGOTTEN_FILE
from academy.core.pipeline import load_project
from academy.core.vocabulary import Exit
from academy.records.yamledit import Edit, Raw, commit, load_edit, mapping, new_edit, resume, seq

PERSONAL_ROSTER_KEYS = ("name", "department", "position", "notes", "mentor_review")
FORGOTTEN_HEAD = (
    "# yaml-language-server: $schema=../src/academy/schemas/forgotten.v1.json\n"
    "# 离职人员个人信息删除记录（个人信息保护法）：由 academy people forget 追加，请勿删除。\n"
)


def forget(root: Path, employee: str, reason: str, on: dt.date, *, dry_run: bool = False) -> Exit:
    resumed = resume(root, dry_run)
    project = load_project(root)
    register = project.people
    person = register.get(employee)
    if person is None and resumed and employee in register.forgotten:
        print(f"academy：员工 {employee} 的个人信息删除已完成。", file=sys.stderr)
        return Exit.OK
    if person is None:
        where = "已经删除过" if employee in register.forgotten else "不在人员名册中"
        print(f"academy：员工 {employee} {where}，未做任何修改。", file=sys.stderr)
        return Exit.INPUT
    if person.left_on is None or person.left_on >= on:
        print(
            f"academy：员工 {employee} 尚未离职（人员名册中没有早于 {on} 的 left_on），"
            "不能删除其个人信息。",
            file=sys.stderr,
        )
        return Exit.INPUT
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
    register_edit.changes.append(f"删除 {employee} 的名册条目")
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
            kept = [k for k in PERSONAL_ROSTER_KEYS if k in target[1]]
            for key in PERSONAL_ROSTER_KEYS:
                e.set(target, key, None)
            if kept:
                e.changes.append(f"删除 {employee} 的 {'、'.join(kept)}")
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
    log.changes.append(f"记录 {employee}（{reason}）")
    metrics = scrub_metrics(root, employee)
    changed: list[Edit | Raw] = [e for e in edits.values() if e.dirty]
    code = commit(root, [*changed, *metrics], on, dry_run=dry_run)
    if code == 0 and not dry_run:
        print(
            f"已删除员工 {employee} 的个人信息（{len(changed) + len(metrics)} 个文件），"
            "证书编号和状态保留在账本中；"
            f"记录见 {FORGOTTEN_FILE}。请提交这次修改。",
            file=sys.stderr,
        )
    return code


def scrub_metrics(root: Path, employee: str) -> list[Raw]:
    """The service metrics files without the leaver's rows (every other byte kept in a CSV)."""
    out: list[Raw] = []
    problems: list[Problem] = []  # the files were validated by load_project already
    files = input_files(root, root / METRICS_DIR, (".csv", ".xlsx"), problems, recursive=False)
    for file in files:
        rel = file.relative_to(root).as_posix()
        data = file.read_bytes()
        if file.suffix == ".csv":
            new, removed = _scrub_csv(data, employee)
        else:
            new, removed = _scrub_xlsx(data, employee)
        if removed:
            out.append(Raw(rel, new, [f"删除 {employee} 的服务指标（{removed} 行）"]))
    return out


def _scrub_csv(data: bytes, employee: str) -> tuple[bytes, int]:
    bom = data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    lines = list(io.StringIO(text, newline=""))
    reader = csv.reader(iter(lines))
    kept: list[str] = []
    column = None
    removed = 0
    start = 0
    for record in reader:
        span = lines[start : reader.line_num]
        start = reader.line_num
        if column is None:
            keys = [HEADERS.get(h.strip()) for h in record]
            column = keys.index("employee_id") if "employee_id" in keys else -1
        elif 0 <= column < len(record) and record[column].strip() == employee:
            removed += 1
            continue
        kept += span
    new = "".join(kept)
    return (b"\xef\xbb\xbf" if bom else b"") + new.encode("utf-8"), removed


def _scrub_xlsx(data: bytes, employee: str) -> tuple[bytes, int]:
    from openpyxl import load_workbook

    # data_only: a formula is kept as its stored result, which stays valid once saved
    # (openpyxl would save the formula without a result, which the reader refuses, E808)
    book = load_workbook(io.BytesIO(data), data_only=True)
    removed = 0
    for sheet in book.worksheets:
        header = [
            HEADERS.get(str(c.value).strip()) if c.value is not None else None for c in sheet[1]
        ]
        if "employee_id" not in header:
            continue
        column = header.index("employee_id") + 1
        for row in range(sheet.max_row, 1, -1):
            value = sheet.cell(row, column).value
            if value is not None and str(value).strip() == employee:
                sheet.delete_rows(row)
                removed += 1
    if not removed:
        return data, 0
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue(), removed
