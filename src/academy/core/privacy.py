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
    order: dict[frozenset[Hashable], None] = {}  # distinct member sets, first seen first
    for k in groups:
        order.setdefault(frozenset(groups[k]))
    sets = list(order)
    hidden = {s for s in sets if s and not may_show(len(s))}
    while True:
        span = _Span([s for s in reversed(sets) if s and s not in hidden])
        leak = span.small_solvable()
        if leak is None:
            return frozenset(k for k in groups if frozenset(groups[k]) in hidden)
        hidden.add(span.stopper(leak))


Sparse = dict[int, Fraction]  # a vector by its non-zero entries


class _Span:
    """The sums a list of shown sets determine: exact, sparse Gaussian elimination over
    the members' regions (members of exactly the same sets), tracking each echelon row
    as a combination of the sets."""

    def __init__(self, shown: list[frozenset[Hashable]]) -> None:
        self.shown = shown
        signature: dict[Hashable, list[int]] = {}
        for i, s in enumerate(shown):
            for m in s:
                signature.setdefault(m, []).append(i)
        by_signature: dict[tuple[int, ...], set[Hashable]] = {}
        for m, where in signature.items():
            by_signature.setdefault(tuple(where), set()).add(m)
        self.regions = [frozenset(r) for r in by_signature.values()]
        vectors: list[Sparse] = [{} for _ in shown]  # each set over the regions
        for j, key in enumerate(by_signature):
            for i in key:
                vectors[i][j] = Fraction(1)
        self.rows: list[tuple[int, Sparse, Sparse]] = []  # pivot, row, row as sets
        self.depends: set[int] = set()  # basis sets a dependent set's combination uses
        for i, vector in enumerate(vectors):
            rest, combo = self._reduce(vector, {i: Fraction(1)})
            if rest:
                pivot = min(rest)
                scale = rest[pivot]
                self.rows.append(
                    (
                        pivot,
                        {c: v / scale for c, v in rest.items()},
                        {c: v / scale for c, v in combo.items()},
                    )
                )
            else:  # set i = a combination of basis sets: each of them can be replaced
                self.depends |= {j for j, v in combo.items() if v and j != i}

    def _reduce(self, vector: Sparse, combo: Sparse) -> tuple[Sparse, Sparse]:
        v, c = dict(vector), dict(combo)
        for pivot, row, as_sets in self.rows:
            f = v.get(pivot)
            if f:
                for col, x in row.items():
                    if (y := v.get(col, Fraction(0)) - f * x) != 0:
                        v[col] = y
                    else:
                        v.pop(col, None)
                for j, x in as_sets.items():
                    if (y := c.get(j, Fraction(0)) - f * x) != 0:
                        c[j] = y
                    else:
                        c.pop(j, None)
        return v, c

    def _coordinates(self, members: frozenset[Hashable]) -> Sparse | None:
        """The set's sum as a combination of the shown sets' sums, or None if not one."""
        vector: Sparse = {}
        for j, r in enumerate(self.regions):
            if r & members:
                if not r <= members:
                    return None
                vector[j] = Fraction(1)
        if not vector or sum(len(self.regions[j]) for j in vector) != len(members):
            return None
        rest, combo = self._reduce(vector, {})
        return None if rest else {j: -x for j, x in combo.items()}

    def small_solvable(self) -> frozenset[Hashable] | None:
        """A set of fewer than ``MIN_GROUP`` members whose sum the shown sums determine."""
        small = [r for r in self.regions if not may_show(len(r))]
        for size in range(1, MIN_GROUP):
            for combo in combinations(small, size):
                members = frozenset().union(*combo)
                if not may_show(len(members)) and self._coordinates(members) is not None:
                    return members
        return None

    def stopper(self, leak: frozenset[Hashable]) -> frozenset[Hashable]:
        """The first shown set whose withholding leaves ``leak`` undetermined: a basis set
        the leak's combination uses and no other set can stand in for (else the first it
        uses at all)."""
        coordinates = self._coordinates(leak)
        assert coordinates is not None
        used = [i for i in range(len(self.shown)) if coordinates.get(i)]
        alone = [i for i in used if i not in self.depends]
        return self.shown[(alone or used)[0]]
