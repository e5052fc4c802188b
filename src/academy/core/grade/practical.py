"""Practical exam scenarios with scoring sheets, and judges' per-criterion scores in rosters.

A scenario (``curriculum/practical/<id>.yaml``) is published before the exam (seed 000:
实操评分标准需提前公示). In a roster, ``practical: {scenario: <id>, judges: [{criterion:
points, …}, …]}`` gives each judge's sheet; the component score is the mean over the
judges of the points on the sheet, × 100 / the sheet's total, exact.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import PurePosixPath
from typing import Any

from academy.core.errors import Problem
from academy.core.grade.exam_scoring import RationalScore
from academy.core.load import schema
from academy.core.yamlsrc import Document

PRACTICAL_DIR = "curriculum/practical"
KIND_LABELS = {
    "consultation": "咨询",
    "complaint": "投诉",
    "suggestion": "建议",
    "emotional": "情绪激动的客户",
    "system-failure": "系统故障",
}


@dataclass(frozen=True)
class Criterion:
    id: str
    label: str
    points: Decimal
    earns: str


@dataclass(frozen=True)
class Line:
    stage: str
    customer: str
    note: str = ""


@dataclass(frozen=True)
class Scenario:
    id: str
    title: str
    kind: str
    modules: tuple[str, ...]
    minutes: int | None
    background: str
    customer_role: str
    script: tuple[Line, ...]
    criteria: tuple[Criterion, ...]
    path: str

    @property
    def total(self) -> Decimal:
        return sum((c.points for c in self.criteria), Decimal(0))

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


@dataclass(frozen=True)
class PracticalScore(RationalScore):
    """One trainee's practical: each judge's sheet, criterion id → points."""

    scenario: Scenario
    judges: tuple[dict[str, Decimal], ...]

    def sheet_total(self, judge: int) -> Fraction:
        return sum((Fraction(v) for v in self.judges[judge].values()), Fraction(0))

    @property
    def score(self) -> Fraction:
        if not self.judges:
            return Fraction(0)
        mean = sum((self.sheet_total(j) for j in range(len(self.judges))), Fraction(0))
        mean /= len(self.judges)
        return 100 * mean / Fraction(self.scenario.total)


def validate_scenarios(
    docs: list[Document], modules: set[str] | None, problems: list[Problem]
) -> tuple[dict[str, Scenario], set[str]]:
    """Valid scenarios by id, and the ids of scenario files that have problems."""
    scenarios: dict[str, Scenario] = {}
    broken: set[str] = set()
    for doc in docs:
        stem = PurePosixPath(doc.path).stem
        found = schema.check("practical", doc)
        if found or doc.has_problems:
            problems.extend(found)
            broken.add(stem)
            continue
        data: dict[str, Any] = doc.data
        before = len(problems)
        if data["id"] != stem:
            problems.append(doc.problem(("id",), "E301", f"情景编号“{data['id']}”与文件名不一致"))
        for i, module in enumerate(data.get("modules", [])):
            if modules is not None and module not in modules:
                problems.append(doc.problem(("modules", i), "E303", f"未知的课程模块“{module}”"))
        seen: set[str] = set()
        for i, c in enumerate(data["criteria"]):
            if c["id"] in seen:
                problems.append(
                    doc.problem(("criteria", i, "id"), "E308", f"评分项编号“{c['id']}”重复")
                )
            seen.add(c["id"])
        criteria = tuple(
            Criterion(c["id"], c["label"], Decimal(c["points"]), c["earns"])
            for c in data["criteria"]
        )
        total = sum((c.points for c in criteria), Decimal(0))
        if total != 100:
            problems.append(
                doc.problem(("criteria",), "E615", f"评分项分值之和为 {total}，应为 100")
            )
        if len(problems) > before:
            broken.add(stem)
            continue
        scenarios[data["id"]] = Scenario(
            id=data["id"],
            title=data["title"],
            kind=data["kind"],
            modules=tuple(data.get("modules", [])),
            minutes=data.get("minutes"),
            background=data.get("background", ""),
            customer_role=data.get("customer_role", ""),
            script=tuple(
                Line(s["stage"], s["customer"], s.get("note", "")) for s in data.get("script", [])
            ),
            criteria=criteria,
            path=doc.path,
        )
    return scenarios, broken


def check_sheets(
    doc: Document, where: tuple[str | int, ...], raw: dict[str, Any], scenario: Scenario
) -> tuple[PracticalScore | None, list[Problem]]:
    """Check the judges' sheets of one trainee against ``scenario``; score them if all is well."""
    problems: list[Problem] = []
    judges = raw.get("judges")
    if not judges:
        problems.append(
            doc.problem(
                (*where, "judges") if judges is not None else where,
                "E611",
                "实操评分表没有评委打分",
            )
        )
        return None, problems
    by_id = {c.id: c for c in scenario.criteria}
    sheets = []
    for j, sheet in enumerate(judges):
        spot = (*where, "judges", j)
        for key, value in sheet.items():
            criterion = by_id.get(key)
            if criterion is None:
                problems.append(
                    doc.problem(
                        (*spot, key), "E615", f"情景“{scenario.id}”没有评分项“{key}”", key=True
                    )
                )
            elif not 0 <= value <= criterion.points:
                problems.append(
                    doc.problem(
                        (*spot, key),
                        "E612",
                        f"“{criterion.label}”的得分应在 0 到 {criterion.points} 之间，"
                        f"{value} 超出范围",
                    )
                )
        missing = [c.label for c in scenario.criteria if c.id not in sheet]
        if missing:
            problems.append(
                doc.problem(
                    spot, "E615", f"第 {j + 1} 位评委没有给这些评分项打分：{'、'.join(missing)}"
                )
            )
        sheets.append({k: Decimal(v) for k, v in sheet.items()})
    if problems:
        return None, problems
    return PracticalScore(scenario, tuple(sheets)), []
