"""What the public site may show of monthly assessments: aggregates over enough people.

Individual monthly scores are personal performance data (绩效数据): they go only into
``academy export`` files. A page shows a count, a mean or a distribution only when it
is taken over at least ``MIN_GROUP`` people.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from academy.core.model import Program

MIN_GROUP = 5


def is_monthly(program: Program) -> bool:
    """A program with assessment cycles: its per-person results stay off the site."""
    return program.cycles is not None


def may_show(people: int) -> bool:
    return people >= MIN_GROUP
