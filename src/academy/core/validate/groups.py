"""Named groups of a program or plan (seed 004 考核小组, seed 002 监督小组): E338.

``groups:`` lists at most one group of each kind; a member is a role (a position) and,
optionally, the employee id of who holds it. The site shows the roles and, for a member
with an employee id, the name masked as everywhere outside ``academy export`` (刘*):
``resolve`` fills that in once the people register is validated.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from academy.core.errors import Problem
from academy.core.masking import mask_name
from academy.core.model import Group, Member
from academy.core.vocabulary import GROUP_LABELS
from academy.core.yamlsrc import Document

if TYPE_CHECKING:
    from academy.core.model import Program
    from academy.core.validate.people import Register
    from academy.core.validate.plans import Plan


def read_groups(
    doc: Document, raws: list[dict[str, Any]]
) -> tuple[tuple[Group, ...], list[Problem]]:
    """Schema-valid ``groups`` as typed groups; a second group of a kind or a person twice
    in one group is E338 at the value."""
    problems: list[Problem] = []
    groups: list[Group] = []
    kinds: set[str] = set()
    for i, raw in enumerate(raws):
        kind = raw["kind"]
        if kind in kinds:
            problems.append(
                doc.problem(("groups", i, "kind"), "E338", f"已有一个{GROUP_LABELS[kind]}")
            )
        kinds.add(kind)
        seen: set[str] = set()
        members = []
        for j, m in enumerate(raw["members"]):
            emp = m.get("employee")
            if emp is not None and emp in seen:
                problems.append(
                    doc.problem(
                        ("groups", i, "members", j, "employee"),
                        "E338",
                        f"员工 {emp} 在{GROUP_LABELS[kind]}中出现了两次",
                    )
                )
            if emp is not None:
                seen.add(emp)
            members.append(Member(str(m["role"]), emp))
        groups.append(Group(kind, tuple(members), raw.get("title", ""), raw.get("duty", "")))
    return tuple(groups), problems


def _resolve(
    doc: Document | None, groups: tuple[Group, ...], register: Register, problems: list[Problem]
) -> tuple[Group, ...]:
    out = []
    for i, group in enumerate(groups):
        members = []
        for j, m in enumerate(group.members):
            person = register.get(m.employee) if m.employee is not None else None
            if m.employee is not None and person is None and register.present and doc:
                problems.append(
                    doc.problem(
                        ("groups", i, "members", j, "employee"),
                        "E338",
                        f"员工 {m.employee} 不在人员名册中",
                    )
                )
            shown = f"{m.role}（{mask_name(person.name)}）" if person is not None else m.role
            members.append(replace(m, shown=shown))
        out.append(replace(group, members=tuple(members)))
    return tuple(out)


def resolve(
    programs: dict[str, Program],
    plans: list[Plan],
    register: Register,
    plan_docs: dict[str, Document],
    problems: list[Problem],
) -> tuple[dict[str, Program], list[Plan]]:
    """Programs and plans with each member's masked name; an employee id the register
    does not hold is E338 (not checked without a register)."""
    programs = {
        pid: replace(p, groups=_resolve(p.doc, p.groups, register, problems)) if p.groups else p
        for pid, p in programs.items()
    }
    plans = [
        replace(p, groups=_resolve(plan_docs.get(p.path), p.groups, register, problems))
        if p.groups
        else p
        for p in plans
    ]
    return programs, plans


def check_target_names(
    programs: dict[str, Program],
    plan_docs: list[Document],
    known: set[str],
    problems: list[Problem],
) -> None:
    """A program's or plan's ``targets`` name files of evaluation/targets/ (E551)."""
    docs = [p.doc for p in programs.values() if p.doc is not None] + plan_docs
    for doc in docs:
        data = doc.data if isinstance(doc.data, dict) else {}
        named = data.get("targets")
        for i, tid in enumerate(named if isinstance(named, list) else []):
            if isinstance(tid, str) and tid not in known:
                problems.append(
                    doc.problem(("targets", i), "E551", f"evaluation/targets/ 中没有目标“{tid}”")
                )
