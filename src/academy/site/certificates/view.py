"""What every certificate view shows, computed once per certificate.

A ``CertView`` holds display values (masked name, labels, dates, status as of the
build) and the certificate's place in the ledger, which numbers it in the
revocation status list. Every id that becomes a path is checked here, once.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from collections.abc import Mapping
from typing import Any

from academy.core.certify.issue import Certificate
from academy.core.grade.totals import round_half_up
from ...core.model import Program
from ...core.pipeline import Outcome
from academy.core.credentials.addresses import CERT_DIR
from ...core.vocabulary import (
    CERT_STATUS_LABELS,
    CERTIFICATE_ID,
    RESULT_STATUS_LABELS,
    STILL_VALID,
    CertStatus,
)
from ..common import SiteContext

CERT_ID = CERTIFICATE_ID
SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")
LEVEL_ID = re.compile(r"[a-z][a-z0-9_]{0,31}")
STATUS_ORDER = tuple(CertStatus)
STATUS_MARKS: dict[str, str] = {
    CertStatus.ACTIVE: "✔",
    CertStatus.RENEWAL_DUE: "!",
    CertStatus.EXPIRED: "✖",
    CertStatus.REVOKED: "✖",
    CertStatus.SUPERSEDED: "↻",
}


class SettingProblem(Exception):
    """A site setting the certificates cannot do without (message in Chinese)."""


def checked(value: str, pattern: re.Pattern[str], what: str) -> str:
    """``value`` if it is safe in a file name and URL; otherwise refuse to go on."""
    if not pattern.fullmatch(value):
        raise ValueError(f"unsafe {what} for a file name or URL: {value!r}")
    return value


def chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass(frozen=True)
class RenewalView:
    assessed_on: dt.date
    cohort: str
    total: str
    result: str
    renewed: bool
    level: str
    valid_until_before: dt.date
    valid_until_after: dt.date


@dataclass(frozen=True)
class CertView:
    index: int  # position in the ledger: the revocation status list bit
    id: str
    status: str
    holder: str
    employee_id: str
    department: str
    position: str
    program_id: str
    program_title: str
    level_id: str
    level_label: str
    cohort: str
    issued_on: dt.date
    assessed_on: dt.date
    valid_until: dt.date
    renewal_opens: dt.date
    days_left: int
    revoked_on: dt.date | None
    revoked_reason: str
    superseded_by: str | None
    supersedes: str | None
    renewals: tuple[RenewalView, ...]

    @property
    def status_label(self) -> str:
        return CERT_STATUS_LABELS[self.status]

    @property
    def status_mark(self) -> str:
        return STATUS_MARKS[self.status]

    @property
    def path(self) -> str:
        """Directory of its pages under the site root."""
        return f"{CERT_DIR}/{self.id}/"

    @property
    def valid(self) -> bool:
        return self.status in STILL_VALID

    def record(self) -> dict[str, Any]:
        """Plain values for the lookup shards (JSON; the script shows them as text)."""
        return {
            "id": self.id,
            "name": self.holder,
            "employee_id": self.employee_id,
            "department": self.department,
            "program": self.program_title,
            "level": self.level_label,
            "issued_on": self.issued_on.isoformat(),
            "valid_until": self.valid_until.isoformat(),
            "status": self.status,
            "status_label": self.status_label,
        }


def _number(value: Any) -> str:
    if value is None:
        return "—"
    text = format(Decimal(str(value)), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _renewals(
    cert: Certificate, program: Program | None, cohort_titles: Mapping[str, str]
) -> tuple[RenewalView, ...]:
    """Renewals as the cohort pages show them: the cohort's title, the total with the
    program's decimals (90.0 beside 87.6, never 90)."""
    out = []
    for r in cert.renewals:
        level = program.level(r.level) if program else None
        total = _number(r.total) if program is None else _fixed(r.total, program.decimals)
        out.append(
            RenewalView(
                assessed_on=r.assessed_on,
                cohort=cohort_titles.get(r.cohort, r.cohort),
                total=total,
                result=RESULT_STATUS_LABELS.get(r.status, r.status),
                renewed=r.status == "renewed",
                level=level.label if level else "—",
                valid_until_before=r.valid_until_before,
                valid_until_after=r.valid_until_after,
            )
        )
    return tuple(out)


def _fixed(value: Decimal | int | float | None, decimals: int) -> str:
    if value is None:
        return "—"
    return format(round_half_up(Decimal(str(value)), decimals), "f")


def view(
    index: int,
    cert: Certificate,
    programs: dict[str, Program],
    ctx: SiteContext,
    cohort_titles: Mapping[str, str] | None = None,
) -> CertView:
    program = programs.get(cert.program)
    level = program.level(cert.level) if program else None
    revocation = cert.revocation if cert.status(ctx.as_of) == CertStatus.REVOKED else None
    return CertView(
        index=index,
        id=checked(cert.id, CERT_ID, "certificate id"),
        status=cert.status(ctx.as_of),
        holder=ctx.display_name(cert.name) if cert.name else "—",
        employee_id=cert.employee_id,
        department=cert.department,
        position=cert.position,
        program_id=checked(cert.program, SLUG, "program id"),
        program_title=program.title if program else cert.program,
        level_id=checked(cert.level, LEVEL_ID, "level id"),
        level_label=level.label if level else cert.level,
        cohort=cert.cohort,
        issued_on=cert.issued_on,
        assessed_on=cert.assessed_on,
        valid_until=cert.valid_until,
        renewal_opens=cert.renewal_opens(),
        days_left=(cert.valid_until - ctx.as_of).days,
        revoked_on=revocation.revoked_on if revocation else None,
        revoked_reason=revocation.reason if revocation else "",
        superseded_by=cert.superseded_by and checked(cert.superseded_by, CERT_ID, "certificate id"),
        supersedes=cert.supersedes and checked(cert.supersedes, CERT_ID, "certificate id"),
        renewals=_renewals(cert, program, cohort_titles or {}),
    )


def views(outcome: Outcome, ctx: SiteContext) -> list[CertView]:
    """Every certificate, in ledger order (the order of ``outcome.certificates``)."""
    programs = outcome.project.programs
    titles = {c.id: c.title for c in outcome.project.cohorts}
    return [view(i, c, programs, ctx, titles) for i, c in enumerate(outcome.certificates)]


def site_url(ctx: SiteContext) -> str:
    """The portal's absolute URL with a trailing slash (``site_url`` of mkdocs.yml)."""
    url = str(ctx.extra.get("site_url") or "")
    if not re.fullmatch(r"https?://[^\s\"'<>]+", url):
        raise SettingProblem(
            "mkdocs.yml 需要设置 site_url（门户的完整网址，如 https://academy.example.cn/）："
            "证书二维码和数字凭证都要用它"
        )
    return url if url.endswith("/") else url + "/"

