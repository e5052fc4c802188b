"""The pandas functions of ``academy.core.reports.cohort_stats`` on a tiny test repository."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from academy.core import pipeline
from academy.core.pipeline import Outcome
from academy.core.reports import cohort_stats as report
from tests.support.tiny import write_tiny

AS_OF = dt.date(2024, 12, 1)


@pytest.fixture
def outcome(tmp_path: Path) -> Outcome:
    return pipeline.run(write_tiny(tmp_path / "repo"), AS_OF, write=False)


def test_results_frame_has_one_row_per_trainee_in_roster_order(outcome: Outcome) -> None:
    """Does the frame hold every trainee, in roster order, with the documented columns?"""
    frame = report.results_frame(outcome, "t-main")
    assert list(frame[report.EMPLOYEE_ID]) == ["T1", "T2", "T3", "T4", "T5", "T6"]
    assert list(frame[report.ORDER]) == [0, 1, 2, 3, 4, 5]
    assert list(frame[report.STATUS]) == [
        "certified",
        "certified",
        "certified",
        "failed",
        "failed",
        "incomplete",
    ]
    assert list(frame[report.CERTIFICATE]) == ["TT2024001", "TT2024002", "TT2024003"] + [None] * 3
    assert report.part_column("theory") in frame.columns
    assert report.part_column("practical") in frame.columns
    assert frame.loc[3, report.GATES_MISSED] == ("theory",)
    assert frame.loc[4, report.ABSENT] == ("theory",)
    assert frame.loc[5, report.MISSING] == ("practical",)


def test_totals_and_parts_stay_exact_decimals(outcome: Outcome) -> None:
    """Is each trainee's score the exact Decimal of grading, never a float?"""
    frame = report.results_frame(outcome, "t-main")
    assert frame[report.TOTAL].dtype == object
    assert frame.loc[2, report.TOTAL] == Decimal("85.2")
    assert isinstance(frame.loc[2, report.TOTAL], Decimal)
    # the judges' mean of 70, 70, 71 is kept unrounded
    assert frame.loc[2, report.part_column("practical")] == Decimal(211) / 3
    assert frame.loc[5, report.TOTAL] is None
    # the incomplete trainee's given score is still shown; the missing one is None
    assert frame.loc[5, report.part_column("theory")] == Decimal(90)
    assert frame.loc[5, report.part_column("practical")] is None


def test_ranking_shares_ranks_on_ties_and_leaves_incomplete_unranked(outcome: Outcome) -> None:
    """Do equal totals share the lowest rank (1, 2, 2, 4) with incomplete trainees last?"""
    ranked = report.ranking(report.results_frame(outcome, "t-main"))
    assert list(ranked[report.EMPLOYEE_ID]) == ["T3", "T1", "T2", "T4", "T5", "T6"]
    ranks = list(ranked[report.RANK])
    assert ranks[:5] == [1, 2, 2, 4, 5]
    assert ranks[5] is pd.NA
    assert str(ranked[report.RANK].dtype) == "Int64"


def test_ranking_compares_exact_totals(outcome: Outcome) -> None:
    """Are totals that differ beyond float precision still ranked apart?"""
    frame = report.results_frame(outcome, "t-main")
    frame.loc[1, report.TOTAL] = Decimal("80.00000000000000000001")
    ranked = report.ranking(frame)
    assert list(ranked[report.EMPLOYEE_ID])[:3] == ["T3", "T2", "T1"]
    assert list(ranked[report.RANK])[:3] == [1, 2, 3]


def test_pass_rate_leaves_out_incomplete_trainees(outcome: Outcome) -> None:
    """Is the pass rate passed ÷ graded (3 of 5), not passed ÷ everyone (3 of 6)?"""
    frame = report.results_frame(outcome, "t-main")
    assert report.pass_rate(frame) == Decimal("60.0")
    assert report.pass_rate(frame[~frame[report.GRADED]]) is None


def test_means_leave_out_incomplete_trainees(outcome: Outcome) -> None:
    """Are component means and the mean total over graded trainees only?"""
    frame = report.results_frame(outcome, "t-main")
    program = outcome.project.programs["tiny"]
    # theory over the five graded: (90 + 70 + 100 + 50 + 0) / 5; T6's 90 is left out
    assert report.component_means(frame, program) == {
        "theory": Decimal("62.0"),
        "practical": Decimal("82.1"),  # (70 + 90 + 211/3 + 100 + 80) / 5 = 82.0666…
    }
    assert report.mean_total(frame, program) == Decimal("72.0")  # 360.2 / 5 = 72.04


def test_means_round_half_up_on_exact_decimals(outcome: Outcome) -> None:
    """Is a mean of exactly 80.05 shown as 80.1 (a float mean would give 80.0)?"""
    frame = report.results_frame(outcome, "t-edge")
    program = outcome.project.programs["tiny"]
    assert list(frame[report.TOTAL]) == [Decimal("80.1"), Decimal("80.0")]
    assert round((80.1 + 80.0) / 2, 1) == 80.0  # what binary floats would say
    assert report.mean_total(frame, program) == Decimal("80.1")
    assert report.component_means(frame, program)["theory"] == Decimal("80.1")


def test_level_distribution_counts_every_level_failed_and_incomplete(outcome: Outcome) -> None:
    """Does the distribution list each level (zeros too), then no level and incomplete?"""
    frame = report.results_frame(outcome, "t-main")
    program = outcome.project.programs["tiny"]
    distribution = report.level_distribution(frame, program)
    assert distribution == {"good": 3, "ok": 0, report.NO_LEVEL: 2, report.INCOMPLETE: 1}
    assert list(distribution) == ["good", "ok", report.NO_LEVEL, report.INCOMPLETE]
    # T4's 75.0 reaches 合格 but misses the theory gate: it counts as no level
    assert sum(distribution.values()) == len(frame)


def test_cohort_stats_to_dict(outcome: Outcome) -> None:
    """Does the typed stats object carry every figure, with decimals as exact strings?"""
    stats = report.cohort_stats(outcome, "t-main")
    assert stats.failed == 2
    assert stats.to_dict() == {
        "cohort": "t-main",
        "program": "tiny",
        "trainees": 6,
        "graded": 5,
        "passed": 3,
        "failed": 2,
        "incomplete": 1,
        "pass_rate": "60.0",
        "mean_total": "72.0",
        "means": {"theory": "62.0", "practical": "82.1"},
        "levels": {"good": 3, "ok": 0, "no_level": 2, "incomplete": 1},
        "mean_deductions": None,
    }


def test_cohorts_summary_is_newest_first_with_overall_pass_rate(outcome: Outcome) -> None:
    """Does the index summary list cohorts newest first, and pool counts for the overall rate?"""
    summary = report.cohorts_summary(outcome)
    assert list(summary[report.COHORT]) == ["t-edge", "t-main"]
    assert list(summary[report.PASS_RATE]) == [Decimal("100.0"), Decimal("60.0")]
    assert list(summary[report.MEAN_TOTAL]) == [Decimal("80.1"), Decimal("72.0")]
    # (2 + 3) / (2 + 5), not the mean of 100 % and 60 %
    assert report.overall_pass_rate(summary) == Decimal("71.4")


def test_unknown_cohort_is_a_key_error(outcome: Outcome) -> None:
    """Does asking for a cohort that does not exist fail loudly?"""
    with pytest.raises(KeyError):
        report.results_frame(outcome, "no-such-cohort")


def test_grading_and_importing_report_do_not_load_pandas(tmp_path: Path) -> None:
    """Does grading (and importing the report module) leave pandas unimported?"""
    root = write_tiny(tmp_path / "repo")
    code = (
        "import sys, datetime as dt, pathlib\n"
        "import academy.core.reports.cohort_stats, academy.site.cohorts\n"
        "from academy.core import pipeline\n"
        f"pipeline.run(pathlib.Path({str(root)!r}), dt.date(2024, 12, 1), write=False)\n"
        "print('pandas' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_one_frame_of_all_cohorts_gives_the_same_figures(outcome: Outcome) -> None:
    """Do the all-cohorts frame, its per-cohort ranking and stats match one cohort at a time?"""
    frame = report.results_frame(outcome)
    assert list(frame[report.COHORT]) == ["t-main"] * 6 + ["t-edge"] * 2  # grading order
    every = report.all_cohort_stats(outcome, frame)
    assert every == {cid: report.cohort_stats(outcome, cid) for cid in ("t-main", "t-edge")}
    ranked = report.ranking(frame)
    assert list(ranked[report.EMPLOYEE_ID]) == ["T3", "T1", "T2", "T4", "T5", "T6", "E1", "E2"]
    assert list(ranked[report.RANK])[6:] == [1, 2]  # ranks restart in each cohort
