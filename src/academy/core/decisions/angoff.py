"""Standard setting for an exam's pass mark: the modified Angoff method.

``curriculum/standard-setting/<exam-id>.yaml`` holds, for each judge, the probability
(0–1) that a minimally competent agent earns each question's points. A judge's mark is
(Σ p × points) / (points on the paper) × 100; the recommended pass mark is the mean of
the judges' marks, with their sample standard deviation (n − 1) as its spread (None with
a single judge). Exact rationals; the root in ``Decimal``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, localcontext
from fractions import Fraction
from pathlib import PurePosixPath
from typing import Any

from academy.core.load import schema
from academy.core.load.sources import STANDARD_SETTING_DIR
from academy.core.validate.bank import Exam

from ..errors import Problem
from ..yamlsrc import Document
from .reliability import variance

__all__ = ["STANDARD_SETTING_DIR", "recommend", "validate_standard_settings"]


@dataclass(frozen=True)
class AngoffJudge:
    name: str
    ratings: dict[str, Fraction]  # question id → probability


@dataclass(frozen=True)
class StandardSetting:
    exam: Exam
    judges: tuple[AngoffJudge, ...]
    path: str


@dataclass(frozen=True)
class Recommendation:
    marks: tuple[Fraction, ...]  # each judge's mark, 0–100, in file order
    mean: Fraction
    sd: Decimal | None


def judge_mark(exam: Exam, judge: AngoffJudge) -> Fraction:
    """(Σ p × points) / (points on the paper) × 100, exact."""
    expected = sum(
        (judge.ratings[i.question.id] * Fraction(i.points) for i in exam.items), Fraction(0)
    )
    return 100 * expected / Fraction(exam.total_points)


def sample_sd(values: Sequence[Fraction]) -> Decimal | None:
    """The sample standard deviation (n − 1); None for fewer than two values."""
    if len(values) < 2:
        return None
    square = variance(values)
    with localcontext() as ctx:
        ctx.prec = 34
        return (Decimal(square.numerator) / Decimal(square.denominator)).sqrt()


def recommend(setting: StandardSetting) -> Recommendation:
    marks = tuple(judge_mark(setting.exam, j) for j in setting.judges)
    return Recommendation(marks, sum(marks, Fraction(0)) / len(marks), sample_sd(marks))


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
