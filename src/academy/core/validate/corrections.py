"""Recorded corrections of published certificates: ``rosters/corrections.yaml``.

A published certificate's number, level and validity are fixed. An edit to a
roster (another ``assessed_on``, lower scores) or to a program (weights, gates,
levels, validity) that would change them is refused (E404, see ``certs.py``),
unless the change is recorded here as an explicit act, with its date and reason:

.. code-block:: yaml

    corrections:
      - certificate: CS2024003
        level: intermediate          # the level the edited data now gives
        valid_until: 2025-03-10      # and/or the new end of validity
        corrected_on: 2024-07-01
        reason: 理论成绩登记错误，经阅卷复核更正
        approved_by: 培训部 王*

The ledger row itself is never rewritten (it only grows); a correction states what
the certificate now is, and grading checks that the data gives exactly that.

A correction with ``cohort`` corrects a renewal instead (``renewal_log.py``): the
level and ``valid_until`` the certificate has right after its renewal in that
renewal cohort, as recorded in ``rosters/renewals.csv``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from academy.core.errors import Problem
from academy.core.load import schema
from academy.core.yamlsrc import Document

if TYPE_CHECKING:
    from academy.core.model import Program


@dataclass(frozen=True)
class Correction:
    certificate: str
    level: str | None
    valid_until: dt.date | None
    corrected_on: dt.date
    reason: str
    index: int  # position in the file, for problems
    cohort: str | None = None  # the renewal cohort, for a correction of a renewal


def validate_corrections(doc: Document | None, problems: list[Problem]) -> dict[str, Correction]:
    """The last correction of each certificate, by certificate number.

    Corrections of renewals (with ``cohort``) are left to ``renewal_corrections``.
    """
    if doc is None:
        return {}
    found = schema.check("corrections", doc)
    if found or doc.has_problems:
        problems.extend(found)
        return {}
    out: dict[str, Correction] = {}
    for i, raw in enumerate(doc.data["corrections"]):
        if "cohort" in raw:
            continue
        until = raw.get("valid_until")
        corrected = dt.date.fromisoformat(raw["corrected_on"])
        before = out.get(raw["certificate"])
        if before is not None and corrected < before.corrected_on:
            problems.append(
                doc.problem(
                    ("corrections", i, "corrected_on"),
                    "E316",
                    f"更正记录应按日期先后追加：{corrected} 早于上一条更正的 {before.corrected_on}",
                )
            )
        out[raw["certificate"]] = Correction(
            certificate=raw["certificate"],
            level=raw.get("level"),
            valid_until=None if until is None else dt.date.fromisoformat(until),
            corrected_on=corrected,
            reason=raw["reason"],
            index=i,
        )
    return out


def renewal_corrections(doc: Document | None) -> dict[tuple[str, str], Correction]:
    """The last correction of each renewal, by (certificate, renewal cohort).

    Read from a document ``validate_corrections`` has already accepted.
    """
    if doc is None or doc.has_problems or not isinstance(doc.data, dict):
        return {}
    out: dict[tuple[str, str], Correction] = {}
    for i, raw in enumerate(doc.data.get("corrections") or []):
        if not isinstance(raw, dict) or "cohort" not in raw:
            continue
        until = raw.get("valid_until")
        out[(raw["certificate"], raw["cohort"])] = Correction(
            certificate=raw["certificate"],
            level=raw.get("level"),
            valid_until=None if until is None else dt.date.fromisoformat(until),
            corrected_on=dt.date.fromisoformat(raw["corrected_on"]),
            reason=raw["reason"],
            index=i,
            cohort=raw["cohort"],
        )
    return out


def wrong_correction(
    doc: Document, c: Correction, program: Program, since: dt.date, what: str
) -> list[Problem]:
    """Why correction ``c`` cannot stand, at its line (E408): a level its program does not
    have, or a date before ``since`` (the issue of the certificate, or the renewal ``what``
    names), when there was nothing yet to correct."""
    found = []
    if c.level is not None and program.level(c.level) is None:
        known = "、".join(level.id for level in program.levels)
        found.append(
            doc.problem(
                ("corrections", c.index, "level"),
                "E408",
                f"方案“{program.id}”没有等级“{c.level}”（可用：{known}）",
            )
        )
    if c.corrected_on < since:
        found.append(
            doc.problem(
                ("corrections", c.index, "corrected_on"),
                "E408",
                f"更正日期 {c.corrected_on} 早于{what} {since}：在此之前没有可更正的结果",
            )
        )
    return found
