"""The HR lists of docs/guide/people.md at their boundaries, read from `academy export --json`'s
data."""

from __future__ import annotations

from academy.core.certify.timeline import cert_key
from tests.support.hrrepo import ADV, FAIL, INT, HrRepo, person, t


def ids(rows: list[dict[str, object]]) -> list[object]:
    return [r["employee_id"] for r in rows]


# --- pay rise ------------------------------------------------------------------------


def test_pay_rise_row_as_in_the_contract(hrepo: HrRepo) -> None:
    """Does an advanced holder get the documented row, with `since` = issued_on?"""
    hrepo.people(person("A1"))
    hrepo.roster("c1", t("A1", ADV), assessed="2024-03-10", issued="2024-03-15")
    data = hrepo.lists("2024-06-01")
    assert data["pay_rise"] == [
        {
            "employee_id": "A1",
            "certificate": "CS2024001",
            "level": "advanced",
            "percent": 10,
            "since": "2024-03-15",
        }
    ]
    assert list(data) == [
        "as_of",
        "pay_rise",
        "pay_rise_changes",
        "promotion",
        "probation_extension",
        "retake",
        "renewal_plan",
        "cycles",
        "promotion_candidates",
        "improvement_plans",
        "panel_agreement",
        "exam_reliability",
        "review",
        "improvement_tracking",
        "participation_overdue",
    ]


def test_certificate_issued_after_the_list_date_does_not_count(hrepo: HrRepo) -> None:
    """Is a certificate issued after X absent from the list as of X (exists from issued_on)?"""
    hrepo.people(person("A1"))
    hrepo.roster("c1", t("A1", ADV), assessed="2024-03-10", issued="2024-03-15")
    assert hrepo.lists("2024-03-14")["pay_rise"] == []
    assert ids(hrepo.lists("2024-03-15")["pay_rise"]) == ["A1"]


def test_certificate_expiring_on_the_list_date_still_counts(hrepo: HrRepo) -> None:
    """valid_until = D: still held (renewal_due); the day after, expired and off the list."""
    hrepo.people(person("A1"))
    hrepo.roster("c1", t("A1", ADV), assessed="2024-03-10")  # valid until 2025-03-10
    assert ids(hrepo.lists("2025-03-10")["pay_rise"]) == ["A1"]
    assert hrepo.lists("2025-03-11")["pay_rise"] == []
    changes = hrepo.lists("2025-03-11")["pay_rise_changes"]
    assert changes == {"month": "2025-03", "starts": [], "ends": ["A1"]}


def test_revocation_in_the_middle_of_a_month(hrepo: HrRepo) -> None:
    """Revoked on the 16th: on the list on the 15th, off on the 16th; the month shows the end."""
    hrepo.people(person("A1"))
    hrepo.roster("c1", t("A1", ADV), assessed="2024-03-10")
    hrepo.revoke(("CS2024001", "2024-06-16", 违规))
    assert ids(hrepo.lists("2024-06-15")["pay_rise"]) == ["A1"]
    assert hrepo.lists("2024-06-16")["pay_rise"] == []
    for day in ("2024-06-01", "2024-06-15", "2024-06-30"):
        assert hrepo.lists(day)["pay_rise_changes"] == {
            "month": "2024-06",
            "starts": [],
            "ends": ["A1"],
        }
    assert hrepo.lists("2024-07-01")["pay_rise_changes"]["ends"] == []


违规 = "违反保密规定"


def test_renewal_that_changes_the_level_moves_since(hrepo: HrRepo) -> None:
    """Intermediate renewed at advanced: on the rise from the renewal's assessed_on, not before."""
    hrepo.people(person("A1"))
    hrepo.roster("c1", t("A1", INT), assessed="2024-03-10")
    hrepo.roster(
        "r1",
        t("A1", ADV, certificate="CS2024001"),
        kind="renewal",
        assessed="2025-02-20",
    )
    assert hrepo.lists("2025-02-19")["pay_rise"] == []
    rows = hrepo.lists("2025-02-20")["pay_rise"]
    assert rows == [
        {
            "employee_id": "A1",
            "certificate": "CS2024001",
            "level": "advanced",
            "percent": 10,
            "since": "2025-02-20",
        }
    ]
    assert hrepo.lists("2025-02-28")["pay_rise_changes"]["starts"] == ["A1"]
    # validity moves on from the renewal's assessed_on too: held beyond the old valid_until
    assert ids(hrepo.lists("2025-03-11")["pay_rise"]) == ["A1"]


def test_renewal_at_the_same_level_keeps_since(hrepo: HrRepo) -> None:
    """Advanced renewed at advanced: `since` stays the certificate's issued_on."""
    hrepo.people(person("A1"))
    hrepo.roster("c1", t("A1", ADV), assessed="2024-03-10")
    hrepo.roster("r1", t("A1", ADV, certificate="CS2024001"), kind="renewal", assessed="2025-02-20")
    assert hrepo.lists("2025-06-01")["pay_rise"][0]["since"] == "2024-03-10"


def test_renewal_at_a_lower_level_ends_the_rise(hrepo: HrRepo) -> None:
    """Advanced renewed at intermediate: the rise ends from the renewal's assessed_on."""
    hrepo.people(person("A1"))
    hrepo.roster("c1", t("A1", ADV), assessed="2024-03-10")
    hrepo.roster("r1", t("A1", INT, certificate="CS2024001"), kind="renewal", assessed="2025-02-20")
    assert ids(hrepo.lists("2025-02-19")["pay_rise"]) == ["A1"]
    assert hrepo.lists("2025-02-20")["pay_rise"] == []
    assert hrepo.lists("2025-02-20")["pay_rise_changes"]["ends"] == ["A1"]


def test_superseded_by_a_lower_level_from_the_newer_issued_on(hrepo: HrRepo) -> None:
    """Certified again at intermediate: the advanced one is superseded from the new issued_on."""
    hrepo.people(person("A1"))
    hrepo.roster("c1", t("A1", ADV), assessed="2024-03-10")
    hrepo.roster("c2", t("A1", INT), assessed="2024-09-10", issued="2024-09-20")
    assert ids(hrepo.lists("2024-09-19")["pay_rise"]) == ["A1"]
    assert hrepo.lists("2024-09-20")["pay_rise"] == []
    assert hrepo.lists("2024-09-20")["pay_rise_changes"] == {
        "month": "2024-09",
        "starts": [],
        "ends": ["A1"],
    }


def test_highest_percent_wins_then_the_lower_certificate(hrepo: HrRepo) -> None:
    """Holding CS advanced (10%) and SR pass (12%): the row names the SR certificate."""
    hrepo.people(person("A1"))
    hrepo.roster("c1", t("A1", ADV), assessed="2024-03-10")
    hrepo.roster("s1", t("A1", ADV), program="senior", assessed="2024-05-10")
    row = hrepo.lists("2024-06-01")["pay_rise"][0]
    assert (row["certificate"], row["level"], row["percent"]) == ("SR2024001", "pass", 12)


def test_certificate_ids_compare_by_number() -> None:
    """CS2024999 < CS20241000 (prefix, year, sequence), not as text."""
    assert cert_key("CS2024999") < cert_key("CS20241000")
    assert sorted(["CS20241000", "CS2024999"], key=cert_key) == ["CS2024999", "CS20241000"]


def test_tie_on_percent_picks_the_lower_id_by_number(hrepo: HrRepo) -> None:
    """Two 10% certificates held at once: the lower id (prefix, year, number) is named."""
    program = (hrepo.root / "curriculum/programs/cs.yaml").read_text(encoding="utf-8")
    hrepo.program("cs2", program.replace("id: cs", "id: cs2").replace("prefix: CS", "prefix: CT"))
    hrepo.people(person("A1"))
    hrepo.roster("c1", t("A1", ADV), assessed="2024-03-10")
    hrepo.roster("c2", t("A1", ADV), program="cs2", assessed="2024-03-10")
    renumber = {"CS2024001": "CS20241000", "CT2024001": "CT2024999"}
    lists = hrepo.lists_renumbered("2024-06-01", renumber)
    assert lists["pay_rise"][0]["certificate"] == "CS20241000"


def test_interns_outsourced_and_leavers_get_no_pay_rise(hrepo: HrRepo) -> None:
    """Only regular staff who have not left before D are on the pay-rise list."""
    hrepo.people(
        person("A1"),
        person("A2", employment="intern"),
        person("A3", employment="outsourced"),
        person("A4", left="2024-05-31"),
        person("A5", left="2024-06-01"),
    )
    marks = "".join(t(e, ADV) for e in ("A1", "A2", "A3", "A4", "A5"))
    hrepo.roster("c1", marks, assessed="2024-03-10")
    assert ids(hrepo.lists("2024-06-01")["pay_rise"]) == ["A1", "A5"]  # left_on = D still counts
    # A4 worked until 05-31, so was on the May list; both end in June
    assert hrepo.lists("2024-06-15")["pay_rise_changes"]["ends"] == ["A4", "A5"]


# --- promotion -----------------------------------------------------------------------


def test_promotion_needs_the_level_and_no_probation(hrepo: HrRepo) -> None:
    """Intermediate+ off probation: candidate; junior, on probation, intern, leaver: not."""
    hrepo.people(
        person("A1"),
        person("A2", probation="2024-06-01"),  # probation ends on D: still on probation
        person("A3", probation="2024-05-31"),  # ended the day before: eligible
        person("A4"),
        person("A5", employment="intern"),
        person("A6", left="2024-05-01"),
    )
    marks = t("A1", INT) + t("A2", ADV) + t("A3", ADV) + t("A4", ("65", "65", "65"))
    marks += t("A5", ADV) + t("A6", ADV)
    hrepo.roster("c1", marks, assessed="2024-03-10")
    rows = hrepo.lists("2024-06-01")["promotion"]
    assert rows == [
        {"employee_id": "A1", "program": "senior", "basis": "CS2024001"},
        {"employee_id": "A3", "program": "senior", "basis": "CS2024003"},
    ]
    assert ids(hrepo.lists("2024-06-02")["promotion"]) == ["A1", "A2", "A3"]


def test_promotion_leaves_out_holders_of_the_target(hrepo: HrRepo) -> None:
    """Someone already holding the senior certificate is no longer a candidate for it."""
    hrepo.people(person("A1"), person("A2"))
    hrepo.roster("c1", t("A1", ADV) + t("A2", ADV), assessed="2024-03-10")
    hrepo.roster("s1", t("A1", ADV), program="senior", assessed="2024-05-10")
    assert ids(hrepo.lists("2024-05-09")["promotion"]) == ["A1", "A2"]
    assert ids(hrepo.lists("2024-05-10")["promotion"]) == ["A2"]


def test_promotion_position_requirement_uses_the_register(hrepo: HrRepo) -> None:
    """With requires.positions, the register's current position decides."""
    program = (hrepo.root / "curriculum/programs/senior.yaml").read_text(encoding="utf-8")
    hrepo.program(
        "senior",
        program.replace(
            "  certificate: {program: cs, min_level: intermediate}\n",
            "  certificate: {program: cs, min_level: intermediate}\n  positions: [客服专员]\n",
        ),
    )
    hrepo.people(person("A1"), person("A2", position="资深客服"))
    hrepo.roster("c1", t("A1", ADV) + t("A2", ADV), assessed="2024-03-10")
    assert ids(hrepo.lists("2024-06-01")["promotion"]) == ["A1"]


# --- probation extension and retake -------------------------------------------------


def test_probation_ending_on_the_assessment_day(hrepo: HrRepo) -> None:
    """probation_until = D: on probation, so a failed attempt suggests an extension."""
    hrepo.people(person("A1", probation="2024-03-10"), person("A2", probation="2024-03-09"))
    hrepo.roster("c1", t("A1", FAIL) + t("A2", FAIL), assessed="2024-03-10")
    rows = hrepo.lists("2024-03-10")["probation_extension"]
    assert rows == [
        {
            "employee_id": "A1",
            "program": "cs",
            "cohort": "c1",
            "status": "failed",
            "probation_until": "2024-03-10",
        }
    ]
    assert hrepo.lists("2024-03-11")["probation_extension"] == []


def test_absent_and_incomplete_count_for_probation_extension(hrepo: HrRepo) -> None:
    """An absent trainee (failed at 0) and an incomplete one are both listed."""
    hrepo.people(person("A1", probation="2024-12-31"), person("A2", probation="2024-12-31"))
    hrepo.roster("c1", t("A1", ("absent", "absent", "absent")) + t("A2", ("80", "80", None)))
    rows = hrepo.lists("2024-06-01")["probation_extension"]
    assert [(r["employee_id"], r["status"]) for r in rows] == [
        ("A1", "failed"),
        ("A2", "incomplete"),
    ]


def test_retake_lists_every_attempt_until_a_pass(hrepo: HrRepo) -> None:
    """Failed, then incomplete: one row with both attempts, oldest first; a pass removes it."""
    hrepo.people(person("A1"))
    hrepo.roster("c1", t("A1", FAIL), assessed="2024-03-10")
    hrepo.roster("c2", t("A1", ("80", "80", None)), assessed="2024-06-10")
    hrepo.roster("c3", t("A1", ADV), assessed="2024-09-10")
    assert hrepo.lists("2024-06-10")["retake"] == [
        {
            "employee_id": "A1",
            "program": "cs",
            "attempts": [
                {"cohort": "c1", "assessed_on": "2024-03-10", "status": "failed", "total": 40.0},
                {
                    "cohort": "c2",
                    "assessed_on": "2024-06-10",
                    "status": "incomplete",
                    "total": None,
                },
            ],
        }
    ]
    assert hrepo.lists("2024-06-09")["retake"][0]["attempts"][-1]["cohort"] == "c1"
    assert hrepo.lists("2024-09-10")["retake"] == []


def test_retake_leaves_out_holders_and_leavers(hrepo: HrRepo) -> None:
    """A failed re-certification while holding a valid certificate, or a leaver: no retake."""
    hrepo.people(person("A1"), person("A2", left="2024-05-31"))
    hrepo.roster("c1", t("A1", ADV) + t("A2", FAIL), assessed="2024-03-10")
    hrepo.roster("c2", t("A1", FAIL), assessed="2024-05-10")
    assert hrepo.lists("2024-05-31")["retake"] == [
        {
            "employee_id": "A2",
            "program": "cs",
            "attempts": [
                {"cohort": "c1", "assessed_on": "2024-03-10", "status": "failed", "total": 40.0}
            ],
        }
    ]
    assert hrepo.lists("2024-06-01")["retake"] == []


def test_latest_attempt_same_day_is_the_later_cohort_id(hrepo: HrRepo) -> None:
    """Two programs are separate; within one, the latest attempt decides."""
    hrepo.people(person("A1"))
    hrepo.roster("c1", t("A1", ADV), assessed="2024-03-10")
    hrepo.roster("s1", t("A1", FAIL), program="senior", assessed="2024-05-10")
    rows = hrepo.lists("2024-06-01")["retake"]
    assert [(r["employee_id"], r["program"]) for r in rows] == [("A1", "senior")]


# --- renewal plan --------------------------------------------------------------------


def test_renewal_plan_window_three_months_ahead(hrepo: HrRepo) -> None:
    """Windows opening on or before D + 3 months (already open included), sorted by opening."""
    hrepo.people(person("A1"), person("A2"), person("A3"))
    hrepo.roster("c1", t("A1", ADV), assessed="2024-03-10")  # window opens 2025-02-10
    hrepo.roster("c2", t("A2", ADV), assessed="2024-01-31")  # valid 2025-01-31, opens 12-31
    hrepo.roster("c3", t("A3", ADV), assessed="2024-06-11")  # opens 2025-05-11
    rows = hrepo.lists("2024-11-10")["renewal_plan"]
    assert rows == [
        {
            "certificate": "CS2024001",
            "employee_id": "A2",
            "window_opens": "2024-12-31",
            "valid_until": "2025-01-31",
        },
        {
            "certificate": "CS2024002",
            "employee_id": "A1",
            "window_opens": "2025-02-10",
            "valid_until": "2025-03-10",
        },
    ]
    assert [r["employee_id"] for r in hrepo.lists("2024-11-09")["renewal_plan"]] == ["A2"]
    # expired certificates drop out: A2 is gone from the plan after its valid_until
    assert [r["employee_id"] for r in hrepo.lists("2025-02-10")["renewal_plan"]] == ["A1"]
    # D + 3 months = 2025-05-11 = A3's window opening: included (on or before)
    assert [r["employee_id"] for r in hrepo.lists("2025-02-11")["renewal_plan"]] == ["A1", "A3"]


def test_renewal_plan_sorts_ties_by_certificate_number(hrepo: HrRepo) -> None:
    """Same window: CS2024999 before CS20241000."""
    hrepo.people(person("A1"), person("A2"))
    hrepo.roster("c1", t("A1", ADV) + t("A2", ADV), assessed="2024-03-10")
    renumber = {"CS2024001": "CS20241000", "CS2024002": "CS2024999"}
    rows = hrepo.lists_renumbered("2025-01-01", renumber)["renewal_plan"]
    assert [r["certificate"] for r in rows] == ["CS2024999", "CS20241000"]


# --- certificate record and transcript (spreadsheets only) ---------------------------


def test_record_and_transcript_keep_leavers(hrepo: HrRepo) -> None:
    """A leaver still appears on 认证结果记录表 and 个人档案, with the status on D."""
    from academy.hr.lists import certificate_record_rows, transcript_rows

    hrepo.people(person("A1", left="2024-04-30"))
    hrepo.roster("c1", t("A1", ADV), assessed="2024-03-10")
    hrepo.revoke(("CS2024001", "2024-06-16", 违规))
    ctx = hrepo.context("2024-06-01")
    record = certificate_record_rows(ctx)
    assert [(r["certificate"], r["status"]) for r in record] == [("CS2024001", "active")]
    assert certificate_record_rows(hrepo.context("2024-06-16"))[0]["status"] == "revoked"
    assert [(r["employee_id"], r["cohort"], r["status"]) for r in transcript_rows(ctx)] == [
        ("A1", "c1", "certified")
    ]
    assert hrepo.lists("2024-06-01")["pay_rise"] == []
