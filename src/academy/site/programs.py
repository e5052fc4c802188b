"""Program pages: modules in order, scoring rules, levels, validity and renewal."""

from __future__ import annotations

from collections.abc import Collection
from decimal import Decimal
from typing import Any

from markupsafe import Markup

from ..core.vocabulary import ResultStatus
from ..core.model import Cohort, Module, Program
from academy.core.load.learning_paths import LearningPaths
from academy.core.validate.plans import Plan
from .common import KIND_LABELS, RESULT_STATUS_LABELS
from academy.core.grade.monthly_sources import combine
from academy.core.grade.totals import rubric_score
from ..core.model import Cohort, Module, Program, RubricItem
from .cohorts import kind_label
from .common import RESULT_STATUS_LABELS
from .markdown import md, number, page, site_env, slug
from .modules import level_label, module_link, study_order, track_label

PROGRAMS_DIR = "programs"
KIND_NAMES = {"weighted": "加权计分", "rubric": "扣分制"}
SOURCE_HOW = {
    "rubric": "按下方评分细则逐次扣分，满分 100 分",
    "customer": "客户满意度评价，百分制",
    "supervisor": "主管日常评价，百分制",
    "exam": "在线考核（系统自动评分），百分制",
}
STARS_HOW = "客户满意度星级（1–5 星，取平均）折算：（星级 − 1）× 25，1 星为 0 分、5 星为 100 分"
# the sources of the worked example: 4.2 stars (80 points), or 80 on a percent scale
EXAMPLE_SOURCES = {"customer": Decimal("4.2"), "supervisor": Decimal(85), "exam": Decimal(90)}
EXAMPLE_PERCENT_CUSTOMER = Decimal(80)


def _example_deductions(program: Program) -> list[tuple[RubricItem, Any, str]]:
    """A few incidents that show each rule: a fixed item, a ranged one, one floored at 0."""
    items = program.items
    fixed = [i for i in items if not i.ranged]
    ranged = [i for i in items if i.ranged]
    out: list[tuple[RubricItem, Any, str]] = []
    if fixed:
        f = fixed[0]
        out.append((f, 1, f"{f.label}出现 1 次，扣 {number(f.deduction)} 分"))
    if ranged:
        r = ranged[0]
        lo, hi = r.deduction  # type: ignore[misc]
        out.append((r, [lo, hi], f"{r.label}出现 2 次，分别扣 {number(lo)} 分和 {number(hi)} 分"))
    # the fixed item that a few incidents floor at 0 soonest
    rest = [(i, i.deduction) for i in fixed[1:] if isinstance(i.deduction, Decimal) and i.deduction]
    if rest:
        low, each = min(rest, key=lambda pair: (pair[0].points / pair[1], items.index(pair[0])))
        times = int(low.points / each) + 1
        out.append(
            (
                low,
                times,
                f"{low.label}出现 {times} 次，按次数应扣 {number(each * times)} 分"
                f"，但该项只有 {number(low.points)} 分，扣到 0 分为止",
            )
        )
    return out


def _example(program: Program) -> dict[str, Any] | None:
    """The worked example, computed by the grading code itself from the program file."""
    incidents = _example_deductions(program)
    if not incidents:
        return None
    deductions = {item.id: given for item, given, _ in incidents}
    given: dict[str, Any] = {}
    lines: list[str] = []
    for s in program.sources:
        if s.id == "rubric":
            continue
        if s.id == "customer" and s.scale != "stars":
            given[s.id] = EXAMPLE_PERCENT_CUSTOMER
        else:
            given[s.id] = EXAMPLE_SOURCES[s.id]
    score = rubric_score(program, deductions, given)
    assert score.total is not None
    rubric = sum(score.parts.values(), Decimal(0))
    band = program.cycles.band(score.total) if program.cycles else None
    example: dict[str, Any] = {
        "deductions": [f"{text}，该项得 {number(score.parts[item.id])} 分" for item, _, text in incidents],
        "lost": [item.points - score.parts[item.id] for item, _, _ in incidents],
        "rubric": rubric,
        "total": score.total,
        "band": band,
        "bonus": None if band is None or band.bonus is None else coefficient(band.bonus),
        "sources": lines,
    }
    if program.sources:
        exact, by_source, _ = combine(program.sources, rubric, given)
        for s in program.sources:
            if s.id == "customer" and s.scale == "stars":
                stars = number(given[s.id])
                lines.append(
                    f"{s.label} {stars} 星，折算为（{stars} − 1）× 25 = {number(by_source[s.id])} 分"
                )
            elif s.id != "rubric":
                lines.append(f"{s.label} {number(by_source[s.id])} 分")
        example["exact"] = exact
        example["formula"] = " + ".join(
            f"{number(by_source[s.id])} × {s.weight}%" for s in program.sources
        )
    return example


def coefficient(value: Decimal) -> str:
    """A bonus coefficient as HR writes it: at least one decimal (1.0, 1.2, 0.85)."""
    text = number(value)
    return text if "." in text else f"{text}.0"


def scoring_text(program: Program) -> Markup:
    """How the program computes its total, with a worked example: the page and the macro."""
    sources = [
        {
            "label": s.label,
            "weight": s.weight,
            "how": STARS_HOW if s.id == "customer" and s.scale == "stars" else SOURCE_HOW[s.id],
        }
        for s in program.sources
    ]
    bands = []
    if program.cycles:
        upper: Decimal | None = None
        for b in program.cycles.bands:
            low = number(b.min)
            rng = f"{low} 分及以上" if upper is None else f"{low} 至 {number(upper)} 分（不含）"
            bonus = "—" if b.bonus is None else coefficient(b.bonus)
            bands.append({"label": b.label, "range": rng, "bonus": bonus})
            upper = b.min
    text = (
        site_env()
        .get_template("programs/scoring.md.j2")
        .render(
            p=program,
            sources=sources,
            bands=bands,
            cycles=program.cycles,
            example=_example(program) if program.kind == "rubric" else None,
            incomplete=RESULT_STATUS_LABELS["incomplete"],
        )
    )
    return Markup(text.strip())


def levels_text(program: Program) -> Markup:
    """The levels table of the program: the page and the macro."""
    text = (
        site_env()
        .get_template("programs/levels.md.j2")
        .render(levels=_levels(program), lowest=program.levels[-1].min_total, p=program)
    )
    return Markup(text.strip())


def _levels(program: Program) -> list[dict[str, str]]:
    status = ResultStatus.CERTIFIED if program.certificate else ResultStatus.PASSED
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
        {"cohort": c, "link": _cohort_link(c, known), "kind": kind_label(c, program)}
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
            scoring=scoring_text(program),
            levels=levels_text(program),
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
