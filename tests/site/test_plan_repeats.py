"""Delivery modes and repeating sessions: on the plan page, in the calendar and in .ics."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from icalendar import Calendar

from academy.core.pipeline import Outcome, run
from academy.site import ics, schedule
from academy.site.pages import read_config, site_context

from ..conftest import AS_OF, REPO


@pytest.fixture(scope="module")
def outcome(tmp_path_factory: pytest.TempPathFactory) -> Outcome:
    from ..conftest import copy_demo

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
    assert rule["FREQ"] == ["WEEKLY"] and rule["COUNT"] == [11] and rule["INTERVAL"] == [1]
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
