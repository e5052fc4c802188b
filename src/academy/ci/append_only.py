"""What the three append-only guards share: reading a log's bytes at the working tree
and its CSV records, with every failure a finding at its line.

``ledger_guard``, ``renewals_guard`` and ``printcodes_guard`` each name their file,
noun and code here (``Guarded``) and compare the records their own way. Like them,
this imports nothing from the grading code: a bug there cannot blind the guards.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .findings import Finding


@dataclass(frozen=True)
class Guarded:
    path: str  # where the log lives in the repository
    noun: str  # 证书账本, 复评记录, 防伪码记录
    code: str  # the guard's code for an unreadable file
    bom: bool = True  # a byte-order mark carries no data (the print codes keep it as data)
    links: bool = True  # a link at the working tree is read (the print codes refuse one)
    what_else: str = "是目录或失效的链接"  # how "not a regular file" is explained


def read_head(log: Guarded, root: Path, findings: list[Finding]) -> bytes | None:
    """The working tree's bytes; ``None`` when absent or unreadable (then reported)."""
    file = root / log.path
    if not file.exists() and not file.is_symlink():
        return None
    if (file.is_symlink() and not log.links) or not file.is_file():
        message = f"本次修改后的{log.noun}不是普通文件（{log.what_else}）"
        findings.append(Finding(1, log.code, message, log.path))
        return None
    try:
        return file.read_bytes()
    except OSError as err:
        message = f"本次修改后的{log.noun}无法读取：{err.strerror}"
        findings.append(Finding(1, log.code, message, log.path))
        return None


def records(
    log: Guarded, data: bytes | None, label: str, findings: list[Finding]
) -> Iterator[tuple[int, tuple[str, ...]]]:
    """Every CSV record of ``data`` (blank ones too) with the line it ends on; nothing
    for ``None`` (no file). Bytes that are not UTF-8 or not CSV are a finding, and
    the records stop there."""
    if data is None:
        return
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        findings.append(Finding(1, log.code, f"{label}的{log.noun}不是 UTF-8 编码", log.path))
        return
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff") if log.bom else text, newline=""))
    try:
        for record in reader:
            yield reader.line_num, tuple(record)
    except csv.Error as err:
        message = f"{label}的{log.noun}无法解析：{err}"
        findings.append(Finding(reader.line_num, log.code, message, log.path))
