"""``academy exam draw``: draw a paper from the bank and write it beside the others.

It validates the repository and the definition, refuses to overwrite a paper, checks
the text it is about to write as the next run will, then writes it.
"""

from __future__ import annotations

import re
from pathlib import Path

from academy.core.errors import InputError, Problem
from academy.core.load.files import UnsafePath, repo_path
from academy.core.load.sources import EXAMS_DIR
from academy.core.pipeline import load_project
from academy.core.validate.bank import Bank, validate_exams
from academy.core.validate.draws import DrawnPaper, draw_paper, read_definition, render_paper
from academy.core.vocabulary import SLUG
from academy.core.yamlsrc import parse_text, read_yaml


def draw_command(root: Path, definition_file: Path, seed: int | None) -> tuple[Path, DrawnPaper]:
    """Validate the repository and the definition, draw, check and write the paper."""
    project = load_project(root)
    bank: Bank = project.bank
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
    try:  # the paper's id names a file inside the repository: checked before it is opened
        target = repo_path(root, f"{EXAMS_DIR}/{definition.id}.yaml", _PAPER_FILE, "考卷文件")
    except UnsafePath as err:
        raise InputError([doc.problem(("id",), "E110", str(err))]) from None
    if target.exists() or target.is_symlink():
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
    with target.open("x", encoding="utf-8") as f:  # never over (or through) an existing file
        f.write(text)
    return target, paper


_PAPER_FILE = re.compile(r"curriculum/exams/" + SLUG.pattern + r"\.yaml")
