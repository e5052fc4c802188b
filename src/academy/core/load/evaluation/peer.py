"""Peer ratings (seed 002 团队成员互相评价), read from ``evaluation/peer/<cohort>.yaml``.

One file per cohort: for each trainee rated, the scores colleagues gave (0–100, who gave
them is not written). The peer mean enters the total only when the cohort's program sets
``scoring.peer`` (``academy.core.grade.monthly_sources.with_peer``); with fewer scores
than its ``min_raters`` a trainee counts as not rated. Problems are E550 at the value.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from academy.core.errors import Problem
from academy.core.yamlsrc import Document

if TYPE_CHECKING:
    from academy.core.model import Cohort, Program

PEER_DIR = "evaluation/peer"


@dataclass(frozen=True)
class PeerRatings:
    cohort: str
    scores: dict[str, tuple[Decimal, ...]]  # employee id → the colleagues' scores
    path: str

    def mean(self, employee: str, min_raters: int) -> Decimal | None:
        """The exact mean of ``employee``'s scores; None with fewer than ``min_raters``."""
        given = self.scores.get(employee, ())
        if len(given) < max(min_raters, 1):
            return None
        return sum(given, Decimal(0)) / len(given)


def read_peer(
    doc: Document,
    cohorts: Mapping[str, Cohort] | None,
    programs: Mapping[str, Program | None] | None,
) -> tuple[PeerRatings, list[Problem]]:
    """A schema-valid peer file; a cohort unknown or without a peer source, a trainee not
    in its roster or rated twice is E550 at the value."""
    data = doc.data
    problems: list[Problem] = []
    cid = str(data["cohort"])
    if cid != PurePosixPath(doc.path).stem:
        problems.append(doc.problem(("cohort",), "E550", f"班次编号“{cid}”与文件名不一致"))
    cohort = (cohorts or {}).get(cid)
    trainees: set[str] | None = None
    if cohorts is not None and cohort is None:
        problems.append(doc.problem(("cohort",), "E550", f"未知的班次“{cid}”"))
    elif cohort is not None:
        trainees = {e.employee_id for e in cohort.entries}
        program = (programs or {}).get(cohort.program)
        if programs is not None and (program is None or not program.peer_weight):
            problems.append(
                doc.problem(
                    ("cohort",), "E550", f"方案“{cohort.program}”没有设置互评（scoring.peer）"
                )
            )
    scores: dict[str, tuple[Decimal, ...]] = {}
    for i, rating in enumerate(data["ratings"]):
        emp = str(rating["employee"])
        where = ("ratings", i, "employee")
        if emp in scores:
            problems.append(doc.problem(where, "E550", f"员工 {emp} 已被评价过（只写一次）"))
            continue
        if trainees is not None and emp not in trainees:
            problems.append(doc.problem(where, "E550", f"员工 {emp} 不在班次“{cid}”的名册中"))
        scores[emp] = tuple(Decimal(str(s)) for s in rating["scores"])
    return PeerRatings(cid, scores, doc.path), problems
