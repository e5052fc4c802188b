"""``academy why``: step by step, where one certificate's or one employee's result comes from."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from academy.commands.arguments import Subparsers, add_as_of, add_json, add_root, on_or_today
from academy.core.vocabulary import Exit


def register(subparsers: Subparsers) -> None:
    p = subparsers.add_parser(
        "why",
        help="逐步说明一张证书或一位员工的结果从何而来（含个人信息，只输出到终端）",
        description="一行一步：名册中的行、方案规则、成绩、等级、证书状态，以及列入的人事名单；"
        "每行写出文件、行号和说明。含个人信息，只输出到终端，不写任何文件。",
    )
    p.add_argument("subject", metavar="证书编号或员工编号", help="例如 CS2024001 或 A001")
    add_root(p)
    add_as_of(p)
    add_json(p, help="把各步骤以 JSON 输出到标准输出")
    p.set_defaults(main=main)


def main(*, root: Path, subject: str, as_of: dt.date | None, json: bool) -> Exit:
    from academy.hr.why import why_command

    return why_command(root, subject, on_or_today(as_of), as_json=json)
