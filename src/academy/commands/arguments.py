"""The argument types and options several commands share, each spelled once.

Types check a value before anything is graded or written; a bad value is a usage
error (exit 2) with a Chinese message.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
from pathlib import Path
from typing import Any

from academy.core.dates import parse_date, today

Subparsers = Any
"""``argparse._SubParsersAction`` (private in the standard library): what ``register`` gets."""

PORTAL_PARTS = ("curriculum", "rosters")  # a repository has at least one of them
_ADDR = re.compile(r"(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252}))?:([0-9]{1,5})")


def date(text: str) -> dt.date:
    try:
        return parse_date(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是 YYYY-MM-DD 格式的日期") from None


def directory(text: str) -> Path:
    path = Path(text)
    if not path.is_dir():
        raise argparse.ArgumentTypeError(f"目录“{text}”不存在")
    return path.resolve()


def site(text: str) -> Path:
    """A saved portal: its directory, or its verification kit (one file)."""
    path = Path(text)
    if path.is_file():
        return path.resolve()
    return directory(text)


def root(text: str) -> Path:
    path = directory(text)
    if not any((path / part).is_dir() for part in PORTAL_PARTS):
        raise argparse.ArgumentTypeError(
            f"目录“{text}”不是客服学院的仓库（其中没有 curriculum/ 或 rosters/ 目录）"
        )
    return path.resolve()


def address(text: str) -> str:
    """``host:port`` for ``serve``, checked before anything is graded or written."""
    match = _ADDR.fullmatch(text)
    if match is None or not 0 < int(match.group(2)) < 65536:
        raise argparse.ArgumentTypeError(
            f"“{text}”不是有效的监听地址，应写作 主机:端口，如 127.0.0.1:8000"
        )
    return text


def add_root(p: argparse.ArgumentParser) -> None:
    p.add_argument("--root", type=root, default=".", help="仓库根目录（默认：当前目录）")


def add_as_of(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--as-of",
        type=date,
        default=None,
        help="按此日期判断证书状态，YYYY-MM-DD（默认：北京时间今天）",
    )


def add_dry_run(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--dry-run", action="store_true", help="只校验并列出将写入的文件和行，不写入任何文件"
    )


def add_verbose(p: argparse.ArgumentParser) -> None:
    p.add_argument("-v", "--verbose", action="store_true", help="显示 MkDocs 的详细日志")


def add_json(p: argparse.ArgumentParser, help: str = "把结果以 JSON 输出到标准输出") -> None:
    p.add_argument("--json", action="store_true", help=help)


def subcommands(parent: argparse.ArgumentParser) -> Subparsers:
    """The required ``子命令`` of a command group (``import``, ``people``, ``ci`` …)."""
    sub = parent.add_subparsers(
        dest=f"{parent.prog.split()[-1]}_command", metavar="子命令", parser_class=type(parent)
    )
    sub.required = True
    return sub


def on_or_today(day: dt.date | None) -> dt.date:
    """The as-of date: the one given, else today in Beijing."""
    return day if day is not None else today()
