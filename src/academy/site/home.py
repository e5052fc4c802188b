"""What the home page shows trainees: what to study next, upcoming sessions, new certificates.

The home page (``docs/index.md``) is written by hand; these functions give its
macros their Markdown (already escaped) or plain data (escaped by the macros
engine, which runs with autoescaping on).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup

from ..core.pipeline import Outcome
from academy.core.validate.plans import Plan
from ..core.vocabulary import STILL_VALID
from .common import SiteContext
from .markdown import site_env
from academy.core.load.learning_paths import LearningPaths
from .modules import learning_order, module_link
from .schedule import _row, upcoming_sessions

RECENTLY_CHANGED_DAYS = 180
UPCOMING_ON_HOME = 6
LATEST_CERTIFICATES = 5


def plans_of(outcome: Outcome) -> list[Plan]:
    plans: list[Plan] = outcome.project.extras.get("plans", [])
    return plans


def next_steps(outcome: Outcome, ctx: SiteContext) -> Markup:
    """Each position's learning path (curriculum/paths.yaml), then modules revised lately."""
    modules = outcome.project.modules
    learning: LearningPaths = outcome.project.extras.get("paths") or LearningPaths()
    paths = []
    for path in learning.paths:
        own = [modules[m] for m in path.modules if m in modules]
        if own:
            paths.append(
                {
                    "position": path.position,
                    "after": path.after,
                    "modules": [module_link(m, "modules/") for m in own],
                    "hours": sum((m.duration_hours for m in own), Decimal(0)),
                }
            )
    since = ctx.as_of - dt.timedelta(days=RECENTLY_CHANGED_DAYS)
    changed = [
        {"link": module_link(m, "modules/"), "entry": m.changelog[0]}
        for m in learning_order(modules)
        if since <= m.changelog[0].date <= ctx.as_of and len(m.changelog) > 1
    ]
    changed.sort(key=lambda r: r["entry"].date, reverse=True)  # type: ignore[attr-defined]
    text = (
        site_env()
        .get_template("home/next-steps.md.j2")
        .render(paths=paths, changed=changed, since=since)
    )
    return Markup(text)


def upcoming(outcome: Outcome, ctx: SiteContext, limit: int = UPCOMING_ON_HOME) -> Markup:
    modules = outcome.project.modules
    rows = [
        _row(s, modules, (), ctx.as_of, "plans/")
        for s in upcoming_sessions(plans_of(outcome), ctx.as_of)[:limit]
    ]
    text = site_env().get_template("home/upcoming.md.j2").render(rows=rows, as_of=ctx.as_of)
    return Markup(text)


@dataclass(frozen=True)
class NewCertificate:
    """Plain values: the home page prints them and the macros engine escapes them."""

    id: str
    name: str
    department: str
    program: str
    level: str
    issued_on: str


def latest_certificates(
    outcome: Outcome, ctx: SiteContext, limit: int = LATEST_CERTIFICATES
) -> list[NewCertificate]:
    """The most recently issued certificates still valid on the as-of date."""
    programs = outcome.project.programs
    valid = [
        c
        for c in outcome.certificates
        if c.issued_on <= ctx.as_of and c.status(ctx.as_of) in STILL_VALID
    ]
    valid.sort(key=lambda c: (c.issued_on, c.id), reverse=True)
    out = []
    for cert in valid[:limit]:
        program = programs[cert.program]
        level = program.level(cert.level)
        out.append(
            NewCertificate(
                id=cert.id,
                name=ctx.display_name(cert.name),
                department=cert.department,
                program=program.title,
                level=level.label if level else "",
                issued_on=cert.issued_on.isoformat(),
            )
        )
    return out
