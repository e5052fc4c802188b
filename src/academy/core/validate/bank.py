"""The question bank and exam papers (docs/guide/question-bank.md): typed objects and their checks.

``validate_bank`` turns the parsed ``curriculum/questions/*.yaml`` and
``curriculum/exams/*.yaml`` documents into a ``Bank``, reporting every problem with
its position. Scoring answers against a paper lives in ``exam_scoring``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any, Literal

from academy.core.errors import Problem
from academy.core.load import schema
from academy.core.model import Program
from academy.core.yamlsrc import Document

if TYPE_CHECKING:
    from academy.core.grade.practical import Scenario

QuestionType = Literal["single", "multiple", "judge", "fill", "short"]
QUESTION_TYPES: tuple[QuestionType, ...] = ("single", "multiple", "judge", "fill", "short")
TYPE_LABELS = {"single": "单选题", "multiple": "多选题", "judge": "判断题", "fill": "填空题"}
TYPE_LABELS["short"] = "简答题"
# the keys of a roster score given as exam answers or a practical scoring sheet
# (docs/guide/question-bank.md): checked here, resolved in the grade step (grade/exam_scoring)
EXAM_KEYS = frozenset({"exam", "answers", "short", "scenario", "judges"})
OBJECTIVE: frozenset[str] = frozenset({"single", "multiple", "judge", "fill"})
CREDIT_MODES = ("none", "proportional")


@dataclass(frozen=True)
class Question:
    id: str
    module: str
    type: QuestionType
    use: Literal["practice", "exam"]
    topic: str
    difficulty: int
    stem: str
    options: tuple[tuple[str, str], ...] = ()  # (key, text) in the order written
    answer: str | bool | tuple[str, ...] | None = None
    key_points: tuple[str, ...] = ()
    marking_guide: str = ""
    explanation: str = ""
    path: str = ""
    index: int = 0  # position in its file
    section: str = ""  # the section of its module that teaches the answer (its title)

    @property
    def option_keys(self) -> tuple[str, ...]:
        return tuple(k for k, _ in self.options)

    @property
    def practice(self) -> bool:
        return self.use == "practice"


@dataclass(frozen=True)
class PaperItem:
    question: Question
    points: Decimal


@dataclass(frozen=True)
class Exam:
    id: str
    title: str
    program: str
    component: str
    multiple_credit: Literal["none", "proportional"]
    items: tuple[PaperItem, ...]
    path: str
    time_limit_minutes: int | None = None
    seed: int | None = None

    @property
    def total_points(self) -> Decimal:
        return sum((i.points for i in self.items), Decimal(0))

    def item(self, question_id: str) -> PaperItem | None:
        return next((i for i in self.items if i.question.id == question_id), None)


@dataclass
class Bank:
    """Every question by id (file order kept) and every exam paper by id."""

    questions: dict[str, Question] = field(default_factory=dict)
    exams: dict[str, Exam] = field(default_factory=dict)
    broken_exams: set[str] = field(default_factory=set)  # papers that exist but have problems
    scenarios: dict[str, Scenario] = field(default_factory=dict)  # practical exam scenarios
    broken_scenarios: set[str] = field(default_factory=set)
    warnings: list[Problem] = field(default_factory=list)  # W### (``similarity``): not refused

    def of_module(self, module: str, *, use: str | None = None) -> list[Question]:
        return [
            q
            for q in self.questions.values()
            if q.module == module and (use is None or q.use == use)
        ]

    def practice(self) -> list[Question]:
        return [q for q in self.questions.values() if q.practice]


def _stem(path: str) -> str:
    return PurePosixPath(path).stem


def _answer_problems(doc: Document, where: tuple[str | int, ...], raw: dict[str, Any]) -> list[str]:
    """What is wrong with a question's answer for its type (messages only)."""
    kind, answer, options = raw["type"], raw.get("answer"), raw.get("options")
    out: list[str] = []
    if kind in ("single", "multiple") and not options:
        out.append(f"{TYPE_LABELS[kind]}必须写出 options（至少两个选项）")
    if kind in ("judge", "fill", "short") and options:
        out.append(f"{TYPE_LABELS[kind]}不应有 options")
    keys = set(options or {})
    if kind == "single":
        if not isinstance(answer, str):
            out.append("单选题的 answer 应为一个选项键，如 B")
        elif options and answer not in keys:
            out.append(f"答案“{answer}”不是本题的选项")
    elif kind == "multiple":
        if not isinstance(answer, list):
            out.append("多选题的 answer 应为选项键列表，如 [A, C]")
        else:
            if options:
                out += [f"答案“{a}”不是本题的选项" for a in answer if a not in keys]
            if len(set(answer)) != len(answer):
                out.append("多选题的答案中有重复的选项")
    elif kind == "judge":
        if not isinstance(answer, bool):
            out.append("判断题的 answer 应为 true 或 false")
    elif kind == "fill":
        if not isinstance(answer, list):
            out.append("填空题的 answer 应为可接受答案的列表，如 [五步法]")
    elif answer is not None:
        out.append("简答题不写 answer，请用 key_points 写出得分要点")
    return out


def _question(doc: Document, i: int, raw: dict[str, Any], module: str) -> Question:
    answer = raw.get("answer")
    if isinstance(answer, list):
        answer = tuple(answer)
    return Question(
        id=raw["id"],
        module=module,
        type=raw["type"],
        use=raw["use"],
        topic=raw.get("topic", ""),
        difficulty=raw.get("difficulty", 2),
        stem=raw["stem"],
        section=raw.get("section", ""),
        options=tuple((str(k), v) for k, v in (raw.get("options") or {}).items()),
        answer=answer,
        key_points=tuple(raw.get("key_points", [])),
        marking_guide=raw.get("marking_guide", ""),
        explanation=raw.get("explanation", ""),
        path=doc.path,
        index=i,
    )


def validate_questions(
    docs: list[Document], modules: set[str] | None, problems: list[Problem]
) -> tuple[dict[str, Question], set[str]]:
    """Questions by id; also the ids declared in files that could not be read whole."""
    questions: dict[str, Question] = {}
    seen: dict[str, str] = {}
    declared: set[str] = set()  # ids of broken files: not "unknown" on a paper
    for doc in docs:
        found = schema.check("question-bank", doc)
        data = doc.data
        if found or doc.has_problems:
            problems.extend(found)
            if isinstance(data, dict) and isinstance(data.get("questions"), list):
                declared |= {
                    q["id"]
                    for q in data["questions"]
                    if isinstance(q, dict) and isinstance(q.get("id"), str)
                }
            continue
        module = data["module"]
        if module != _stem(doc.path):
            problems.append(doc.problem(("module",), "E301", f"题库模块“{module}”与文件名不一致"))
        if modules is not None and module not in modules:
            problems.append(doc.problem(("module",), "E303", f"未知的课程模块“{module}”"))
        for i, raw in enumerate(data["questions"]):
            qid = raw["id"]
            if qid in seen:
                problems.append(
                    doc.problem(
                        ("questions", i, "id"), "E601", f"题目编号“{qid}”重复（{seen[qid]} 已有）"
                    )
                )
                continue
            seen[qid] = doc.path
            bad = _answer_problems(doc, ("questions", i), raw)
            spot = ("questions", i, "answer") if "answer" in raw else ("questions", i)
            problems += [doc.problem(spot, "E602", message) for message in bad]
            questions[qid] = _question(doc, i, raw, module)
    return questions, declared


def validate_exams(
    docs: list[Document],
    questions: dict[str, Question],
    declared: set[str],
    programs: dict[str, Program],
    broken_programs: set[str],
    problems: list[Problem],
) -> tuple[dict[str, Exam], set[str]]:
    """Valid papers by id; also the ids of papers that exist but have problems."""
    exams: dict[str, Exam] = {}
    broken: set[str] = set()
    for doc in docs:
        broken.add(_stem(doc.path))
        if isinstance(doc.data, dict) and isinstance(doc.data.get("id"), str):
            broken.add(doc.data["id"])
        found = schema.check("exam", doc)
        if found or doc.has_problems:
            problems.extend(found)
            continue
        data = doc.data
        eid = data["id"]
        before = len(problems)
        if eid != _stem(doc.path):
            problems.append(doc.problem(("id",), "E301", f"考卷编号“{eid}”与文件名不一致"))
        program = programs.get(data["program"])
        if program is None and data["program"] not in broken_programs:
            problems.append(doc.problem(("program",), "E302", f"未知的方案“{data['program']}”"))
        elif program is not None and data["component"] not in {c.id for c in program.components}:
            problems.append(
                doc.problem(
                    ("component",), "E309", f"方案“{program.id}”中没有考核项“{data['component']}”"
                )
            )
        items = []
        on_paper: set[str] = set()
        for i, raw in enumerate(data["questions"]):
            qid = raw["id"]
            question = questions.get(qid)
            if qid in on_paper:
                problems.append(
                    doc.problem(("questions", i, "id"), "E603", f"题目“{qid}”在考卷上出现了两次")
                )
            on_paper.add(qid)
            if question is None:
                if qid not in declared:
                    problems.append(
                        doc.problem(("questions", i, "id"), "E604", f"题库中没有题目“{qid}”")
                    )
                continue
            if question.use != "exam":
                problems.append(
                    doc.problem(
                        ("questions", i, "id"),
                        "E605",
                        f"题目“{qid}”是练习题（已公开），不能用于考卷；请改用考试题",
                    )
                )
            items.append(PaperItem(question, Decimal(raw["points"])))
        if len(problems) == before and program is not None:
            exams[eid] = Exam(
                id=eid,
                title=data.get("title", eid),
                program=data["program"],
                component=data["component"],
                multiple_credit=data.get("multiple_credit", "none"),
                items=tuple(items),
                path=doc.path,
                time_limit_minutes=data.get("time_limit_minutes"),
                seed=data.get("seed"),
            )
    return exams, broken - set(exams)
