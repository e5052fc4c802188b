"""Stage 4, certify: numbering, renewals, supersession, revocation.

Rules 4.5–4.10 of docs/guide/grading-rules.md.

``issue_certificates`` is the one place where certificate numbers are decided.
Numbers come from the ledger when the award is already published; new awards
are numbered in order of (issued_on, cohort id, position in the roster).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from academy.core.certify.ledger import LedgerRow, format_id, split_id
from academy.core.dates import add_months
from academy.core.errors import InputError, Problem
from academy.core.grade.attendance_parts import absence_problem
from academy.core.grade.totals import Score, Status
from academy.core.model import Cohort, Entry, Program, Project, Revocation
from academy.core.validate.corrections import wrong_correction
from academy.core.vocabulary import CertStatus, CohortKind, ResultStatus
from academy.core.yamlsrc import Document, Path_


# Not frozen, like ``model.Entry``: one per trainee per run.
@dataclass
class Result:
    """One trainee's result in one cohort."""

    cohort: Cohort
    entry: Entry
    program: Program
    score: Score
    status: Status
    certificate: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "cohort": self.cohort.id,
            "program": self.program.id,
            "kind": self.cohort.kind,
            "employee_id": self.entry.employee_id,
            "total": None if self.score.total is None else float(self.score.total),
            "level": self.score.level.id if self.score.level else None,
            "status": self.status,
            "certificate": self.certificate,
        }


@dataclass
class Renewal:
    """A 复评 of a certificate, successful or not."""

    cohort: str
    assessed_on: dt.date
    total: Any
    level: str | None
    status: Status
    valid_until_before: dt.date
    valid_until_after: dt.date
    level_after: str = ""  # the certificate's level right after (``renewal_log.py``)


@dataclass
class Certificate:
    id: str
    employee_id: str
    program: str
    cohort: str
    level: str
    issued_on: dt.date
    assessed_on: dt.date
    valid_until: dt.date
    renewal_window_months: int
    name: str = ""
    department: str = ""
    position: str = ""
    order: tuple[Any, ...] = ()
    renewals: list[Renewal] = field(default_factory=list)
    revocation: Revocation | None = None
    superseded_by: str | None = None
    supersedes: str | None = None
    superseded_on: dt.date | None = None  # the newer certificate's issued_on
    index: int = -1  # the position in the ledger: the status list index
    issued_level: str = ""  # the level as issued; renewals change ``level`` later

    def __post_init__(self) -> None:
        if not self.issued_level:
            self.issued_level = self.level

    def renewal_opens(self) -> dt.date:
        return add_months(self.valid_until, -self.renewal_window_months)

    def status(self, as_of: dt.date) -> CertStatus:
        """Rule 4.9 on ``as_of`` for this certificate's final state (see ``on``)."""
        return certificate_status(
            as_of,
            self.valid_until,
            self.renewal_window_months,
            self.revocation.revoked_on if self.revocation is not None else None,
            self.superseded_on if self.superseded_by is not None else None,
        )

    def known_by(self, day: dt.date) -> Certificate | None:
        """The certificate with only what was assessed by ``day`` (rule 4.11).

        ``None`` when its own roster was assessed after ``day``; renewals assessed
        after it are left out. Supersession is left for the caller to recompute
        among the certificates known by the same day (``pipeline.as_of_view``).
        """
        if self.assessed_on > day:
            return None
        return self._assessed_by(day, superseded_by=None, superseded_on=None, supersedes=None)

    def on(self, day: dt.date) -> Certificate | None:
        """The certificate as it stood on ``day``; ``None`` before its issue.

        Renewals assessed after ``day`` have not happened, a newer certificate issued
        after ``day`` does not supersede it yet, a revocation dated after ``day`` is not
        in force. Every output as of a date shows these copies.
        """
        if self.issued_on > day:
            return None
        superseded = self.superseded_on is not None and self.superseded_on <= day
        revocation = self.revocation
        if revocation is not None and revocation.revoked_on > day:
            revocation = None
        return self._assessed_by(
            day,
            revocation=revocation,
            superseded_by=self.superseded_by if superseded else None,
            superseded_on=self.superseded_on if superseded else None,
        )

    def _assessed_by(self, day: dt.date, **changes: Any) -> Certificate:
        """The one copy ``known_by`` and ``on`` make: only the renewals assessed by
        ``day``, the level and validity after them, and ``changes``."""
        level = self.issued_level
        valid_until = self.valid_until
        renewals: list[Renewal] = []  # the copy's own list, even when empty
        if self.renewals:  # most certificates have none: nothing to replay
            valid_until = self.renewals[0].valid_until_before
            renewals = [r for r in self.renewals if r.assessed_on <= day]
            for renewal in renewals:
                if renewal.status == ResultStatus.RENEWED:
                    valid_until = renewal.valid_until_after
                    level = renewal.level_after or level
        # ``dataclasses.replace`` without its per-call overhead (two copies per
        # certificate per run): the same fields, then ``__post_init__`` as it would run.
        # Filled in place, the instance keeps its compact (key-sharing) attribute dict.
        copy = object.__new__(self.__class__)
        fields = copy.__dict__
        fields.update(self.__dict__, level=level, valid_until=valid_until, renewals=renewals)
        fields.update(changes)
        copy.__post_init__()
        return copy

    def to_dict(self, as_of: dt.date) -> dict[str, Any]:
        return {
            "id": self.id,
            "employee_id": self.employee_id,
            "program": self.program,
            "level": self.level,
            "issued_on": self.issued_on.isoformat(),
            "valid_until": self.valid_until.isoformat(),
            "status": self.status(as_of),
        }


def certificate_status(
    day: dt.date,
    valid_until: dt.date,
    renewal_window_months: int,
    revoked_on: dt.date | None,
    superseded_on: dt.date | None,
) -> CertStatus:
    """Rule 4.9, the one place it is written: a certificate's status on ``day``.

    First match wins: revoked (revoked_on ≤ day), superseded (the newer one issued
    by ``day``), expired (day > valid_until), renewal_due (day ≥ valid_until − the
    renewal window, month-end clamped), else active.
    """
    if revoked_on is not None and revoked_on <= day:
        return CertStatus.REVOKED
    if superseded_on is not None and superseded_on <= day:
        return CertStatus.SUPERSEDED
    if day > valid_until:
        return CertStatus.EXPIRED
    if day >= add_months(valid_until, -renewal_window_months):
        return CertStatus.RENEWAL_DUE
    return CertStatus.ACTIVE


@dataclass
class Book:
    """The outcome of certification: results, certificates and the grown ledger."""

    results: list[Result]
    certificates: list[Certificate]
    ledger: list[LedgerRow]
    added: int


Award = tuple[Cohort, Entry, Score]


def issue_certificates(
    project: Project,
    graded: list[tuple[Cohort, Entry, Score, Status]],
    ledger: list[LedgerRow],
    ledger_path: str,
    check: Callable[[list[Certificate]], list[Problem]] | None = None,
    as_of: dt.date | None = None,
    unsure: frozenset[str] = frozenset(),
) -> Book:
    """Number, renew, supersede and revoke; raise ``InputError`` on any conflict.

    The steps, in order: the awards earned; those the ledger already numbers; new
    numbers for the others; supersession; every result with its certificate;
    renewals; revocations; then ``check`` (the renewal log), so that all conflicts
    are reported in one run.

    Every roster is graded and checked whatever its date (rules 4.10, 4.11): a new
    award whose roster is assessed after ``as_of`` is numbered after all the others,
    only in memory, and gets no ledger row (it has not happened yet as of that day).
    ``unsure``: cohorts not graded because their rosters have
    problems; their ledger rows are taken as recorded, never reported as lost.
    """
    problems: list[Problem] = []
    revoked = {r.certificate: r for r in project.revocations}
    awards = _awards(graded)
    wrong = _wrong_corrections(project, ledger)
    certificates, numbered = _published(
        project, awards, ledger, revoked, ledger_path, problems, unsure, frozenset(wrong)
    )
    new_rows = _number_new(project.programs, awards, ledger, numbered, certificates, as_of)
    problems.extend(_ledger_against_programs(ledger, project.programs, ledger_path))
    problems.extend(_unknown_corrections(project, {r.certificate for r in ledger}))
    problems.extend(p for found in wrong.values() for p in found)
    _supersede(certificates)
    by_id = {c.id: c for c in certificates}
    results = _results(project, graded, numbered)
    _renew(project, graded, by_id, revoked, problems)
    _revoke(project, by_id, problems)
    if check is not None:
        problems.extend(check(certificates))
    if problems:
        raise InputError(problems)
    for index, cert in enumerate(certificates):  # ledger rows first, in ledger order
        cert.index = index
    return Book(results, certificates, [*ledger, *new_rows], len(new_rows))


def _awards(graded: list[tuple[Cohort, Entry, Score, Status]]) -> dict[tuple[str, str], Award]:
    """Certifications earned, by (cohort, employee)."""
    return {
        (cohort.id, entry.employee_id): (cohort, entry, score)
        for cohort, entry, score, status in graded
        if status == ResultStatus.CERTIFIED and cohort.kind == CohortKind.CERTIFICATION
    }


def _published(
    project: Project,
    awards: dict[tuple[str, str], Award],
    ledger: list[LedgerRow],
    revoked: dict[str, Revocation],
    ledger_path: str,
    problems: list[Problem],
    unsure: frozenset[str] = frozenset(),
    wrong: frozenset[str] = frozenset(),
) -> tuple[list[Certificate], dict[tuple[str, str], str]]:
    """The certificates the ledger already numbers, and their numbers by award.

    ``wrong``: certificates whose correction is itself wrong, reported at the correction
    (E408) and not compared with it at the roster."""
    cohorts = {c.id: c for c in project.cohorts}
    certificates: list[Certificate] = []
    numbered: dict[tuple[str, str], str] = {}
    for row in ledger:
        key = row.key
        award = awards.get(key)
        if award is None:
            if row.certificate in revoked or row.cohort in unsure:
                certificates.append(_from_ledger(row, project.programs))
            else:
                problems.append(_lost(project, cohorts, row, ledger_path, row.line))
            continue
        cohort, entry, score = award
        if row.program != cohort.program or row.issued_on != cohort.issued_on.isoformat():
            assert cohort.doc is not None
            problems.append(
                cohort.doc.problem(
                    ("issued_on",) if row.program == cohort.program else ("program",),
                    "E403",
                    f"证书 {row.certificate} 已发布（方案 {row.program}，"
                    f"发证日期 {row.issued_on}），不能再改变",
                )
            )
            continue
        numbered[key] = row.certificate
        cert = _from_award(row.certificate, cohort, entry, score, project.programs)
        if row.certificate in wrong:
            certificates.append(cert)  # the correction itself is reported (E408)
            continue
        fixed = _fixed_facts_changed(row, cert, project.corrections)
        if fixed is not None:
            assert cohort.doc is not None
            problems.append(
                _at_attendance(project, cohort, entry, "E404", fixed)
                or cohort.doc.problem(("trainees", entry.index), "E404", fixed)
            )
        certificates.append(cert)
    return certificates, numbered


def _number_new(
    programs: dict[str, Program],
    awards: dict[tuple[str, str], Award],
    ledger: list[LedgerRow],
    numbered: dict[tuple[str, str], str],
    certificates: list[Certificate],
    as_of: dt.date | None = None,
) -> list[LedgerRow]:
    """Number the new awards after everything the ledger holds; their ledger rows.

    Awards assessed after ``as_of`` come last and get no row (see ``issue_certificates``).
    """
    next_seq: dict[tuple[str, int], int] = defaultdict(int)
    for row in ledger:
        prefix, year, seq = split_id(row.certificate)
        next_seq[(prefix, year)] = max(next_seq[(prefix, year)], seq)
    new_rows: list[LedgerRow] = []

    def later(cohort: Cohort) -> bool:
        return as_of is not None and cohort.assessed_on > as_of

    fresh = sorted(
        (a for k, a in awards.items() if k not in numbered),
        key=lambda a: (later(a[0]), a[0].issued_on, a[0].id, a[1].index),
    )
    for cohort, entry, score in fresh:
        rule = programs[cohort.program].certificate
        assert rule is not None and score.level is not None
        slot = (rule.prefix, cohort.issued_on.year)
        next_seq[slot] += 1
        cert_id = format_id(rule.prefix, cohort.issued_on.year, next_seq[slot])
        cert = _from_award(cert_id, cohort, entry, score, programs)
        certificates.append(cert)
        numbered[(cohort.id, entry.employee_id)] = cert_id
        if later(cohort):
            continue
        new_rows.append(
            LedgerRow(
                cert_id,
                cohort.program,
                cohort.id,
                entry.employee_id,
                cohort.issued_on.isoformat(),
                cert.valid_until.isoformat(),
                score.level.id,
            )
        )
    return new_rows


def _ledger_against_programs(
    ledger: list[LedgerRow], programs: dict[str, Program], ledger_path: str
) -> list[Problem]:
    """A row whose prefix is not its program's (a hand-appended row) is refused."""
    problems = []
    for row in ledger:
        program = programs.get(row.program)
        if program is None:
            continue  # reported as a lost certificate unless revoked
        prefix = split_id(row.certificate)[0]
        rule = program.certificate
        if rule is None or rule.prefix != prefix:
            expected = f"应为 {rule.prefix}" if rule else "该方案不颁发证书"
            problems.append(
                Problem(
                    ledger_path,
                    row.line,
                    1,
                    "E402",
                    f"证书 {row.certificate} 的前缀与方案“{row.program}”不符（{expected}）；"
                    "账本只能由评分程序追加",
                )
            )
    return problems


def _unknown_corrections(project: Project, published: set[str]) -> list[Problem]:
    doc = project.corrections_doc
    corrections = project.corrections
    return [
        doc.problem(
            ("corrections", c.index, "certificate"),
            "E304",
            f"证书 {c.certificate} 不在账本中，无需也无法更正",
        )
        for c in corrections.values()
        if c.certificate not in published and doc is not None
    ]


def _at_attendance(
    project: Project, cohort: Cohort, entry: Entry, code: str, message: str
) -> Problem | None:
    """The problem at the attendance record behind the entry's computed part, if any."""
    program = project.programs.get(cohort.program)
    evaluation = project.evaluation
    if program is None or evaluation is None:
        return None
    return absence_problem(cohort, entry, program, project.plans, evaluation, code, message)


def _wrong_corrections(project: Project, ledger: list[LedgerRow]) -> dict[str, list[Problem]]:
    """A correction must name a level of the certificate's program and be dated on or
    after the certificate's issue (E408, at its line in corrections.yaml), by certificate."""
    doc = project.corrections_doc
    if doc is None:
        return {}
    rows = {r.certificate: r for r in ledger}
    found: dict[str, list[Problem]] = {}
    for c in project.corrections.values():
        row = rows.get(c.certificate)
        program = project.programs.get(row.program) if row is not None else None
        if row is None or program is None:
            continue
        issued = dt.date.fromisoformat(row.issued_on)
        what = f"证书 {c.certificate} 的发证日期"
        if wrong := wrong_correction(doc, c, program, issued, what):
            found[c.certificate] = wrong
    return found


def _fixed_facts_changed(
    row: LedgerRow, cert: Certificate, corrections: dict[str, Any]
) -> str | None:
    """Why the data would silently change a published level or validity, if it would.

    The ledger holds the level and ``valid_until`` as published; a recorded
    correction (``corrections.py``) replaces them. Renewals change both later and
    are not compared here: ``cert`` is the certificate as first awarded.
    """
    level, until = row.level, row.valid_until
    correction = corrections.get(row.certificate)
    if correction is not None:
        level = correction.level or level
        until = correction.valid_until.isoformat() if correction.valid_until else until
    now_until = cert.valid_until.isoformat()
    if cert.level == level and now_until == until:
        return None
    source = "已登记的更正" if correction is not None else "账本"
    return (
        f"证书 {row.certificate} 按{source}为等级 {level}、有效期至 {until}，"
        f"按现在的名册和方案会变成等级 {cert.level}、有效期至 {now_until}。"
        "已发布证书的等级和有效期不能悄悄改变：请恢复名册或方案，"
        "或在 rosters/corrections.yaml 中登记更正（新值、日期和原因）"
    )


def _from_award(
    cert_id: str, cohort: Cohort, entry: Entry, score: Score, programs: dict[str, Program]
) -> Certificate:
    rule = programs[cohort.program].certificate
    assert rule is not None and score.level is not None
    return Certificate(
        id=cert_id,
        employee_id=entry.employee_id,
        program=cohort.program,
        cohort=cohort.id,
        level=score.level.id,
        issued_on=cohort.issued_on,
        assessed_on=cohort.assessed_on,
        valid_until=add_months(cohort.assessed_on, rule.validity_months),
        renewal_window_months=rule.renewal_window_months,
        name=entry.name,
        department=entry.department,
        position=entry.position,
        order=(cohort.issued_on, cohort.id, entry.index),
    )


def _from_ledger(row: LedgerRow, programs: dict[str, Program]) -> Certificate:
    """A revoked certificate whose roster data is gone: the ledger's facts stand."""
    program = programs.get(row.program)
    window = program.certificate.renewal_window_months if program and program.certificate else 1
    issued = dt.date.fromisoformat(row.issued_on)
    return Certificate(
        id=row.certificate,
        employee_id=row.employee_id,
        program=row.program,
        cohort=row.cohort,
        level=row.level,
        issued_on=issued,
        assessed_on=issued,
        valid_until=dt.date.fromisoformat(row.valid_until),
        renewal_window_months=window,
        order=(issued, row.cohort, 1 << 30),
    )


def _lost(
    project: Project, cohorts: dict[str, Cohort], row: LedgerRow, ledger_path: str, line: int
) -> Problem:
    cohort = cohorts.get(row.cohort)
    message = (
        f"已发布的证书 {row.certificate}（员工 {row.employee_id}，班次 {row.cohort}）将不再成立"
    )
    if cohort is None:
        return Problem(
            ledger_path, line, 1, "E401", f"{message}：名册已删除。请恢复名册或明确撤销该证书"
        )
    assert cohort.doc is not None
    for entry in cohort.entries:
        if entry.employee_id == row.employee_id:
            return _at_attendance(project, cohort, entry, "E401", message) or cohort.doc.problem(
                ("trainees", entry.index),
                "E401",
                f"{message}：成绩已不再合格。请恢复成绩或明确撤销该证书",
            )
    return cohort.doc.problem(
        ("trainees",), "E401", f"{message}：学员已从名册中移除。请恢复或明确撤销该证书"
    )


def supersede(certificates: list[Certificate]) -> None:
    """Rule 4.8: in each (holder, program) chain the older certificate is superseded."""
    _supersede(certificates)


def _supersede(certificates: list[Certificate]) -> None:
    chains: dict[tuple[str, str], list[Certificate]] = defaultdict(list)
    for cert in certificates:
        chains[(cert.employee_id, cert.program)].append(cert)
    for chain in chains.values():
        if len(chain) == 1:  # most holders have one certificate per program
            continue
        chain.sort(key=lambda c: c.order)
        for older, newer in itertools.pairwise(chain):
            older.superseded_by = newer.id
            older.superseded_on = newer.issued_on
            newer.supersedes = older.id


def _results(
    project: Project,
    graded: list[tuple[Cohort, Entry, Score, Status]],
    numbered: dict[tuple[str, str], str],
) -> list[Result]:
    """Every trainee's result, with the certificate it earned or renewed."""
    results: list[Result] = []
    programs = project.programs
    for cohort, entry, score, status in graded:
        program = programs[cohort.program]
        if cohort.kind == CohortKind.CERTIFICATION:
            cert_id = numbered.get((cohort.id, entry.employee_id))
        else:
            cert_id = entry.certificate
        results.append(Result(cohort, entry, program, score, status, cert_id))
    return results


def _renew(
    project: Project,
    graded: list[tuple[Cohort, Entry, Score, Status]],
    by_id: dict[str, Certificate],
    revoked: dict[str, Revocation],
    problems: list[Problem],
) -> None:
    """Apply every renewal, in date order, to the certificate it names."""
    renewed_on: set[tuple[str, dt.date]] = set()
    for cohort, entry, score, status in graded:
        if cohort.kind == CohortKind.CERTIFICATION:
            continue
        program = project.programs[cohort.program]
        assert cohort.doc is not None and entry.certificate is not None
        spot = ("trainees", entry.index, "certificate")

        def fail(code: str, message: str, doc: Document = cohort.doc, spot: Path_ = spot) -> None:
            problems.append(doc.problem(spot, code, message))

        cert = by_id.get(entry.certificate)
        if cert is None:
            fail("E304", f"未知的证书 {entry.certificate}")
            continue
        if cert.program != cohort.program:
            fail("E318", f"证书 {cert.id} 属于方案“{cert.program}”，不属于“{cohort.program}”")
            continue
        if cert.employee_id != entry.employee_id:
            fail("E311", f"证书 {cert.id} 的持有人是 {cert.employee_id}，不是 {entry.employee_id}")
            continue
        when = cohort.assessed_on
        revocation = revoked.get(cert.id)
        if when < cert.assessed_on:
            fail("E316", f"复评日期 {when} 早于证书 {cert.id} 的考核日期 {cert.assessed_on}")
        elif revocation is not None and revocation.revoked_on <= when:
            fail("E319", f"证书 {cert.id} 已于 {revocation.revoked_on} 撤销，不能复评")
        elif cert.superseded_by is not None and by_id[cert.superseded_by].issued_on <= when:
            fail("E319", f"证书 {cert.id} 已被 {cert.superseded_by} 取代，请复评新证书")
        elif when > cert.valid_until:
            fail(
                "E310",
                f"证书 {cert.id} 已于 {cert.valid_until} 到期，复评日期 {when} 太晚，请重新认证",
            )
        elif (cert.id, when) in renewed_on:
            fail("E322", f"证书 {cert.id} 在 {when} 已复评过一次")
        elif score.complete:
            renewed_on.add((cert.id, when))
            before = cert.valid_until
            if status == ResultStatus.RENEWED:
                rule = program.certificate
                assert rule is not None and score.level is not None
                cert.valid_until = add_months(before, rule.validity_months)
                cert.level = score.level.id
            cert.renewals.append(
                Renewal(
                    cohort.id,
                    when,
                    score.total,
                    score.level.id if score.level else None,
                    status,
                    before,
                    cert.valid_until,
                    cert.level,
                )
            )


def _revoke(project: Project, by_id: dict[str, Certificate], problems: list[Problem]) -> None:
    doc = project.revocations_doc
    for revocation in project.revocations:
        assert doc is not None
        cert = by_id.get(revocation.certificate)
        where = ("revocations", revocation.index)
        if cert is None:
            problems.append(
                doc.problem((*where, "certificate"), "E304", f"未知的证书 {revocation.certificate}")
            )
        elif revocation.revoked_on < cert.issued_on:
            problems.append(
                doc.problem(
                    (*where, "revoked_on"),
                    "E316",
                    f"撤销日期 {revocation.revoked_on} 早于发证日期 {cert.issued_on}",
                )
            )
        else:
            cert.revocation = revocation
