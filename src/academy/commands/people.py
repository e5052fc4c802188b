"""``academy people forget ID``: remove a leaver's personal data, keep the certificates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from academy.commands.arguments import (
    Subparsers,
    add_dry_run,
    add_root,
    date,
    on_or_today,
    subcommands,
)
from academy.core.vocabulary import Exit


def register(subparsers: Subparsers) -> None:
    people = subparsers.add_parser("people", help="人员名册维护（离职人员个人信息删除）")
    sub = subcommands(people)
    p = sub.add_parser(
        "forget",
        help="删除一位离职人员的个人信息（保留证书编号和状态），并记录到 rosters/forgotten.yaml",
    )
    p.add_argument("employee", help="员工编号")
    p.add_argument("--reason", required=True, help="删除依据，如 离职满 6 个月")
    add_root(p)
    p.add_argument("--on", type=date, default=None, help="删除日期（默认：今天）")
    add_dry_run(p)
    p.set_defaults(main=forget)


def forget(*, root: Path, employee: str, reason: str, on: dt.date | None, dry_run: bool) -> Exit:
    from academy.records.forget import forget as forget_person

    return forget_person(root, employee, reason, on_or_today(on), dry_run=dry_run)
