"""Program pages: modules in order, scoring rules, levels, validity and renewal."""

from __future__ import annotations

from collections.abc import Collection
from decimal import Decimal

from markupsafe import Markup

from academy.core.load.evaluation.model import Evaluation
from academy.core.load.learning_paths import LearningPaths
from academy.core.validate.plans import Plan

from ..core.model import Cohort, Module, Program
from . import targets_page
from .cohorts import kind_label
from .markdown import md, page, site_env, slug
from .modules import level_label, module_link, study_order, track_label
from .rule_text import _levels, coefficient, levels_text, scoring_text  # noqa: F401

PROGRAMS_DIR = "programs"
KIND_NAMES = {"weighted": "加权计分", "rubric": "扣分制"}


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
    targets: list[str] | None = None,
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
        {"cohort": c, "link": _cohort_link(c, known), "kind": kind_label(c, program)} for c in own
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
            scoring=scoring_text(program),
            levels=levels_text(program),
            cycles=cycles,
            cohorts=cohort_rows,
            example_year=example_year,
            targets=[Markup(t) for t in targets or []],
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
    evaluation: Evaluation | None = None,
) -> dict[str, str]:
    """``programs/index.md`` and ``programs/<id>.md`` for every program."""
    out = {f"{PROGRAMS_DIR}/index.md": index_page(programs)}
    for pid in sorted(programs):
        targets = targets_page.links(programs[pid].targets, evaluation or Evaluation())
        out[f"{PROGRAMS_DIR}/{slug(pid)}.md"] = program_page(
            programs[pid], modules, plans, cohorts, known, paths, targets
        )
    return out


def nav(programs: dict[str, Program]) -> list[str]:
    return [f"{PROGRAMS_DIR}/{pid}.md" for pid in sorted(programs)]
