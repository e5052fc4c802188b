"""Printouts of an exam paper: the paper in seed 000 模板3's form, and the answer key.

Both are written outside ``site/`` (and outside ``docs/``): the answer key and the
short answers' key points must never be published.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from academy.core.model import Component, Program, Project
from academy.core.validate.bank import TYPE_LABELS, Exam, PaperItem

CHINESE_NUMBERS = "一二三四五六七八九十"
FORBIDDEN_DIRS = ("site", "docs")


def template_env() -> Environment:
    """Autoescaping templates of ``academy/templates/exams`` (the printouts are not the site)."""
    return Environment(
        loader=PackageLoader("academy", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _points(value: Decimal) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass(frozen=True)
class _Section:
    number: str
    label: str
    start: int
    items: tuple[PaperItem, ...]
    count: int
    points: str
    each: str  # the points of every question when all are equal, else ""


def sections(exam: Exam) -> list[_Section]:
    """Consecutive questions of one type form a section (单选题, 简答题, …), numbered on."""
    groups: list[list[PaperItem]] = []
    for item in exam.items:
        if groups and groups[-1][0].question.type == item.question.type:
            groups[-1].append(item)
        else:
            groups.append([item])
    out = []
    start = 1
    for n, group in enumerate(groups):
        points = {i.points for i in group}
        out.append(
            _Section(
                number=CHINESE_NUMBERS[n] if n < len(CHINESE_NUMBERS) else str(n + 1),
                label=TYPE_LABELS[group[0].question.type],
                start=start,
                items=tuple(group),
                count=len(group),
                points=_points(sum((i.points for i in group), Decimal(0))),
                each=_points(next(iter(points))) if len(points) == 1 else "",
            )
        )
        start += len(group)
    return out


def _answer(item: PaperItem) -> str:
    q = item.question
    if q.type == "judge":
        return "对" if q.answer else "错"
    if isinstance(q.answer, tuple):
        return "、".join(q.answer) if q.type == "multiple" else " / ".join(q.answer)
    return str(q.answer)


def render(exam: Exam, program: Program) -> tuple[str, str]:
    """(paper HTML, answer key HTML); every value is escaped by the templates."""
    component: Component = next(c for c in program.components if c.id == exam.component)
    pass_mark = "—" if component.pass_mark is None else _points(component.pass_mark)
    total = _points(exam.total_points)
    env = template_env()
    secs = sections(exam)
    paper = env.get_template("exams/paper.html.j2").render(
        exam=exam,
        program=program,
        component=component,
        total=total,
        pass_mark=pass_mark,
        sections=[
            {
                **s.__dict__,
                "questions": [{"q": i.question, "points": _points(i.points)} for i in s.items],
            }
            for s in secs
        ],
    )
    rows = []
    number = 1
    for s in secs:
        for item in s.items:
            rows.append(
                {
                    "number": number,
                    "q": item.question,
                    "label": s.label,
                    "points": _points(item.points),
                    "answer": _answer(item),
                }
            )
            number += 1
    credit = "按比例得分" if exam.multiple_credit == "proportional" else "全对才得分"
    key = env.get_template("exams/answer-key.html.j2").render(
        exam=exam, total=total, pass_mark=pass_mark, rows=rows, credit=credit
    )
    return paper, key


def print_command(root: Path, project: Project, exam_id: str, out: Path) -> list[Path]:
    """Write ``<exam>-paper.html`` and ``<exam>-answer-key.html`` into ``out``."""
    bank = project.extras["bank"]
    exam = bank.exams.get(exam_id)
    if exam is None:
        raise ValueError(f"未知的考卷“{exam_id}”（curriculum/exams/ 下没有这份考卷）")
    target = out.resolve()
    for name in FORBIDDEN_DIRS:
        forbidden = (root / name).resolve()
        if target == forbidden or forbidden in target.parents:
            raise ValueError(f"打印件不能写到 {name}/ 下：答案和评分要点不得发布")
    paper, key = render(exam, project.programs[exam.program])
    target.mkdir(parents=True, exist_ok=True)
    files = [target / f"{exam.id}-paper.html", target / f"{exam.id}-answer-key.html"]
    files[0].write_text(paper, encoding="utf-8")
    files[1].write_text(key, encoding="utf-8")
    return files
