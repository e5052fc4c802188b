"""Which planned session a person on the renewal plan or the promotion list can attend.

A renewal session is a session of ``curriculum/plans/`` whose cycle is a renewal cycle
(cycle id ``renewal``, or any session of the cycle names a cohort of kind ``renewal``),
for that cycle's program. A holder can attend the first one after D whose date lies in
the certificate's renewal window (on or after ``window_opens``); when the certificate
expires (``valid_until``) before that session, or no such session is planned, the row
carries a warning (提醒) so that HR plans an extra session or an early renewal.

Promotion: the next session of the promoted program (``HrContext.next_session``); when
the basis certificate expires before that session, the row carries a warning, since the
promotion requires a certificate held on the day.

These are sheet-only columns: the ``--json`` keys of both lists are unchanged.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from academy.core.validate.plans import Session

if TYPE_CHECKING:
    from academy.hr.lists import HrContext

RENEWAL_CYCLE = "renewal"


def renewal_sessions(ctx: HrContext) -> dict[str, list[Session]]:
    """Planned renewal sessions per program, in date order (computed once per run)."""
    if "renewal_sessions" in ctx.memo:
        return ctx.memo["renewal_sessions"]
    kinds = {c.id: c.kind for c in ctx.project.cohorts}
    out: dict[str, list[Session]] = {}
    for plan in ctx.project.plans:
        renewal_cycles = {c.id for c in plan.cycles if c.id == RENEWAL_CYCLE}
        renewal_cycles |= {
            s.cycle.id for s in plan.sessions if s.cohort and kinds.get(s.cohort) == "renewal"
        }
        for session in plan.sessions:
            program = session.cycle.program
            if program and session.cycle.id in renewal_cycles:
                out.setdefault(program, []).extend(session.occurrences())
    for sessions in out.values():
        sessions.sort(key=lambda s: (s.date, s.id))
    ctx.memo["renewal_sessions"] = out
    return out


def next_renewal_session(ctx: HrContext, program: str, window_opens: dt.date) -> Session | None:
    """The first renewal session of ``program`` after D that falls in the renewal window."""
    return next(
        (
            s
            for s in renewal_sessions(ctx).get(program, ())
            if s.date > ctx.as_of and s.date >= window_opens
        ),
        None,
    )


def renewal_warning(session: Session | None, valid_until: dt.date) -> str:
    """提醒 when the certificate expires before the renewal it can attend, else ``""``.

    A certificate is valid through ``valid_until`` (expired only the day after), so a
    session on that very day is still in time."""
    if session is None:
        return f"证书 {valid_until.isoformat()} 到期，计划中没有可参加的复评场次，请增开或提前复评"
    if valid_until < session.date:
        return (
            f"证书 {valid_until.isoformat()} 到期，早于下一次复评 {session.date.isoformat()}"
            "，请增开或提前复评"
        )
    return ""


def promotion_warning(session: Session | None, basis_until: dt.date | None) -> str:
    """提醒 when the basis certificate expires before the next session of the program."""
    if session is None or basis_until is None or basis_until >= session.date:
        return ""
    return (
        f"依据证书 {basis_until.isoformat()} 到期，早于晋升认证 {session.date.isoformat()}"
        "，需先复评"
    )
