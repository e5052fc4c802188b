"""Cross-file checks for cycles: one result per person, program and month (§8.1); the
rubric items a module says it teaches; the sources a roster entry gives."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from academy.core.errors import Problem

if TYPE_CHECKING:
    from academy.core.cycle_rules import Source
    from academy.core.load.sources import ModuleSource
    from academy.core.model import Cohort, Module, Program
    from academy.core.yamlsrc import Document, Path_


def check_months(cohorts: list[Cohort], programs: dict[str, Program]) -> list[Problem]:
    """Two results of one person in one rubric program and calendar month are an error.

    The later roster (by assessed_on, then cohort id) is reported, naming the earlier
    one's file and line. Duplicates inside one roster are E306 already.
    """
    first: dict[tuple[str, str, int, int], tuple[Cohort, int]] = {}
    problems: list[Problem] = []
    for cohort in sorted(cohorts, key=lambda c: (c.assessed_on, c.id)):
        program = programs.get(cohort.program)
        if program is None or program.cycles is None:
            continue
        year, month = cohort.assessed_on.year, cohort.assessed_on.month
        for entry in cohort.entries:
            key = (entry.employee_id, program.id, year, month)
            seen = first.get(key)
            if seen is None:
                first[key] = (cohort, entry.index)
                continue
            other, index = seen
            if other is cohort or cohort.doc is None:
                continue
            line = other.doc.position(("trainees", index, "id"))[0] if other.doc else 1
            problems.append(
                cohort.doc.problem(
                    ("trainees", entry.index, "id"),
                    "E340",
                    f"员工 {entry.employee_id} 在 {year}年{month}月已有“{program.id}”的考核结果"
                    f"（{other.path}:{line}），同一方案每月只能有一条",
                )
            )
    return problems


def check_teaches(
    sources: list[ModuleSource],
    modules: dict[str, Module],
    programs: dict[str, Program],
    broken_programs: set[str],
) -> list[Problem]:
    """Every ``teaches: [program.item]`` names a rubric item (or a component) of a known program."""
    problems: list[Problem] = []
    for src in sources:
        data = src.doc.data
        if not isinstance(data, dict) or not isinstance(data.get("id"), str):
            continue  # a module id that is not text is reported by the schema check
        if data["id"] not in modules:
            continue
        if modules[data["id"]].path != src.doc.path:
            continue
        for i, ref in enumerate(modules[data["id"]].teaches):
            pid, _, item = ref.partition(".")
            if pid in broken_programs:
                continue
            program = programs.get(pid)
            if program is None:
                problems.append(src.doc.problem(("teaches", i), "E302", f"未知的方案“{pid}”"))
            elif item not in {it.id for it in program.items} | {c.id for c in program.components}:
                problems.append(
                    src.doc.problem(
                        ("teaches", i), "E309", f"方案“{pid}”中没有扣分项或考核项“{item}”"
                    )
                )
    return problems


def check_entry_sources(
    doc: Document, where: Path_, given: dict[str, Any] | None, program: Program
) -> list[Problem]:
    """The ``sources`` of a roster entry: only those the program declares, in range."""
    if given is None:
        return []
    if not program.sources:
        return [
            doc.problem(
                (*where, "sources"),
                "E315",
                f"方案“{program.id}”没有设置多来源评分（scoring.sources），不应填写 sources",
                key=True,
            )
        ]
    declared: dict[str, Source] = {s.id: s for s in program.sources}
    problems = []
    for key, value in given.items():
        source = declared.get(key)
        if source is None:
            problems.append(
                doc.problem((*where, "sources", key), "E309", f"方案中没有来源“{key}”", key=True)
            )
        elif source.scale == "stars" and not Decimal(1) <= Decimal(value) <= Decimal(5):
            problems.append(
                doc.problem(
                    (*where, "sources", key), "E204", f"客户评价按星级计，{value} 不在 1 到 5 之间"
                )
            )
    return problems
