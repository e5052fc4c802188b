"""What a change to the repository does: two graded outcomes compared, as small typed objects.

``compare(base, head, as_of)`` is pure; ``academy ci summary`` renders its result.
``base`` is ``None`` when the base revision could not be graded (then everything
in ``head`` counts as new).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Literal

from academy.core.certify.issue import Certificate, Renewal, Result

from ..core.model import Cohort, Module, Program
from ..core.pipeline import Outcome

CohortChangeKind = Literal["added", "changed", "regraded", "removed"]
ModuleChangeKind = Literal["added", "removed", "version", "unversioned"]
ResultKey = tuple[str, str]  # (cohort id, employee id)


@dataclass(frozen=True)
class Mark:
    """The part of a result that a trainer cares about when it changes."""

    status: str
    total: Decimal | None
    level: str | None
    certificate: str | None

    @classmethod
    def of(cls, result: Result) -> Mark:
        level = result.score.level.id if result.score.level else None
        return cls(result.status, result.score.total, level, result.certificate)


@dataclass(frozen=True)
class ResultChange:
    employee_id: str
    name: str
    before: Mark | None  # None: the trainee was not in the roster
    after: Mark | None  # None: the trainee was removed


@dataclass(frozen=True)
class CohortChange:
    cohort: Cohort  # as at head (as at base when removed)
    kind: CohortChangeKind
    counts: dict[str, int]  # result status → trainees, at head
    results: tuple[ResultChange, ...] = ()  # per-trainee changes of a changed cohort


@dataclass(frozen=True)
class ProgramChange:
    program: Program
    kind: Literal["added", "changed", "removed"]


@dataclass(frozen=True)
class RenewalChange:
    certificate: Certificate
    renewal: Renewal


@dataclass(frozen=True)
class StatusChange:
    certificate: Certificate
    before: str
    after: str


@dataclass(frozen=True)
class ModuleChange:
    module: Module  # as at head (as at base when removed)
    kind: ModuleChangeKind
    before: str | None = None  # the version at base
    after: str | None = None  # the version at head


@dataclass
class Changes:
    as_of: dt.date
    cohorts: list[CohortChange] = field(default_factory=list)
    programs: list[ProgramChange] = field(default_factory=list)
    issued: list[Certificate] = field(default_factory=list)
    vanished: list[Certificate] = field(default_factory=list)
    renewals: list[RenewalChange] = field(default_factory=list)
    revoked: list[Certificate] = field(default_factory=list)
    statuses: list[StatusChange] = field(default_factory=list)
    modules: list[ModuleChange] = field(default_factory=list)

    def empty(self) -> bool:
        return not (
            self.cohorts
            or self.programs
            or self.issued
            or self.vanished
            or self.renewals
            or self.revoked
            or self.statuses
            or self.modules
        )


def compare(base: Outcome | None, head: Outcome, as_of: dt.date) -> Changes:
    """Everything ``head`` changes relative to ``base``, each list in a stable order."""
    changes = Changes(as_of)
    changes.cohorts = _cohorts(base, head)
    changes.programs = _programs(base, head)
    _certificates(base, head, as_of, changes)
    changes.modules = _modules(base, head)
    return changes


def _results_by_cohort(outcome: Outcome | None) -> dict[str, dict[str, Result]]:
    grouped: dict[str, dict[str, Result]] = {}
    for result in outcome.results if outcome else []:
        grouped.setdefault(result.cohort.id, {})[result.entry.employee_id] = result
    return grouped


def _cohorts(base: Outcome | None, head: Outcome) -> list[CohortChange]:
    before = {c.id: c for c in base.project.cohorts} if base else {}
    after = {c.id: c for c in head.project.cohorts}
    old_results, new_results = _results_by_cohort(base), _results_by_cohort(head)
    found: list[CohortChange] = []
    for cohort_id in sorted(after.keys() | before.keys()):
        old, new = old_results.get(cohort_id, {}), new_results.get(cohort_id, {})
        counts: dict[str, int] = dict(Counter[str](r.status for r in new.values()))
        if cohort_id not in before:
            found.append(CohortChange(after[cohort_id], "added", counts))
            continue
        if cohort_id not in after:
            found.append(CohortChange(before[cohort_id], "removed", {}))
            continue
        diffs = _result_changes(old, new)
        if before[cohort_id] != after[cohort_id]:
            found.append(CohortChange(after[cohort_id], "changed", counts, diffs))
        elif diffs:
            found.append(CohortChange(after[cohort_id], "regraded", counts, diffs))
    return found


def _result_changes(old: dict[str, Result], new: dict[str, Result]) -> tuple[ResultChange, ...]:
    changes: list[ResultChange] = []
    order = [*new, *(e for e in old if e not in new)]  # roster order, removed trainees last
    for employee in order:
        was, now = old.get(employee), new.get(employee)
        before = Mark.of(was) if was else None
        after = Mark.of(now) if now else None
        if before != after:
            name = (now or was).entry.name  # type: ignore[union-attr]
            changes.append(ResultChange(employee, name, before, after))
    return tuple(changes)


def _programs(base: Outcome | None, head: Outcome) -> list[ProgramChange]:
    before = base.project.programs if base else {}
    after = head.project.programs
    found: list[ProgramChange] = []
    for program_id in sorted(after.keys() | before.keys()):
        if program_id not in before:
            found.append(ProgramChange(after[program_id], "added"))
        elif program_id not in after:
            found.append(ProgramChange(before[program_id], "removed"))
        elif before[program_id] != after[program_id]:
            found.append(ProgramChange(after[program_id], "changed"))
    return found


def _certificates(base: Outcome | None, head: Outcome, as_of: dt.date, changes: Changes) -> None:
    old_certs = base.certificates if base else []
    old_keys = {(c.cohort, c.employee_id) for c in old_certs}
    new_keys = {(c.cohort, c.employee_id) for c in head.certificates}
    old_by_id = {c.id: c for c in old_certs}
    changes.issued = [c for c in head.certificates if (c.cohort, c.employee_id) not in old_keys]
    changes.vanished = [c for c in old_certs if (c.cohort, c.employee_id) not in new_keys]
    for cert in sorted(head.certificates, key=lambda c: c.id):
        old = old_by_id.get(cert.id)
        seen = {(r.cohort, r.status) for r in old.renewals} if old else set()
        changes.renewals.extend(
            RenewalChange(cert, r) for r in cert.renewals if (r.cohort, r.status) not in seen
        )
        if cert.revocation is not None and (old is None or _revoked(old) != _revoked(cert)):
            changes.revoked.append(cert)
        if old is not None and old.status(as_of) != cert.status(as_of):
            changes.statuses.append(StatusChange(cert, old.status(as_of), cert.status(as_of)))
    changes.issued.sort(key=lambda c: c.id)
    changes.vanished.sort(key=lambda c: c.id)


def _revoked(cert: Certificate) -> tuple[dt.date, str] | None:
    r = cert.revocation
    return None if r is None else (r.revoked_on, r.reason)


def _content(module: Module) -> Module:
    """The module with what a version bump records blanked out."""
    return replace(module, version="", changelog=(), path="")


def _modules(base: Outcome | None, head: Outcome) -> list[ModuleChange]:
    before = base.project.modules if base else {}
    after = head.project.modules
    found: list[ModuleChange] = []
    for module_id in sorted(after.keys() | before.keys()):
        old, new = before.get(module_id), after.get(module_id)
        if old is None and new is not None:
            found.append(ModuleChange(new, "added", None, new.version))
        elif new is None and old is not None:
            found.append(ModuleChange(old, "removed", old.version, None))
        elif old is not None and new is not None:
            if old.version != new.version:
                found.append(ModuleChange(new, "version", old.version, new.version))
            elif _content(old) != _content(new) and old.changelog == new.changelog:
                found.append(ModuleChange(new, "unversioned", old.version, new.version))
    return found
