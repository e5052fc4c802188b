"""Program pages: modules in order, scoring rules, levels, validity and renewal."""

from __future__ import annotations

from collections.abc import Collection
from decimal import Decimal

from markupsafe import Markup

from ..core.model import Cohort, Module, Program
from academy.core.load.learning_paths import LearningPaths
from academy.core.validate.plans import Plan
from .common import KIND_LABELS, RESULT_STATUS_LABELS
from .markdown import md, number, page, site_env, slug
from .modules import level_label, module_link, study_order, track_label

PROGRAMS_DIR = "programs"
KIND_NAMES = {"weighted": "加权计分", "rubric": "扣分制"}


def _levels(program: Program) -> list[dict[str, str]]:
    status = "certified" if program.certificate else "passed"
    rows = []
    upper: Decimal | None = None
    for lv in program.levels:
        low = number(lv.min_total)
        rng = f"{low} 分及以上" if upper is None else f"{low} 至 {number(upper)} 分（不含）"
        result = RESULT_STATUS_LABELS[status]
        if program.certificate:
            result += "，颁发证书"
        rows.append({"label": lv.label, "range": rng, "result": result})
        upper = lv.min_total
    return rows


def _cohort_link(cohort: Cohort, known: Collection[str]) -> Markup:
    title = md(cohort.title or cohort.id)
    path = f"cohorts/{slug(cohort.id)}.md"
    return Markup(f"[{title}](../{path})") if path in known else title


def program_page(
    program: Program,
    modules: dict[str, Module],
    plans: list[Plan],
    cohorts: list[Cohort],
    known: Collection[str],
    paths: LearningPaths | None = None,
) -> str:
    order = {m.id: i for i, m in enumerate(study_order(modules, paths))}
    rows = [
        {
            "module": modules[m],
            "link": module_link(modules[m], "../modules/"),
            "track": track_label(modules[m].track),
            "level": level_label(modules[m].level),
        }
        for m in sorted((m for m in program.modules if m in modules), key=order.__getitem__)
    ]
    hours = sum((modules[m].duration_hours for m in program.modules if m in modules), Decimal(0))
    cycles = [
        {"plan": plan, "cycle": cycle}
        for plan in plans
        for cycle in plan.cycles
        if cycle.program == program.id
    ]
    own = sorted(
        (c for c in cohorts if c.program == program.id), key=lambda c: (c.assessed_on, c.id)
    )
    cohort_rows = [
        {"cohort": c, "link": _cohort_link(c, known), "kind": KIND_LABELS.get(c.kind, c.kind)}
        for c in own
    ]
    example_year = own[-1].issued_on.year if own else 2024
    body = (
        site_env()
        .get_template("programs/program.md.j2")
        .render(
            p=program,
            kind_label=KIND_NAMES[program.kind],
            cert=program.certificate,
            modules=rows,
            hours=hours,
            levels=_levels(program),
            lowest=program.levels[-1].min_total,
            cycles=cycles,
            cohorts=cohort_rows,
            example_year=example_year,
        )
    )
    meta = {
        "title": program.title,
        "description": program.description[:150] if program.description else program.title,
        "edit_source": program.path,
        "tags": ["考核方案", *(lv.label for lv in program.levels)],
    }
    return page(meta, body)


def index_page(programs: dict[str, Program]) -> str:
    rows = [
        {
            "program": p,
            "kind": KIND_NAMES[p.kind],
            "levels": md("、".join(lv.label for lv in p.levels)),
        }
        for p in sorted(programs.values(), key=lambda p: p.id)
    ]
    body = site_env().get_template("programs/index.md.j2").render(rows=rows)
    return page({"title": "考核方案"}, body)


def pages(
    programs: dict[str, Program],
    modules: dict[str, Module],
    plans: list[Plan],
    cohorts: list[Cohort],
    known: Collection[str],
    paths: LearningPaths | None = None,
) -> dict[str, str]:
    """``programs/index.md`` and ``programs/<id>.md`` for every program."""
    out = {f"{PROGRAMS_DIR}/index.md": index_page(programs)}
    for pid in sorted(programs):
        out[f"{PROGRAMS_DIR}/{slug(pid)}.md"] = program_page(
            programs[pid], modules, plans, cohorts, known, paths
        )
    return out


def nav(programs: dict[str, Program]) -> list[str]:
    return [f"{PROGRAMS_DIR}/{pid}.md" for pid in sorted(programs)]
