"""Rule 4.11: as of a date D, what was assessed after D has not happened yet — and rules
4.10 and validation do not depend on D."""

from __future__ import annotations

import pytest

from academy.core.errors import InputError
from tests.support.minirepo import MiniRepo, trainee

PASS = (90, 90, 90)
FAIL = (40, 40, 40)


def test_a_roster_after_the_day_is_graded_for_nothing_and_writes_nothing(repo: MiniRepo) -> None:
    """Is a roster assessed after D left out of results, certificates and the ledger?"""
    repo.roster("now", trainee("A1", *PASS), assessed="2024-03-10")
    repo.roster("later", trainee("B1", *PASS), assessed="2024-07-01")
    out = repo.grade("2024-06-30")
    assert [r.entry.employee_id for r in out.results] == ["A1"]
    assert [c.employee_id for c in out.certificates] == ["A1"]
    assert "B1" not in repo.ledger.read_text("utf-8")
    out = repo.grade("2024-07-01")  # the day it happens, it is graded and numbered
    assert [c.id for c in out.certificates] == ["CS2024001", "CS2024002"]
    assert "B1" in repo.ledger.read_text("utf-8")


def test_a_roster_after_the_day_still_gets_every_error(repo: MiniRepo) -> None:
    """Does validation report a later roster's bad score whatever D is?"""
    repo.roster("later", trainee("B1", 120, 90, 90), assessed="2030-01-01")
    with pytest.raises(InputError) as caught:
        repo.grade("2024-06-01", write=False)
    assert [p.code for p in caught.value.problems] == ["E204"]


def test_a_later_roster_does_not_take_numbers_from_an_earlier_one(repo: MiniRepo) -> None:
    """An award assessed after D, issued before an award assessed by D: the earlier one is
    numbered first, and the later one never leaves a gap in the ledger."""
    repo.roster("early", trainee("A1", *PASS), assessed="2024-03-01", issued="2024-03-20")
    repo.roster("late", trainee("B1", *PASS), assessed="2024-03-10")
    out = repo.grade("2024-03-05")
    assert [c.id for c in out.certificates] == []  # A1's is issued on 03-20
    assert [r.certificate for r in out.results] == ["CS2024001"]
    assert repo.ledger.read_text("utf-8").count("\n") == 2  # header + A1


def test_certificate_issued_after_the_day_is_certified_but_not_shown(repo: MiniRepo) -> None:
    """Assessed by D, issued after: the result names its certificate; the certificate is
    absent from the list until its issue day."""
    repo.roster("c", trainee("A1", *PASS), assessed="2024-03-10", issued="2024-03-20")
    out = repo.grade("2024-03-15")
    assert [(r.status, r.certificate) for r in out.results] == [("certified", "CS2024001")]
    assert out.certificates == []
    assert [c.id for c in repo.grade("2024-03-20").certificates] == ["CS2024001"]


def test_a_newer_certificate_supersedes_only_from_its_issue_day(repo: MiniRepo) -> None:
    """Certified again: the older certificate is active until the newer one is issued."""
    repo.roster("first", trainee("A1", *PASS), assessed="2024-03-10")
    repo.roster("again", trainee("A1", *PASS), assessed="2024-09-10", issued="2024-09-20")
    for day, expected in (("2024-09-09", "active"), ("2024-09-15", "active"),
                          ("2024-09-20", "superseded")):  # fmt: skip
        out = repo.grade(day)
        status = {c.id: c.to_dict(out.as_of)["status"] for c in out.certificates}
        assert status["CS2024001"] == expected, day


def test_published_certificate_of_a_later_roster_is_kept_not_shown(repo: MiniRepo) -> None:
    """Rule 4.10 does not depend on D: a ledger row whose roster is assessed after D is
    neither reported lost nor shown."""
    repo.roster("later", trainee("B1", *PASS), assessed="2024-07-01")
    repo.grade("2024-07-01")
    out = repo.grade("2024-06-01")
    assert out.certificates == [] and out.results == []
    repo.roster("later", trainee("B1", *FAIL), assessed="2024-07-01")
    with pytest.raises(InputError) as caught:
        repo.grade("2024-06-01", write=False)  # losing it is an error whatever D is
    assert [p.code for p in caught.value.problems] == ["E401"]
