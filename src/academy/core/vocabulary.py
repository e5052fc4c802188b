"""The words every stage shares, each defined once: statuses, id patterns, exit codes.

Everything else imports them from here (the site and CI code too); a second
spelling of a status or a pattern is a bug waiting for a rename.
"""

from __future__ import annotations

import re
from decimal import Decimal
from enum import IntEnum, StrEnum


class ResultStatus(StrEnum):
    """A trainee's result in one cohort (docs/guide/grading-rules.md, rule 4.4)."""

    CERTIFIED = "certified"
    PASSED = "passed"
    FAILED = "failed"
    INCOMPLETE = "incomplete"
    RENEWED = "renewed"
    NOT_RENEWED = "not_renewed"


class CertStatus(StrEnum):
    """A certificate's status on a given day (rule 4.9, docs/guide/grading-rules.md), in order."""

    ACTIVE = "active"
    RENEWAL_DUE = "renewal_due"
    EXPIRED = "expired"
    REVOKED = "revoked"
    SUPERSEDED = "superseded"


STILL_VALID = frozenset({CertStatus.ACTIVE, CertStatus.RENEWAL_DUE})
"""The statuses under which a certificate still proves the skill (HR lists say "holds")."""

PASSING = frozenset({ResultStatus.CERTIFIED, ResultStatus.PASSED})
"""Certification results that passed (with or without a certificate)."""

PASSING_OR_RENEWED = PASSING | {ResultStatus.RENEWED}
"""Results that passed, renewals included."""


PENDING_LABEL = "待考核"
"""What a cohort assessed after the day shows instead of results (rule 4.11)."""


class CohortKind(StrEnum):
    CERTIFICATION = "certification"
    RENEWAL = "renewal"


class Exit(IntEnum):
    """Exit codes of every ``academy`` command, the only spelling of them.

    ``verify`` reads the first three as: 0 genuine and valid, 1 not valid, 2 could not
    be checked (no such file, not a credential, no trusted key of the issuer); it alone
    also ends with ``UNKNOWN_STATUS``.
    """

    OK = 0
    INPUT = 1  # fix the input: problems were printed (verify: the credential is not valid)
    USAGE = 2  # misuse: wrong arguments, not a portal repository (verify: could not check)
    UNKNOWN_STATUS = 3  # verify only: genuine and in date, but no current status list found


CERTIFICATE_ID = re.compile(r"([A-Z]{1,6})([0-9]{4})([0-9]{3,})")
"""``CS2024001``: prefix, year of issue, sequence number; always used with ``fullmatch``."""

SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")
"""A program, module, cohort, question or exam id: safe in a file name and a URL;
always used with ``fullmatch`` (the JSON schemas spell it ``^…$``)."""

LEVEL_ID = re.compile(r"[a-z][a-z0-9_]{0,31}")
"""A level, component, category or rubric item id; always used with ``fullmatch``."""

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
RESULT_STATUS_SHORT: dict[str, str] = {
    **RESULT_STATUS_LABELS,
    ResultStatus.FAILED: "未通过",
    ResultStatus.INCOMPLETE: "未完成（含缺考）",
}
"""The labels in tables (HR lists, the pull-request summary): short, and precise about
缺考 where the site's prose says 未完成."""
KIND_LABELS: dict[str, str] = {CohortKind.CERTIFICATION: "认证考核", CohortKind.RENEWAL: "复评"}
# Named groups of a program or plan (seed 004 考核小组: 客服主管 + 人力资源专员; seed 002 监督小组)
GROUP_LABELS: dict[str, str] = {"assessment": "考核小组", "supervision": "监督小组"}


PLAIN_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?")
"""The one way a score is written, in a roster or a spreadsheet cell: ASCII digits, an
optional point and decimals (``85``, ``79.5``); always used with ``fullmatch``."""
_OTHER_NUMBER = re.compile(  # YAML 1.1's other int and float forms, as PyYAML resolves them
    r"[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+"
    r"|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+"
    r"|[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
    r"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*"
)


def read_number(text: str) -> tuple[Decimal | None, str | None]:
    """A score written as text: ``(value, None)`` for the plain form, else ``(None, code)``:
    E102 for a form YAML 1.1 reads as a number, but not as written (``8_0``, ``+80``,
    ``070``, ``1:30``, ``85.``), E203 for anything YAML reads as text (``８５``, ``٨٠``,
    ``1e2``, ``80/``). Roster scores and spreadsheet cells are judged by this one function."""
    if PLAIN_NUMBER.fullmatch(text):
        return Decimal(text), None
    if text.isascii() and _OTHER_NUMBER.fullmatch(text):
        return None, "E102"
    return None, "E203"


HR_STATUS_LABELS: dict[str, str] = {**CERT_STATUS_LABELS, **RESULT_STATUS_SHORT}
"""Statuses as HR's lists (``academy export``) and the course text write them."""
