"""``academy print``: a printed certificate with full name and print code, outside the site."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from academy.commands.arguments import Subparsers, add_as_of, add_root, on_or_today
from academy.core.vocabulary import Exit


def register(subparsers: Subparsers) -> None:
    p = subparsers.add_parser(
        "print",
        help="生成带持证人全名和防伪码的纸质证书（写到网站以外的目录）",
        description="生成一张证书的打印版（含全名和防伪码），写到 --out 目录；"
        "防伪码的加盐哈希追加到 rosters/print-codes.csv，重新发布门户后可在证书查验页核验。",
    )
    p.add_argument("cert_id", metavar="证书编号", help="例如 CS2024001")
    p.add_argument(
        "--out",
        type=Path,
        required=True,
        metavar="目录",
        help="输出目录（须在仓库和构建读取的目录之外）",
    )
    add_root(p)
    add_as_of(p)
    p.set_defaults(main=main)


def main(*, root: Path, cert_id: str, out: Path, as_of: dt.date | None) -> Exit:
    from academy.publish.printed import print_certificate

    return print_certificate(root, cert_id, out, on_or_today(as_of))
