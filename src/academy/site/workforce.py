"""The only page about people as a group: held certificates per department and level.

Pay, probation, hire dates and the HR lists never reach the site (they go to
``academy export`` files only). This page shows counts, and a count below
``MIN_GROUP`` is shown as “少于 5 人”, so no individual can be singled out.
No totals are printed: a total next to one suppressed cell would give it away.
"""

from __future__ import annotations

from collections import Counter

from ..core.pipeline import Outcome
from academy.core.certify.timeline import Timeline
from .common import SiteContext
from .markdown import md, page

MIN_GROUP = 5
PAGE = "certificates/workforce.md"
SUPPRESSED = "少于 5 人"


def _department(outcome: Outcome, employee: str, fallback: str) -> str:
    register = outcome.project.extras.get("people")
    person = register.get(employee) if register is not None else None
    return person.department if person is not None else fallback


def counts(outcome: Outcome, ctx: SiteContext) -> dict[str, Counter[tuple[str, str]]]:
    """Per program: (department, level id) → number of people holding such a certificate."""
    view = Timeline(outcome.results, outcome.certificates).on(ctx.as_of)
    register = outcome.project.extras.get("people")
    out: dict[str, Counter[tuple[str, str]]] = {}
    for c in view.held_certificates():
        person = register.get(c.cert.employee_id) if register is not None else None
        if person is not None and person.gone(ctx.as_of):
            continue
        dept = _department(outcome, c.cert.employee_id, c.cert.department) or "未填写部门"
        out.setdefault(c.cert.program, Counter())[(dept, c.level)] += 1
    return out


def shown(n: int) -> str:
    return str(n) if n >= MIN_GROUP else SUPPRESSED


def pages(outcome: Outcome, ctx: SiteContext) -> dict[str, str]:
    lines = [
        f"截至 {ctx.as_of}，各部门持有有效证书（含待复评）的人数，按认证等级统计。"
        f"为保护个人信息，不足 {MIN_GROUP} 人的格子只显示“{SUPPRESSED}”，也不列合计。",
        "",
        "调薪、晋升、试用期等人事名单只通过 `academy export` 导出给人事部门，不在网站上公开。",
        "",
    ]
    table = counts(outcome, ctx)
    for pid in sorted(table):
        program = outcome.project.programs.get(pid)
        if program is None:
            continue
        cells = table[pid]
        departments = sorted({d for d, _ in cells})
        lines += [f"## {md(program.title)}", ""]
        lines.append("| 部门 | " + " | ".join(md(lv.label) for lv in program.levels) + " |")
        lines.append("|---|" + "---|" * len(program.levels))
        for dept in departments:
            row = [shown(cells[(dept, lv.id)]) for lv in program.levels]
            lines.append(f"| {md(dept)} | " + " | ".join(row) + " |")
        lines.append("")
    if not table:
        lines.append("暂无有效证书。")
    meta = {"title": "各部门持证情况", "tags": ["证书"]}
    return {PAGE: page(meta, "\n".join(lines))}


def nav() -> list[str]:
    return [PAGE]
