"""``academy exam draw|print`` and ``academy bank export|import``: argument parsing only."""

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

    bank = sub.add_parser(
        "bank", help="题库导出（Moodle GIFT、Moodle XML、Aiken）与 GIFT 导入", add_help=False
    )
    bank.add_argument("-h", "--help", action="help", help="显示帮助并退出")
    bank_sub = bank.add_subparsers(
        dest="bank_command", metavar="子命令", parser_class=bank.__class__
    )
    bank_sub.required = True
    p = bank_sub.add_parser("export", help="导出练习题（考试题不导出）", add_help=False)
    p.add_argument("-h", "--help", action="help", help="显示帮助并退出")
    p.add_argument("--format", choices=["gift", "xml", "aiken"], required=True, help="导出格式")
    p.add_argument("--out", type=Path, required=True, help="输出文件")
    p.add_argument("--module", default=None, help="只导出这个模块（默认全部）")
    add_root(p)
    p.set_defaults(func=cmd_bank_export)
    p = bank_sub.add_parser("import", help="把 GIFT 文件转换成一个模块的题库文件", add_help=False)
    p.add_argument("-h", "--help", action="help", help="显示帮助并退出")
    p.add_argument("file", type=Path, help="GIFT 文件")
    p.add_argument("--module", required=True, help="题目所属的课程模块编号")
    p.add_argument(
        "--use", choices=["practice", "exam"], default="practice", help="用途（默认 practice）"
    )
    p.add_argument("--out", type=Path, required=True, help="写出的题库文件（不能已存在）")
    add_root(p)
    p.set_defaults(func=cmd_bank_import)


def cmd_draw(args: argparse.Namespace) -> int:
    from academy.core.validate.draws import draw_command

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
    from academy.core.pipeline import load_project
    from academy.exams.printing import print_command

    project = load_project(args.root)
    try:
        files = print_command(args.root, project, args.exam, args.out)
    except ValueError as err:
        print(f"academy：用法错误：{err}", file=sys.stderr)
        return EXIT_USAGE
    for file in files:
        print(f"已写出 {file}", file=sys.stderr)
    return EXIT_OK


def cmd_bank_export(args: argparse.Namespace) -> int:
    from academy.core.pipeline import load_project
    from academy.exams.moodle import export_aiken, export_gift, export_xml

    project = load_project(args.root)
    if args.module is not None and args.module not in project.modules:
        print(f"academy：用法错误：未知的课程模块“{args.module}”", file=sys.stderr)
        return EXIT_USAGE
    questions = [
        q
        for q in project.extras["bank"].practice()
        if args.module is None or q.module == args.module
    ]
    writer = {"gift": export_gift, "xml": export_xml, "aiken": export_aiken}[args.format]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(writer(questions), encoding="utf-8")
    print(f"已导出 {len(questions)} 道练习题到 {args.out}", file=sys.stderr)
    return EXIT_OK


def cmd_bank_import(args: argparse.Namespace) -> int:
    from academy.exams.moodle import import_into_bank

    written = import_into_bank(args.root, args.file, args.module, args.use, args.out)
    print(f"已导入 {written} 道题到 {args.out}", file=sys.stderr)
    return EXIT_OK
