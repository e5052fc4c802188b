"""考核评估报告 pages: one printable document per certification cohort (seed 000).

``assessment-reports/<cohort>.md``: the components against their targets and against
earlier cohorts (the weak items), and for each trainee below a level boundary the
component that kept them there and the modules to repeat (``academy.core.reports.weak_items``).
Names are masked as on the cohort pages. The print stylesheet
(``assets/stylesheets/print.css``) prints the report alone, one cohort per document.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from academy.core.reports.weak_items import ComponentGap, component_gaps, component_gaps_by_cohort, trainee_advice
from . import fragments
from .cohorts import root_prefix
from .markdown import page, site_env, slug

if TYPE_CHECKING:
    from academy.core.certify.issue import Result
    from ..core.model import Cohort
    from ..core.pipeline import Outcome
    from .common import SiteContext

REPORTS_DIR = "assessment-reports"
INDEX_PAGE = f"{REPORTS_DIR}/index.md"
NONE = "—"


def _fmt(value: Decimal | None, signed: bool = False) -> str:
    if value is None:
        return NONE
    text = format(value, "f")
    return f"+{text}" if signed and value > 0 else text


def reported(outcome: Outcome) -> list[Cohort]:
    """Certification cohorts of weighted programs, newest first."""
    programs = outcome.project.programs
    cohorts = [
        c
        for c in outcome.project.cohorts
        if c.kind == "certification" and programs[c.program].kind == "weighted"
    ]
    return sorted(cohorts, key=lambda c: (c.assessed_on, c.id), reverse=True)


def report_page(
    cohort: Cohort,
    outcome: Outcome,
    ctx: SiteContext,
    gaps: list[ComponentGap] | None = None,
    own: list[Result] | None = None,
) -> tuple[str, str | None]:
    """The Markdown page and its advice table (an HTML fragment, see ``fragments``; None
    when nobody needs advice).

    ``gaps`` and ``own`` (the cohort's results), when given, as ``pages`` found them
    for all cohorts in one pass."""
    program = outcome.project.programs[cohort.program]
    modules = outcome.project.modules
    if gaps is None:
        gaps = component_gaps(outcome.results, cohort.id)
    weak = [
        g.component.label
        for g in gaps
        if (g.shortfall is not None and g.shortfall > 0) or (g.change is not None and g.change < 0)
    ]
    rows: list[dict[str, Any]] = []
    for g in gaps:
        verdict = []
        if g.shortfall is not None and g.shortfall > 0:
            verdict.append("低于目标")
        if g.change is not None and g.change < 0:
            verdict.append("低于往期")
        rows.append(
            {
                "label": g.component.label,
                "weight": g.component.weight,
                "mean": _fmt(g.mean),
                "target": _fmt(g.target),
                "earlier": _fmt(g.earlier),
                "earlier_count": g.earlier_count,
                "change": _fmt(g.change, signed=True),
                "verdict": "、".join(verdict) or "达标",
            }
        )
    advice = []
    root = root_prefix(f"{REPORTS_DIR}/{slug(cohort.id)}.md")  # the fragment's links
    for a in trainee_advice(outcome.results if own is None else own, cohort.id, modules):
        level = a.result.score.level
        links = [
            {"href": f"{root}modules/{slug(m)}/", "title": modules[m].title}
            for m in a.modules
            if m in modules
        ]
        reason = f"{a.component.label}未达合格线" if a.gate_missed else a.component.label
        advice.append(
            {
                "name": ctx.display_name(a.result.entry.name),
                "id": a.result.entry.employee_id,
                "total": _fmt(a.result.score.total),
                "level": level.label if level else "未通过",
                "next": a.next_level.label,
                "missing": _fmt(a.missing_points),
                "reason": reason,
                "modules": links,
            }
        )
    env = site_env()
    body = (
        env.get_template("assessment-reports/report.md.j2")
        .render(
            cohort=cohort,
            cohort_id=slug(cohort.id),
            program=program,
            program_id=slug(program.id),
            rows=rows,
            weak=weak,
            advice=bool(advice),
            advice_slot=Markup(fragments.slot(cohort.id)),
            masked=ctx.mask_names,
        )
    )
    table = (
        env.get_template("assessment-reports/advice-table.html.j2").render(advice=advice)
        if advice
        else None
    )
    meta = {
        "title": f"{cohort.title} 考核评估报告",
        "tags": ["考核评估报告", program.title],
        "search": {"exclude": True},
    }
    return page(meta, body), table


def index_page(cohorts: list[Cohort], outcome: Outcome) -> str:
    programs = outcome.project.programs
    rows = [{"cohort": c, "id": slug(c.id), "program": programs[c.program].title} for c in cohorts]
    body = site_env().get_template("assessment-reports/index.md.j2").render(rows=rows)
    return page({"title": "考核评估报告", "tags": ["考核评估报告"]}, body)


def pages(outcome: Outcome, ctx: SiteContext) -> dict[str, str]:
    cohorts = reported(outcome)
    out = {INDEX_PAGE: index_page(cohorts, outcome)}
    gaps = component_gaps_by_cohort(outcome.results)
    own: dict[str, list[Result]] = {}
    for r in outcome.results:
        own.setdefault(r.cohort.id, []).append(r)
    for cohort in cohorts:
        body, table = report_page(
            cohort, outcome, ctx, gaps.get(cohort.id, []), own.get(cohort.id, [])
        )
        out[f"{REPORTS_DIR}/{slug(cohort.id)}.md"] = body
        if table is not None:
            out[fragments.fragment_path(REPORTS_DIR, cohort.id)] = table
    return out


def splice_tables(site_dir: Path) -> int:
    """Put each report's advice table into its built page (see ``academy.site.fragments``)."""
    return fragments.splice(site_dir, REPORTS_DIR)
