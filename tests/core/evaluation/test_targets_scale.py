"""Satisfaction goals on either scale, and the targets a program or plan names: the demo's
first-response goal, and a goal written in percent compared with the 5-point mean × 20."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from academy.core.evaluation.targets import goal_results
from academy.core.load.evaluation.targets import Goal, Targets
from academy.core.pipeline import run
from tests.conftest import AS_OF


def test_a_percent_goal_compares_the_5_point_mean_times_20(demo_root: Path) -> None:
    """The same satisfaction, ≥ 4.5 (5-point) and ≥ 90 (percent): the same groups, means
    ×20, the same verdicts; the units say which scale."""
    outcome = run(demo_root, AS_OF, write=False)
    five = Goal("s5", "满意度", "satisfaction", Decimal("4.5"), None, "5")
    pct = Goal("s100", "满意度", "satisfaction", Decimal(90), None, "100")
    targets = Targets("t", "2026-annual", "", "", (five, pct), "evaluation/targets/t.yaml")
    by_five, by_pct = goal_results(targets, outcome, outcome.project.evaluation, AS_OF)
    assert (five.unit, pct.unit) == ("分（5 分制）", "%")
    assert len(by_five.standings) == len(by_pct.standings) > 0
    for a, b in zip(by_five.standings, by_pct.standings, strict=True):
        assert a.group == b.group and a.verdict == b.verdict
        if a.estimate.mean is not None:
            assert b.estimate.mean is not None
            # both are shown to 2 decimals: 4.52 × 20 = 90.4 against 90.44
            assert abs(a.estimate.mean * 20 - b.estimate.mean) <= Decimal("0.1")


def test_the_demo_program_and_plan_name_their_targets() -> None:
    from tests.conftest import REPO

    outcome = run(REPO, AS_OF, write=False)
    project = outcome.project
    assert project.programs["after-sales-monthly"].targets == ("2026-annual",)
    annual = next(p for p in project.plans if p.id == "2026-annual")
    assert annual.targets == ("2026-annual",)
    (targets,) = project.evaluation.targets
    measures = {g.measure for g in targets.goals}
    assert {"feedback", "fcr", "satisfaction", "first_response"} <= measures
