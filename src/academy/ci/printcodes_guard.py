"""The print-code guard: ``rosters/print-codes.csv`` only grows at its end.

A deleted or changed row voids a real paper certificate (its 防伪码 no longer checks);
an inserted one could vouch for a code nobody printed. Like the ledger guard this
reads the file with the csv module only and imports nothing from the core.
"""

from __future__ import annotations

from pathlib import Path

from .append_only import Guarded, read_head, records
from .findings import Finding

PRINT_CODES = "rosters/print-codes.csv"  # kept here on purpose: no import from academy.core
LOG = Guarded(PRINT_CODES, "防伪码记录", "G111", bom=False, links=False, what_else="是目录或链接")


def _rows(
    data: bytes | None, label: str, findings: list[Finding]
) -> list[tuple[int, tuple[str, ...]]]:
    return [(line, fields) for line, fields in records(LOG, data, label, findings) if fields]


def guard_print_codes(root: Path, base_bytes: bytes | None) -> list[Finding]:
    """Every way the working tree's file departs from "the base plus rows at the end"."""
    findings: list[Finding] = []
    base = _rows(base_bytes, "基准版本", findings)
    head = _rows(read_head(LOG, root, findings), "本次修改后", findings)
    if findings or not base:
        return findings
    for (line, old), found in zip(base, [*head, *[None] * len(base)], strict=False):
        if found is None:
            message = f"已发布的防伪码记录“{','.join(old[:2])}”被删除了（基准版本第 {line} 行）"
            return [Finding(head[-1][0] if head else 1, "G110", message, PRINT_CODES)]
        if found[1] != old:
            message = (
                f"已发布的防伪码记录“{','.join(old[:2])}”被修改、删除或移动了"
                "（纸质证书的防伪码将无法核验）；新记录只能由 academy print 追加在末尾"
            )
            return [Finding(found[0], "G110", message, PRINT_CODES)]
    return []
