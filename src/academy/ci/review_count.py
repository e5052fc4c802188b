"""How a pull request changes the number of results listed for 人工复核 (never who)."""

from __future__ import annotations

import datetime as dt

from ..core.decisions.review import review_rows
from ..core.pipeline import Outcome


def review_count(outcome: Outcome | None, as_of: dt.date) -> int:
    """Results near a cut as of ``as_of``; 0 without an outcome (a base that did not grade)."""
    return 0 if outcome is None else len(review_rows(outcome.results, as_of))


def review_difference(base: Outcome | None, head: Outcome, as_of: dt.date) -> int:
    """Head's review count minus base's: +1 when one more result needs a human look."""
    return review_count(head, as_of) - review_count(base, as_of)


def review_line(difference: int) -> str | None:
    """The summary's line (``- 人工复核 +1（…）``), or None when nothing changed."""
    if difference == 0:
        return None
    note = "临近等级线、需人工复核的结果数的变化，名单见 academy export"
    return f"- 人工复核 {difference:+d}（{note}）"
