"""``academy ci annotate|summary|ledger-guard``: what the GitHub workflows call.

Only the arguments live here; what each does is in ``academy.ci``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import cast

from academy.commands.arguments import Subparsers, add_as_of, add_root, subcommands
from academy.core.vocabulary import Exit


def register(subparsers: Subparsers) -> None:
    ci = subparsers.add_parser("ci", help="持续集成用的子命令")
    sub = subcommands(ci)

    p = sub.add_parser("annotate", help="校验，并把问题输出为 GitHub 行内注释")
    add_root(p)
    p.set_defaults(main=annotate)

    p = sub.add_parser("summary", help="对比基准版本评分，生成本次修改影响的摘要（Markdown）")
    add_root(p)
    add_as_of(p)
    p.add_argument("--base", required=True, metavar="REF", help="基准版本（分支、标签或提交）")
    p.add_argument(
        "--output",
        type=Path,
        default=None,
        metavar="FILE",
        help="写入此文件；默认追加到 $GITHUB_STEP_SUMMARY，没有时输出到标准输出",
    )
    p.add_argument(
        "--private-out",
        type=Path,
        default=None,
        metavar="FILE",
        help="把人事名单的逐人变化（含姓名）写到此 CSV 文件（须在仓库之外，作为私有构件上传）",
    )
    p.set_defaults(main=summary)

    p = sub.add_parser("ledger-guard", help="对照基准版本检查证书账本只追加、不改动")
    add_root(p)
    p.add_argument("--base", required=True, metavar="REF", help="基准版本（分支、标签或提交）")
    p.add_argument(
        "--github",
        action="store_true",
        help="同时输出 GitHub 注释（::error）；在 GitHub Actions 中自动开启",
    )
    p.set_defaults(main=ledger_guard)


def annotate(*, root: Path) -> Exit:
    from academy.ci.annotate import run_annotate

    return run_annotate(root=root)


def summary(
    *, root: Path, as_of: dt.date | None, base: str, output: Path | None, private_out: Path | None
) -> Exit:
    from academy.ci.diff import HrLists
    from academy.ci.summary import run_summary
    from academy.hr import consequences  # the HR lists' changes, for the PR summary

    # cast: HrLists spells its ListChange as a protocol, and list[...] is invariant

    return run_summary(
        root=root,
        base=base,
        as_of=as_of,
        output=output,
        private_out=private_out,
        hr_lists=cast(HrLists, consequences),
    )


def ledger_guard(*, root: Path, base: str, github: bool) -> Exit:
    from academy.ci.ledger_guard import run_guard

    return run_guard(root=root, base=base, github=github)
