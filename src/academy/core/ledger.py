"""The certificate ledger: ``rosters/ledger.csv``, one row per certificate ever issued.

The ledger only grows. Each row records the facts fixed when the certificate was
published; statuses, renewals and levels after renewal are derived from the
rosters on every run. Rows are appended in numbering order, and the file is
rewritten only when a row was added, so unchanged inputs leave it byte-identical.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass
from pathlib import Path

from .dates import parse_date
from .errors import Problem
from .vocabulary import CERTIFICATE_ID

COLUMNS = ("certificate", "program", "cohort", "employee_id", "issued_on", "valid_until", "level")
CERTIFICATE_RE = CERTIFICATE_ID  # the name older code imports


@dataclass(frozen=True)
class LedgerRow:
    certificate: str
    program: str
    cohort: str
    employee_id: str
    issued_on: str
    valid_until: str
    level: str

    def values(self) -> tuple[str, ...]:
        return (
            self.certificate,
            self.program,
            self.cohort,
            self.employee_id,
            self.issued_on,
            self.valid_until,
            self.level,
        )

    @property
    def key(self) -> tuple[str, str]:
        """What identifies the award: the cohort and the trainee."""
        return self.cohort, self.employee_id


def split_id(certificate: str) -> tuple[str, int, int]:
    """``CS2024001`` → (``CS``, 2024, 1)."""
    match = CERTIFICATE_ID.fullmatch(certificate)
    if match is None:
        raise ValueError(certificate)
    return match.group(1), int(match.group(2)), int(match.group(3))


def format_id(prefix: str, year: int, seq: int) -> str:
    return f"{prefix}{year}{seq:03d}"


def read_ledger(file: Path, path: str) -> tuple[list[LedgerRow], list[Problem]]:
    """Rows of the ledger (empty if it does not exist yet) and any damage found."""
    if not file.exists():
        return [], []
    try:
        text = file.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return [], [Problem(path, 1, 1, "E402", "证书账本无法读取或不是 UTF-8 编码")]
    rows: list[LedgerRow] = []
    problems: list[Problem] = []
    seen_ids: set[str] = set()
    seen_keys: set[tuple[str, str]] = set()
    reader = csv.reader(io.StringIO(text, newline=""))
    for line, record in enumerate(reader, start=1):
        if line == 1:
            if tuple(record) != COLUMNS:
                problems.append(Problem(path, 1, 1, "E402", f"账本表头应为 {','.join(COLUMNS)}"))
            continue
        if len(record) != len(COLUMNS):
            problems.append(Problem(path, line, 1, "E402", f"第 {line} 行应有 {len(COLUMNS)} 列"))
            continue
        row = LedgerRow(*record)
        if not _row_ok(row):
            problems.append(
                Problem(path, line, 1, "E402", f"第 {line} 行内容无效：{row.certificate}")
            )
            continue
        if row.certificate in seen_ids or row.key in seen_keys:
            problems.append(Problem(path, line, 1, "E402", f"证书 {row.certificate} 重复记录"))
            continue
        seen_ids.add(row.certificate)
        seen_keys.add(row.key)
        rows.append(row)
    return rows, problems


def _row_ok(row: LedgerRow) -> bool:
    try:
        split_id(row.certificate)
        parse_date(row.issued_on)
        parse_date(row.valid_until)
    except ValueError:
        return False
    return all(row.values())


def render_ledger(rows: list[LedgerRow]) -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(r.values() for r in rows)
    return out.getvalue()


def write_if_changed(file: Path, text: str) -> bool:
    """Write ``text`` atomically unless the file already holds exactly it."""
    data = text.encode("utf-8")
    if file.exists() and file.read_bytes() == data:
        return False
    file.parent.mkdir(parents=True, exist_ok=True)
    tmp = file.with_name(f".{file.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, file)
    return True
