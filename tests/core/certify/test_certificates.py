"""Rules 4.5–4.10 (docs/guide/grading-rules.md): numbering, the ledger, validity, renewals,
supersession, revocation."""

from __future__ import annotations

import datetime as dt

import pytest

from academy.core.errors import InputError
from tests.support.minirepo import MiniRepo, trainee

PASS = (90, 90, 90)
FAIL = (40, 40, 40)


def certs(outcome) -> dict[str, dict]:
    return {c["id"]: c for c in outcome.to_dict()["certificates"]}


def codes(exc: pytest.ExceptionInfo[InputError]) -> list[str]:
    return [p.code for p in exc.value.problems]


def test_numbering_order_is_issued_on_then_cohort_then_position(repo: MiniRepo) -> None:
    """Are new certificates numbered by (issued_on, cohort id, roster position)?"""
    repo.roster("b-cohort", trainee("B1", *PASS) + trainee("B2", *PASS), assessed="2024-03-01")
    repo.roster("a-cohort", trainee("A1", *PASS), assessed="2024-03-01")
    repo.roster("early", trainee("E1", *PASS), assessed="2024-02-01", issued="2024-03-05")
    out = repo.grade()
    by_emp = {c.employee_id: c.id for c in out.certificates}
    assert by_emp == {"A1": "CS2024001", "B1": "CS2024002", "B2": "CS2024003", "E1": "CS2024004"}


def test_year_comes_from_issued_on_and_sequence_restarts_each_year(repo: MiniRepo) -> None:
    """Does a cohort assessed in 2024 but issued in 2025 get CS2025001?"""
    repo.roster("c1", trainee("A1", *PASS), assessed="2024-12-28")
    repo.roster("c2", trainee("B1", *PASS), assessed="2024-12-28", issued="2025-01-03")
    ids = {c.employee_id: c.id for c in repo.grade("2025-02-01").certificates}
    assert ids == {"A1": "CS2024001", "B1": "CS2025001"}


def test_sequence_widens_past_999(repo: MiniRepo) -> None:
    """Does the 1000th certificate of a year become CS20241000?"""
    repo.roster("big", "".join(trainee(f"E{i:04d}", *PASS) for i in range(1000)))
    ids = [c.id for c in repo.grade().certificates]
    assert ids[998:] == ["CS2024999", "CS20241000"]


def test_ledger_keeps_numbers_when_rosters_move_and_reorder(repo: MiniRepo) -> None:
    """Do published numbers survive a roster moved to a folder and its trainees reordered?"""
    path = repo.roster("c1", trainee("A1", *PASS) + trainee("B1", *PASS))
    first = {c.employee_id: c.id for c in repo.grade().certificates}
    path.unlink()
    repo.roster("c1", trainee("B1", *PASS) + trainee("A1", *PASS), folder="2024")
    assert {c.employee_id: c.id for c in repo.grade().certificates} == first


def test_new_cohort_never_reuses_or_shifts_numbers(repo: MiniRepo) -> None:
    """Does an earlier-dated cohort added later get fresh numbers instead of renumbering?"""
    repo.roster("march", trainee("A1", *PASS), assessed="2024-03-10")
    repo.grade()
    repo.roster("january", trainee("J1", *PASS), assessed="2024-01-10")
    ids = {c.employee_id: c.id for c in repo.grade().certificates}
    assert ids == {"A1": "CS2024001", "J1": "CS2024002"}


def test_rerun_on_unchanged_inputs_changes_no_file(repo: MiniRepo) -> None:
    """Is the ledger byte-identical (and untouched) after a second run?"""
    repo.roster("c1", trainee("A1", *PASS))
    repo.grade()
    before = repo.ledger.read_bytes(), repo.ledger.stat().st_mtime_ns
    out = repo.grade()
    assert (repo.ledger.read_bytes(), repo.ledger.stat().st_mtime_ns) == before
    assert not out.ledger_written


def test_removed_trainee_stops_with_error_naming_certificate(repo: MiniRepo) -> None:
    """Does deleting a certified trainee stop grading with E401 naming the certificate?"""
    repo.roster("c1", trainee("A1", *PASS) + trainee("B1", *PASS))
    repo.grade()
    ledger = repo.ledger.read_bytes()
    repo.roster("c1", trainee("A1", *PASS))
    with pytest.raises(InputError) as exc:
        repo.grade()
    assert codes(exc) == ["E401"]
    assert "CS2024002" in exc.value.problems[0].message
    assert repo.ledger.read_bytes() == ledger


def test_scores_lowered_below_pass_stop_with_error(repo: MiniRepo) -> None:
    """Does changing scores so a certified trainee fails report E401 at that trainee's line?"""
    repo.roster("c1", trainee("A1", *PASS))
    repo.grade()
    repo.roster("c1", trainee("A1", *FAIL))
    with pytest.raises(InputError) as exc:
        repo.grade()
    problem = exc.value.problems[0]
    assert (problem.code, problem.path, problem.line) == ("E401", "rosters/c1.yaml", 6)


def test_deleted_roster_stops_with_error_at_ledger_line(repo: MiniRepo) -> None:
    """Does deleting a whole roster name the lost certificate at its ledger line?"""
    path = repo.roster("c1", trainee("A1", *PASS))
    repo.grade()
    path.unlink()
    with pytest.raises(InputError) as exc:
        repo.grade()
    assert next(str(p) for p in exc.value.problems).startswith("rosters/ledger.csv:2:1: E401")


def test_explicit_revocation_allows_removing_the_data(repo: MiniRepo) -> None:
    """Can a trainer remove a roster once its certificate is explicitly revoked?"""
    path = repo.roster("c1", trainee("A1", *PASS))
    repo.grade()
    path.unlink()
    repo.revoke(("CS2024001", "2024-05-01", "违反保密规定"))
    cert = certs(repo.grade("2024-06-01"))["CS2024001"]
    assert (cert["status"], cert["level"], cert["valid_until"]) == (
        "revoked",
        "advanced",
        "2025-03-10",
    )


def test_changed_issue_date_of_published_certificate_is_refused(repo: MiniRepo) -> None:
    """Is moving the issue date of a published certificate refused (E403)?"""
    repo.roster("c1", trainee("A1", *PASS), issued="2024-03-15")
    repo.grade()
    repo.roster("c1", trainee("A1", *PASS), issued="2024-03-20")
    with pytest.raises(InputError) as exc:
        repo.grade()
    assert codes(exc) == ["E403"]


def test_valid_until_counts_from_assessed_on_not_issued_on(repo: MiniRepo) -> None:
    """Is a certificate assessed 2024-01-31 valid until 2025-01-31, whatever its issue date?"""
    repo.roster("c1", trainee("A1", *PASS), assessed="2024-01-31", issued="2024-02-05")
    assert certs(repo.grade())["CS2024001"]["valid_until"] == "2025-01-31"


def test_month_end_validity(repo: MiniRepo) -> None:
    """Does a one-month program starting 2024-01-31 end on 2024-02-29?"""
    repo.program(
        "short",
        repo.root.joinpath("curriculum/programs/cs.yaml")
        .read_text()
        .replace("id: cs", "id: short")
        .replace("validity_months: 12", "validity_months: 1")
        .replace("prefix: CS", "prefix: SH"),
    )
    repo.roster("c1", trainee("A1", *PASS), program="short", assessed="2024-01-31")
    assert certs(repo.grade())["SH2024001"]["valid_until"] == "2024-02-29"


@pytest.mark.parametrize(
    ("as_of", "status"),
    [
        ("2024-03-10", "active"),
        ("2025-02-09", "active"),
        ("2025-02-10", "renewal_due"),
        ("2025-03-10", "renewal_due"),
        ("2025-03-11", "expired"),
    ],
)
def test_status_boundaries(repo: MiniRepo, as_of: str, status: str) -> None:
    """Is renewal due from valid_until minus one month, and expired only after valid_until?"""
    repo.roster("c1", trainee("A1", *PASS))
    assert certs(repo.grade(as_of))["CS2024001"]["status"] == status


def renewal(repo: MiniRepo, cohort: str, assessed: str, cert: str, scores: tuple, emp: str = "A1"):
    return repo.roster(
        cohort, trainee(emp, *scores, certificate=cert), kind="renewal", assessed=assessed
    )


def test_renewal_keeps_id_and_extends_from_old_valid_until(repo: MiniRepo) -> None:
    """Does a successful 复评 keep the number and extend valid_until 12 months from the old one?"""
    repo.roster("c1", trainee("A1", 75, 75, 75))
    renewal(repo, "r1", "2025-03-01", "CS2024001", PASS)
    out = repo.grade("2025-04-01")
    cert = certs(out)["CS2024001"]
    assert (cert["valid_until"], cert["level"], cert["status"]) == (
        "2026-03-10",
        "advanced",
        "active",
    )
    r = next(r for r in out.to_dict()["results"] if r["cohort"] == "r1")
    assert (r["status"], r["certificate"], r["level"]) == ("renewed", "CS2024001", "advanced")


def test_renewal_chain(repo: MiniRepo) -> None:
    """Do two successive renewals extend validity twice?"""
    repo.roster("c1", trainee("A1", *PASS))
    renewal(repo, "r1", "2025-03-01", "CS2024001", PASS)
    renewal(repo, "r2", "2026-03-01", "CS2024001", (70, 70, 70))
    cert = certs(repo.grade("2026-04-01"))["CS2024001"]
    assert (cert["valid_until"], cert["level"]) == ("2027-03-10", "intermediate")


def test_failed_renewal_leaves_certificate_to_expire(repo: MiniRepo) -> None:
    """Is a failed 复评 'not_renewed', with the certificate expiring as before?"""
    repo.roster("c1", trainee("A1", *PASS))
    renewal(repo, "r1", "2025-03-01", "CS2024001", FAIL)
    out = repo.grade("2025-04-01")
    assert certs(out)["CS2024001"]["status"] == "expired"
    assert out.to_dict()["results"][-1]["status"] == "not_renewed"


def test_incomplete_renewal(repo: MiniRepo) -> None:
    """Is a renewal without all scores 'incomplete' and changes nothing?"""
    repo.roster("c1", trainee("A1", *PASS))
    renewal(repo, "r1", "2025-03-01", "CS2024001", (90, 90, None))
    out = repo.grade("2025-03-02")
    assert out.to_dict()["results"][-1]["status"] == "incomplete"
    assert certs(out)["CS2024001"]["valid_until"] == "2025-03-10"


def test_renewal_after_expiry_is_an_error(repo: MiniRepo) -> None:
    """Is a 复评 assessed after the certificate expired refused (E310)?"""
    repo.roster("c1", trainee("A1", *PASS))
    path = renewal(repo, "r1", "2025-03-11", "CS2024001", PASS)
    with pytest.raises(InputError) as exc:
        repo.grade()
    (problem,) = exc.value.problems
    assert (problem.code, problem.path) == ("E310", "rosters/r1.yaml")
    assert path.exists() and not repo.ledger.exists()


def test_renewal_on_expiry_day_is_allowed(repo: MiniRepo) -> None:
    """Is a renewal assessed on valid_until itself still in time?"""
    repo.roster("c1", trainee("A1", *PASS))
    renewal(repo, "r1", "2025-03-10", "CS2024001", PASS)
    assert certs(repo.grade("2025-03-11"))["CS2024001"]["valid_until"] == "2026-03-10"


def test_renewal_by_someone_else_is_an_error(repo: MiniRepo) -> None:
    """Must a renewal entry's id be the certificate's holder (E311)?"""
    repo.roster("c1", trainee("A1", *PASS))
    renewal(repo, "r1", "2025-03-01", "CS2024001", PASS, emp="B9")
    with pytest.raises(InputError) as exc:
        repo.grade()
    assert codes(exc) == ["E311"]


def test_renewal_of_unknown_certificate_is_an_error(repo: MiniRepo) -> None:
    """Is renewing a certificate that does not exist refused (E304)?"""
    repo.roster("c1", trainee("A1", *PASS))
    renewal(repo, "r1", "2025-03-01", "CS2024099", PASS)
    with pytest.raises(InputError) as exc:
        repo.grade()
    assert codes(exc) == ["E304"]


def test_certified_again_supersedes_the_older(repo: MiniRepo) -> None:
    """Does a second certification in the same program get a new number and supersede the first?"""
    repo.roster("c1", trainee("A1", 65, 65, 65), assessed="2024-03-10")
    repo.roster("c2", trainee("A1", *PASS), assessed="2025-01-10")
    out = repo.grade("2025-02-01")
    c = certs(out)
    assert (c["CS2024001"]["status"], c["CS2025001"]["status"]) == ("superseded", "active")
    assert out.certificates[0].superseded_by == "CS2025001"


def test_failed_then_retaken(repo: MiniRepo) -> None:
    """Does a trainee who failed and retook get exactly one certificate, from the retake?"""
    repo.roster("c1", trainee("A1", *FAIL), assessed="2024-03-10")
    repo.roster("c2", trainee("A1", *PASS), assessed="2024-06-10")
    out = repo.grade("2024-07-01")
    assert [(r.status, r.certificate) for r in out.results] == [
        ("failed", None),
        ("certified", "CS2024001"),
    ]
    assert len(out.certificates) == 1


def test_revoked_status_from_revocation_date(repo: MiniRepo) -> None:
    """Is a certificate revoked from revoked_on on, and active before it?"""
    repo.roster("c1", trainee("A1", *PASS))
    repo.revoke(("CS2024001", "2024-06-01", "违反客户信息保密规定"))
    assert certs(repo.grade("2024-05-31"))["CS2024001"]["status"] == "active"
    assert certs(repo.grade("2024-06-01"))["CS2024001"]["status"] == "revoked"


def test_revoked_wins_over_superseded_and_expired(repo: MiniRepo) -> None:
    """Does 'revoked' come first in the status order?"""
    repo.roster("c1", trainee("A1", *PASS))
    repo.roster("c2", trainee("A1", *PASS), assessed="2025-06-01")
    repo.revoke(("CS2024001", "2024-06-01", "违规"))
    assert certs(repo.grade("2026-01-01"))["CS2024001"]["status"] == "revoked"


def test_revocation_of_unknown_certificate_is_an_error(repo: MiniRepo) -> None:
    """Is revoking a certificate nobody holds refused (E304) at the revocation's line?"""
    repo.roster("c1", trainee("A1", *PASS))
    repo.revoke(("CS2024007", "2024-06-01", "违规"))
    with pytest.raises(InputError) as exc:
        repo.grade()
    (problem,) = exc.value.problems
    assert str(problem) == "rosters/revocations.yaml:2:19: E304 未知的证书 CS2024007"


def test_as_of_controls_only_status(repo: MiniRepo) -> None:
    """Does --as-of change statuses but never numbers or dates?"""
    repo.roster("c1", trainee("A1", *PASS))
    a, b = repo.grade("2024-04-01").to_dict(), repo.grade("2026-04-01").to_dict()
    assert (a["as_of"], b["as_of"]) == ("2024-04-01", "2026-04-01")
    strip = [{k: v for k, v in c.items() if k != "status"} for c in a["certificates"]]
    assert strip == [{k: v for k, v in c.items() if k != "status"} for c in b["certificates"]]
    assert dt.date(2024, 4, 1) < dt.date(2026, 4, 1)
