"""``academy exam draw`` and ``academy exam print``: argument parsing only."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_USAGE = 0, 2


def register(sub: Any, add_root: Callable[[argparse.ArgumentParser], None]) -> None:
    exam = sub.add_parser("exam", help="组卷与打印试卷", add_help=False)
    exam.add_argument("-h", "--help", action="help", help="显示帮助并退出")
    exam_sub = exam.add_subparsers(
        dest="exam_command", metavar="子命令", parser_class=exam.__class__
    )
    exam_sub.required = True

    p = exam_sub.add_parser("draw", help="按组卷定义和种子从题库抽题，写出考卷", add_help=False)
    p.add_argument("-h", "--help", action="help", help="显示帮助并退出")
    p.add_argument("definition", type=Path, help="组卷定义文件（curriculum/exams/draws/*.yaml）")
    p.add_argument(
        "--seed", type=int, default=None, help="抽题种子（非负整数；默认用定义中的 seed）"
    )
    add_root(p)
    p.set_defaults(func=cmd_draw)

    p = exam_sub.add_parser(
        "print", help="写出可打印的试卷和参考答案（不在 site/ 下）", add_help=False
    )
    p.add_argument("-h", "--help", action="help", help="显示帮助并退出")
    p.add_argument("exam", help="考卷编号（curriculum/exams/<编号>.yaml）")
    p.add_argument("--out", type=Path, required=True, help="输出目录（不能在 site/ 或 docs/ 下）")
    add_root(p)
    p.set_defaults(func=cmd_print)


def cmd_draw(args: argparse.Namespace) -> int:
    from .exam_draw import draw_command

    if args.seed is not None and args.seed < 0:
        print("academy：用法错误：--seed 必须是非负整数", file=sys.stderr)
        return EXIT_USAGE
    target, paper = draw_command(args.root, args.definition, args.seed)
    print(
        f"已写出考卷 {target.relative_to(args.root).as_posix()}：{len(paper.items)} 道题，"
        f"满分 {paper.total} 分，种子 {paper.seed}。",
        file=sys.stderr,
    )
    return EXIT_OK


def cmd_print(args: argparse.Namespace) -> int:
    from .exam_print import print_command
    from .pipeline import load_project

    project = load_project(args.root)
    try:
        files = print_command(args.root, project, args.exam, args.out)
    except ValueError as err:
        print(f"academy：用法错误：{err}", file=sys.stderr)
        return EXIT_USAGE
    for file in files:
        print(f"已写出 {file}", file=sys.stderr)
    return EXIT_OK
