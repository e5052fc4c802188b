"""``academy keys new``: print a new pair of signing keys; write nothing."""

from __future__ import annotations

import sys

from academy.commands.arguments import Subparsers
from academy.core.vocabulary import Exit


def register(subparsers: Subparsers) -> None:
    p = subparsers.add_parser(
        "keys",
        help="签名密钥：academy keys new 输出一对新的签名私钥",
        description="输出一对新的签名私钥（P-256 用于 ES256 签名的 JWT 凭证，"
        "Ed25519 用于内嵌证明），PEM 格式，供保存为仓库密钥 ACADEMY_SIGNING_KEY。"
        "只输出到标准输出，不写任何文件。",
    )
    p.add_argument("action", choices=["new"], help="new：生成新的密钥对")
    p.set_defaults(main=main)


def main(*, action: str) -> Exit:
    from academy.core.credentials.keys import new_pair

    sys.stdout.write(new_pair())
    return Exit.OK
