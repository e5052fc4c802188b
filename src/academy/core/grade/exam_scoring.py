"""Auto-scoring of exam answers given in a roster (docs/guide/question-bank.md), in exact rationals.

A roster component may hold ``{exam: <paper>, answers: {...}, short: {...}}`` instead
of a number. ``resolve_answers`` checks it against the paper (every problem with its
position) and replaces it by an ``ExamScore``; ``grade.component_score`` reads its
``score``, 100 × earned / points on the paper, as an exact ``Fraction``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from academy.core.errors import Problem
from academy.core.grade.rational import RationalScore
from academy.core.model import Cohort, Program
from academy.core.validate.bank import EXAM_KEYS, TYPE_LABELS, Bank, Exam, PaperItem, Question
from academy.core.yamlsrc import Document


@dataclass(frozen=True)
class ExamScore(RationalScore):
    """A trainee's sitting of one paper: the answers as written and each question's points."""

    exam: Exam
    answers: dict[str, Any]
    short: dict[str, tuple[Decimal, ...]]
    earned: tuple[Fraction, ...]  # per paper item, in paper order

    @property
    def points(self) -> Fraction:
        return sum(self.earned, Fraction(0))

    @property
    def score(self) -> Fraction:
        """The component score, 0–100, exact (never rounded here)."""
        return 100 * self.points / Fraction(self.exam.total_points)

    def correct(self, index: int) -> bool:
        """Full points on the paper's item ``index``."""
        return self.earned[index] == Fraction(self.exam.items[index].points)


def normalize_fill(text: str) -> str:
    """A fill-in answer with surrounding whitespace (U+3000 included) removed."""
    return text.strip()


def earn(item: PaperItem, answer: Any, marks: tuple[Decimal, ...] | None, credit: str) -> Fraction:
    """Points earned on one paper item; ``answer``/``marks`` are already checked."""
    q, points = item.question, Fraction(item.points)
    if q.type == "short":
        if not marks:
            return Fraction(0)
        return sum((Fraction(m) for m in marks), Fraction(0)) / len(marks)
    if answer is None:
        return Fraction(0)
    if q.type in ("single", "judge"):
        return points if answer == q.answer and type(answer) is type(q.answer) else Fraction(0)
    if q.type == "fill":
        accepted = q.answer if isinstance(q.answer, tuple) else ()
        return points if normalize_fill(str(answer)) in accepted else Fraction(0)
    chosen = set(answer if isinstance(answer, list) else [answer])
    key = set(q.answer if isinstance(q.answer, tuple) else ())
    if credit == "proportional":
        if chosen - key or not key:
            return Fraction(0)
        return points * len(chosen & key) / len(key)
    return points if chosen == key else Fraction(0)


def _answer_problem(q: Question, answer: Any) -> tuple[str, str] | None:
    """(code, message) when an answer cannot stand for question ``q``."""
    keys = q.option_keys
    if q.type == "short":
        if isinstance(answer, str):  # the trainee's written answer, kept; judges score it
            return None
        return "E609", f"题目“{q.id}”是简答题，answers 中只能记录作答文字，评委给分写在 short 中"
    if q.type == "single":
        if isinstance(answer, list):
            return "E609", f"题目“{q.id}”是单选题，只能选一个选项，不能写列表"
        if not isinstance(answer, str):
            return "E609", f"题目“{q.id}”是单选题，应填写一个选项键"
        if answer not in keys:
            return "E610", f"题目“{q.id}”没有选项“{answer}”（可选：{'、'.join(keys)}）"
    if q.type == "multiple":
        chosen = answer if isinstance(answer, list) else [answer]
        for key in chosen:
            if not isinstance(key, str):
                return "E609", f"题目“{q.id}”是多选题，应填写选项键列表"
            if key not in keys:
                return "E610", f"题目“{q.id}”没有选项“{key}”（可选：{'、'.join(keys)}）"
    if q.type == "judge" and not isinstance(answer, bool):
        return "E609", f"题目“{q.id}”是判断题，答案只能是 true 或 false"
    if q.type == "fill" and (isinstance(answer, list | bool) or answer is None):
        return "E609", f"题目“{q.id}”是填空题，应填写一段文字"
    return None


def check_sitting(
    doc: Document, where: tuple[str | int, ...], raw: dict[str, Any], exam: Exam
) -> tuple[ExamScore | None, list[Problem]]:
    """Check one trainee's answers to ``exam``; score them when all is well."""
    problems: list[Problem] = []
    answers: dict[str, Any] = raw.get("answers") or {}
    short_raw: dict[str, Any] = raw.get("short") or {}
    on_paper = {i.question.id: i for i in exam.items}

    def paper_item(qid: str, spot: tuple[str | int, ...]) -> PaperItem | None:
        """The item ``qid`` names on this exam, or None and an E608 at ``spot``."""
        item = on_paper.get(qid)
        if item is None:
            problems.append(
                doc.problem(spot, "E608", f"题目“{qid}”不在考卷“{exam.id}”上", key=True)
            )
        return item

    for qid, answer in answers.items():
        spot = (*where, "answers", qid)
        item = paper_item(qid, spot)
        if item is None:
            continue
        found = _answer_problem(item.question, answer)
        if found:
            problems.append(doc.problem(spot, found[0], found[1]))
    short: dict[str, tuple[Decimal, ...]] = {}
    for qid, marks in short_raw.items():
        spot = (*where, "short", qid)
        item = paper_item(qid, spot)
        if item is None:
            continue
        q = item.question
        if q.type != "short":
            problems.append(
                doc.problem(
                    spot,
                    "E609",
                    f"题目“{qid}”是{TYPE_LABELS[q.type]}，请在 answers 中填写作答"
                    "（short 只用于简答题）",
                )
            )
            continue
        if not marks:
            problems.append(doc.problem(spot, "E611", f"简答题“{qid}”的评委给分列表为空"))
            continue
        for j, mark in enumerate(marks):
            if not 0 <= mark <= item.points:
                problems.append(
                    doc.problem(
                        (*spot, j),
                        "E612",
                        f"简答题“{qid}”每位评委给分应在 0 到 {item.points} 之间，{mark} 超出范围",
                    )
                )
        short[qid] = tuple(Decimal(m) for m in marks)
    if problems:
        return None, problems
    earned = tuple(
        earn(i, answers.get(i.question.id), short.get(i.question.id), exam.multiple_credit)
        for i in exam.items
    )
    return ExamScore(exam, dict(answers), short, earned), []


def resolve_answers(
    cohorts: list[Cohort],
    programs: dict[str, Program],
    bank: Bank,
    problems: list[Problem],
) -> list[Cohort]:
    """Cohorts whose exam answers and judges' sheets are replaced by their scores."""
    from academy.core.grade.practical import check_sheets

    exams, broken_exams = bank.exams, bank.broken_exams
    out = []
    for cohort in cohorts:
        program = programs[cohort.program]
        doc = cohort.doc
        if program.kind != "weighted" or doc is None:
            out.append(cohort)
            continue
        entries = []
        changed = False
        for entry in cohort.entries:
            scores = entry.scores
            if not scores or not any(isinstance(v, dict) for v in scores.values()):
                entries.append(entry)
                continue
            new = dict(scores)
            for comp, value in scores.items():
                if not isinstance(value, dict):
                    continue
                if not EXAM_KEYS & set(value):
                    continue  # a component given by its parts (日常表现 = 出勤 + 作业 + …)
                where: tuple[str | int, ...] = ("trainees", entry.index, "scores", comp)
                if ("exam" in value) == ("scenario" in value):
                    problems.append(
                        doc.problem(
                            where,
                            "E616",
                            f"考核项“{comp}”应写 exam（考卷作答）或 scenario（实操评分表）其中之一",
                        )
                    )
                    continue
                if "scenario" in value:
                    scenario = bank.scenarios.get(value["scenario"])
                    if scenario is None:
                        if value["scenario"] not in bank.broken_scenarios:
                            problems.append(
                                doc.problem(
                                    (*where, "scenario"),
                                    "E615",
                                    f"未知的实操情景“{value['scenario']}”",
                                )
                            )
                        continue
                    sheets, found = check_sheets(doc, where, value, scenario)
                    problems.extend(found)
                    if sheets is not None:
                        new[comp] = sheets
                    continue
                exam = exams.get(value["exam"])
                if exam is None:
                    if value["exam"] not in broken_exams:
                        problems.append(
                            doc.problem((*where, "exam"), "E606", f"未知的考卷“{value['exam']}”")
                        )
                    continue
                if exam.program != program.id or exam.component != comp:
                    problems.append(
                        doc.problem(
                            (*where, "exam"),
                            "E607",
                            f"考卷“{exam.id}”用于方案“{exam.program}”的考核项“{exam.component}”，"
                            f"不能作为本名册方案“{program.id}”的“{comp}”成绩",
                        )
                    )
                    continue
                sitting, found = check_sitting(doc, where, value, exam)
                problems.extend(found)
                if sitting is not None:
                    new[comp] = sitting
            entries.append(dataclasses.replace(entry, scores=new))
            changed = True
        out.append(dataclasses.replace(cohort, entries=tuple(entries)) if changed else cohort)
    return out
