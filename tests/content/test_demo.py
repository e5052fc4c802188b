"""The demo data that `make serve` shows: realistic, valid, and exercising every status."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from academy.cli import main
from academy.core.pipeline import run
from tests.conftest import AS_OF, REPO


def test_demo_is_valid_and_exercises_every_status(demo_root: Path) -> None:
    """Does the demo grade cleanly and show every certificate and result status?"""
    outcome = run(demo_root, AS_OF, write=False)
    statuses = Counter(c.status(AS_OF) for c in outcome.certificates)
    assert set(statuses) == {"active", "renewal_due", "expired", "revoked", "superseded"}
    results = Counter(r.status for r in outcome.results)
    assert set(results) == {
        "certified",
        "passed",
        "failed",
        "incomplete",
        "renewed",
        "not_renewed",
    }
    trainees = {r.entry.employee_id for r in outcome.results}
    assert len(trainees) >= 40
    years = {c.assessed_on.year for c in outcome.project.cohorts}
    assert len(years) >= 2 and len(outcome.project.cohorts) >= 3
    assert {p.kind for p in outcome.project.programs.values()} == {"weighted", "rubric"}


def test_demo_has_failed_then_retaken_trainee(demo_root: Path) -> None:
    """Is there a trainee who failed and was certified on a retake (李四, B002)?"""
    outcome = run(demo_root, AS_OF, write=False)
    b002 = [r.status for r in outcome.results if r.entry.employee_id == "B002"]
    assert b002[:2] == ["failed", "certified"]


def test_committed_ledger_matches_the_demo(demo_root: Path) -> None:
    """Is the committed ledger exactly what grading the demo produces (nothing pending)?"""
    before = (demo_root / "rosters/ledger.csv").read_bytes()
    outcome = run(demo_root, AS_OF, write=True)
    assert outcome.added == 0
    assert (demo_root / "rosters/ledger.csv").read_bytes() == before
    assert before == (REPO / "rosters/ledger.csv").read_bytes()


def test_demo_json_from_the_command(demo_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Does `academy grade --json` on the demo print results and certificates as documented?"""
    capsys.readouterr()
    assert main(["grade", "--root", str(demo_root), "--json", "--as-of", AS_OF.isoformat()]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["as_of"] == "2026-11-23"
    first = data["results"][0]
    assert first == {
        "cohort": "2024-03-new-hires",
        "program": "cs-specialist",
        "kind": "certification",
        "employee_id": "A001",
        "total": 84.0,
        "level": "advanced",
        "status": "certified",
        "certificate": "CS2024001",
    }
    assert {tuple(sorted(c)) for c in data["certificates"]} == {
        ("employee_id", "id", "issued_on", "level", "program", "status", "valid_until")
    }
