"""The ledger guard's second file: ``rosters/renewals.csv`` only grows, like the ledger.

Each recorded 复评 outcome (certificate, renewal cohort, date, level and validity
after it) is published. Compared with the base revision, every base row must stay
exactly as it was, in its place; new rows may only be appended at the end. Like
``ledger_guard`` this uses the csv module only and imports nothing from the grading
code.
"""

from __future__ import annotations

from pathlib import Path

from .append_only import Guarded, read_head, records
from .findings import Finding

RENEWALS = "rosters/renewals.csv"  # kept here on purpose: no import from academy.core
LOG = Guarded(RENEWALS, "复评记录", "G109")
Record = tuple[int, tuple[str, ...]]  # line, fields


def _parse(data: bytes | None, label: str, findings: list[Finding]) -> list[Record]:
    return [(line, fields) for line, fields in records(LOG, data, label, findings) if fields]


def _what(fields: tuple[str, ...]) -> str:
    if len(fields) >= 2:
        return f"证书 {fields[0]} 在班次 {fields[1]} 的复评记录"
    return f"复评记录“{','.join(fields)}”"


def compare_renewals(base: list[Record], head: list[Record]) -> list[Finding]:
    """Every way ``head`` departs from "``base`` plus records appended at the end"."""
    if not base:
        return []
    if not head or head[0][1] != base[0][1]:
        line = head[0][0] if head else 1
        return [Finding(line, "G108", "复评记录的表头被修改或删除了", RENEWALS)]
    findings: list[Finding] = []
    last_line = head[-1][0]
    by_key: dict[tuple[str, ...], Record] = {}
    for record in head[1:]:
        by_key.setdefault(record[1][:2], record)
    for base_line, fields in base[1:]:
        found = by_key.get(fields[:2])
        if found is None:
            message = f"已发布的{_what(fields)}消失了（基准版本第 {base_line} 行）"
            findings.append(Finding(min(base_line, last_line), "G108", message, RENEWALS))
        elif found[1] != fields:
            message = (
                f"已发布的{_what(fields)}被修改：从“{','.join(fields)}”改成了“{','.join(found[1])}”"
            )
            findings.append(Finding(found[0], "G108", message, RENEWALS))
    if findings:
        return findings
    for (_, fields), (line, now) in zip(base, head, strict=False):
        if now != fields:
            message = f"{_what(now)}不在原来的位置；复评记录的行不能调换，新行只能追加在末尾"
            return [Finding(line, "G108", message, RENEWALS)]
    return []


def guard_renewals(root: Path, base_bytes: bytes | None) -> tuple[list[Finding], int, int]:
    """Findings, the base's record count and the number of appended records."""
    findings: list[Finding] = []
    base = _parse(base_bytes, "基准版本", findings)
    head = _parse(read_head(LOG, root, findings), "本次修改后", findings)
    if not findings:  # an unreadable file is reported once, not as every row lost
        findings.extend(compare_renewals(base, head))
    return findings, max(len(base) - 1, 0), len(head) - len(base)
