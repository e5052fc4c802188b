"""Program requirements at the assessment date (FORMATS.md §7.2).

Checked after certification (a requirement may be met by a certificate issued in
the same run), before anything is written: the trainer learns it in the pull
request, not from HR.
"""

from __future__ import annotations

from academy.core.certify.timeline import Timeline, View, cert_key
from academy.core.errors import Problem
from academy.core.model import Project
from academy.core.validate.people import Register


def check_requirements(project: Project, timeline: Timeline) -> list[Problem]:
    """One problem per roster entry that does not meet its program's ``requires``."""
    register: Register = project.extras.get("people") or Register()
    problems: list[Problem] = []
    views: dict[object, View] = {}
    for result in timeline.results:
        program = result.program
        req = program.requires
        if req is None or result.cohort.kind != "certification":
            continue
        day = result.cohort.assessed_on
        if day not in views:
            views[day] = timeline.on(day)
        view = views[day]
        entry = result.entry
        doc = result.cohort.doc
        assert doc is not None
        spot = ("trainees", entry.index)
        if req.program is not None:
            base = project.programs[req.program]
            rank = {lv.id: i for i, lv in enumerate(base.levels)}
            limit = rank.get(req.min_level, len(base.levels)) if req.min_level else len(rank)
            held = [
                c
                for c in view.holds(entry.employee_id, req.program)
                if rank.get(c.level, 99) <= limit
            ]
            if not held:
                level = base.level(req.min_level) if req.min_level else None
                wanted = f"“{base.title}”{level.label + '及以上' if level else ''}的有效证书"
                problems.append(
                    doc.problem(
                        (*spot, "id"),
                        "E335",
                        f"员工 {entry.employee_id} 在考核日 {day} 没有{wanted}"
                        f"（方案“{program.id}”的报考条件）"
                        + _owned(view, entry.employee_id, req.program),
                    )
                )
        if req.positions:
            person = register.get(entry.employee_id)
            position = entry.position or (person.position if person else "")
            if position not in req.positions:
                shown = f"“{position}”" if position else "未填写"
                problems.append(
                    doc.problem(
                        (*spot, "position") if entry.position else (*spot, "id"),
                        "E335",
                        f"员工 {entry.employee_id} 的岗位{shown}"
                        f"不符合方案“{program.id}”的报考条件：" + "、".join(req.positions),
                    )
                )
    return problems


def _owned(view: View, employee: str, program: str) -> str:
    """What the person does have of that program on the day, to help the trainer."""
    mine = [
        c for c in view.certificates if c.cert.employee_id == employee and c.cert.program == program
    ]
    if not mine:
        return ""
    best = max(mine, key=lambda c: cert_key(c.cert.id))
    return (
        f"；当日只有证书 {best.cert.id}（等级 {best.level}，{'有效' if best.held else '已失效'}）"
    )
