"""Certificates and results as they stood on a date X (docs/guide/people.md, "Time").

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
from academy.core.vocabulary import STILL_VALID, ResultStatus

HELD = STILL_VALID


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
        self._views: dict[dt.date, View] = {}

    def cert_on(self, cert: Certificate, day: dt.date) -> CertOn | None:
        """The certificate as it stood on ``day``; ``None`` before it was issued.

        The state and its status come from ``Certificate.on`` and ``Certificate.status``
        (the one rule); this adds only ``since``, the day its current level began.
        """
        state = cert.on(day)
        if state is None:
            return None
        level, since = cert.issued_level, cert.issued_on
        for renewal in state.renewals:
            if (
                renewal.status == ResultStatus.RENEWED
                and renewal.level_after
                and renewal.level_after != level
            ):
                level, since = renewal.level_after, renewal.assessed_on
        return CertOn(cert, day, state.level, state.valid_until, state.status(day), since)

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
