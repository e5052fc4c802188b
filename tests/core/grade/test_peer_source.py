"""互评 (seed 002 团队成员互相评价) as an optional monthly source: weighted only when the
program declares ``scoring.peer``, read from ``evaluation/peer/<cohort>.yaml``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from academy.cli import main
from academy.core.grade.monthly_sources import with_peer
from academy.core.pipeline import run
from tests.support.programs import monthly_sources

ROSTER = """\
cohort: m-2026-05
program: monthly
assessed_on: 2026-05-31
trainees:
  - {id: "E1", name: 甲, deductions: {rules: 2}, sources: {supervisor: 90}}
  - {id: "E2", name: 乙, deductions: {rules: 2}, sources: {supervisor: 90}}
  - {id: "E3", name: 丙, deductions: {rules: 2}, sources: {supervisor: 90}}
"""
PEER_LINE = "  peer: {weight: 10, min_raters: 3}\n"


def write(root: Path, *, peer: bool, ratings: str | None) -> None:
    (root / "curriculum/programs").mkdir(parents=True)
    (root / "rosters").mkdir()
    program = monthly_sources(
        sources=("{id: rubric, weight: 60}", "{id: supervisor, weight: 40}"),
        levels=(("excellent", "优秀", 90), ("pass", "合格", 60)),
        peer=PEER_LINE if peer else "",
    )
    (root / "curriculum/programs/monthly.yaml").write_text(program, encoding="utf-8")
    (root / "rosters/m-2026-05.yaml").write_text(ROSTER, encoding="utf-8")
    if ratings is not None:
        (root / "evaluation/peer").mkdir(parents=True)
        text = "cohort: m-2026-05\nratings:\n" + ratings
        (root / "evaluation/peer/m-2026-05.yaml").write_text(text, encoding="utf-8")


def totals(root: Path) -> dict[str, Decimal | None]:
    outcome = run(root, dt.date(2026, 6, 1), write=False)
    return {r.entry.employee_id: r.score.total for r in outcome.results}


def test_no_peer_data_scores_as_before(tmp_path: Path) -> None:
    """A program declaring 互评 but no peer file: every total is what it was without it."""
    before, after = tmp_path / "before", tmp_path / "after"
    write(before, peer=False, ratings=None)
    write(after, peer=True, ratings=None)
    # rubric 90 × 60% + supervisor 90 × 40% = 90.0
    assert totals(before) == totals(after) == {e: Decimal("90.0") for e in ("E1", "E2", "E3")}


def test_peer_mean_is_weighted_and_too_few_raters_count_as_none(tmp_path: Path) -> None:
    """E1 rated 89.5 by 4 (90% × 90 + 10% × 89.5 = 89.95 → 90.0, 优秀 at the band edge);
    E2 rated 89.4 (89.94 → 89.9, just under 优秀); E3 with 2 raters keeps 90.0."""
    write(
        tmp_path,
        peer=True,
        ratings='  - {employee: "E1", scores: [89, 90, 89, 90]}\n'
        '  - {employee: "E2", scores: [89.4, 89.4, 89.4]}\n'
        '  - {employee: "E3", scores: [10, 10]}\n',
    )
    outcome = run(tmp_path, dt.date(2026, 6, 1), write=False)
    by_id = {r.entry.employee_id: r for r in outcome.results}
    assert by_id["E1"].score.total == Decimal("90.0")
    assert by_id["E1"].score.level is not None and by_id["E1"].score.level.id == "excellent"
    assert by_id["E1"].score.sources["peer"] == Decimal("89.5")
    assert by_id["E2"].score.total == Decimal("89.9")
    assert by_id["E2"].score.level is not None and by_id["E2"].score.level.id == "pass"
    assert by_id["E3"].score.total == Decimal("90.0")
    assert "peer" not in by_id["E3"].score.sources


def test_with_peer_is_exact() -> None:
    """(100 − p)% × score + p% × peer, in Decimal: 90% × 89.9 + 10% × 90.5 = 89.96."""
    assert with_peer(Decimal("89.9"), 10, {"peer": Decimal("90.5")}) == Decimal("89.96")
    assert with_peer(Decimal("89.9"), 10, {}) == Decimal("89.9")
    assert with_peer(Decimal("89.9"), 0, {"peer": Decimal(0)}) == Decimal("89.9")


@pytest.mark.parametrize(
    ("peer", "ratings", "line", "words"),
    [
        (False, '  - {employee: "E1", scores: [80, 80, 80]}\n', 1, "没有设置互评"),
        (True, '  - {employee: "X9", scores: [80, 80, 80]}\n', 3, "不在班次"),
        (
            True,
            '  - {employee: "E1", scores: [80]}\n  - {employee: "E1", scores: [80]}\n',
            4,
            "已被评价过",
        ),
    ],
)
def test_bad_peer_file_is_e550_at_its_line(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    peer: bool,
    ratings: str,
    line: int,
    words: str,
) -> None:
    """A peer file for a program without 互评, naming someone not in the roster, or rating
    one person twice: E550 at the value's line, and the command fails."""
    write(tmp_path, peer=peer, ratings=ratings)
    assert main(["validate", "--root", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert f"evaluation/peer/m-2026-05.yaml:{line}:" in err
    assert "E550" in err and words in err


def test_peer_score_over_100_is_a_schema_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A peer score of 101 is refused at its line (E204)."""
    write(tmp_path, peer=True, ratings='  - {employee: "E1", scores: [80, 101, 90]}\n')
    assert main(["validate", "--root", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "evaluation/peer/m-2026-05.yaml:3:" in err and "E204" in err
