"""Drawing an exam paper from the bank (FORMATS.md §10.2): a definition and a seed → a paper.

``draw_paper`` is pure and deterministic: the same definition, bank and seed give the
same paper; another seed gives another paper with the same sections, counts and points
(equally weighted). ``draw_command`` validates everything, refuses to overwrite a
paper, checks the text it is about to write as the next run will, then writes it.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from academy.core.errors import InputError, Problem
from academy.core.load import schema
from academy.core.load.sources import EXAMS_DIR
from academy.core.model import Program, Project
from academy.core.validate.bank import Bank, Question
from academy.core.yamlsrc import Document, parse_text, read_yaml


@dataclass(frozen=True)
class Section:
    type: str
    count: int
    points: Decimal
    modules: tuple[str, ...]
    topics: tuple[str, ...] = ()
    difficulty: tuple[int, ...] = ()
    index: int = 0

    def accepts(self, q: Question) -> bool:
        return (
            q.use == "exam"
            and q.type == self.type
            and q.module in self.modules
            and (not self.topics or q.topic in self.topics)
            and (not self.difficulty or q.difficulty in self.difficulty)
        )


@dataclass(frozen=True)
class DrawDefinition:
    id: str
    title: str
    program: str
    component: str
    multiple_credit: str
    time_limit_minutes: int | None
    seed: int | None
    sections: tuple[Section, ...]
    path: str


@dataclass(frozen=True)
class DrawnPaper:
    definition: DrawDefinition
    seed: int
    items: tuple[tuple[Question, Decimal], ...]

    @property
    def total(self) -> Decimal:
        return sum((p for _, p in self.items), Decimal(0))


def read_definition(doc: Document, project: Project) -> DrawDefinition:
    """Check a draw definition against its schema, the programs and the modules."""
    return definition_of(doc, project.programs, set(project.modules))


def definition_of(doc: Document, programs: dict[str, Program], modules: set[str]) -> DrawDefinition:
    """``read_definition`` without a whole project (``validate`` calls it on every file)."""
    problems = schema.check("exam-draw", doc)
    if problems or doc.has_problems:
        raise InputError(problems)
    data: dict[str, Any] = doc.data
    program = programs.get(data["program"])
    if program is None:
        raise InputError([doc.problem(("program",), "E302", f"未知的方案“{data['program']}”")])
    if data["component"] not in {c.id for c in program.components}:
        raise InputError(
            [
                doc.problem(
                    ("component",),
                    "E309",
                    f"方案“{program.id}”中没有考核项“{data['component']}”",
                )
            ]
        )
    default_modules = program.modules or tuple(sorted(modules))
    sections = []
    for i, raw in enumerate(data["sections"]):
        for j, module in enumerate(raw.get("modules", [])):
            if module not in modules:
                problems.append(
                    doc.problem(("sections", i, "modules", j), "E303", f"未知的课程模块“{module}”")
                )
        sections.append(
            Section(
                type=raw["type"],
                count=raw["count"],
                points=Decimal(raw["points"]),
                modules=tuple(raw.get("modules", default_modules)),
                topics=tuple(raw.get("topics", [])),
                difficulty=tuple(raw.get("difficulty", [])),
                index=i,
            )
        )
    if problems:
        raise InputError(problems)
    return DrawDefinition(
        id=data["id"],
        title=data.get("title", data["id"]),
        program=data["program"],
        component=data["component"],
        multiple_credit=data.get("multiple_credit", "none"),
        time_limit_minutes=data.get("time_limit_minutes"),
        seed=data.get("seed"),
        sections=tuple(sections),
        path=doc.path,
    )


def draw_paper(
    definition: DrawDefinition, bank: Bank, seed: int, doc: Document | None = None
) -> DrawnPaper:
    """The paper for ``seed``: each section samples its count from its eligible questions.

    Eligible questions are taken in bank order (files by module, questions as written),
    so that the draw depends only on the bank's content and the seed. A question is
    never drawn twice; a section with too few eligible questions is an error.
    """
    rng = random.Random(f"{definition.id}:{seed}")
    taken: set[str] = set()
    items: list[tuple[Question, Decimal]] = []
    problems: list[Problem] = []
    order = {qid: n for n, qid in enumerate(bank.questions)}
    for section in definition.sections:
        pool = [q for q in bank.questions.values() if section.accepts(q) and q.id not in taken]
        if len(pool) < section.count:
            message = (
                f"第 {section.index + 1} 部分要抽 {section.count} 道题，"
                f"题库中符合条件的考试题只有 {len(pool)} 道"
            )
            if doc is not None:
                problems.append(doc.problem(("sections", section.index, "count"), "E613", message))
            else:
                problems.append(Problem(definition.path, 1, 1, "E613", message))
            continue
        chosen = sorted(rng.sample(pool, section.count), key=lambda q: order[q.id])
        taken.update(q.id for q in chosen)
        items += [(q, section.points) for q in chosen]
    if problems:
        raise InputError(problems)
    return DrawnPaper(definition, seed, tuple(items))


def _points(value: Decimal) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def render_paper(paper: DrawnPaper) -> str:
    """The frozen paper as YAML (FORMATS.md §10.2), with a note on how it was drawn."""
    d = paper.definition
    lines = [
        "# yaml-language-server: $schema=../../src/academy/schemas/exam.v1.json",
        f"# 由 academy exam draw 按 {d.path} 以种子 {paper.seed} 抽题生成。",
        "# 考过之后不要修改：名册中的作答按这份清单评分。",
        f"id: {d.id}",
        f"title: {json.dumps(d.title, ensure_ascii=False)}",
        f"program: {d.program}",
        f"component: {d.component}",
        f"multiple_credit: {d.multiple_credit}",
    ]
    if d.time_limit_minutes is not None:
        lines.append(f"time_limit_minutes: {d.time_limit_minutes}")
    lines += [f"seed: {paper.seed}", f"drawn_from: {json.dumps(d.path)}", "questions:"]
    lines += [f"  - {{id: {q.id}, points: {_points(p)}}}" for q, p in paper.items]
    return "\n".join(lines) + "\n"


def draw_command(root: Path, definition_file: Path, seed: int | None) -> tuple[Path, DrawnPaper]:
    """Validate the repository and the definition, draw, check and write the paper."""
    from academy.core.pipeline import load_project
    from academy.core.validate.bank import validate_exams

    project = load_project(root)
    bank: Bank = project.extras["bank"]
    file = definition_file if definition_file.is_absolute() else Path.cwd() / definition_file
    try:
        rel = file.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        rel = definition_file.as_posix()
    doc, problems = read_yaml(file, rel)
    if doc is None or problems:
        raise InputError(problems)
    definition = read_definition(doc, project)
    chosen = definition.seed if seed is None else seed
    if chosen is None:
        raise InputError(
            [Problem(rel, 1, 1, "E201", "缺少抽题种子：请在定义中写 seed，或用 --seed")]
        )
    target = root / EXAMS_DIR / f"{definition.id}.yaml"
    if target.exists():
        raise InputError(
            [
                doc.problem(
                    ("id",), "E614", f"考卷 {EXAMS_DIR}/{definition.id}.yaml 已存在，不能覆盖"
                )
            ]
        )
    paper = draw_paper(definition, bank, chosen, doc)
    text = render_paper(paper)
    # never write what the next run would refuse: read the text back as a paper
    rel_target = f"{EXAMS_DIR}/{definition.id}.yaml"
    written, found = parse_text(text, rel_target)
    if written is None or found:
        raise InputError(found)
    check: list[Problem] = []
    validate_exams([written], bank.questions, set(), project.programs, set(), check)
    if check:
        raise InputError(check)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target, paper
