"""What every command prints the same way: warnings and the problems of bad input."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from academy.core.errors import InputError, Problem
from academy.core.vocabulary import Exit


def warn(warnings: Sequence[Problem]) -> None:
    """Warnings (W###), in the error format, on stderr; they never change the exit code."""
    for warning in warnings:
        print(warning, file=sys.stderr)
    if warnings:
        print(f"共 {len(warnings)} 条警告（不影响本次结果），请尽快处理。", file=sys.stderr)


def report(err: InputError) -> Exit:
    """Bad input: its warnings, then every problem, then the count; nothing was written."""
    warn(err.warnings)
    for problem in err.problems:
        print(problem, file=sys.stderr)
    print(f"共发现 {len(err.problems)} 个问题，未写入任何文件。", file=sys.stderr)
    return Exit.INPUT
