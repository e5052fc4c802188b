"""``academy ci annotate``: validation problems as GitHub annotations on the changed lines.

Runs the same checks as ``academy validate`` (schemas, cross-file rules and the
ledger) and prints one ``::error file=…,line=…,col=…,title=…::…`` workflow
command per problem, so GitHub shows each one on its line in the pull request;
warnings (``W###``) become ``::warning …`` commands and do not fail the step.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from academy.core.vocabulary import Exit

from ..core.errors import CODES, InputError, Problem, is_warning
from .github import error_command, warning_command


def annotation(problem: Problem) -> str:
    """The workflow command for one problem; the title is its code and short name."""
    title = f"{problem.code} {CODES[problem.code].title}"
    command = warning_command if is_warning(problem.code) else error_command
    return command(problem.path, problem.line, problem.column, title, problem.message)


def find_findings(root: Path, today: dt.date) -> tuple[list[Problem], list[Problem]]:
    """Every problem and every warning ``academy validate`` would report, in its order."""
    from ..core.pipeline import run

    try:
        outcome = run(root, today, write=False)
    except InputError as err:
        return err.problems, err.warnings
    return [], outcome.project.warnings


def find_problems(root: Path, today: dt.date) -> list[Problem]:
    """Every problem ``academy validate`` would report, in its order."""
    return find_findings(root, today)[0]


def run_annotate(*, root: Path) -> Exit:
    problems, warnings = find_findings(root, dt.date.today())
    for warning in warnings:
        print(annotation(warning))
    if warnings:
        print(
            f"共 {len(warnings)} 条警告，已标注在对应文件的行上（不影响检查结果）。",
            file=sys.stderr,
        )
    if not problems:
        print("校验通过，没有需要标注的问题。", file=sys.stderr)
        return Exit.OK
    for problem in problems:
        print(annotation(problem))
    print(f"共发现 {len(problems)} 个问题，已标注在对应文件的行上。", file=sys.stderr)
    return Exit.INPUT
