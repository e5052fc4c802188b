"""Item analysis of one exam paper over a cohort's sittings (seed 000: 薄弱项分析).

Pure functions over ``ExamScore``s; exact fractions throughout, rounded only for display.

- Difficulty (通过率) of a question: the share of trainees who earned its full points; for
  a short answer, the mean share of its points earned.
- Discrimination (区分度): that share in the upper group minus that share in the lower
  group, the groups being the 27% of trainees with the highest and the lowest points on
  the whole paper (at least one each; ties broken by roster order).
- Flags: too easy (difficulty ≥ 0.9), too hard (≤ 0.2), negative discrimination (< 0).
- Topics: the share of the points on offer that the cohort earned, per topic, weakest
  first, each mapped to the module that teaches it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from academy.core.grade.exam_scoring import ExamScore
from academy.core.validate.bank import Exam, Question

GROUP_SHARE = Fraction(27, 100)
TOO_EASY = Fraction(9, 10)
TOO_HARD = Fraction(2, 10)
FLAG_LABELS = {"too_easy": "过易", "too_hard": "过难", "negative": "区分度为负"}


@dataclass(frozen=True)
class ItemStat:
    question: Question
    points: Fraction
    difficulty: Fraction  # 0..1
    discrimination: Fraction  # -1..1
    flags: tuple[str, ...]


@dataclass(frozen=True)
class TopicStat:
    topic: str
    module: str
    questions: int
    earned_share: Fraction  # 0..1


@dataclass(frozen=True)
class ItemReport:
    exam: Exam
    sittings: int
    group_size: int
    items: tuple[ItemStat, ...]
    topics: tuple[TopicStat, ...]  # weakest first


def _share(sitting: ExamScore, index: int) -> Fraction:
    """The share of question ``index`` a sitting earned: 1/0 for objective ones, else a part."""
    item = sitting.exam.items[index]
    earned = sitting.earned[index]
    if item.question.type == "short":
        return earned / Fraction(item.points)
    return Fraction(1) if earned == Fraction(item.points) else Fraction(0)


def group_size(n: int) -> int:
    """27% of ``n`` trainees, rounded half up, at least 1 (and at most half of them)."""
    if n < 2:
        return n
    size = math.floor(GROUP_SHARE * n + Fraction(1, 2))
    return max(1, min(size, n // 2))


def analyse(exam: Exam, sittings: list[ExamScore]) -> ItemReport:
    """Item statistics for ``exam`` over ``sittings`` (every one of them on this exam)."""
    if any(s.exam.id != exam.id for s in sittings):
        raise ValueError("every sitting must be of the same exam")
    n = len(sittings)
    size = group_size(n)
    ranked = sorted(range(n), key=lambda i: (-sittings[i].points, i))
    upper = [sittings[i] for i in ranked[:size]]
    lower = [sittings[i] for i in ranked[n - size :]] if size else []
    items = []
    for index, item in enumerate(exam.items):
        shares = [_share(s, index) for s in sittings]
        difficulty = sum(shares, Fraction(0)) / n if n else Fraction(0)
        if size:
            up = sum((_share(s, index) for s in upper), Fraction(0)) / size
            low = sum((_share(s, index) for s in lower), Fraction(0)) / size
            discrimination = up - low
        else:
            discrimination = Fraction(0)
        flags = []
        if n and difficulty >= TOO_EASY:
            flags.append("too_easy")
        if n and difficulty <= TOO_HARD:
            flags.append("too_hard")
        if discrimination < 0:
            flags.append("negative")
        items.append(
            ItemStat(item.question, Fraction(item.points), difficulty, discrimination, tuple(flags))
        )
    offered: dict[tuple[str, str], Fraction] = {}
    earned: dict[tuple[str, str], Fraction] = {}
    count: dict[tuple[str, str], int] = {}
    for index, item in enumerate(exam.items):
        key = (item.question.topic or item.question.module, item.question.module)
        offered[key] = offered.get(key, Fraction(0)) + Fraction(item.points) * n
        got = sum((s.earned[index] for s in sittings), Fraction(0))
        earned[key] = earned.get(key, Fraction(0)) + got
        count[key] = count.get(key, 0) + 1
    topic_stats = sorted(
        (
            TopicStat(key[0], key[1], count[key], earned[key] / offered[key] if n else Fraction(0))
            for key in offered
        ),
        key=lambda t: (t.earned_share, t.module, t.topic),
    )
    return ItemReport(exam, n, size, tuple(items), tuple(topic_stats))


def sittings_by_exam(scores: list[ExamScore]) -> dict[str, list[ExamScore]]:
    """Group sittings by paper id, papers in first-seen order."""
    out: dict[str, list[ExamScore]] = {}
    for s in scores:
        out.setdefault(s.exam.id, []).append(s)
    return out
