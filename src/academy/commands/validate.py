"""``academy validate``: check every program, roster, revocation and module; write nothing."""

from __future__ import annotations

import sys
from pathlib import Path

from academy.commands.arguments import Subparsers, add_root
from academy.commands.messages import warn
from academy.core.dates import today
from academy.core.vocabulary import Exit


def register(subparsers: Subparsers) -> None:
    p = subparsers.add_parser("validate", help="校验全部方案、名册、撤销记录和课程模块")
    add_root(p)
    p.set_defaults(main=main)


def main(*, root: Path) -> Exit:
    from academy.core.pipeline import run
    from academy.publish.build import check_links

    outcome = run(root, today(), write=False)
    check_links(root, outcome)  # the same link check as the build (E510)
    warn(outcome.project.warnings)
    cohorts = len(outcome.project.cohorts)
    print(
        f"校验通过：{len(outcome.project.programs)} 个方案，{cohorts} 个班次，"
        f"{len(outcome.results)} 条考核记录，{len(outcome.project.modules)} 个课程模块。",
        file=sys.stderr,
    )
    return Exit.OK
