"""Delivery modes and repeating sessions: on the plan page, in the calendar and in .ics."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from academy.core.pipeline import Outcome, run
from academy.site import ics, schedule
from academy.site.pages import read_config, site_context
from tests.conftest import AS_OF, REPO


@pytest.fixture(scope="module")
def outcome(tmp_path_factory: pytest.TempPathFactory) -> Outcome:
    from tests.conftest import copy_demo

    root = copy_demo(tmp_path_factory.mktemp("repeats") / "repo")
    return run(root, AS_OF, write=False)


def test_weekly_session_is_one_event_with_its_rule(outcome: Outcome) -> None:
    """The weekly review: one VEVENT, FREQ=WEEKLY, 11 Tuesdays up to 2026-12-28, its mode."""
    ctx = site_context(REPO, AS_OF, read_config(REPO))
    plans = outcome.project.plans
    text = ics.files(plans, outcome.project.modules, ctx)["plans/2026-annual.ics"]
    events = {str(e["uid"]): e for e in Calendar.from_ical(text).walk("VEVENT")}
    event = events["2026-q4-weekly-review@cs-academy"]
    rule = event["rrule"]
    assert rule["FREQ"] == ["WEEKLY"] and rule["INTERVAL"] == [1] and "COUNT" not in rule
    assert rule["UNTIL"] == [dt.datetime(2026, 12, 22, 8, 30, tzinfo=dt.UTC)]
    assert "培训形式：导师带教" in str(event["description"])
    assert event.decoded("dtstart") == dt.datetime(2026, 10, 13, 8, 30, tzinfo=dt.UTC)
    half = events["2026-h2-supervisor@cs-academy"]
    assert "rrule" not in half and "培训形式：内部培训" in str(half["description"])


def test_calendar_page_shows_every_occurrence(outcome: Outcome) -> None:
    """Each Tuesday from 10-13 to 12-22 is listed in the calendar; the plan page says it repeats."""
    ctx = site_context(REPO, AS_OF, read_config(REPO))
    plans = outcome.project.plans
    pages = schedule.pages(plans, outcome.project.modules, outcome.project.programs, set(), ctx)
    calendar = pages["plans/calendar.md"]
    days = [dt.date(2026, 10, 13) + dt.timedelta(weeks=n) for n in range(11)]
    for day in days:
        assert f"- {day.isoformat()} 16:30–17:00" in calendar, day
    plan = pages["plans/2026-annual.md"]
    assert "- **重复：**每周重复，至 2026-12-28" in plan
    assert "- **培训形式：**导师带教" in plan


def test_quarterly_and_half_yearly_occurrences(outcome: Outcome) -> None:
    """Month-end dates clamp: from 2026-01-31, quarterly → 04-30, 07-31, 10-31."""
    plans = outcome.project.plans
    weekly = next(s for p in plans for s in p.sessions if s.id == "2026-q4-weekly-review")
    start = dt.date(2026, 1, 31)
    quarterly = replace(weekly, date=start, end_date=start, repeat="quarterly")
    assert quarterly.occurrence_dates() == [
        start, dt.date(2026, 4, 30), dt.date(2026, 7, 31), dt.date(2026, 10, 31)
    ]  # fmt: skip
    half = replace(quarterly, repeat="half-yearly", repeat_until=dt.date(2027, 7, 30))
    assert half.occurrence_dates() == [start, dt.date(2026, 7, 31), dt.date(2027, 1, 31)]
    assert [o.date for o in half.occurrences()] == half.occurrence_dates()


@pytest.mark.parametrize(
    ("repeat", "start", "until", "expected"),
    [
        ("monthly", "2027-01-31", "2027-03-31", ["2027-01-31", "2027-02-28", "2027-03-31"]),
        ("monthly", "2027-01-30", "2027-04-30",
         ["2027-01-30", "2027-02-28", "2027-03-30", "2027-04-30"]),
        ("quarterly", "2027-01-31", "2027-12-31",
         ["2027-01-31", "2027-04-30", "2027-07-31", "2027-10-31"]),
        ("monthly", "2027-01-15", "2027-03-20", ["2027-01-15", "2027-02-15", "2027-03-15"]),
        ("yearly", "2028-02-29", "2030-03-01", ["2028-02-29", "2029-02-28", "2030-02-28"]),
        ("weekly", "2027-01-05", "2027-01-19", ["2027-01-05", "2027-01-12", "2027-01-19"]),
    ],
)  # fmt: skip
def test_ics_repeats_on_the_days_the_site_lists(
    outcome: Outcome, repeat: str, start: str, until: str, expected: list[str]
) -> None:
    """Does a calendar that expands the .ics by RFC 5545 (recurring-ical-events) show the
    very days the site lists — 01-31 monthly is 02-28 in February, not skipped?"""
    import recurring_ical_events

    plan = outcome.project.plans[0]
    session = replace(
        plan.sessions[0],
        date=dt.date.fromisoformat(start),
        end_date=dt.date.fromisoformat(start),
        repeat=repeat,
        repeat_until=dt.date.fromisoformat(until),
    )
    assert [d.isoformat() for d in session.occurrence_dates()] == expected
    ctx = site_context(REPO, AS_OF, read_config(REPO))
    text = ics.files([replace(plan, sessions=(session,))], outcome.project.modules, ctx)
    calendar = Calendar.from_ical(next(iter(text.values())))
    events = recurring_ical_events.of(calendar).between(dt.date(2026, 1, 1), dt.date(2031, 1, 1))
    local = sorted(e.decoded("dtstart").astimezone(ZoneInfo(plan.timezone)).date() for e in events)
    assert [d.isoformat() for d in local] == expected
