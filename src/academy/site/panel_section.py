"""The 评委评分一致性 section of a cohort page: each panel's alpha, never a judge's drift.

A judge's drift is staff appraisal and stays in ``academy export`` (评委校准); the page
shows only the agreement of the whole panel, the trainees it was computed over and the
judges' names masked like the trainees'.
"""

from __future__ import annotations

import datetime as dt

from markupsafe import Markup

from ..core.decisions import RELIABLE, show
from ..core.decisions.agreement import MIN_UNITS, cohort_panels
from ..core.masking import mask_name
from ..core.model import Cohort, Program
from .markdown import site_env

UNRELIABLE = "不可靠"
RELIABLE_LABEL = "可靠"
NOT_COMPUTED = "人数不足，未计算"


def panel_section(cohort: Cohort, program: Program, as_of: dt.date, mask: bool) -> Markup:
    """Markdown for the panels of ``cohort`` (empty when it has none or is not yet assessed)."""
    if cohort.assessed_on > as_of:
        return Markup("")
    panels = cohort_panels(cohort, program)
    if not panels:
        return Markup("")
    labels = {c.id: c.label for c in program.components}

    def masked(name: str) -> str:
        return mask_name(name) if mask else name

    rows = []
    for p in panels:
        names = [masked(d.name) for d in p.drift if d.name]
        rows.append(
            {
                "label": labels.get(p.component, p.component),
                "alpha": "—" if p.alpha is None else format(show(p.alpha), "f"),
                "trainees": p.trainees,
                "judges": "、".join(names) if names else f"{p.judges} 位",
                "verdict": {True: RELIABLE_LABEL, False: UNRELIABLE, None: NOT_COMPUTED}[
                    p.reliable
                ],
            }
        )
    text = (
        site_env()
        .get_template("cohorts/panel.md.j2")
        .render(rows=rows, threshold=format(RELIABLE, "f"), min_units=MIN_UNITS)
    )
    return Markup(text)
