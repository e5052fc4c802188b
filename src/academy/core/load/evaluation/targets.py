"""Quantified training goals (seed 000 培训目标), read from ``evaluation/targets/<id>.yaml``.

A targets file names a plan and its goals: a measure (the post-training feedback on the
5-point scale, or a service metric), and ``at_least`` or ``at_most``. How each group
stands against a goal is ``academy.core.evaluation.targets``'s.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from academy.core.errors import Problem
from academy.core.load.evaluation.metrics import BY_ID
from academy.core.yamlsrc import Document

if TYPE_CHECKING:
    from academy.core.validate.plans import Session

TARGETS_DIR = "evaluation/targets"
FEEDBACK = "feedback"


@dataclass(frozen=True)
class Goal:
    id: str
    label: str
    measure: str  # "feedback" or a metric id
    at_least: Decimal | None
    at_most: Decimal | None
    scale: str  # "5" | "100" | "" (the metric's own)
    cycle: str | None = None

    @property
    def bound(self) -> Decimal:
        value = self.at_least if self.at_least is not None else self.at_most
        assert value is not None
        return value

    @property
    def five_point(self) -> bool:
        """Feedback, and satisfaction unless the goal is written in percent (scale 100)."""
        return self.measure == FEEDBACK or (self.measure == "satisfaction" and self.scale != "100")

    @property
    def percent_satisfaction(self) -> bool:
        return self.measure == "satisfaction" and self.scale == "100"

    @property
    def unit(self) -> str:
        if self.five_point:
            return "分（5 分制）"
        if self.percent_satisfaction:
            return "%"
        return BY_ID[self.measure].unit

    @property
    def wording(self) -> str:
        sign = "≥" if self.at_least is not None else "≤"
        return f"{sign} {format(self.bound.normalize(), 'f')} {self.unit}"


@dataclass(frozen=True)
class Targets:
    id: str
    plan: str
    title: str
    source: str
    goals: tuple[Goal, ...]
    path: str


def read_targets(
    doc: Document, sessions: dict[str, Session] | None
) -> tuple[Targets, list[Problem]]:
    """A schema-valid targets document; unknown plan, cycle or scale reported at the value."""
    data = doc.data
    problems: list[Problem] = []
    if data["targets"] != PurePosixPath(doc.path).stem:
        problems.append(
            doc.problem(("targets",), "E301", f"目标编号“{data['targets']}”与文件名不一致")
        )
    plan = str(data["plan"])
    cycles: set[str] | None = None
    if sessions is not None:
        cycles = {s.cycle.id for s in sessions.values() if s.plan == plan}
        if not any(s.plan == plan for s in sessions.values()):
            problems.append(doc.problem(("plan",), "E360", f"未知的培训计划“{plan}”"))
            cycles = None
    goals: list[Goal] = []
    seen: set[str] = set()
    for i, g in enumerate(data["goals"]):
        gid = str(g["id"])
        if gid in seen:
            problems.append(doc.problem(("goals", i, "id"), "E308", f"编号“{gid}”重复"))
        seen.add(gid)
        measure, scale, cycle = g["measure"], str(g.get("scale", "")), g.get("cycle")
        if cycle is not None and measure != FEEDBACK:
            problems.append(
                doc.problem(
                    ("goals", i, "cycle"), "E360", "只有 measure: feedback 的目标可以指定周期"
                )
            )
        elif cycle is not None and cycles is not None and cycle not in cycles:
            problems.append(
                doc.problem(("goals", i, "cycle"), "E360", f"计划“{plan}”中没有周期“{cycle}”的场次")
            )
        allowed = {"feedback": {"", "5"}, "satisfaction": {"", "5", "100"}}.get(measure, {""})
        if scale not in allowed:
            problems.append(
                doc.problem(("goals", i, "scale"), "E360", f"指标“{measure}”不能用刻度 {scale}")
            )
        low, high = g.get("at_least"), g.get("at_most")
        five = measure == FEEDBACK or (measure == "satisfaction" and scale != "100")
        top = Decimal(5) if five else Decimal(100) if scale == "100" else BY_ID[measure].high
        value = Decimal(str(low if low is not None else high))
        if top is not None and value > top:
            key = "at_least" if low is not None else "at_most"
            problems.append(
                doc.problem(("goals", i, key), "E360", f"目标值 {value} 超出刻度上限 {top}")
            )
        goals.append(
            Goal(
                gid,
                str(g["label"]),
                measure,
                Decimal(str(low)) if low is not None else None,
                Decimal(str(high)) if high is not None else None,
                scale,
                cycle,
            )
        )
    targets = Targets(
        str(data["targets"]),
        plan,
        str(data.get("title", "")),
        str(data.get("source", "")),
        tuple(goals),
        doc.path,
    )
    return targets, problems
