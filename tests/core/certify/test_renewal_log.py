"""rosters/renewals.csv: a published 复评 outcome never changes silently (issue 8 §5).

Each test publishes renewals with ``academy grade``, then edits what a trainer
could edit (the renewal roster, the program) and reads the command's output and
the files as a trainer would.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from academy.cli import main
from academy.core.certify.renewal_log import (
    RENEWALS_FILE,
    RenewalRow,
    parse_renewals,
    render_renewals,
)
from tests.support.minirepo import WEIGHTED, MiniRepo, trainee

PASS = (90, 90, 90)


def grade(repo: MiniRepo, as_of: str = "2026-04-01") -> int:
    return main(["grade", "--root", str(repo.root), "--as-of", as_of])


def published(repo: MiniRepo, capsys: pytest.CaptureFixture[str]) -> Path:
    """CS2024001 (A1, 2024-03-10) renewed twice: r1 at advanced, r2 at intermediate."""
    repo.roster("c1", trainee("A1", *PASS))
    repo.roster(
        "r1", trainee("A1", *PASS, certificate="CS2024001"), kind="renewal", assessed="2025-03-01"
    )
    repo.roster(
        "r2",
        trainee("A1", 70, 70, 70, certificate="CS2024001"),
        kind="renewal",
        assessed="2026-03-01",
    )
    assert grade(repo) == 0
    capsys.readouterr()
    return repo.root / "rosters/renewals.csv"


def rows(file: Path) -> list[dict[str, str]]:
    with file.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def problems(err: str) -> list[str]:
    return [line for line in err.splitlines() if ": E" in line]


def test_grade_records_each_renewal_outcome_once(
    repo: MiniRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    """Does grading write one row per renewal, the level and validity after it, and leave
    the file byte-identical on a second run?"""
    file = published(repo, capsys)
    assert rows(file) == [
        {
            "certificate": "CS2024001",
            "cohort": "r1",
            "assessed_on": "2025-03-01",
            "level": "advanced",
            "valid_until": "2026-03-10",
        },
        {
            "certificate": "CS2024001",
            "cohort": "r2",
            "assessed_on": "2026-03-01",
            "level": "intermediate",
            "valid_until": "2027-03-10",
        },
    ]
    before = file.read_bytes()
    assert grade(repo) == 0
    assert file.read_bytes() == before


def test_failed_renewal_is_recorded_with_the_unchanged_certificate(
    repo: MiniRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is a not_renewed outcome recorded too, so turning it into a pass is refused?"""
    repo.roster("c1", trainee("A1", *PASS))
    roster = repo.roster(
        "r1",
        trainee("A1", 50, 50, 50, certificate="CS2024001"),
        kind="renewal",
        assessed="2025-03-01",
    )
    assert grade(repo, "2025-04-01") == 0
    (row,) = rows(repo.root / "rosters/renewals.csv")
    assert (row["level"], row["valid_until"]) == ("advanced", "2025-03-10")
    roster.write_text(roster.read_text().replace("50", "95"), encoding="utf-8")
    capsys.readouterr()
    assert grade(repo, "2025-04-01") == 1
    (line,) = problems(capsys.readouterr().err)
    assert line.startswith("rosters/r1.yaml:6:5: E404 ")
    assert "2025-03-10" in line and "2026-03-10" in line


def test_lowering_renewal_scores_after_publication_is_refused(
    repo: MiniRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is an edit of a renewal roster's scores that changes the recorded level an E404 at
    the trainee, naming the certificate, the old and the new level, with nothing written?"""
    file = published(repo, capsys)
    roster = repo.root / "rosters/r1.yaml"
    roster.write_text(roster.read_text().replace("90", "72"), encoding="utf-8")
    before = file.read_bytes()
    assert grade(repo) == 1
    err = capsys.readouterr().err
    (line,) = problems(err)
    assert line.startswith("rosters/r1.yaml:6:5: E404 ")
    assert "CS2024001" in line and "r1" in line
    assert "advanced" in line and "intermediate" in line
    assert file.read_bytes() == before


def test_changing_validity_months_is_refused_for_every_renewal(
    repo: MiniRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    """Does a new validity_months, which moves every renewed valid_until, stop grading?"""
    published(repo, capsys)
    repo.program("cs", WEIGHTED.replace("validity_months: 12", "validity_months: 24"))
    assert grade(repo, "2027-04-01") == 1
    lines = problems(capsys.readouterr().err)
    # the ledger's first validity, then each renewal's
    assert any(x.startswith("rosters/c1.yaml:6:5: E404 ") for x in lines)
    assert any(x.startswith("rosters/r1.yaml:6:5: E404 ") and "2026-03-10" in x for x in lines)
    assert any(x.startswith("rosters/r2.yaml:6:5: E404 ") and "2027-03-10" in x for x in lines)


def test_recorded_correction_of_a_renewal_is_accepted(
    repo: MiniRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    """Once corrections.yaml records the new level for (CS2024001, r2), is the edit accepted,
    the log left as it was, and the certificate shown with the corrected level?"""
    file = published(repo, capsys)
    roster = repo.root / "rosters/r2.yaml"
    roster.write_text(roster.read_text().replace("70", "60"), encoding="utf-8")
    assert grade(repo) == 1
    capsys.readouterr()
    repo.write(
        "rosters/corrections.yaml",
        """\
        corrections:
          - certificate: CS2024001
            cohort: r2
            level: junior
            corrected_on: 2026-03-20
            reason: 复评实操成绩登记错误，经复核更正
        """,
    )
    before = file.read_bytes()
    assert main(["grade", "--root", str(repo.root), "--as-of", "2026-04-01", "--json"]) == 0
    out = capsys.readouterr().out
    assert '"level": "junior"' in out
    assert file.read_bytes() == before


def test_correction_that_the_data_does_not_give_is_refused(
    repo: MiniRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is a renewal correction whose values the roster does not give still an E404?"""
    published(repo, capsys)
    repo.write(
        "rosters/corrections.yaml",
        """\
        corrections:
          - certificate: CS2024001
            cohort: r2
            level: junior
            corrected_on: 2026-03-20
            reason: 复评成绩登记错误
        """,
    )
    assert grade(repo) == 1
    (line,) = problems(capsys.readouterr().err)
    assert line.startswith("rosters/r2.yaml:6:5: E404 ") and "已登记的更正" in line


def test_deleted_renewal_roster_is_refused(
    repo: MiniRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is deleting a published renewal roster an E407 at the log's row?"""
    published(repo, capsys)
    (repo.root / "rosters/r2.yaml").unlink()
    assert grade(repo) == 1
    (line,) = problems(capsys.readouterr().err)
    assert line.startswith("rosters/renewals.csv:3:1: E407 ")


def test_renewal_made_incomplete_is_refused(
    repo: MiniRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is removing a score from a published renewal an E407 at the trainee (and the later
    renewal, now of an expired certificate, refused in the same run)?"""
    published(repo, capsys)
    roster = repo.root / "rosters/r1.yaml"
    roster.write_text(roster.read_text().replace("    daily: 90\n", ""), encoding="utf-8")
    assert grade(repo) == 1
    lines = problems(capsys.readouterr().err)
    assert lines[0].startswith("rosters/r1.yaml:6:5: E407 ")
    assert any(x.startswith("rosters/r2.yaml:8:18: E310 ") for x in lines)


def test_new_renewal_is_appended_after_recorded_rows(
    repo: MiniRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    """Does a later renewal append a row and keep the recorded bytes as the file's start?"""
    file = published(repo, capsys)
    before = file.read_bytes()
    repo.roster(
        "r3", trainee("A1", *PASS, certificate="CS2024001"), kind="renewal", assessed="2027-03-01"
    )
    assert grade(repo, "2027-04-01") == 0
    after = file.read_bytes()
    assert after.startswith(before)
    assert after[len(before) :] == b"CS2024001,r3,2027-03-01,advanced,2028-03-10\n"


ROW = st.tuples(
    st.sampled_from(["CS2024001", "CS2024002", "cs2024001", "CS24", ""]),
    st.sampled_from(["r1", "r-2", "R1", "", "r1\n"]),
    st.sampled_from(["2025-03-01", "2025-3-1", "0999-01-01", "2025-02-30", ""]),
    st.sampled_from(["advanced", "junior", "Advanced", "", "a" * 40]),
    st.sampled_from(["2026-03-10", "2024-01-01", "2026/03/10", ""]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(ROW, max_size=6), st.text(max_size=40))
def test_fuzzed_log_is_read_as_grading_writes_it(rows: list[tuple[str, ...]], junk: str) -> None:
    """Does the loader never crash, accept a row only when it is what grading could write,
    and read back exactly what it accepted after rendering it again?"""
    text = render_renewals([RenewalRow(*r) for r in rows]) + junk
    accepted, refused = parse_renewals(text, RENEWALS_FILE)
    assert all(p.path == RENEWALS_FILE and p.code == "E406" for p in refused)
    again, problems = parse_renewals(render_renewals(accepted), RENEWALS_FILE)
    assert problems == [] and again == accepted
    for row in accepted:
        assert row.values() in rows or junk  # a junk line may itself be a valid row
