"""Training plan pages: one page per plan, the plans index and a month-by-month calendar."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from markupsafe import Markup

from academy.core.load.evaluation.model import Evaluation
from academy.core.validate.plans import Plan, Session

from ..core.model import Module, Program
from . import targets_page
from .common import SiteContext
from .markdown import md, page, site_env, slug
from .modules import module_link

# the 每场天数 cell of kinds without a range of days (validate.cadences.SEED_DAYS)
CADENCE_DAYS = {"new-product": "上市前一周内", "emergency": "按需要灵活安排"}

PLANS_DIR = "plans"
CALENDAR_ICS = f"{PLANS_DIR}/calendar.ics"
WEEKDAYS = ("一", "二", "三", "四", "五", "六", "日")
UPCOMING_ON_INDEX = 10


def session_status(session: Session, as_of: dt.date) -> str:
    if session.occurrences()[-1].end_date < as_of:
        return "已结束"
    if session.date <= as_of:
        return "进行中"
    return "即将开始"


def session_dates(session: Session) -> str:
    if session.days == 1:
        return session.date.isoformat()
    return f"{session.date.isoformat()} 至 {session.end_date.isoformat()}"


def session_href(session: Session, prefix: str = "") -> str:
    """Markdown link target of a session's section on its plan page."""
    return f"{prefix}{slug(session.plan)}.md#{slug(session.id)}"


def session_link(session: Session, prefix: str = "") -> Markup:
    return Markup(f"[{md(session.title)}]({session_href(session, prefix)})")


@dataclass(frozen=True)
class _Row:
    session: Session
    dates: str
    status: str
    modules: list[Markup]
    cohort: Markup | None
    link: Markup


def _row(
    session: Session,
    modules: dict[str, Module],
    known: Collection[str],
    as_of: dt.date,
    link_prefix: str = "",
) -> _Row:
    cohort = None
    if session.cohort:
        path = f"cohorts/{slug(session.cohort)}.md"
        text = md(session.cohort)
        cohort = Markup(f"[{text}](../{path})") if path in known else text
    return _Row(
        session=session,
        dates=session_dates(session),
        status=session_status(session, as_of),
        modules=[module_link(modules[m], "../modules/") for m in session.modules if m in modules],
        cohort=cohort,
        link=session_link(session, link_prefix),
    )


def _month_label(year: int, month: int) -> str:
    return f"{year}年{month}月"


def _months(rows: Iterable[_Row]) -> list[dict[str, object]]:
    grouped: dict[tuple[int, int], list[_Row]] = {}
    for row in rows:
        grouped.setdefault((row.session.date.year, row.session.date.month), []).append(row)
    return [
        {
            "label": _month_label(y, m),
            "anchor": f"m-{y}-{m:02d}",
            "year": y,
            "month": m,
            "sessions": grouped[(y, m)],
        }
        for y, m in sorted(grouped)
    ]


def plan_page(
    plan: Plan,
    modules: dict[str, Module],
    programs: dict[str, Program],
    known: Collection[str],
    ctx: SiteContext,
    targets: list[str] | None = None,
) -> str:
    rows = [_row(s, modules, known, ctx.as_of) for s in plan.sessions]
    cycles = [
        {
            "cycle": c,
            "modules": [module_link(modules[m], "../modules/") for m in c.modules if m in modules],
            "days": c.days.wording if c.days else CADENCE_DAYS.get(c.kind or "", "—"),
            "program": Markup(
                f"[{md(programs[c.program].title)}](../programs/{slug(c.program)}.md)"
            )
            if c.program in programs
            else None,
        }
        for c in plan.cycles
    ]
    body = (
        site_env()
        .get_template("plans/plan.md.j2")
        .render(
            plan=plan,
            targets=[Markup(t) for t in targets or []],
            cycles=cycles,
            sessions=rows,
            months=_months(rows),
            upcoming=len(plan.upcoming(ctx.as_of)),
        )
    )
    meta = {
        "title": plan.title,
        "description": plan.description[:150] if plan.description else plan.title,
        "edit_source": plan.path,
        "tags": ["培训计划"],
    }
    return page(meta, body)


def upcoming_sessions(plans: Iterable[Plan], as_of: dt.date) -> list[Session]:
    """Sessions of every plan not yet over on ``as_of``, soonest first."""
    found = [s for plan in plans for s in plan.upcoming(as_of)]
    return sorted(found, key=lambda s: (s.date, s.start, s.id))


def index_page(plans: list[Plan], modules: dict[str, Module], ctx: SiteContext) -> str:
    upcoming = [
        _row(s, modules, (), ctx.as_of)
        for s in upcoming_sessions(plans, ctx.as_of)[:UPCOMING_ON_INDEX]
    ]
    body = (
        site_env()
        .get_template("plans/index.md.j2")
        .render(plans=plans, upcoming=upcoming, as_of=ctx.as_of)
    )
    return page({"title": "培训计划"}, body)


def _weeks(year: int, month: int, rows: list[_Row], as_of: dt.date) -> list[list[object]]:
    by_day: dict[dt.date, list[dict[str, str]]] = {}
    for row in rows:
        s = row.session
        day = s.date
        while day <= s.end_date:
            if (day.year, day.month) == (year, month):
                href = f"../{slug(s.plan)}/#{slug(s.id)}"
                by_day.setdefault(day, []).append({"href": href, "title": s.cycle.title})
            day += dt.timedelta(days=1)
    weeks: list[list[object]] = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        cells: list[object] = []
        for day in week:
            if day.month != month:
                cells.append(None)
                continue
            css = ["academy-day-cell"]
            if day in by_day:
                css.append("academy-day-cell--busy")
            if day == as_of:
                css.append("academy-day-cell--today")
            cells.append({"date": day, "css": " ".join(css), "sessions": by_day.get(day, [])})
        weeks.append(cells)
    return weeks


def current_month(months: list[dict[str, object]], as_of: dt.date) -> dict[str, object] | None:
    """The month of ``as_of`` on the calendar, or else the first month after it
    (the 本月 link jumps there); None when every month is past."""
    for month in months:
        year, num = month["year"], month["month"]
        assert isinstance(year, int) and isinstance(num, int)
        if (year, num) >= (as_of.year, as_of.month):
            month["now"] = (year, num) == (as_of.year, as_of.month)
            return month
    return None


def calendar_page(plans: list[Plan], modules: dict[str, Module], ctx: SiteContext) -> str:
    sessions = sorted(
        (o for p in plans for s in p.sessions for o in s.occurrences()),
        key=lambda s: (s.date, s.start, s.id),
    )
    rows = [_row(s, modules, (), ctx.as_of) for s in sessions]
    months = _months(rows)
    # sessions spanning a month's end also mark the days of the next month
    for month in months:
        year, num = month["year"], month["month"]
        assert isinstance(year, int) and isinstance(num, int)
        month["weeks"] = _weeks(year, num, rows, ctx.as_of)
    body = (
        site_env()
        .get_template("plans/calendar.md.j2")
        .render(months=months, weekdays=WEEKDAYS, current=current_month(months, ctx.as_of))
    )
    return page({"title": "培训日历", "tags": ["培训计划"]}, body)


def pages(
    plans: list[Plan],
    modules: dict[str, Module],
    programs: dict[str, Program],
    known: Collection[str],
    ctx: SiteContext,
    evaluation: Evaluation | None = None,
) -> dict[str, str]:
    """Plan pages, the index and the calendar (Markdown); the .ics files come from ``ics``."""
    out = {
        f"{PLANS_DIR}/index.md": index_page(plans, modules, ctx),
        f"{PLANS_DIR}/calendar.md": calendar_page(plans, modules, ctx),
    }
    for plan in plans:
        targets = targets_page.links(plan.targets, evaluation or Evaluation())
        out[f"{PLANS_DIR}/{slug(plan.id)}.md"] = plan_page(
            plan, modules, programs, known, ctx, targets
        )
    return out


def nav(plans: list[Plan]) -> list[str]:
    return [f"{PLANS_DIR}/calendar.md"] + [f"{PLANS_DIR}/{p.id}.md" for p in plans]
