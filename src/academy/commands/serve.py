"""``academy serve``: build and preview the site locally, rebuilding on every change."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from academy.commands.arguments import (
    Subparsers,
    add_as_of,
    add_root,
    add_verbose,
    address,
    on_or_today,
)
from academy.core.vocabulary import Exit


def register(subparsers: Subparsers) -> None:
    p = subparsers.add_parser("serve", help="构建并在本机预览网站（修改后自动刷新）")
    add_root(p)
    add_as_of(p)
    p.add_argument(
        "--addr", type=address, default="127.0.0.1:8000", help="监听地址（默认 127.0.0.1:8000）"
    )
    add_verbose(p)
    p.set_defaults(main=main)


def main(*, root: Path, as_of: dt.date | None, addr: str, verbose: bool) -> Exit:
    from academy.publish.serve import serve_portal

    return serve_portal(root, on_or_today(as_of), addr, verbose=verbose)
