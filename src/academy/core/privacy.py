"""What the public site may show of monthly assessments: aggregates over enough people.

Individual monthly scores are personal performance data (绩效数据): they go only into
``academy export`` files. A page shows a count, a mean or a distribution only when it
is taken over at least ``MIN_GROUP`` people, and (``withheld``, complementary
suppression) only when no group under ``MIN_GROUP`` can be solved for by adding and
subtracting what the pages show. Every published aggregate of survey answers, feedback
and service metrics goes through ``withheld``; a new page that shows such means adds its
groups to the same call (``core.evaluation.disclosure`` for feedback).
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Mapping
from fractions import Fraction
from itertools import combinations
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from academy.core.model import Program

K = TypeVar("K", bound=Hashable)

MIN_GROUP = 5


def is_monthly(program: Program) -> bool:
    """A program with assessment cycles: its per-person results stay off the site."""
    return program.cycles is not None


def may_show(people: int) -> bool:
    return people >= MIN_GROUP


def withheld(groups: Mapping[K, Collection[Hashable]]) -> frozenset[K]:
    """The groups to withhold among every group shown with the same per-member statistic.

    ``groups`` maps each group a page (or several pages) would show a mean, a sum or an
    interval for to its members (responses, people): all the groups of one statistic
    together, across tables and pages, since a total shown on one page can be
    subtracted from the cells shown on another. Withheld are every group under
    ``MIN_GROUP`` members and then, complementary suppression, more groups until no set
    of fewer than ``MIN_GROUP`` members can be solved for from the sums of the groups
    still shown (exact linear algebra: a set is solved when its indicator is a
    combination of the shown groups' indicators). For each such set, of the groups
    whose withholding stops it the one listed last goes: a hidden cell beside its shown
    total takes a second cell with it, or the total when no cell will do. So list the
    groups in the order they should stay shown (a page's total before its cells, the
    cells largest first). Groups of the same members show the same numbers: they are
    shown or withheld together. Counts stay public; only the statistic is withheld.
    """
    sets: list[frozenset[Hashable]] = []  # distinct member sets, by first appearance
    for k in groups:
        if (members := frozenset(groups[k])) not in sets:
            sets.append(members)
    hidden = {s for s in sets if s and not may_show(len(s))}
    while True:
        shown = [s for s in reversed(sets) if s and s not in hidden]
        leak = solvable_small_set(shown)
        if leak is None:
            return frozenset(k for k in groups if frozenset(groups[k]) in hidden)
        stops = (s for s in shown if not determined([t for t in shown if t != s], leak))
        hidden.add(next(stops, next(s for s in shown if s & leak)))


def _regions(sets: list[frozenset[Hashable]]) -> list[frozenset[Hashable]]:
    """The members grouped by the sets they belong to (each member of some set)."""
    region_of: dict[tuple[bool, ...], set[Hashable]] = {}
    for m in frozenset().union(*sets):
        region_of.setdefault(tuple(m in s for s in sets), set()).add(m)
    return [frozenset(r) for r in region_of.values()]


def _basis(sets: list[frozenset[Hashable]], regions: list[frozenset[Hashable]]) -> _Basis:
    return _row_basis([[Fraction(int(r <= s)) for r in regions] for s in sets])


def determined(shown: list[frozenset[Hashable]], target: frozenset[Hashable]) -> bool:
    """Do the sums over the ``shown`` sets determine the sum over ``target``?"""
    sets = [s for s in shown if s]
    regions = _regions(sets)
    if not target or any(r & target and not r <= target for r in regions):
        return False
    if not target <= frozenset().union(*sets):
        return False
    vector = [Fraction(int(r <= target)) for r in regions]
    return _in_span(_basis(sets, regions), vector)


def solvable_small_set(shown: list[frozenset[Hashable]]) -> frozenset[Hashable] | None:
    """A set of fewer than ``MIN_GROUP`` members whose sum the ``shown`` sums determine.

    The members fall into regions (members of exactly the same shown groups); a union
    of regions is determined when its indicator lies in the span of the groups'.
    """
    sets = [s for s in shown if s]
    regions = _regions(sets)
    basis = _basis(sets, regions)
    small = [i for i, r in enumerate(regions) if not may_show(len(r))]
    for size in range(1, MIN_GROUP):
        for combo in combinations(small, size):
            if may_show(sum(len(regions[i]) for i in combo)):
                continue
            vector = [Fraction(int(i in combo)) for i in range(len(regions))]
            if _in_span(basis, vector):
                return frozenset().union(*(regions[i] for i in combo))
    return None


_Basis = list[tuple[int, list[Fraction]]]


def _row_basis(rows: list[list[Fraction]]) -> _Basis:
    """Rows in echelon form with their pivot column (Gaussian elimination, rationals)."""
    basis: _Basis = []
    for row in rows:
        v = _reduce(basis, list(row))
        pivot = next((i for i, x in enumerate(v) if x), None)
        if pivot is not None:
            basis.append((pivot, [x / v[pivot] for x in v]))
    return basis


def _reduce(basis: _Basis, v: list[Fraction]) -> list[Fraction]:
    for p, b in basis:
        if v[p]:
            factor = v[p]
            v = [a - factor * c for a, c in zip(v, b, strict=True)]
    return v


def _in_span(basis: _Basis, v: list[Fraction]) -> bool:
    return not any(_reduce(basis, v))
