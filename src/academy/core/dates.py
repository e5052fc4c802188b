"""Dates: the one strict parser of ``YYYY-MM-DD``, and calendar arithmetic for validity."""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re


@functools.lru_cache(maxsize=1 << 16)  # every certificate's validity and status: few distinct days
def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` calendar months; past the month's end becomes its last day.

    >>> add_months(dt.date(2024, 1, 31), 1)
    datetime.date(2024, 2, 29)
    >>> add_months(dt.date(2024, 3, 31), -1)
    datetime.date(2024, 2, 29)
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    if day.day <= 28:  # every month has the day: no calendar needed (the common case)
        return dt.date(year, month + 1, day.day)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


# Years outside this range are typing mistakes (2205 for 2025) and would not fit a
# certificate number (prefix + four-digit year) or a validity period.
MIN_YEAR, MAX_YEAR = 1900, 2999


def in_range(day: dt.date) -> bool:
    """Is ``day`` inside the years the portal accepts (``MIN_YEAR``..``MAX_YEAR``)?"""
    return MIN_YEAR <= day.year <= MAX_YEAR


# The centres work on Beijing time (no daylight saving), as the publish workflow does
# (TZ: Asia/Shanghai): "today" is that day, whatever the machine's own zone.
SHANGHAI = dt.timezone(dt.timedelta(hours=8), "Asia/Shanghai")


def today() -> dt.date:
    """Today in Asia/Shanghai: the default ``--as-of`` of every command."""
    return dt.datetime.now(SHANGHAI).date()


ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_date(text: str) -> dt.date:
    """A strict ``YYYY-MM-DD`` date, the one date syntax of every file and option.

    ``date.fromisoformat`` alone also takes ``20261123`` and ``2026-W48-1``;
    raises ``ValueError`` for anything but the plain form of a real day.
    """
    if not ISO_DATE.fullmatch(text):
        raise ValueError(text)
    return dt.date.fromisoformat(text)
