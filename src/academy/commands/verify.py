"""``academy verify FILE``: check an Open Badges 3.0 credential offline and say why.

Exit codes (``academy.core.vocabulary.Exit``): 0 genuine and valid (renewal due
included); 1 not valid; 2 could not be checked; 3 status unknown.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from academy.commands.arguments import Subparsers, date, on_or_today, root, site
from academy.core.vocabulary import Exit


def register(subparsers: Subparsers) -> None:
    p = subparsers.add_parser(
        "verify",
        help="离线校验一份 Open Badges 3.0 证书凭证",
        description="离线校验证书凭证的签名、有效期和撤销状态。",
        epilog="只采信签发者公布的公钥：--key 指定的文件，--site 指定的门户目录中的 "
        "keys/jwks.json，或在门户仓库中运行时本仓库构建的 site/keys/jwks.json"
        "（签发者为 mkdocs.yml 的 site_url）；从不采信凭证自带或指向的密钥。"
        "退出码：0 真实且有效（含待复评）；1 无效（未签名、伪造、其他签发者的、被改动、"
        "已撤销、已被取代、已过期、尚未生效，或撤销列表未签名、非同一签发者）；"
        "2 无法校验（文件不可用，或没有签发者的可信公钥）；"
        "3 状态未知：真实且在有效期内，但找不到签发者的撤销列表，或撤销列表已过期"
        "（请加 --site 或 --root，或取得门户最新的核验包）。",
    )
    p.add_argument("file", type=Path, help="凭证文件（.json 或 .jwt）")
    p.add_argument(
        "--key",
        type=Path,
        default=None,
        help="签发者公布的公钥文件（PEM、JWK 或 JWK 集合）",
    )
    p.add_argument(
        "--site",
        type=site,
        default=None,
        help="签发门户的网站目录（含 keys/jwks.json、issuer.json 和撤销列表），"
        "或从门户保存的核验包 keys/verification-kit.json",
    )
    p.add_argument("--root", type=root, default=None, help="仓库根目录：同时对照账本检查撤销状态")
    p.add_argument("--as-of", type=date, default=None, help="按此日期判断有效期（默认：今天）")
    p.set_defaults(main=main)


def main(
    *, file: Path, key: Path | None, site: Path | None, root: Path | None, as_of: dt.date | None
) -> Exit:
    from academy.core.credentials.verification import verify

    cwd = Path.cwd()
    repo = cwd if (cwd / "mkdocs.yml").is_file() else None
    found = verify(file, key=key, root=root, as_of=on_or_today(as_of), site=site, repo=repo)
    if found.fatal is not None:
        print(f"academy verify:{found.fatal}", file=sys.stderr)
        return Exit.USAGE
    for label, text in found.lines:
        print(f"{label}：{text}")
    if found.failures:
        print(f"结论：无效 —— {'；'.join(found.failures)}")
        return Exit.INPUT
    if found.unknown:
        print(f"结论：状态未知 —— 签名和有效期均有效，但{'；'.join(found.unknown)}")
        return Exit.UNKNOWN_STATUS
    print("结论：有效")
    return Exit.OK
