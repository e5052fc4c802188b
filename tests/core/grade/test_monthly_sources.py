"""The monthly score from four sources (seed 004): exact, rounded once, documented scaling."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from academy.cli import main
from academy.core.cycle_rules import Source, stars_to_score
from academy.core.grade.monthly_sources import combine
from academy.core.pipeline import run
from tests.support.programs import monthly_sources

PROGRAM = monthly_sources(
    sources=(
        "{id: rubric, weight: 60}",
        "{id: customer, weight: 20, scale: stars}",
        "{id: supervisor, weight: 10}",
        "{id: exam, weight: 10}",
    ),
    levels=(("pass", "合格", 60),),
)


def write(root: Path, entries: str) -> None:
    (root / "curriculum/programs").mkdir(parents=True)
    (root / "rosters").mkdir()
    (root / "curriculum/programs/monthly.yaml").write_text(PROGRAM, encoding="utf-8")
    (root / "rosters/m-2026-05.yaml").write_text(
        "cohort: m-2026-05\nprogram: monthly\nassessed_on: 2026-05-31\ntrainees:\n" + entries,
        encoding="utf-8",
    )


@pytest.mark.parametrize(
    ("stars", "score"), [("1", "0"), ("3", "50"), ("4.6", "90.0"), ("5", "100"), ("4.25", "81.25")]
)
def test_stars_scale_linearly_from_1_to_5(stars: str, score: str) -> None:
    """1 star is 0, 5 stars 100, linear in between: (stars − 1) × 25."""
    assert stars_to_score(Decimal(stars)) == Decimal(score)


def test_weighted_sources_are_exact_and_rounded_once(tmp_path: Path) -> None:
    """rubric 95, 4.6★ (90), supervisor 84.5, exam 79.4: 57 + 18 + 8.45 + 7.94 = 91.39 → 91.4."""
    write(
        tmp_path,
        '  - id: "E1"\n    name: 甲\n    deductions: {rules: 1}\n'
        "    sources: {customer: 4.6, supervisor: 84.5, exam: 79.4}\n"
        '  - id: "E2"\n    name: 乙\n    deductions: {}\n    sources: {customer: 4.6, exam: 90}\n',
    )
    outcome = run(tmp_path, dt.date(2026, 6, 1), write=False)
    by_id = {r.entry.employee_id: r for r in outcome.results}
    assert by_id["E1"].score.total == Decimal("91.4")
    assert by_id["E1"].score.sources["customer"] == Decimal("90.0")
    assert by_id["E2"].score.total is None  # a missing source makes the month incomplete
    assert by_id["E2"].status == "incomplete"


def test_combine_half_way_rounds_up() -> None:
    """A source mix landing on .x5 exactly is exact (no binary float drift)."""
    sources = (Source("rubric", 50), Source("exam", 50))
    raw, _, missing = combine(sources, Decimal("89.9"), {"exam": Decimal(90)})
    assert (raw, missing) == (Decimal("89.95"), ())


def test_stars_out_of_range_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A star rating of 6 is an error at its line, and nothing is written."""
    write(
        tmp_path,
        '  - id: "E1"\n    name: 甲\n    deductions: {}\n'
        "    sources: {customer: 6, supervisor: 80, exam: 80}\n",
    )
    assert main(["grade", "--root", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "rosters/m-2026-05.yaml:8:" in err and " E204 " in err
    assert not (tmp_path / "rosters/ledger.csv").exists()
