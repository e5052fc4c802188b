"""``academy export``: the HR lists as of a date, as JSON or as spreadsheets outside the repo."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from academy.commands.arguments import Subparsers, add_as_of, add_root, on_or_today
from academy.core.vocabulary import Exit


def register(subparsers: Subparsers) -> None:
    p = subparsers.add_parser(
        "export",
        help="导出人事名单：调薪、晋升候选、试用期、补考、复评计划等（不写入仓库）",
        description="按截至日期计算人事名单。--json 输出到标准输出；--out 写成 .xlsx 和 .csv 文件。"
        "名单含个人和薪酬信息，只能写到仓库和构建读取的目录之外。",
    )
    add_root(p)
    add_as_of(p)
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("--json", action="store_true", help="以 JSON 输出到标准输出")
    target.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="目录",
        help="把每份名单写成 .xlsx 和 .csv（目录须在仓库之外）",
    )
    p.set_defaults(main=main)


def main(*, root: Path, as_of: dt.date | None, json: bool, out: Path | None) -> Exit:
    from academy.hr.export import export_command

    return export_command(root, on_or_today(as_of), as_json=json, out=out)
