"""``academy build``: grade, render the pages and build the static site into ``site/``."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from academy.commands.arguments import Subparsers, add_as_of, add_root, add_verbose, on_or_today
from academy.core.vocabulary import Exit


def register(subparsers: Subparsers) -> None:
    p = subparsers.add_parser(
        "build", help="评分、生成页面并构建静态网站到 site/（加 --publish 才写证书账本）"
    )
    add_root(p)
    add_as_of(p)
    p.add_argument(
        "--publish",
        action="store_true",
        help="发布用的构建：把新证书追加到证书账本和复评记录，拒绝本机或示例的 site_url "
        "和 repo_url（环境变量 ACADEMY_PUBLISH=1 效果相同）；不加时只预览，不写账本",
    )
    add_verbose(p)
    p.set_defaults(main=main)


def main(*, root: Path, as_of: dt.date | None, publish: bool, verbose: bool) -> Exit:
    from academy.core.load.portal import PUBLISH_VARIABLE
    from academy.publish.build import build_site

    publish = publish or os.environ.get(PUBLISH_VARIABLE, "") == "1"
    return build_site(root, on_or_today(as_of), verbose=verbose, publish=publish)
