"""Rules 4.1–4.4 (docs/guide/grading-rules.md): component scores, weighted and rubric totals,
levels, statuses."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from academy.core.dates import add_months
from academy.core.grade.totals import component_score, round_half_up
from tests.support.minirepo import MiniRepo, trainee


def result(repo: MiniRepo, *entries: str, program: str = "cs") -> list[dict]:
    repo.roster("c1", "".join(entries), program=program)
    return [r.to_dict() for r in repo.grade(write=False).results]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (85, "85"),
        (Decimal("79.8"), "79.8"),
        ("absent", "0"),
        ([82, 78, 80], "80"),
        ([80, 81], "80.5"),
    ],
)
def test_component_score_is_number_mean_or_zero_for_absent(value: object, expected: str) -> None:
    """Is a component the number itself, the exact mean of the judges, or 0 when absent?"""
    assert component_score(value) == Decimal(expected)


def test_mean_of_judges_is_exact_not_binary_float() -> None:
    """Does the mean of 80, 80, 81 stay exactly 241/3 until the total is rounded?"""
    mean = component_score([80, 80, 81])
    assert mean * 3 == Decimal(241)
    assert round_half_up(mean, 1) == Decimal("80.3")


@pytest.mark.parametrize(
    ("raw", "decimals", "shown"),
    [
        ("79.95", 1, "80.0"),
        ("79.94", 1, "79.9"),
        ("0.05", 1, "0.1"),
        ("84.125", 2, "84.13"),
        ("69.5", 0, "70"),
        ("2.675", 2, "2.68"),
    ],
)
def test_round_half_up(raw: str, decimals: int, shown: str) -> None:
    """Is rounding half-up (2.675 → 2.68, which binary floats get wrong)?"""
    assert str(round_half_up(Decimal(raw), decimals)) == shown


def test_formats_example_79_96_is_shown_and_judged_as_80(repo: MiniRepo) -> None:
    """Do 80, 80, 79.8 give 79.96, shown as 80.0 and judged advanced?"""
    (r,) = result(repo, trainee("A1", 80, 80, 79.8))
    assert (r["total"], r["level"], r["status"]) == (80.0, "advanced", "certified")


def test_total_79_95_rounds_up_to_advanced(repo: MiniRepo) -> None:
    """Does a raw total of exactly 79.95 round half-up to 80.0 and reach advanced?"""
    (r,) = result(repo, trainee("A1", 80, 80, 79.75))
    assert (r["total"], r["level"]) == (80.0, "advanced")


def test_total_79_94_stays_intermediate(repo: MiniRepo) -> None:
    """Is 79.94 shown as 79.9 and judged intermediate, never advanced?"""
    (r,) = result(repo, trainee("A1", 80, 80, 79.7))
    assert (r["total"], r["level"]) == (79.9, "intermediate")


@pytest.mark.parametrize(
    ("scores", "total", "level"),
    [
        ((70, 70, 70), 70.0, "intermediate"),
        ((60, 60, 60), 60.0, "junior"),
        ((100, 100, 100), 100.0, "advanced"),
        ((69, 70, 72), 70.0, "intermediate"),
    ],
)
def test_level_min_total_is_inclusive(
    repo: MiniRepo, scores: tuple, total: float, level: str
) -> None:
    """Does a total equal to a level's min_total reach that level?"""
    (r,) = result(repo, trainee("A1", *scores))
    assert (r["total"], r["level"], r["status"]) == (total, level, "certified")


def test_below_lowest_level_fails(repo: MiniRepo) -> None:
    """Is a total under 60 failed, with no level and no certificate?"""
    (r,) = result(repo, trainee("A1", 60, 59, 58))
    assert (r["total"], r["level"], r["status"], r["certificate"]) == (59.2, None, "failed", None)


def test_gate_missed_fails_whatever_the_total(repo: MiniRepo) -> None:
    """Does a theory score under its pass mark fail a trainee with a total of 83.6?"""
    (r,) = result(repo, trainee("A1", 59, [100, 100], 100))
    assert (r["total"], r["level"], r["status"]) == (83.6, None, "failed")


def test_gate_judged_on_rounded_component(repo: MiniRepo) -> None:
    """Is a theory mean of 59.95 (judges 59.9 and 60) shown and judged as 60.0, passing the gate?"""
    (r,) = result(repo, trainee("A1", [59.9, 60], 80, 80))
    assert r["status"] == "certified"


def test_gate_exactly_at_pass_mark_passes(repo: MiniRepo) -> None:
    """Is a theory score of exactly 60 enough for the gate?"""
    (r,) = result(repo, trainee("A1", 60, 90, 90))
    assert r["status"] == "certified"


def test_absent_counts_as_zero(repo: MiniRepo) -> None:
    """Does absent count 0 (and so also miss the theory gate)?"""
    (r,) = result(repo, trainee("A1", 80, "absent", 80))
    assert (r["total"], r["status"]) == (48.0, "failed")
    (r,) = result(repo, trainee("A1", "absent", 100, 100))
    assert (r["total"], r["status"]) == (60.0, "failed")


def test_missing_component_is_incomplete_not_failed(repo: MiniRepo) -> None:
    """Is a trainee without a daily score incomplete: no total, no level, no certificate?"""
    (r,) = result(repo, trainee("A1", 90, 90, None))
    assert r == {
        "cohort": "c1",
        "program": "cs",
        "kind": "certification",
        "employee_id": "A1",
        "total": None,
        "level": None,
        "status": "incomplete",
        "certificate": None,
    }


def test_program_without_certificate_gives_passed(repo: MiniRepo) -> None:
    """Does a program with no certificate section give 'passed', never a certificate?"""
    (r,) = result(repo, "- {id: S1, name: 甲, deductions: {}}\n", program="monthly")
    assert (r["total"], r["level"], r["status"], r["certificate"]) == (
        100.0,
        "excellent",
        "passed",
        None,
    )


def test_rubric_fixed_and_ranged_deductions(repo: MiniRepo) -> None:
    """Do 2 incidents of a 2-point item and ranged deductions 1+2 give 100-4-3 = 93?"""
    (r,) = result(
        repo,
        "- {id: S1, name: 甲, deductions: {platform_rules: 2, expression: [1, 2]}}\n",
        program="monthly",
    )
    assert (r["total"], r["level"]) == (93.0, "excellent")


def test_rubric_item_never_goes_below_zero(repo: MiniRepo) -> None:
    """Do 9 incidents of a 2-point item on 10 points cost 10, not 18?"""
    (r,) = result(
        repo, "- {id: S1, name: 甲, deductions: {platform_rules: 9}}\n", program="monthly"
    )
    assert r["total"] == 90.0


def test_rubric_failing_total(repo: MiniRepo) -> None:
    """Is a rubric total under the lowest level failed?"""
    (r,) = result(repo, "- {id: S1, name: 甲, deductions: {other: 9}}\n", program="monthly")
    assert (r["total"], r["level"], r["status"]) == (55.0, None, "failed")


def test_rubric_missing_deductions_is_incomplete(repo: MiniRepo) -> None:
    """Is a rubric entry without a deductions key incomplete, while {} means full marks?"""
    rows = result(
        repo, "- {id: S1, name: 甲}\n- {id: S2, name: 乙, deductions: {}}\n", program="monthly"
    )
    assert [(r["status"], r["total"]) for r in rows] == [("incomplete", None), ("passed", 100.0)]


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        ("2024-01-31", 1, "2024-02-29"),
        ("2023-01-31", 1, "2023-02-28"),
        ("2024-03-10", 12, "2025-03-10"),
        ("2024-02-29", 12, "2025-02-28"),
        ("2024-08-31", 1, "2024-09-30"),
        ("2024-12-15", 1, "2025-01-15"),
        ("2025-03-31", -1, "2025-02-28"),
    ],
)
def test_add_months_clamps_to_month_end(start: str, months: int, end: str) -> None:
    """Does a day past the month's end become its last day (2024-01-31 + 1 month = 2024-02-29)?"""
    assert add_months(dt.date.fromisoformat(start), months) == dt.date.fromisoformat(end)
