"""The HR lists of docs/guide/people.md, as of a date D, with the time rules of §9.

Each ``*_rows`` function is pure and returns plain dict rows: the keys the
``academy export --json`` contract prints, first and in its order, then extra keys
that only the spreadsheets show (name, department, next planned session). The
export registry (``export.py``) decides which keys go where.

"Holds" means a certificate whose status on the day is ``active`` or
``renewal_due``; people with ``left_on`` < D appear in no list but the
certificate record and the transcript.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

from academy.core.certify.issue import Certificate, Result
from academy.core.certify.timeline import CertOn, Timeline, View, cert_key
from academy.core.dates import add_months
from academy.core.model import Program, Project
from academy.core.validate.people import Register
from academy.core.validate.plans import Plan, Session
from academy.core.vocabulary import ResultStatus
from academy.hr.sessions import next_renewal_session, promotion_warning, renewal_warning

Row = dict[str, Any]
FAILED_OR_INCOMPLETE = (ResultStatus.FAILED, ResultStatus.INCOMPLETE)
PLAN_AHEAD_MONTHS = 3  # renewal_plan: windows opening up to D + 3 calendar months


def month_end(day: dt.date) -> dt.date:
    return add_months(day.replace(day=1), 1) - dt.timedelta(days=1)


def number(value: Decimal | int | None) -> float | int | None:
    """A total or percent for JSON: an int stays an int, a Decimal becomes a float."""
    if value is None or isinstance(value, int):
        return value
    return float(value)


@dataclass
class HrContext:
    """What every list is computed from: the graded project, the register and the day."""

    as_of: dt.date
    project: Project
    results: list[Result]
    certificates: list[Certificate]
    memo: dict[Any, Any] = field(default_factory=dict)  # lists computed once per run

    @cached_property
    def register(self) -> Register:
        register = self.project.people
        return register if isinstance(register, Register) else Register()

    @cached_property
    def timeline(self) -> Timeline:
        return Timeline(self.results, self.certificates)

    @cached_property
    def view(self) -> View:
        return self.timeline.on(self.as_of)

    @property
    def programs(self) -> dict[str, Program]:
        return self.project.programs

    # --- people ---------------------------------------------------------

    def gone(self, employee: str, day: dt.date) -> bool:
        """Left before ``day``: in no list but the record and the transcript (the
        register's rule, ``Register.gone``)."""
        return self.register.gone(employee, day)

    def regular(self, employee: str) -> bool:
        """Only regular staff get pay rises and promotions (no register: everyone counts)."""
        person = self.register.get(employee)
        if person is None:
            return not self.register.present
        return person.employment == "regular"

    def on_probation(self, employee: str, day: dt.date) -> bool:
        person = self.register.get(employee)
        return person is not None and person.on_probation(day)

    def promotable(self) -> list[str]:
        """Regular staff, not gone and not on probation on D (computed once)."""
        if "promotable" not in self.memo:
            day = self.as_of
            self.memo["promotable"] = [
                e
                for e in self.everyone()
                if self.regular(e) and not self.gone(e, day) and not self.on_probation(e, day)
            ]
        return self.memo["promotable"]

    def everyone(self) -> list[str]:
        """Everyone the lists may name: the register, and anyone with a result."""
        ids = set(self.register.people)
        ids.update(r.entry.employee_id for r in self.results)
        return sorted(ids)

    def name(self, employee: str) -> str:
        person = self.register.get(employee)
        if person is not None:
            return person.name
        return self._roster_names.get(employee, "")

    def department(self, employee: str) -> str:
        person = self.register.get(employee)
        return person.department if person is not None else ""

    def person(self, employee: str) -> dict[str, str]:
        """The three columns that open every list of people (EMPLOYEE, NAME, DEPARTMENT
        of ``listfiles``): 员工编号, 姓名, 部门 as the register has them today."""
        return {
            "employee_id": employee,
            "name": self.name(employee),
            "department": self.department(employee),
        }

    @cached_property
    def _roster_names(self) -> dict[str, str]:
        return {r.entry.employee_id: r.entry.name for r in self.results}

    # --- plans ----------------------------------------------------------

    @cached_property
    def _sessions(self) -> dict[str, list[Session]]:
        """Planned certification sessions per program, in date order (renewal cycles left out)."""
        kinds = {c.id: c.kind for c in self.project.cohorts}
        plans: list[Plan] = self.project.plans
        out: dict[str, list[Session]] = {}
        for plan in plans:
            renewal_cycles = {c.id for c in plan.cycles if c.id == "renewal"}
            renewal_cycles |= {
                s.cycle.id for s in plan.sessions if s.cohort and kinds.get(s.cohort) == "renewal"
            }
            for session in plan.sessions:
                program = session.cycle.program
                if program and session.cycle.id not in renewal_cycles:
                    out.setdefault(program, []).append(session)
        for sessions in out.values():
            sessions.sort(key=lambda s: (s.date, s.id))
        return out

    def next_session(self, program: str) -> Session | None:
        """The first planned session of ``program`` after D."""
        return next((s for s in self._sessions.get(program, ()) if s.date > self.as_of), None)


# --- 7.3.1 pay rise -------------------------------------------------------------


def pay_rise_on(ctx: HrContext, view: View) -> list[Row]:
    """Who gets a pay rise on ``view.day``: the highest percent, then the lower certificate id."""
    cached = ctx.memo.get(("pay_rise", view.day))
    if cached is not None:
        return cached
    rows: list[Row] = []
    for employee, held in view.held.items():
        if ctx.gone(employee, view.day) or not ctx.regular(employee):
            continue
        best: tuple[tuple[Decimal, tuple[str, int, int]], CertOn, Decimal | int] | None = None
        for c in held:
            program = ctx.programs.get(c.cert.program)
            percent = program.pay_rise.get(c.level) if program else None
            if percent is None:
                continue
            key = (-Decimal(percent), cert_key(c.cert.id))
            if best is None or key < best[0]:
                best = (key, c, percent)
        if best is None:
            continue
        _, c, percent = best
        rows.append(
            {
                **ctx.person(employee),
                "certificate": c.cert.id,
                "level": c.level,
                "percent": number(percent),
                "since": c.since,
                "program": c.cert.program,
            }
        )
    rows.sort(key=lambda r: r["employee_id"])
    ctx.memo[("pay_rise", view.day)] = rows
    return rows


def pay_rise_rows(ctx: HrContext) -> list[Row]:
    return pay_rise_on(ctx, ctx.view)


@dataclass(frozen=True)
class PayRiseChanges:
    month: str
    starts: list[str]
    ends: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {"month": self.month, "starts": self.starts, "ends": self.ends}


def pay_rise_changes(ctx: HrContext) -> PayRiseChanges:
    """The list at the end of D's month against the list at the end of the month before."""
    end = month_end(ctx.as_of)
    before = ctx.as_of.replace(day=1) - dt.timedelta(days=1)
    now = {r["employee_id"] for r in pay_rise_on(ctx, ctx.timeline.on(end))}
    then = {r["employee_id"] for r in pay_rise_on(ctx, ctx.timeline.on(before))}
    return PayRiseChanges(f"{ctx.as_of:%Y-%m}", sorted(now - then), sorted(then - now))


def pay_rise_change_rows(ctx: HrContext) -> list[Row]:
    """The changes as sheet rows: one per person, 开始 or 停止."""
    changes = pay_rise_changes(ctx)
    end = month_end(ctx.as_of)
    before = ctx.as_of.replace(day=1) - dt.timedelta(days=1)
    detail = {r["employee_id"]: r for r in pay_rise_on(ctx, ctx.timeline.on(end))}
    old = {r["employee_id"]: r for r in pay_rise_on(ctx, ctx.timeline.on(before))}
    rows = []
    for change, ids, source in (("开始", changes.starts, detail), ("停止", changes.ends, old)):
        for employee in ids:
            r = source[employee]
            rows.append(
                {
                    "month": changes.month,
                    "change": change,
                    **ctx.person(employee),
                    "certificate": r["certificate"],
                    "level": r["level"],
                    "percent": r["percent"],
                }
            )
    rows.sort(key=lambda r: (r["employee_id"], r["change"]))
    return rows


# --- 7.3.2 promotion ----------------------------------------------------------


def promotion_rows(ctx: HrContext) -> list[Row]:
    """Per program with ``requires``: regular staff off probation who meet it, not holding it."""
    view = ctx.view
    rows: list[Row] = []
    for program in sorted(ctx.programs.values(), key=lambda p: p.id):
        req = program.requires
        if req is None:
            continue
        rank: dict[str, int] = {}
        limit = 0
        if req.program is not None:
            base = ctx.programs.get(req.program)
            if base is None:
                continue
            rank = {lv.id: i for i, lv in enumerate(base.levels)}
            limit = rank.get(req.min_level, len(rank)) if req.min_level else len(rank)
        for employee in ctx.promotable():
            if view.holds(employee, program.id):
                continue
            if req.positions:
                person = ctx.register.get(employee)
                if person is None or person.position not in req.positions:
                    continue
            basis: CertOn | None = None
            if req.program is not None:
                found = [
                    c for c in view.holds(employee, req.program) if rank.get(c.level, 99) <= limit
                ]
                if not found:
                    continue
                basis = found[0]
            rows.append(
                {
                    "employee_id": employee,
                    "program": program.id,
                    "basis": basis.cert.id if basis else None,
                    "name": ctx.name(employee),
                    "department": ctx.department(employee),
                    "basis_level": basis.level if basis else None,
                    "next_session": ctx.next_session(program.id),
                }
            )
            rows[-1]["warning"] = promotion_warning(
                rows[-1]["next_session"], basis.valid_until if basis else None
            )
    rows.sort(key=lambda r: (r["employee_id"], r["program"]))
    return rows


# --- 7.3.3 probation extension and 7.3.4 retake -------------------------------


def _open_attempts(ctx: HrContext) -> list[tuple[str, str, list[Result]]]:
    """(employee, program, attempts) whose latest attempt failed or is incomplete, and who
    holds no certificate of that program; leavers left out."""
    if "open_attempts" in ctx.memo:
        return ctx.memo["open_attempts"]
    out = []
    for (employee, program), attempts in ctx.view.attempts().items():
        if ctx.gone(employee, ctx.as_of):
            continue
        if attempts[-1].status not in FAILED_OR_INCOMPLETE:
            continue
        if ctx.view.holds(employee, program):
            continue
        out.append((employee, program, attempts))
    out.sort(key=lambda t: (t[0], t[1]))
    ctx.memo["open_attempts"] = out
    return out


def probation_extension_rows(ctx: HrContext) -> list[Row]:
    rows: list[Row] = []
    for employee, program, attempts in _open_attempts(ctx):
        if not ctx.on_probation(employee, ctx.as_of):
            continue
        latest = attempts[-1]
        person = ctx.register.get(employee)
        assert person is not None and person.probation_until is not None
        rows.append(
            {
                "employee_id": employee,
                "program": program,
                "cohort": latest.cohort.id,
                "status": latest.status,
                "probation_until": person.probation_until,
                "name": person.name,
                "department": person.department,
                "total": number(latest.score.total),
                "next_session": ctx.next_session(program),
            }
        )
    return rows


def attempt_dict(result: Result) -> Row:
    return {
        "cohort": result.cohort.id,
        "assessed_on": result.cohort.assessed_on,
        "status": result.status,
        "total": number(result.score.total),
    }


def retake_rows(ctx: HrContext) -> list[Row]:
    return [
        {
            "employee_id": employee,
            "program": program,
            "attempts": [attempt_dict(r) for r in attempts],
            "name": ctx.name(employee),
            "department": ctx.department(employee),
            "next_session": ctx.next_session(program),
        }
        for employee, program, attempts in _open_attempts(ctx)
    ]


# --- 7.3.5 renewal plan --------------------------------------------------------


def renewal_plan_rows(ctx: HrContext) -> list[Row]:
    """Held certificates whose renewal window opens on or before D + 3 months."""
    horizon = add_months(ctx.as_of, PLAN_AHEAD_MONTHS)
    rows: list[Row] = []
    for c in ctx.view.held_certificates():
        if c.cert.renewal_window_months <= 0:
            continue
        if ctx.gone(c.cert.employee_id, ctx.as_of):
            continue
        opens = c.window_opens
        if opens > horizon:
            continue
        rows.append(
            {
                "certificate": c.cert.id,
                "employee_id": c.cert.employee_id,
                "window_opens": opens,
                "valid_until": c.valid_until,
                "name": ctx.name(c.cert.employee_id),
                "department": ctx.department(c.cert.employee_id),
                "program": c.cert.program,
                "level": c.level,
                "month": f"{opens:%Y-%m}" if opens > ctx.as_of else f"{ctx.as_of:%Y-%m}",
            }
        )
        session = next_renewal_session(ctx, c.cert.program, opens)
        rows[-1]["next_session"] = session
        rows[-1]["warning"] = renewal_warning(session, c.valid_until)
    rows.sort(key=lambda r: (r["window_opens"], cert_key(r["certificate"])))
    return rows


# --- 7.3.6 certificate record and 7.3.7 transcript -----------------------------


def certificate_record_rows(ctx: HrContext) -> list[Row]:
    """模板5: every certificate issued by D, its status on D and its renewals."""
    rows: list[Row] = []
    for c in sorted(ctx.view.certificates, key=lambda c: cert_key(c.cert.id)):
        renewals = [
            {
                "cohort": r.cohort,
                "assessed_on": r.assessed_on,
                "result": r.status,
                "total": number(r.total),
                "level": r.level,
            }
            for r in sorted(c.cert.renewals, key=lambda r: (r.assessed_on, r.cohort))
            if r.assessed_on <= ctx.as_of
        ]
        rows.append(
            {
                "certificate": c.cert.id,
                "employee_id": c.cert.employee_id,
                "name": ctx.name(c.cert.employee_id),
                "department": c.cert.department,
                "program": c.cert.program,
                "level": c.level,
                "issued_on": c.cert.issued_on,
                "valid_until": c.valid_until,
                "status": c.status,
                "renewals": renewals,
            }
        )
    return rows


def transcript_rows(ctx: HrContext) -> list[Row]:
    """Per person, every result assessed by D, oldest first."""
    rows = [
        {
            "employee_id": r.entry.employee_id,
            "name": ctx.name(r.entry.employee_id),
            "cohort": r.cohort.id,
            "program": r.program.id,
            "kind": r.cohort.kind,
            "assessed_on": r.cohort.assessed_on,
            "total": number(r.score.total),
            "level": r.score.level.id if r.score.level else None,
            "status": r.status,
            "certificate": r.certificate,
        }
        for r in ctx.view.results
    ]
    rows.sort(key=lambda r: (r["employee_id"], r["assessed_on"], r["cohort"]))
    return rows
