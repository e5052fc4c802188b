"""``academy bank export|import``: the question bank to and from Moodle formats."""

from __future__ import annotations

import sys
from pathlib import Path

from academy.commands.arguments import Subparsers, add_root, subcommands
from academy.core.vocabulary import Exit


def register(subparsers: Subparsers) -> None:
    bank = subparsers.add_parser(
        "bank", help="题库导出（Moodle GIFT、Moodle XML、Aiken）与 GIFT 导入"
    )
    sub = subcommands(bank)
    p = sub.add_parser("export", help="导出练习题（考试题不导出）")
    p.add_argument("--format", choices=["gift", "xml", "aiken"], required=True, help="导出格式")
    p.add_argument("--out", type=Path, required=True, metavar="文件", help="输出文件")
    p.add_argument("--module", default=None, help="只导出这个模块（默认全部）")
    add_root(p)
    p.set_defaults(main=export)
    p = sub.add_parser("import", help="把 GIFT 文件转换成一个模块的题库文件")
    p.add_argument("file", type=Path, help="GIFT 文件")
    p.add_argument("--module", required=True, help="题目所属的课程模块编号")
    p.add_argument(
        "--use", choices=["practice", "exam"], default="practice", help="用途（默认 practice）"
    )
    p.add_argument(
        "--out", type=Path, required=True, metavar="文件", help="写出的题库文件（不能已存在）"
    )
    add_root(p)
    p.set_defaults(main=import_)


def export(*, root: Path, format: str, out: Path, module: str | None) -> Exit:
    from academy.core.load.outputs import out_file_problem
    from academy.core.pipeline import load_project
    from academy.exams.moodle import export_aiken, export_gift, export_xml

    project = load_project(root)
    if module is not None and module not in project.modules:
        print(f"academy：用法错误：未知的课程模块“{module}”", file=sys.stderr)
        return Exit.USAGE
    questions = [q for q in project.bank.practice() if module is None or q.module == module]
    writer = {"gift": export_gift, "xml": export_xml, "aiken": export_aiken}[format]
    why = out_file_problem(out)
    if why is not None:
        print(f"academy：用法错误：{why}", file=sys.stderr)
        return Exit.USAGE
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(writer(questions), encoding="utf-8")
    print(f"已导出 {len(questions)} 道练习题到 {out}", file=sys.stderr)
    return Exit.OK


def import_(*, root: Path, file: Path, module: str, use: str, out: Path) -> Exit:
    from academy.exams.moodle import import_into_bank

    written = import_into_bank(root, file, module, use, out)
    print(f"已导入 {written} 道题到 {out}", file=sys.stderr)
    return Exit.OK
