"""Finding 9, the rule itself: does ``privacy.withheld`` leave no group under 5 solvable?

Checked with an independent solver (numpy's rank over the members' indicators): after
withholding, no set of fewer than 5 members has a sum that the shown groups' sums
determine, for random tables of cells with their totals, rows and columns.
"""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from academy.core.privacy import MIN_GROUP, withheld


def solvable(shown: list[frozenset[int]], universe: int) -> list[set[int]]:
    """Sets under 5 members (unions of the members' regions) the shown sums determine."""
    if not shown:
        return []
    a = np.array([[1.0 if m in s else 0.0 for m in range(universe)] for s in shown])
    rank = np.linalg.matrix_rank(a)
    regions: dict[tuple[float, ...], set[int]] = {}
    for m in range(universe):
        if a[:, m].any():
            regions.setdefault(tuple(a[:, m]), set()).add(m)
    small = [r for r in regions.values() if len(r) < MIN_GROUP]
    found = []
    for size in range(1, MIN_GROUP):
        for combo in itertools.combinations(small, size):
            group = set().union(*combo)
            if len(group) < MIN_GROUP:
                g = np.array([1.0 if m in group else 0.0 for m in range(universe)])
                if np.linalg.matrix_rank(np.vstack([a, g])) == rank:
                    found.append(group)
    return found


def cells(sizes: list[int]) -> list[frozenset[int]]:
    out, start = [], 0
    for n in sizes:
        out.append(frozenset(range(start, start + n)))
        start += n
    return out


def test_one_hidden_cell_beside_its_total_takes_a_second_cell() -> None:
    """Groups of 3, 6, 7 and their total (the needs report's case): is the 6 hidden too,
    and the total kept?"""
    a, b, c = cells([3, 6, 7])
    groups = {"全体": a | b | c, "c": c, "b": b, "a": a}
    assert withheld(groups) == {"a", "b"}


def test_a_total_beside_only_small_cells_is_withheld() -> None:
    """Cells of 3 and 1 and their total of 4: is the total (under 5) withheld?"""
    a, b = cells([3, 1])
    assert withheld({"全体": a | b, "a": a, "b": b}) == {"全体", "a", "b"}


def test_the_same_members_under_two_labels_go_together() -> None:
    """A trainer's total on two pages (same responses): are both labels withheld?"""
    s1, s2 = cells([6, 4])
    groups = {"s1": s1, "s2": s2, "讲师": s1 | s2, "计划讲师": s1 | s2}
    hidden = withheld(groups)
    assert "s2" in hidden and ({"讲师", "计划讲师"} <= hidden or "s1" in hidden)
    assert not ({"讲师", "计划讲师"} & hidden and {"讲师", "计划讲师"} - hidden)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.lists(st.integers(0, 8), min_size=1, max_size=4), min_size=1, max_size=4),
    st.booleans(),
)
def test_no_table_with_totals_leaves_a_small_group_solvable(
    table: list[list[int]], with_total: bool
) -> None:
    """A table of cells with row totals, column totals and the grand total: after
    ``withheld``, can any set of fewer than 5 members still be solved for?"""
    width = max(len(r) for r in table)
    sizes = [n for row in table for n in row + [0] * (width - len(row))]
    flat = cells(sizes)
    grid = [flat[i * width : (i + 1) * width] for i in range(len(table))]
    groups: dict[str, frozenset[int]] = {}
    if with_total:
        groups["total"] = frozenset().union(*flat)
    for i, row in enumerate(grid):
        groups[f"row{i}"] = frozenset().union(*row)
    for j in range(width):
        groups[f"col{j}"] = frozenset().union(*(row[j] for row in grid))
    for i, row in enumerate(grid):
        for j, cell in enumerate(row):
            groups[f"cell{i},{j}"] = cell
    hidden = withheld(groups)
    shown = [s for k, s in groups.items() if k not in hidden and s]
    assert all(len(s) >= MIN_GROUP for s in shown)
    assert solvable(shown, sum(sizes)) == []


@settings(max_examples=150, deadline=None)
@given(st.lists(st.frozensets(st.integers(0, 14), max_size=15), min_size=1, max_size=7))
def test_no_family_of_overlapping_groups_leaves_a_small_group_solvable(
    family: list[frozenset[int]],
) -> None:
    """Any groups at all (overlapping, nested, repeated: trainers, plans, targets over the
    same sessions): after ``withheld``, can any set under 5 still be solved for?"""
    groups = {f"g{i}": s for i, s in enumerate(family)}
    hidden = withheld(groups)
    shown = [s for k, s in groups.items() if k not in hidden and s]
    assert all(len(s) >= MIN_GROUP for s in shown)
    assert solvable(shown, 15) == []
    same = {k for k in groups if any(groups[k] == groups[h] for h in hidden)}
    assert same <= hidden  # the same members under another label are withheld too
