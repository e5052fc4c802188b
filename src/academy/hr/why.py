"""``academy why CERT_ID|EMPLOYEE_ID``: how a decision follows from the files, step by step.

One step per line, ``path:line: 说明``: the roster row, the program's rule, the result,
the level, the certificate and its status as of the day, and each HR list it puts the
person on. ``--json`` prints the same steps as objects. Like ``academy export`` this
shows personal data (full names, probation, lists): it goes to the terminal only and
is never written to a file.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from academy.core.certify.issue import Certificate, Result
from academy.core.certify.ledger import CERTIFICATE_RE
from academy.core.certify.timeline import Timeline
from academy.core.grade.totals import round_exact
from academy.core.load.sources import LEDGER_FILE, REVOCATIONS_FILE
from academy.core.model import Program
from academy.core.pipeline import Outcome, run
from academy.core.validate.people import Register
from academy.core.vocabulary import CERT_STATUS_LABELS, EMPLOYEE_ID, RESULT_STATUS_LABELS, Exit
from academy.hr.export import PAY_RISE, PROBATION_EXTENSION, PROMOTION, RETAKE
from academy.hr.lists import HrContext

WHY_LISTS = (PAY_RISE, PROMOTION, PROBATION_EXTENSION, RETAKE)
_EMPLOYEE = EMPLOYEE_ID


@dataclass(frozen=True)
class Step:
    """One step of the reasoning, where it comes from."""

    path: str
    line: int
    kind: str  # roster | rule | result | level | certificate | renewal | revocation | status | list
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.text}"

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "line": self.line, "kind": self.kind, "text": self.text}


def _number(value: Decimal | None, decimals: int | None = None) -> str:
    """A score as shown: rounded half-up to the program's places when given."""
    if value is None:
        return "—"
    if decimals is not None:
        value = round_exact(Fraction(value), decimals) if value >= 0 else value
    return format(value, "f")


def _rule(program: Program) -> Step:
    assert program.doc is not None
    if program.kind == "weighted":
        parts = " + ".join(f"{c.label} {c.weight}%" for c in program.components)
        gates = "、".join(f"{c.label} ≥ {c.pass_mark}" for c in program.components if c.pass_mark)
        text = (
            f"方案 {program.id}（{program.title}）：总分 = {parts}，保留 {program.decimals} 位小数"
        )
        text += f"；合格线：{gates}" if gates else ""
        where: tuple[str | int, ...] = ("scoring", "components")
    else:
        text = f"方案 {program.id}（{program.title}）：扣分制，总分 = 各扣分项得分之和"
        where = ("scoring", "categories")
    return Step(program.path, program.doc.position(where)[0], "rule", text)


def _result_steps(result: Result) -> list[Step]:
    cohort, entry, program, score = result.cohort, result.entry, result.program, result.score
    assert cohort.doc is not None and program.doc is not None
    row = cohort.doc.position(("trainees", entry.index))[0]
    name = f" {entry.name}" if entry.name else ""
    steps = [
        Step(
            cohort.path,
            row,
            "roster",
            f"班次 {cohort.id}（{cohort.title}，考核 {cohort.assessed_on}）的学员 "
            f"{entry.employee_id}{name}",
        ),
        _rule(program),
    ]
    labels = {c.id: c.label for c in program.components}
    places = program.decimals
    detail = "、".join(f"{labels.get(k, k)} {_number(v, places)}" for k, v in score.parts.items())
    status = RESULT_STATUS_LABELS.get(result.status, result.status)
    text = f"结果：总分 {_number(score.total)}" + (f"（{detail}）" if detail else "")
    if score.missing:
        text += "；缺少 " + "、".join(labels.get(m, m) for m in score.missing)
    if score.gates_missed:
        text += "；未达合格线 " + "、".join(labels.get(g, g) for g in score.gates_missed)
    steps.append(Step(cohort.path, row, "result", f"{text} → {status}"))
    if score.level is not None:
        index = next(i for i, lv in enumerate(program.levels) if lv.id == score.level.id)
        line = program.doc.position(("scoring", "levels", index))[0]
        steps.append(
            Step(
                program.path,
                line,
                "level",
                f"等级：{score.level.label}（总分 {_number(score.total)} ≥ "
                f"{_number(score.level.min_total)}）",
            )
        )
    return steps


def _certificate_steps(
    cert: Certificate, outcome: Outcome, as_of: dt.date, ledger: dict[str, int]
) -> list[Step]:
    timeline = Timeline(outcome.results, outcome.certificates)
    rows = {
        r.cohort.id: r
        for r in outcome.results
        if r.cohort.kind == "renewal" and r.certificate == cert.id
    }
    line = ledger.get(cert.id)
    where = (LEDGER_FILE, line) if line else (LEDGER_FILE, 1)
    published = "已记入证书账本" if line else "尚未记入账本（发布后编号以发布为准）"
    steps = [
        Step(
            *where,
            "certificate",
            f"证书 {cert.id}：发证 {cert.issued_on}，有效期至 {cert.valid_until}，{published}",
        )
    ]
    for renewal in cert.renewals:
        label = RESULT_STATUS_LABELS.get(renewal.status, renewal.status)
        result = rows.get(renewal.cohort)
        at = where
        if result is not None and result.cohort.doc is not None:
            at = (
                result.cohort.path,
                result.cohort.doc.position(("trainees", result.entry.index))[0],
            )
        steps.append(
            Step(
                *at,
                "renewal",
                f"复评 {renewal.cohort}（{renewal.assessed_on}）：{label}，有效期 "
                f"{renewal.valid_until_before} → {renewal.valid_until_after}",
            )
        )
    if cert.revocation is not None:
        r = cert.revocation
        doc = outcome.project.revocations_doc
        line = doc.position(("revocations", r.index))[0] if doc is not None else 1
        steps.append(
            Step(REVOCATIONS_FILE, line, "revocation", f"撤销：{r.revoked_on}，原因：{r.reason}")
        )
    on = timeline.cert_on(cert, as_of)
    if on is None:
        text = f"截至 {as_of}：证书尚未颁发（{cert.issued_on} 起生效）"
    else:
        label = CERT_STATUS_LABELS.get(on.status, on.status)
        text = f"截至 {as_of}：{label}，有效期至 {on.valid_until}"
    if cert.superseded_by:
        text += f"（已被 {cert.superseded_by} 取代）"
    steps.append(Step(*where, "status", text))
    return steps


def _list_place(
    outcome: Outcome, list_name: str, row: dict[str, Any], employee: str
) -> tuple[str, int]:
    """Where the rule that puts the person on the list is written."""
    programs = outcome.project.programs
    register = outcome.project.people
    person_at: tuple[str, int] | None = None
    if isinstance(register, Register) and employee in register.places:
        doc, i = register.places[employee]
        key = "probation_until" if list_name == "probation_extension" else "id"
        person_at = (doc.path, doc.position(("people", i, key))[0])
    if list_name == "pay_rise":
        program = programs.get(
            next((c.program for c in outcome.certificates if c.id == row.get("certificate")), "")
        )
        if program is not None and program.doc is not None:
            return program.path, program.doc.position(("pay_rise",))[0]
    if list_name == "promotion":
        program = programs.get(str(row.get("program", "")))
        if program is not None and program.doc is not None:
            return program.path, program.doc.position(("requires",))[0]
    if list_name == "retake":
        attempts = [
            r
            for r in outcome.results
            if r.entry.employee_id == employee
            and r.program.id == row.get("program")
            and r.cohort.kind == "certification"
        ]
        if attempts:
            last = max(attempts, key=lambda r: (r.cohort.assessed_on, r.cohort.id))
            if last.cohort.doc is not None:
                return last.cohort.path, last.cohort.doc.position(("trainees", last.entry.index))[0]
    return person_at or (LEDGER_FILE, 1)


def _shown(outcome: Outcome, row: dict[str, Any], key: str, value: Any) -> str:
    """A list cell as HR reads it: status and level labels instead of their ids."""
    if key == "status":
        return RESULT_STATUS_LABELS.get(value, str(value))
    if key == "level":
        cert = next((c for c in outcome.certificates if c.id == row.get("certificate")), None)
        program = outcome.project.programs.get(cert.program) if cert else None
        level = program.level(value) if program else None
        return level.label if level else str(value)
    return str(value)


def _list_steps(outcome: Outcome, as_of: dt.date, employee: str) -> list[Step]:
    ctx = HrContext(as_of, outcome.project, outcome.results, outcome.known)
    steps = []
    for provider in WHY_LISTS:
        assert provider.to_json is not None
        headers = {c.key: c.header for c in provider.columns}
        for row in provider.to_json(ctx):
            if row.get("employee_id") != employee:
                continue
            detail = "，".join(
                f"{headers.get(k, k)} {_shown(outcome, row, k, v)}"
                for k, v in row.items()
                if k not in ("employee_id", "attempts") and v is not None
            )
            place = _list_place(outcome, provider.name, row, employee)
            steps.append(Step(*place, "list", f"截至 {as_of} 列入{provider.title}：{detail}"))
    return steps


def explain(root: Path, subject: str, as_of: dt.date) -> list[Step] | None:
    """The steps for a certificate id or an employee id; ``None`` if neither is known."""
    outcome = run(root, as_of, write=False)
    ledger = {row.certificate: row.line for row in outcome.ledger if row.line}
    by_id = {c.id: c for c in outcome.certificates}
    if subject in by_id:
        cert = by_id[subject]
        employee = cert.employee_id
        results = [
            r for r in outcome.results if r.certificate == cert.id and r.cohort.id == cert.cohort
        ]
        certs = [cert]
    else:
        employee = subject
        results = [r for r in outcome.results if r.entry.employee_id == subject]
        certs = [c for c in outcome.certificates if c.employee_id == subject]
        if not results and not certs:
            return None
    steps: list[Step] = []
    for result in results:
        steps += _result_steps(result)
        earned = by_id.get(result.certificate or "")
        if earned is not None and result.cohort.kind == "certification" and earned in certs:
            steps += _certificate_steps(earned, outcome, as_of, ledger)
    for cert in certs:
        if not any(r.certificate == cert.id and r.cohort.kind == "certification" for r in results):
            steps += _certificate_steps(cert, outcome, as_of, ledger)  # from the ledger only
    return steps + _list_steps(outcome, as_of, employee)


def why_command(root: Path, subject: str, as_of: dt.date, *, as_json: bool) -> Exit:
    """``academy why``: exit 0, 1 (input problems, raised) or 2 (an unknown id)."""
    if not (CERTIFICATE_RE.fullmatch(subject) or _EMPLOYEE.fullmatch(subject)):
        print(f"academy：用法错误：“{subject}”既不是证书编号也不是员工编号", file=sys.stderr)
        return Exit.USAGE
    steps = explain(root, subject, as_of)
    if steps is None:
        print(f"找不到证书或员工“{subject}”（截至 {as_of}）。", file=sys.stderr)
        return Exit.USAGE
    if as_json:
        document = {
            "subject": subject,
            "as_of": as_of.isoformat(),
            "steps": [s.to_dict() for s in steps],
        }
        json.dump(document, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for step in steps:
            print(step)
    return Exit.OK
