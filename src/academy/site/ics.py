"""iCalendar (.ics) files trainees can subscribe to: one per plan and one for all plans.

Deterministic: times are written in UTC (Beijing time has no daylight saving), DTSTAMP
is the plan's ``published_on``, and every event's UID is its session id, which the
trainer guide asks never to change once published.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vRecur

from academy.core.validate.plans import Plan, Session

from ..core.model import Module
from .common import SiteContext
from .markdown import slug
from .schedule import CALENDAR_ICS, PLANS_DIR

PRODID = "-//CS Academy//academy training plans//ZH"
REPEAT_RULES = {
    "weekly": ("WEEKLY", 1),
    "monthly": ("MONTHLY", 1),
    "quarterly": ("MONTHLY", 3),
    "half-yearly": ("MONTHLY", 6),
    "yearly": ("YEARLY", 1),
}
UID_DOMAIN = "cs-academy"


def _utc(day: dt.date, at: dt.time, zone: ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, at, zone).astimezone(dt.UTC)


def _description(session: Session, modules: dict[str, Module]) -> str:
    lines = [
        *([f"培训形式：{session.mode_label}"] if session.mode_label else []),
        *([f"重复：{session.repeat_label}"] if session.repeat_label else []),
        f"讲师：{session.trainer}",
        f"培训对象：{session.audience}",
        f"考核方式：{session.assessment}",
    ]
    titles = [modules[m].title for m in session.modules if m in modules]
    if titles:
        lines.append("内容大纲：" + "、".join(titles))
    if session.notes:
        lines.append(f"备注：{session.notes}")
    return "\n".join(lines)


def _repeat(event: Event, session: Session, zone: ZoneInfo) -> None:
    """The occurrences the site lists, written so that every calendar shows the same days.

    RFC 5545 skips a month without the start's day (FREQ=MONTHLY from 01-31 gives 01-31,
    03-31, 05-31) where the site moves it to the month's last day. So: a plain rule
    when the day exists in every month (≤ 28) or the rule is weekly; BYMONTHDAY=-1
    when every occurrence is its month's last day; otherwise each date as an RDATE.
    UNTIL, not COUNT: the last occurrence's start, in UTC like DTSTART.
    """
    assert session.repeat is not None
    dates = session.occurrence_dates()
    freq, interval = REPEAT_RULES[session.repeat]
    until = _utc(dates[-1], session.start, zone)
    rule: dict[str, object] = {"FREQ": freq, "INTERVAL": interval}
    if freq == "WEEKLY" or session.date.day <= 28:
        event.add("rrule", vRecur({**rule, "UNTIL": until}))
    elif all((d + dt.timedelta(days=1)).day == 1 for d in dates) and freq == "MONTHLY":
        event.add("rrule", vRecur({**rule, "BYMONTHDAY": -1, "UNTIL": until}))
    else:
        for day in dates[1:]:
            event.add("rdate", _utc(day, session.start, zone))


def _event(session: Session, plan: Plan, modules: dict[str, Module], ctx: SiteContext) -> Event:
    zone = ZoneInfo(plan.timezone)
    event = Event()
    event.add("uid", f"{session.id}@{UID_DOMAIN}")
    event.add("dtstamp", dt.datetime.combine(plan.published_on, dt.time(0, 0), dt.UTC))
    event.add("dtstart", _utc(session.date, session.start, zone))
    event.add("dtend", _utc(session.date, session.end, zone))
    if session.days > 1:
        event.add("rrule", vRecur({"FREQ": "DAILY", "COUNT": session.days}))
    elif session.repeat is not None:
        _repeat(event, session, zone)
    event.add("summary", session.title)
    event.add("location", session.location)
    event.add("description", _description(session, modules))
    event.add("categories", [session.cycle.title])
    site_url = ctx.extra.get("site_url", "")
    if site_url:
        event.add("url", f"{site_url.rstrip('/')}/{PLANS_DIR}/{slug(plan.id)}/#{slug(session.id)}")
    return event


def calendar_text(
    name: str,
    plans: Iterable[tuple[Plan, Iterable[Session]]],
    modules: dict[str, Module],
    ctx: SiteContext,
) -> str:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Asia/Shanghai")
    for plan, sessions in plans:
        for session in sessions:
            cal.add_component(_event(session, plan, modules, ctx))
    return cal.to_ical().decode("utf-8")


def files(plans: list[Plan], modules: dict[str, Module], ctx: SiteContext) -> dict[str, str]:
    """``plans/<id>.ics`` for every plan and ``plans/calendar.ics`` with all of them
    (a template, which has no sessions, has no calendar)."""
    plans = [p for p in plans if not p.template]
    out = {
        f"{PLANS_DIR}/{slug(plan.id)}.ics": calendar_text(
            plan.title, [(plan, plan.sessions)], modules, ctx
        )
        for plan in plans
    }
    everything = [(plan, plan.sessions) for plan in plans]
    out[CALENDAR_ICS] = calendar_text(f"{ctx.site_name}培训日历", everything, modules, ctx)
    return out
