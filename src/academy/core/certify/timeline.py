"""Certificates and results as they stood on a date X (FORMATS.md §9, "Time").

Grading computes each certificate's final state (all renewals applied, superseded
by the newest). The HR lists and the requirement checks need the state on an
earlier or later day instead:

* a result counts from its roster's ``assessed_on``;
* a certificate exists from its ``issued_on``;
* a renewal changes level and validity from its ``assessed_on``;
* a certificate is superseded from the newer one's ``issued_on``;
* a revocation applies from ``revoked_on``.

``View`` answers these questions for one day; every function here is pure.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

from academy.core.certify.issue import Certificate, Result
from academy.core.certify.ledger import split_id
from academy.core.dates import add_months

HELD = ("active", "renewal_due")


@cache
def cert_key(certificate: str) -> tuple[str, int, int]:
    """Certificate ids compare by (prefix, year, sequence): CS2024999 < CS20241000."""
    try:
        return split_id(certificate)
    except ValueError:
        return (certificate, 0, 0)


@dataclass(frozen=True)
class CertOn:
    """One certificate on one day."""

    cert: Certificate
    day: dt.date
    level: str
    valid_until: dt.date
    status: str
    since: dt.date  # issued_on, or the assessed_on of the latest renewal that changed the level

    @property
    def held(self) -> bool:
        return self.status in HELD

    @property
    def window_opens(self) -> dt.date:
        return add_months(self.valid_until, -self.cert.renewal_window_months)


class Timeline:
    """Everything graded, indexed once; ``on(day)`` views it as of a day."""

    def __init__(self, results: list[Result], certificates: list[Certificate]) -> None:
        self.results = results
        self.certificates = certificates
        self.by_id = {c.id: c for c in certificates}
        # the level each certificate was issued with (renewals change it later)
        issued_level: dict[str, str] = {}
        for r in results:
            if r.cohort.kind == "certification" and r.certificate and r.score.level:
                issued_level[r.certificate] = r.score.level.id
        self.issued_level = issued_level
        self._views: dict[dt.date, View] = {}

    def cert_on(self, cert: Certificate, day: dt.date) -> CertOn | None:
        """The certificate as it stood on ``day``; ``None`` before it was issued."""
        if cert.issued_on > day:
            return None
        level = self.issued_level.get(cert.id, cert.level)
        valid_until = cert.renewals[0].valid_until_before if cert.renewals else cert.valid_until
        since = cert.issued_on
        for renewal in sorted(cert.renewals, key=lambda r: (r.assessed_on, r.cohort)):
            if renewal.assessed_on > day or renewal.status != "renewed":
                continue
            valid_until = renewal.valid_until_after
            if renewal.level is not None and renewal.level != level:
                level = renewal.level
                since = renewal.assessed_on
        status = self._status(cert, day, valid_until)
        return CertOn(cert, day, level, valid_until, status, since)

    def _status(self, cert: Certificate, day: dt.date, valid_until: dt.date) -> str:
        """Rule 4.9 on ``day``, first match wins."""
        if cert.revocation is not None and cert.revocation.revoked_on <= day:
            return "revoked"
        newer = self.by_id.get(cert.superseded_by) if cert.superseded_by else None
        if newer is not None and newer.issued_on <= day:
            return "superseded"
        if day > valid_until:
            return "expired"
        if day >= add_months(valid_until, -cert.renewal_window_months):
            return "renewal_due"
        return "active"

    def on(self, day: dt.date) -> View:
        """The view as of ``day`` (built once per day)."""
        view = self._views.get(day)
        if view is None:
            view = self._views[day] = View(self, day)
        return view


class View:
    """The graded data as of one day."""

    def __init__(self, timeline: Timeline, day: dt.date) -> None:
        self.timeline = timeline
        self.day = day
        self._all: list[CertOn] | None = None
        # Renewals only move valid_until on, so a certificate whose final valid_until is
        # before the day was not held on it: only the others need their state computed.
        self.held: dict[str, list[CertOn]] = {}
        for cert in timeline.certificates:
            if cert.issued_on > day or cert.valid_until < day:
                continue
            c = timeline.cert_on(cert, day)
            if c is not None and c.held:
                self.held.setdefault(c.cert.employee_id, []).append(c)
        self.results = [r for r in timeline.results if r.cohort.assessed_on <= day]
        self._attempts: dict[tuple[str, str], list[Result]] | None = None

    @property
    def certificates(self) -> list[CertOn]:
        """Every certificate issued by the day, with its state on the day."""
        if self._all is None:
            certs = (self.timeline.cert_on(c, self.day) for c in self.timeline.certificates)
            self._all = [c for c in certs if c is not None]
        return self._all

    def held_certificates(self) -> list[CertOn]:
        return [c for held in self.held.values() for c in held]

    def holds(self, employee: str, program: str) -> list[CertOn]:
        """Held certificates of ``program``, lowest id first."""
        mine = self.held.get(employee)
        if not mine:
            return []
        found = [c for c in mine if c.cert.program == program]
        if len(found) > 1:
            found.sort(key=lambda c: cert_key(c.cert.id))
        return found

    def attempts(self) -> dict[tuple[str, str], list[Result]]:
        """Certification attempts per (employee, program), oldest first (§7.3)."""
        if self._attempts is not None:
            return self._attempts
        out: dict[tuple[str, str], list[Result]] = {}
        for r in self.results:
            if r.cohort.kind != "certification" or r.program.certificate is None:
                continue
            out.setdefault((r.entry.employee_id, r.program.id), []).append(r)
        for attempts in out.values():
            if len(attempts) > 1:
                attempts.sort(key=lambda r: (r.cohort.assessed_on, r.cohort.id))
        self._attempts = out
        return out
