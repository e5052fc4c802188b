"""What a pull request would do to HR's lists once published: counts for the summary,
the per-person difference for a private file.

The base and the head are graded in memory as of the same day; the lists are those of
``academy export`` (the same providers, so the same rules). The job summary is public
to everyone who can read the repository, so it shows counts only ("调薪名单 +2 −1");
who joins or leaves a list goes to a CSV file that the check workflow uploads as a
private artifact of the run, kept 3 days like the HR export.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from academy.core.pipeline import Outcome
from academy.core.validate.people import Register
from academy.hr.export import PAY_RISE, PROBATION_EXTENSION, PROMOTION, RETAKE
from academy.hr.listfiles import ListProvider
from academy.hr.lists import HrContext

HR_LISTS: tuple[ListProvider, ...] = (PAY_RISE, PROMOTION, PROBATION_EXTENSION, RETAKE)
CHANGE_LABELS = {"added": "加入", "removed": "移出", "changed": "内容变化"}
PRIVATE_FILE = "名单变化.csv"  # the artifact's file name
PRIVATE_HEADERS = ("名单", "变化", "员工编号", "姓名", "方案", "修改前", "修改后")

Row = dict[str, Any]


@dataclass(frozen=True)
class ListChange:
    """One HR list: who joins it, who leaves it, whose row changes."""

    name: str  # the export's key: pay_rise, promotion, probation_extension, retake
    title: str  # its Chinese title
    added: tuple[Row, ...] = ()
    removed: tuple[Row, ...] = ()
    changed: tuple[tuple[Row, Row], ...] = ()

    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def counts(self) -> str:
        """``调薪名单 +2 −1`` (and ``，1 人内容变化`` when rows changed)."""
        text = f"{self.title} +{len(self.added)} −{len(self.removed)}"
        return text + (f"（{len(self.changed)} 人内容变化）" if self.changed else "")


def _lists(outcome: Outcome, as_of: dt.date) -> dict[str, list[Row]]:
    ctx = HrContext(as_of, outcome.project, outcome.results, outcome.known)
    out: dict[str, list[Row]] = {}
    for provider in HR_LISTS:
        assert provider.to_json is not None
        out[provider.name] = provider.to_json(ctx)
    return out


def _key(row: Row) -> tuple[str, str]:
    return str(row.get("employee_id", "")), str(row.get("program", ""))


def list_changes(base: Outcome | None, head: Outcome, as_of: dt.date) -> list[ListChange]:
    """Each HR list's difference between ``base`` and ``head`` as of ``as_of``."""
    before = _lists(base, as_of) if base is not None else {p.name: [] for p in HR_LISTS}
    after = _lists(head, as_of)
    found = []
    for provider in HR_LISTS:
        old = {_key(r): r for r in before[provider.name]}
        new = {_key(r): r for r in after[provider.name]}
        found.append(
            ListChange(
                provider.name,
                provider.title,
                tuple(new[k] for k in sorted(new.keys() - old.keys())),
                tuple(old[k] for k in sorted(old.keys() - new.keys())),
                tuple(
                    (old[k], new[k]) for k in sorted(old.keys() & new.keys()) if old[k] != new[k]
                ),
            )
        )
    return found


def _detail(row: Row | None) -> str:
    if row is None:
        return ""
    return "；".join(
        f"{k}={v}" for k, v in row.items() if k not in ("employee_id", "program") and v is not None
    )


def private_csv(changes: list[ListChange], names: dict[str, str]) -> str:
    """The per-person difference (names in full): never for the job summary."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(PRIVATE_HEADERS)
    for change in changes:
        entries: list[tuple[str, Row | None, Row | None]] = [
            *(("added", None, r) for r in change.added),
            *(("removed", r, None) for r in change.removed),
            *(("changed", a, b) for a, b in change.changed),
        ]
        for kind, old, new in entries:
            row = new or old
            assert row is not None
            employee, program = _key(row)
            writer.writerow(
                (
                    change.title,
                    CHANGE_LABELS[kind],
                    employee,
                    names.get(employee, ""),
                    program,
                    _detail(old),
                    _detail(new),
                )
            )
    return "\ufeff" + buffer.getvalue()  # Excel opens a UTF-8 CSV with a BOM correctly


def names_of(outcome: Outcome) -> dict[str, str]:
    """Full names by employee id: the register's, else the rosters'."""
    names: dict[str, str] = {}
    for result in outcome.results:
        if result.entry.name:
            names.setdefault(result.entry.employee_id, result.entry.name)
    register = outcome.project.people
    if isinstance(register, Register):
        for person in register.people.values():
            if person.name:
                names[person.id] = person.name
    return names
