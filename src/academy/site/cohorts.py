"""Cohort result pages: ``cohorts/index.md`` and one ``cohorts/<cohort-id>.md`` per cohort.

The numbers come from ``academy.core.reports.cohort_stats`` (pandas); this module only arranges them
for reading: labels, masked names, remarks, links, and the level chart.

The level distribution chart is an inline SVG written by a Jinja2 template
(``templates/cohorts/level-chart.svg.j2``) at build time, not drawn by a chart
library in the browser, because:

- it is a handful of bars: a template of twenty lines does it, with nothing to
  download, no JavaScript, and no request outside the site (no CDN);
- its text is real page text, selectable and searchable, set in the page's own
  Chinese fonts (SVG ``<text>`` inherits the font of the page);
- the output is byte-identical for the same data, so the page has a golden file;
- it is accessible: ``role="img"``, an ``aria-label`` that reads out every count,
  and ``<title>``/``<desc>``;
- colours are CSS variables of the theme (``--md-primary-fg-color``, text in
  ``currentColor``), so the chart follows light and dark mode.

Escaping: every value reaches the page through a Jinja2 template with autoescaping
on (``academy.site.markdown.site_env``). Values placed in Markdown text go through
``md`` (``academy.site.markdown``), which also makes Markdown syntax inert; the
ranking table and the chart are raw HTML blocks, where Markdown is not parsed and
HTML escaping is what counts. On top of that, every value has ``{`` and ``}``
written as character references, so no template engine that later reads the page
can execute them. Front matter is written by ``academy.site.markdown.page``.

Links: cohort pages are served at ``/cohorts/<id>/`` (MkDocs directory URLs).
Certificate pages are static HTML outside MkDocs, so they are linked with raw
``<a href>`` relative to the page URL, never with Markdown links that ``mkdocs
--strict`` would try to resolve.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from academy.core.privacy import MIN_GROUP, is_monthly, may_show, withheld
from academy.core.reports import cohort_stats

from ..core.vocabulary import CERTIFICATE_ID, PENDING_LABEL
from . import fragments
from .cohort_rows import trainee_rows
from .common import KIND_LABELS, SiteContext
from .item_report import item_section
from .markdown import page, site_env, slug
from .panel_section import panel_section

if TYPE_CHECKING:
    from jinja2 import Environment

    from academy.core.certify.issue import Result

    from ..core.model import Cohort, Program
    from ..core.pipeline import Outcome

COHORTS_DIR = "cohorts"
CHART = "chart"  # the level chart's fragment part
INDEX_PAGE = f"{COHORTS_DIR}/index.md"

INDEX_TITLE = "班次成绩"
NO_LEVEL_LABEL = "未达等级"
INCOMPLETE_LABEL = "未完成"
ASSESSMENT_LABEL = "考核"  # a certification-kind roster of a program without a certificate
MONTHLY_LABEL = "月度考核"  # … of a program whose results roll up by month (cycles)
NONE = "—"
PENDING = PENDING_LABEL

# Level chart geometry, in SVG user units (px at 100%).
CHART_WIDTH = 560
BAR_MAX = 460
ROW_HEIGHT = 44
BAR_HEIGHT = 16
BAR_FILLS = {
    "level": "var(--md-primary-fg-color, #4051b5)",
    "none": "var(--academy-chart-no-level, #e53935)",
    "incomplete": "var(--md-default-fg-color--lighter, #00000052)",
}

_BRACES = {ord("{"): "&#123;", ord("}"): "&#125;"}


def html_text(value: Any) -> Markup:
    """HTML-escape, and write braces as character references (the ``finalize`` of Jinja)."""
    if isinstance(value, Markup):
        return value
    return Markup(str(escape(value)).translate(_BRACES))


def environment() -> Environment:
    """The site's template environment (autoescape, ``md``) with braces made inert too."""
    env = site_env()
    env.finalize = html_text
    return env


def page_path(cohort_id: str) -> str:
    """``cohorts/<id>.md``; ``ValueError`` for an id that is unsafe in a file name or URL."""
    return f"{COHORTS_DIR}/{slug(cohort_id)}.md"


def root_prefix(page_path: str) -> str:
    """The relative path from a page's URL to the site root: ``cohorts/x.md`` → ``../../``."""
    parts = page_path.removesuffix(".md").split("/")
    if parts[-1] == "index":
        parts = parts[:-1]
    return "../" * len(parts)


def certificate_href(cert_id: str | None, page_path: str) -> str | None:
    """The URL of a certificate's static page, relative to ``page_path``; None if not an id."""
    if cert_id is None or not CERTIFICATE_ID.fullmatch(cert_id):
        return None
    return f"{root_prefix(page_path)}certificates/{cert_id}/"


def fmt(value: Decimal | None, suffix: str = "") -> str:
    return NONE if value is None else format(value, "f") + suffix


def kind_label(cohort: Cohort, program: Program) -> str:
    if cohort.kind == "certification" and program.certificate is None:
        return MONTHLY_LABEL if program.cycles else ASSESSMENT_LABEL
    return KIND_LABELS[cohort.kind]


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    kind: str  # level | none | incomplete
    width: int
    top: int  # y of the row

    @property
    def fill(self) -> str:
        return BAR_FILLS[self.kind]


def level_bars(levels: dict[str, int], program: Program) -> list[Bar]:
    """One bar per level (highest first), then 未达等级 and 未完成; integer geometry."""
    labelled = [(lv.label, levels[lv.id], "level") for lv in program.levels]
    labelled.append((NO_LEVEL_LABEL, levels[cohort_stats.NO_LEVEL], "none"))
    labelled.append((INCOMPLETE_LABEL, levels[cohort_stats.INCOMPLETE], "incomplete"))
    most = max((count for _, count, _ in labelled), default=0) or 1
    return [
        Bar(label, count, kind, BAR_MAX * count // most, i * ROW_HEIGHT)
        for i, (label, count, kind) in enumerate(labelled)
    ]


def level_chart(cohort: Cohort, levels: dict[str, int], program: Program) -> dict[str, Any]:
    bars = level_bars(levels, program)
    summary = "，".join(f"{b.label} {b.count} 人" for b in bars)
    return {
        "title": f"{cohort.title} 等级分布",
        "desc": f"{summary}。",
        "label": f"等级分布：{summary}",
        "bars": bars,
        "width": CHART_WIDTH,
        "height": len(bars) * ROW_HEIGHT + 4,
        "bar_height": BAR_HEIGHT,
    }


def _stats_rows(program: Program, stats: cohort_stats.CohortStats) -> list[dict[str, str]]:
    if program.kind == "rubric":
        return [
            {"label": cat.label, "weight": fmt(cat.points), "mean": fmt(stats.means[cat.id])}
            for cat in program.categories
        ]
    return [
        {
            "label": c.label,
            "weight": f"{c.weight}%",
            "gate": fmt(c.pass_mark),
            "mean": fmt(stats.means[c.id]),
        }
        for c in program.components
    ]


@dataclass(frozen=True)
class Tables:
    """Everything computed once for all cohort pages: ranked rows, stats, results."""

    ranked: dict[str, list[dict[str, Any]]]  # cohort id → its rows as records, ranked
    stats: dict[str, cohort_stats.CohortStats]
    results: dict[str, dict[int, Result]]  # cohort id → roster position → result
    issued: frozenset[str] = frozenset()  # certificates with a page (issued by the day, 4.11)


def tables(outcome: Outcome) -> Tables:
    frame = cohort_stats.results_frame(outcome)
    ranked = cohort_stats.ranking(frame)
    results: dict[str, dict[int, Result]] = {}
    for result in outcome.results:
        results.setdefault(result.cohort.id, {})[result.entry.index] = result
    records: dict[str, list[dict[str, Any]]] = {}
    for row in ranked.to_dict("records"):  # once for all cohorts: per cohort it cost 2 s
        records.setdefault(str(row[cohort_stats.COHORT]), []).append(row)
    return Tables(
        ranked=records,
        stats=cohort_stats.all_cohort_stats(outcome, frame),
        results=results,
        issued=frozenset(c.id for c in outcome.certificates),
    )


def cohort_page(
    cohort: Cohort, outcome: Outcome, data: Tables, ctx: SiteContext, env: Environment
) -> tuple[str, dict[str, str]]:
    """The Markdown page of one cohort (facts, statistics) and its HTML fragments by part:
    the level chart (``CHART``) and the results table (``""``), those the page shows.

    They are written beside the page and spliced into the built page by
    :func:`splice_tables` (``academy.site.fragments``): inside the Markdown page,
    Python-Markdown would re-parse them with ``html.parser``, the largest cost of a
    big build.
    """
    program = outcome.project.programs[cohort.program]
    path = page_path(cohort.id)
    stats = data.stats[cohort.id]
    kind = kind_label(cohort, program)
    monthly = is_monthly(program)  # individual monthly scores never reach the site
    rows = (
        []
        if monthly
        else trainee_rows(
            program,
            data.ranked[cohort.id],
            data.results[cohort.id],
            ctx,
            lambda c: certificate_href(c, path) if c in data.issued else None,
        )
    )
    body = env.get_template("cohorts/cohort.md.j2").render(
        cohort=cohort,
        program=program,
        program_id=slug(program.id),
        kind=kind,
        stats=stats,
        stats_rows=_stats_rows(program, stats),
        pass_rate=fmt(stats.pass_rate, "%"),
        mean_total=fmt(stats.mean_total),
        mean_deductions=fmt(stats.mean_deductions),
        lowest=fmt(program.levels[-1].min_total),
        cohort_id=slug(cohort.id),
        chart_slot=Markup(fragments.slot(cohort.id, CHART)),
        results_slot=Markup(fragments.slot(cohort.id)),
        fmt=fmt,
        items=item_section(cohort, outcome.project.modules),
        panels=panel_section(cohort, program, ctx.as_of, ctx.mask_names),
        monthly=monthly,
        shown=not monthly or may_show(stats.graded),
        min_group=MIN_GROUP,
    )
    parts = {
        CHART: env.get_template("cohorts/level-chart.svg.j2").render(
            chart=level_chart(cohort, stats.levels, program)
        ),
        "": env.get_template("cohorts/results-table.html.j2").render(
            cohort=cohort, program=program, rows=rows, fmt=fmt
        ),
    }
    meta = {
        "title": cohort.title,
        "tags": [program.title, kind],
        "edit_source": cohort.path,
        # result tables are for reading, not for the course search every trainee downloads
        "search": {"exclude": True},
    }
    placed = {part: html for part, html in parts.items() if fragments.slot(cohort.id, part) in body}
    return page(meta, body), placed


def pending_page(cohort: Cohort, outcome: Outcome, env: Environment) -> str:
    """A cohort assessed after the build day: its title, program, date and 待考核 only."""
    program = outcome.project.programs[cohort.program]
    body = env.get_template("cohorts/pending.md.j2").render(
        cohort=cohort, program=program, program_id=slug(program.id), status=PENDING
    )
    meta = {
        "title": cohort.title,
        "tags": [INDEX_TITLE],
        "search": {"exclude": True},
    }
    return page(meta, body)


def index_page(outcome: Outcome, data: Tables, ctx: SiteContext, env: Environment) -> str:
    """All cohorts, newest first, grouped by the year of the assessment."""
    summary = cohort_stats.cohorts_summary(outcome, data.stats)
    programs = outcome.project.programs
    cohorts = {c.id: c for c in outcome.project.cohorts}
    years: dict[int, list[dict[str, Any]]] = {}
    for row in summary.to_dict("records"):
        cohort = cohorts[row[cohort_stats.COHORT]]
        program = programs[cohort.program]
        hidden = is_monthly(program) and not may_show(row[cohort_stats.GRADED_COUNT])
        years.setdefault(cohort.assessed_on.year, []).append(
            {
                "cohort": cohort,
                "page": f"{slug(cohort.id)}.md",
                "program": program,
                "program_id": slug(program.id),
                "kind": kind_label(cohort, program),
                "trainees": row[cohort_stats.TRAINEES],
                "graded": row[cohort_stats.GRADED_COUNT],
                "pass_rate": NONE if hidden else fmt(row[cohort_stats.PASS_RATE], "%"),
                "mean_total": NONE if hidden else fmt(row[cohort_stats.MEAN_TOTAL]),
            }
        )
    for cohort in sorted(
        outcome.project.cohorts, key=lambda c: (c.assessed_on, c.id), reverse=True
    ):
        if outcome.assessed(cohort):
            continue
        program = programs[cohort.program]
        row = {"cohort": cohort, "page": f"{slug(cohort.id)}.md", "program": program}
        row |= {"program_id": slug(program.id), "kind": kind_label(cohort, program)}
        row |= {"trainees": NONE, "graded": NONE, "pass_rate": PENDING, "mean_total": NONE}
        years.setdefault(cohort.assessed_on.year, []).insert(0, row)
    years = dict(sorted(years.items(), reverse=True))
    total_shown = _total_shown(summary, outcome)
    body = env.get_template("cohorts/index.md.j2").render(
        years=years,
        cohorts=len(summary),
        trainees=int(summary[cohort_stats.TRAINEES].sum()),
        graded=int(summary[cohort_stats.GRADED_COUNT].sum()),
        passed=int(summary[cohort_stats.PASSED_COUNT].sum()) if total_shown else NONE,
        pass_rate=fmt(cohort_stats.overall_pass_rate(summary), "%") if total_shown else NONE,
        masked=ctx.mask_names,
    )
    return page({"title": INDEX_TITLE, "tags": [INDEX_TITLE]}, body)


def _total_shown(summary: Any, outcome: Outcome) -> bool:
    """May the index's total row show how many passed? Certification results are public
    (each cohort page lists them), so the total minus them is the monthly results'
    pass count: the total goes when that would give away a monthly cohort of fewer than
    5 (``privacy.withheld`` over the monthly cohorts and the total)."""
    groups: dict[tuple[str, ...], frozenset[tuple[str, int]]] = {}
    programs = outcome.project.programs
    cohorts = {c.id: c for c in outcome.project.cohorts}
    for row in summary.to_dict("records"):
        cohort = cohorts[row[cohort_stats.COHORT]]
        if is_monthly(programs[cohort.program]):
            graded = int(row[cohort_stats.GRADED_COUNT])
            groups[("cohort", cohort.id)] = frozenset((cohort.id, i) for i in range(graded))
    groups[("total",)] = frozenset().union(*groups.values())
    return ("total",) not in withheld(groups)


def pages(outcome: Outcome, ctx: SiteContext) -> dict[str, str]:
    """Every cohort page, keyed by its path under ``docs/``; index first, then by id."""
    env = environment()
    data = tables(outcome)
    out = {INDEX_PAGE: index_page(outcome, data, ctx, env)}
    for cohort in sorted(outcome.project.cohorts, key=lambda c: c.id):
        path = page_path(cohort.id)
        if not outcome.assessed(cohort):  # rule 4.11: title, date and 待考核, nothing more
            out[path] = pending_page(cohort, outcome, env)
            continue
        out[path], parts = cohort_page(cohort, outcome, data, ctx, env)
        for part, html in parts.items():
            out[fragments.fragment_path(COHORTS_DIR, cohort.id, part)] = html
    return out


def splice_tables(site_dir: Path) -> int:
    """Put each cohort's results table into its built page (see ``academy.site.fragments``)."""
    return fragments.splice(site_dir, COHORTS_DIR)
