"""``academy ci ledger-guard``: published certificates never change number, holder or vanish.

The guard compares ``rosters/ledger.csv`` in the working tree with the same file
at a base revision, using the csv module only. It deliberately imports nothing
from the grading code (ledger, certs, pipeline), so a bug there cannot also blind
the check that is meant to catch it. The only legal change is appending rows.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from academy.core.vocabulary import Exit

from .append_only import Guarded, read_head, records
from .findings import LEDGER, Finding
from .git import GitError, read_at, resolve
from .github import in_actions
from .renewals_guard import RENEWALS, guard_renewals

IDENTITY = ("certificate", "employee_id", "program", "cohort", "issued_on")
LOG = Guarded(LEDGER, "证书账本", "G107")


# Codes and titles, documented in docs/guide/pull-request.md (a test checks it).
@dataclass(frozen=True)
class Row:
    line: int
    fields: dict[str, str]

    @property
    def id(self) -> str:
        return self.fields["certificate"]

    @property
    def key(self) -> tuple[str, str]:
        return self.fields["cohort"], self.fields["employee_id"]

    def who(self) -> str:
        return f"员工 {self.fields['employee_id']}，班次 {self.fields['cohort']}"


@dataclass
class Table:
    header: tuple[str, ...]
    rows: list[Row]


def parse(data: bytes | None, label: str, findings: list[Finding]) -> Table:
    """Rows of a ledger's bytes (``None``: the file does not exist, so no rows)."""
    header: tuple[str, ...] = ()
    rows: list[Row] = []
    for line, record in records(LOG, data, label, findings):
        if not header:
            header = record
            missing = [c for c in IDENTITY if c not in header]
            if missing:
                msg = f"{label}的证书账本表头缺少列：{','.join(missing)}"
                findings.append(Finding(line, "G107", msg))
                return Table(header, [])
            continue
        if not record:
            continue
        if len(record) != len(header):
            msg = f"{label}的证书账本这一行有 {len(record)} 列，表头有 {len(header)} 列"
            findings.append(Finding(line, "G107", msg))
            continue
        rows.append(Row(line, dict(zip(header, record, strict=True))))
    return Table(header, rows)


def compare(base: Table, head: Table) -> list[Finding]:
    """Every way ``head`` departs from "``base`` plus rows appended at the end"."""
    findings: list[Finding] = []
    if base.header and head.header and base.header != head.header:
        findings.append(Finding(1, "G107", "证书账本的表头被修改了"))
    head_by_id: dict[str, Row] = {}
    head_by_key: dict[tuple[str, str], Row] = {}
    for row in head.rows:
        if row.id in head_by_id:
            first = head_by_id[row.id]
            msg = f"证书编号 {row.id} 出现了两次（另一次在第 {first.line} 行）"
            findings.append(Finding(row.line, "G106", msg))
            continue
        if row.key in head_by_key:
            first = head_by_key[row.key]
            msg = f"{row.who()} 已有证书 {first.id}（第 {first.line} 行），不能再记一张 {row.id}"
            findings.append(Finding(row.line, "G106", msg))
        head_by_id[row.id] = row
        head_by_key.setdefault(row.key, row)

    kept: list[tuple[Row, Row]] = []  # (base row, the same certificate at head)
    renumbered: set[str] = set()  # head ids that carry an old award under a new number
    last_line = head.rows[-1].line if head.rows else 1
    base_ids = {r.id for r in base.rows}
    for old in base.rows:
        new = head_by_id.get(old.id)
        if new is None:
            moved = head_by_key.get(old.key)
            if moved is not None and moved.id not in base_ids:
                renumbered.add(moved.id)
                msg = f"已发布的证书 {old.id}（{old.who()}）的编号被改成了 {moved.id}"
                findings.append(Finding(moved.line, "G102", msg))
            else:
                msg = (
                    f"已发布的证书 {old.id}（{old.who()}）"
                    f"从账本中消失了（基准版本第 {old.line} 行）"
                )
                findings.append(Finding(min(old.line, last_line), "G101", msg))
            continue
        kept.append((old, new))
        findings.extend(_changed_fields(old, new))

    findings.extend(_order(base, head, kept, renumbered))
    return sorted(set(findings))


def _changed_fields(old: Row, new: Row) -> list[Finding]:
    if old.fields["employee_id"] != new.fields["employee_id"]:
        msg = (
            f"已发布的证书 {old.id} 的持有人从 {old.fields['employee_id']} "
            f"改成了 {new.fields['employee_id']}"
        )
        return [Finding(new.line, "G103", msg)]
    changes = [
        f"{column} 从“{old.fields[column]}”改成了“{new.fields.get(column, '')}”"
        for column in old.fields
        if column != "certificate" and old.fields[column] != new.fields.get(column)
    ]
    if not changes:
        return []
    return [Finding(new.line, "G104", f"已发布的证书 {old.id} 的记录被修改：{';'.join(changes)}")]


def _order(
    base: Table, head: Table, kept: list[tuple[Row, Row]], renumbered: set[str]
) -> list[Finding]:
    """Existing rows keep their order, and new rows come after all of them."""
    findings: list[Finding] = []
    furthest: Row | None = None  # the existing row met furthest down the file so far
    for _, new in kept:
        if furthest is not None and new.line < furthest.line:
            msg = f"证书 {new.id} 被移到了 {furthest.id} 之前；账本的行不能调换顺序"
            findings.append(Finding(new.line, "G105", msg))
        elif furthest is None or new.line > furthest.line:
            furthest = new
    if not kept:
        return findings
    last_kept = max(new.line for _, new in kept)
    base_ids = {r.id for r in base.rows}
    for row in head.rows:
        if row.line < last_kept and row.id not in base_ids and row.id not in renumbered:
            msg = f"新证书 {row.id} 插在了已发布的证书之间；新证书只能追加在账本末尾"
            findings.append(Finding(row.line, "G105", msg))
    return findings


def guard(root: Path, base_ref: str) -> tuple[list[Finding], int, int]:
    """Findings, the base's row count and the number of appended rows."""
    commit = resolve(root, base_ref)
    findings: list[Finding] = []
    base = parse(read_at(root, commit, LEDGER), "基准版本", findings)
    head = parse(read_head(LOG, root, findings), "本次修改后", findings)
    findings.extend(compare(base, head))
    renewal_findings, _, _ = guard_renewals(root, read_at(root, commit, RENEWALS))
    findings.extend(renewal_findings)
    from .printcodes_guard import PRINT_CODES, guard_print_codes

    findings.extend(guard_print_codes(root, read_at(root, commit, PRINT_CODES)))
    return sorted(set(findings)), len(base.rows), len(head.rows) - len(base.rows)


def run_guard(*, root: Path, base: str, github: bool) -> Exit:
    try:
        findings, kept, added = guard(root, base)
    except GitError as err:
        print(f"academy:{err}", file=sys.stderr)
        return Exit.USAGE
    if not findings:
        print(
            f"证书账本检查通过：基准版本的 {kept} 张证书原样保留，末尾新增 {max(added, 0)} 张。",
            file=sys.stderr,
        )
        return Exit.OK
    github = github or in_actions()
    for finding in findings:
        print(finding, file=sys.stderr)
        if github:
            print(finding.annotation())
    print(
        f"证书账本检查未通过：发现 {len(findings)} 个问题。已发布的证书只能追加，"
        "不能改号、删除或改换持有人；要作废证书请在 rosters/revocations.yaml 中撤销。",
        file=sys.stderr,
    )
    return Exit.INPUT
