"""The words every stage shares, each defined once: statuses, id patterns, exit codes.

Everything else imports them from here (the site and CI code too); a second
spelling of a status or a pattern is a bug waiting for a rename.
"""

from __future__ import annotations

import re
from enum import IntEnum, StrEnum


class ResultStatus(StrEnum):
    """A trainee's result in one cohort (FORMATS.md §4.4)."""

    CERTIFIED = "certified"
    PASSED = "passed"
    FAILED = "failed"
    INCOMPLETE = "incomplete"
    RENEWED = "renewed"
    NOT_RENEWED = "not_renewed"


class CertStatus(StrEnum):
    """A certificate's status on a given day (FORMATS.md §4.9), in display order."""

    ACTIVE = "active"
    RENEWAL_DUE = "renewal_due"
    EXPIRED = "expired"
    REVOKED = "revoked"
    SUPERSEDED = "superseded"


STILL_VALID = frozenset({CertStatus.ACTIVE, CertStatus.RENEWAL_DUE})
"""The statuses under which a certificate still proves the skill."""


class CohortKind(StrEnum):
    CERTIFICATION = "certification"
    RENEWAL = "renewal"


class Exit(IntEnum):
    """Exit codes of every ``academy`` command (``verify`` adds its own, documented there)."""

    OK = 0
    INPUT = 1  # fix the input: problems were printed
    USAGE = 2  # misuse: wrong arguments, not a portal repository


CERTIFICATE_ID = re.compile(r"([A-Z]{1,6})([0-9]{4})([0-9]{3,})")
"""``CS2024001``: prefix, year of issue, sequence number; always used with ``fullmatch``."""

EMPLOYEE_ID = re.compile(r"[A-Za-z0-9_-]{1,32}")
"""An employee id (工号) as every file writes it; always used with ``fullmatch`` (the JSON
schemas spell it ``^…$``, and a test holds them to this one)."""

RESERVED_NAMES = frozenset(
    ["con", "prn", "aux", "nul"] + [f"com{i}" for i in range(10)] + [f"lpt{i}" for i in range(10)]
)
"""Names that Windows refuses as file names, whatever the extension: never an id."""

CERT_STATUS_LABELS: dict[str, str] = {
    CertStatus.ACTIVE: "有效",
    CertStatus.RENEWAL_DUE: "待复评",
    CertStatus.EXPIRED: "已过期",
    CertStatus.REVOKED: "已撤销",
    CertStatus.SUPERSEDED: "已被取代",
}
RESULT_STATUS_LABELS: dict[str, str] = {
    ResultStatus.CERTIFIED: "通过认证",
    ResultStatus.PASSED: "通过",
    ResultStatus.FAILED: "未通过（需重新培训并补考）",
    ResultStatus.INCOMPLETE: "未完成",
    ResultStatus.RENEWED: "复评通过",
    ResultStatus.NOT_RENEWED: "复评未通过",
}
KIND_LABELS: dict[str, str] = {CohortKind.CERTIFICATION: "认证考核", CohortKind.RENEWAL: "复评"}
HR_STATUS_LABELS: dict[str, str] = {
    **CERT_STATUS_LABELS,
    **RESULT_STATUS_LABELS,
    ResultStatus.FAILED: "未通过",
    ResultStatus.INCOMPLETE: "未完成（含缺考）",
}
"""Statuses as HR's lists (``academy export``) write them: absent (缺考) counts as incomplete."""
