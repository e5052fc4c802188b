"""Yearly recognition rules and honours, ``rosters/recognition.yaml`` (docs/guide/cycles.md).

Seeds 002 and 004: the yearly appraisal chooses the year's excellent agents (年度优秀) and
sets each person's performance grade (绩效等级); the best are offered advanced training or
further study (高级培训或进修); honours (优秀客服、创新奖、导师奖励) are nominated by the
assessment group. This module checks the file; ``academy.core.cycles.recognition``
computes the lists from the yearly results.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from academy.core.errors import Problem
from academy.core.load import schema
from academy.core.yamlsrc import Document

if TYPE_CHECKING:
    from academy.core.model import Program

HONOURS = ("优秀客服", "创新奖", "导师奖励")  # the schema's enum, in the seeds' order


@dataclass(frozen=True)
class Grade:
    id: str
    label: str
    top_percent: Decimal | None  # None: the last grade, everyone else


@dataclass(frozen=True)
class Honour:
    year: int
    honour: str
    employee_id: str
    reason: str


@dataclass(frozen=True)
class Recognition:
    """Empty (``program`` "") when the repository has no recognition file."""

    program: str = ""
    grades: tuple[Grade, ...] = ()
    excellent_top: int = 0
    training_grades: tuple[str, ...] = ()
    honours: tuple[Honour, ...] = ()


def validate_recognition(
    doc: Document | None,
    programs: Mapping[str, Program],
    people: Collection[str] | None,
    problems: list[Problem],
) -> Recognition:
    """Check the file against the programs and the register (``people`` None: no register)."""
    if doc is None:
        return Recognition()
    found = schema.check("recognition", doc)
    problems.extend(found)
    if found or doc.has_problems:
        return Recognition()
    data = doc.data
    before = len(problems)
    program = programs.get(data["program"])
    if program is None or program.cycles is None:
        problems.append(
            doc.problem(("program",), "E370", f"“{data['program']}”不是有 cycles 的考核方案")
        )
    grades: list[Grade] = []
    last_share = Decimal(0)
    for i, raw in enumerate(data["grades"]):
        is_last = i == len(data["grades"]) - 1
        if any(g.id == raw["id"] for g in grades):
            problems.append(doc.problem(("grades", i, "id"), "E308", f"等级“{raw['id']}”重复"))
        share = raw.get("top_percent")
        if is_last and share is not None:
            problems.append(
                doc.problem(
                    ("grades", i, "top_percent"), "E370", "最后一级是其余的人，不写 top_percent"
                )
            )
        elif not is_last and share is None:
            problems.append(
                doc.problem(("grades", i), "E370", "除最后一级外，每级都要写 top_percent")
            )
        elif share is not None:
            value = Decimal(str(share))
            if value <= last_share:
                problems.append(
                    doc.problem(("grades", i, "top_percent"), "E370", "top_percent 必须逐级增大")
                )
            last_share = value
        grades.append(
            Grade(raw["id"], raw["label"], None if share is None else Decimal(str(share)))
        )
    ids = {g.id for g in grades}
    for i, gid in enumerate(data["training_grades"]):
        if gid not in ids:
            problems.append(
                doc.problem(("training_grades", i), "E370", f"grades 中没有等级“{gid}”")
            )
    honours: list[Honour] = []
    for i, raw in enumerate(data.get("honours", [])):
        honour = Honour(raw["year"], raw["honour"], raw["employee_id"], raw["reason"])
        if any(
            (h.year, h.honour, h.employee_id) == (honour.year, honour.honour, honour.employee_id)
            for h in honours
        ):
            problems.append(
                doc.problem(
                    ("honours", i),
                    "E370",
                    f"{honour.year} 年“{honour.honour}”重复提名 {honour.employee_id}",
                )
            )
        if people is not None and honour.employee_id not in people:
            problems.append(
                doc.problem(
                    ("honours", i, "employee_id"),
                    "E331",
                    f"员工 {honour.employee_id} 不在人员名册（rosters/people）中",
                )
            )
        honours.append(honour)
    if len(problems) > before:
        return Recognition()
    return Recognition(
        data["program"],
        tuple(grades),
        data["excellent_top"],
        tuple(data["training_grades"]),
        tuple(honours),
    )
