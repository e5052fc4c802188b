"""The certificate ledger: ``rosters/ledger.csv``, one row per certificate ever issued.

The ledger only grows. Each row records the facts fixed when the certificate was
published; statuses, renewals and levels after renewal are derived from the
rosters on every run. Rows are appended in numbering order, and the file is
rewritten only when a row was added, so unchanged inputs leave it byte-identical.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from academy.core.certify import append_log
from academy.core.dates import in_range, parse_date
from academy.core.errors import Problem
from academy.core.vocabulary import CERTIFICATE_ID, EMPLOYEE_ID, LEVEL_ID, SLUG

COLUMNS = ("certificate", "program", "cohort", "employee_id", "issued_on", "valid_until", "level")
CERTIFICATE_RE = CERTIFICATE_ID  # the name older code imports
# The same vocabularies as the roster and program schemas (full-matched here too).
MAX_FIELD = 1024  # no ledger field is longer; a longer one is damage, not data
LEDGER = append_log.Log("rosters/ledger.csv", COLUMNS, "E402", "证书账本", "账本")


@dataclass(frozen=True)
class LedgerRow:
    certificate: str
    program: str
    cohort: str
    employee_id: str
    issued_on: str
    valid_until: str
    level: str
    line: int = field(default=0, compare=False)  # where it was read; 0 for a new row

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


@functools.lru_cache(maxsize=1 << 17)  # every stage splits the same numbers again
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
    return append_log.read(LEDGER, file, path, parse_ledger)


def parse_ledger(text: str, path: str) -> tuple[list[LedgerRow], list[Problem]]:
    """Rows and damage, judged as ``academy ci ledger-guard`` judges the same bytes.

    A byte-order mark and blank lines carry no data and are ignored (the guard does
    the same); everything else must be exactly what grading appends: certificate
    numbers in order and without gaps per prefix and year, the year of the number
    equal to that of ``issued_on``, every field in its vocabulary.
    """
    rows: list[LedgerRow] = []
    problems: list[Problem] = []
    seen_ids: set[str] = set()
    seen_keys: set[tuple[str, str]] = set()
    last_seq: dict[tuple[str, int], int] = {}  # the highest number so far per prefix and year
    for line, record in append_log.records(LEDGER, text, path, problems):
        why = _row_problem(record)
        if why:
            problems.append(Problem(path, line, 1, "E402", f"第 {line} 行内容无效：{why}"))
            continue
        certificate, program, cohort, employee, issued, until, level = record
        key = (cohort, employee)  # the row's key
        if certificate in seen_ids or key in seen_keys:
            problems.append(Problem(path, line, 1, "E402", f"证书 {certificate} 重复记录"))
            continue
        prefix, year, seq = split_id(certificate)  # remembered by _row_problem's call
        slot = (prefix, year)
        last = last_seq.get(slot, 0)
        if seq != last + 1:
            what = (
                f"前面缺少 {format_id(prefix, year, last + 1)}（账本中的行不能删除）"
                if seq > last + 1
                else f"应排在 {format_id(prefix, year, last)} 之前"
            )
            message = f"证书 {certificate} 编号不连续：{what}"
            problems.append(Problem(path, line, 1, "E402", message))
        if seq > last:
            last_seq[slot] = seq
        seen_ids.add(certificate)
        seen_keys.add(key)
        rows.append(LedgerRow(certificate, program, cohort, employee, issued, until, level, line))
    return rows, problems


def _row_problem(record: list[str]) -> str:
    """What is wrong with one record's fields (a row's ``values()``), or ``""``."""
    if max(map(len, record)) > MAX_FIELD:
        return "字段过长"
    certificate, program, cohort, employee, issued_on, valid_until, level = record
    try:
        year = split_id(certificate)[1]  # the number's parts are needed next: remembered
    except ValueError:
        return f"证书编号“{certificate}”格式不对"
    why = _dates_problem(issued_on, valid_until)
    if why:
        return why
    if year != int(issued_on[:4]):
        return f"证书 {certificate} 的年份与发证日期 {issued_on} 不符"
    if not _slugs(program, cohort):
        return "方案或班次编号格式不对"
    if not EMPLOYEE_ID.fullmatch(employee) or not LEVEL_ID.fullmatch(level):
        return "员工编号或等级格式不对"
    return ""


# A cohort's rows share their dates, program and cohort: each pair is judged once
# (the ledger at 100,000 certificates is read on every run).
@functools.lru_cache(maxsize=4096)
def _dates_problem(issued_on: str, valid_until: str) -> str:
    try:
        issued = parse_date(issued_on)
        until = parse_date(valid_until)
    except ValueError:
        return "日期应写作 YYYY-MM-DD"
    if len(issued_on) != 10 or len(valid_until) != 10:
        return "日期应写作 YYYY-MM-DD"
    if not in_range(issued) or until < issued:
        return "发证日期超出范围，或有效期早于发证日期"
    return ""


@functools.lru_cache(maxsize=4096)
def _slugs(program: str, cohort: str) -> bool:
    return bool(SLUG.fullmatch(program) and SLUG.fullmatch(cohort))


def render_ledger(rows: list[LedgerRow]) -> str:
    return append_log.render(LEDGER, [r.values() for r in rows])
