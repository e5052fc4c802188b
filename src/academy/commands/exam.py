"""``academy exam draw|print|angoff``: exam papers as tools (drawing, printing, cut scores)."""

from __future__ import annotations

import sys
from pathlib import Path

from academy.commands.arguments import Subparsers, add_root, subcommands
from academy.core.vocabulary import Exit


def register(subparsers: Subparsers) -> None:
    exam = subparsers.add_parser("exam", help="组卷与打印试卷")
    sub = subcommands(exam)

    p = sub.add_parser("draw", help="按组卷定义和种子从题库抽题，写出考卷")
    p.add_argument("definition", type=Path, help="组卷定义文件（curriculum/exams/draws/*.yaml）")
    p.add_argument(
        "--seed", type=int, default=None, help="抽题种子（非负整数；默认用定义中的 seed）"
    )
    add_root(p)
    p.set_defaults(main=draw)

    p = sub.add_parser("print", help="写出可打印的试卷和参考答案（写到仓库之外）")
    p.add_argument("exam", help="考卷编号（curriculum/exams/<编号>.yaml）")
    p.add_argument(
        "--out",
        type=Path,
        required=True,
        metavar="目录",
        help="输出目录（须在仓库和构建读取的目录之外）",
    )
    add_root(p)
    p.set_defaults(main=print_paper)

    p = sub.add_parser("angoff", help="按改良 Angoff 法标准设定文件推荐理论考试合格线")
    p.add_argument("exam", help="考卷编号（curriculum/standard-setting/<编号>.yaml）")
    add_root(p)
    p.set_defaults(main=angoff)


def draw(*, root: Path, definition: Path, seed: int | None) -> Exit:
    from academy.exams.draw import draw_command

    if seed is not None and seed < 0:
        print("academy：用法错误：--seed 必须是非负整数", file=sys.stderr)
        return Exit.USAGE
    target, paper = draw_command(root, definition, seed)
    print(
        f"已写出考卷 {target.relative_to(root).as_posix()}：{len(paper.items)} 道题，"
        f"满分 {paper.total} 分，种子 {paper.seed}。",
        file=sys.stderr,
    )
    return Exit.OK


def print_paper(*, root: Path, exam: str, out: Path) -> Exit:
    from academy.core.pipeline import load_project
    from academy.exams.printing import print_command

    project = load_project(root)
    try:
        files = print_command(root, project, exam, out)
    except ValueError as err:
        print(f"academy：用法错误：{err}", file=sys.stderr)
        return Exit.USAGE
    for file in files:
        print(f"已写出 {file}", file=sys.stderr)
    return Exit.OK


def angoff(*, root: Path, exam: str) -> Exit:
    from academy.core.pipeline import load_project
    from academy.exams.standard_setting import NoStandardSetting, angoff_report

    project = load_project(root)
    try:
        report = angoff_report(project, exam)
    except NoStandardSetting as err:
        print(f"academy：用法错误：{err}", file=sys.stderr)
        return Exit.USAGE
    sys.stdout.write(report)
    return Exit.OK
