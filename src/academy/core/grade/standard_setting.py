"""Standard-setting files (``curriculum/standard-setting/<exam-id>.yaml``), checked
against the exam papers before grading: every judge's probability (0–1) for every
question on the paper, and nothing else (E631, docs/guide/decisions.md). The pass mark
they recommend is ``academy.core.decisions.angoff``'s.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from pathlib import PurePosixPath
from typing import Any

from academy.core.errors import Problem
from academy.core.load import schema
from academy.core.validate.bank import Exam
from academy.core.yamlsrc import Document


@dataclass(frozen=True)
class AngoffJudge:
    name: str
    ratings: dict[str, Fraction]  # question id → probability


@dataclass(frozen=True)
class StandardSetting:
    exam: Exam
    judges: tuple[AngoffJudge, ...]
    path: str


def validate_standard_settings(
    docs: list[Document], exams: dict[str, Exam], broken: set[str], problems: list[Problem]
) -> dict[str, StandardSetting]:
    """Valid standard-setting files by exam id; every problem at its place (E631)."""
    found: dict[str, StandardSetting] = {}
    for doc in docs:
        problems_here = schema.check("standard-setting", doc)
        if problems_here or doc.has_problems:
            problems.extend(problems_here)
            continue
        setting = _setting(doc, exams, broken, problems_here)
        problems.extend(problems_here)
        if setting is not None and not problems_here:
            found[setting.exam.id] = setting
    return found


def _setting(
    doc: Document, exams: dict[str, Exam], broken: set[str], problems: list[Problem]
) -> StandardSetting | None:
    data: dict[str, Any] = doc.data
    stem = PurePosixPath(doc.path).stem
    if data["exam"] != stem:
        problems.append(
            doc.problem(("exam",), "E631", f"考卷编号“{data['exam']}”与文件名“{stem}”不一致")
        )
    exam = exams.get(data["exam"])
    if exam is None:
        if data["exam"] not in broken:
            problems.append(doc.problem(("exam",), "E631", f"未知的考卷“{data['exam']}”"))
        return None
    on_paper = [i.question.id for i in exam.items]
    seen: set[str] = set()
    judges = []
    for j, raw in enumerate(data["judges"]):
        if raw["name"] in seen:
            problems.append(
                doc.problem(("judges", j, "name"), "E631", f"评委“{raw['name']}”出现了两次")
            )
        seen.add(raw["name"])
        ratings: dict[str, Any] = raw["ratings"]
        for qid in ratings:
            if qid not in on_paper:
                problems.append(
                    doc.problem(
                        ("judges", j, "ratings", qid),
                        "E631",
                        f"题目“{qid}”不在考卷“{exam.id}”上",
                        key=True,
                    )
                )
        missing = [q for q in on_paper if q not in ratings]
        if missing:
            problems.append(
                doc.problem(
                    ("judges", j, "ratings"),
                    "E631",
                    f"评委“{raw['name']}”没有给这些题目估计概率：{'、'.join(missing)}",
                )
            )
        judges.append(AngoffJudge(raw["name"], {q: Fraction(p) for q, p in ratings.items()}))
    return StandardSetting(exam, tuple(judges), doc.path)
