"""The 试题分析 section of a cohort page: item statistics of each auto-scored paper.

Aggregates only, and only over at least ``MIN_SITTINGS`` trainees (the privacy rule for
the site). Questions are shown by their number on the paper, type, topic and module,
never by id or wording: exam questions are never published.
"""

from __future__ import annotations

from fractions import Fraction

from markupsafe import Markup

from academy.core.validate.bank import TYPE_LABELS
from academy.core.grade.exam_scoring import ExamScore
from academy.core.grade.totals import round_exact
from academy.core.reports.item_analysis import FLAG_LABELS
from academy.core.reports.item_analysis import ItemReport
from academy.core.reports.item_analysis import analyse
from academy.core.reports.item_analysis import sittings_by_exam
from ..core.model import Cohort
from ..core.model import Module
from .markdown import site_env, slug

MIN_SITTINGS = 5
WEAK_TOPICS = 5


def _percent(value: Fraction) -> str:
    return f"{round_exact(value * 100, 0)}%"


def _signed(value: Fraction) -> str:
    return format(round_exact(abs(value), 2), "f") if value >= 0 else f"−{round_exact(-value, 2)}"


def cohort_sittings(cohort: Cohort) -> list[ExamScore]:
    return [
        value
        for entry in cohort.entries
        for value in (entry.scores or {}).values()
        if isinstance(value, ExamScore)
    ]


def _rows(report: ItemReport, modules: dict[str, Module]) -> list[dict[str, str]]:
    rows = []
    for number, stat in enumerate(report.items, 1):
        module = modules.get(stat.question.module)
        rows.append(
            {
                "number": str(number),
                "type": TYPE_LABELS[stat.question.type],
                "topic": stat.question.topic or "—",
                "module": module.title if module else stat.question.module,
                "module_id": slug(stat.question.module) if module else "",
                "points": format(round_exact(stat.points, 1).normalize(), "f"),
                "difficulty": _percent(stat.difficulty),
                "discrimination": _signed(stat.discrimination),
                "flags": "、".join(FLAG_LABELS[f] for f in stat.flags) or "—",
            }
        )
    return rows


def item_section(cohort: Cohort, modules: dict[str, Module]) -> Markup:
    """Markdown for every paper sat by at least ``MIN_SITTINGS`` trainees of ``cohort``."""
    blocks = []
    for sittings in sittings_by_exam(cohort_sittings(cohort)).values():
        if len(sittings) < MIN_SITTINGS:
            continue
        report = analyse(sittings[0].exam, sittings)
        weak = [
            {
                "topic": t.topic,
                "share": _percent(t.earned_share),
                "module": modules[t.module].title if t.module in modules else t.module,
                "module_id": slug(t.module) if t.module in modules else "",
            }
            for t in report.topics[:WEAK_TOPICS]
        ]
        blocks.append(
            site_env()
            .get_template("cohorts/items.md.j2")
            .render(report=report, rows=_rows(report, modules), weak=weak)
        )
    return Markup("\n".join(blocks))
