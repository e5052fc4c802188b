"""``academy import people|scores``: a spreadsheet into the people register or a roster.

(The module is ``import_`` because ``import`` is a Python keyword.)
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from academy.commands.arguments import Subparsers, add_dry_run, add_root, date, subcommands
from academy.core.dates import today
from academy.core.vocabulary import Exit


def register(subparsers: Subparsers) -> None:
    imp = subparsers.add_parser("import", help="从 Excel/CSV 表格导入人员名册或班次成绩")
    sub = subcommands(imp)

    p = sub.add_parser("people", help="把人事系统导出的表格并入人员名册（rosters/people）")
    p.add_argument("file", type=Path, help="表格文件（.xlsx 或 .csv）")
    add_root(p)
    p.add_argument("--into", default=None, help="新部门写入的名册文件，如 rosters/people/cs-4.yaml")
    add_dry_run(p)
    p.set_defaults(main=people)

    p = sub.add_parser("scores", help="把成绩表导入一个班次名册（新建或更新）")
    p.add_argument("file", type=Path, help="表格文件（.xlsx 或 .csv）")
    p.add_argument("--cohort", required=True, help="班次编号（名册文件名）")
    add_root(p)
    p.add_argument("--program", default=None, help="新建班次时：考核方案编号")
    p.add_argument("--assessed-on", type=date, default=None, help="新建班次时：考核日期")
    p.add_argument("--title", default=None, help="新建班次时：班次名称")
    add_dry_run(p)
    p.set_defaults(main=scores)


def people(*, root: Path, file: Path, into: str | None, dry_run: bool) -> Exit:
    from academy.records.importer import import_people

    return import_people(root, file, file.as_posix(), into, today(), dry_run=dry_run)


def scores(
    *,
    root: Path,
    file: Path,
    cohort: str,
    program: str | None,
    assessed_on: dt.date | None,
    title: str | None,
    dry_run: bool,
) -> Exit:
    from academy.records.importer import import_scores

    return import_scores(
        root,
        file,
        file.as_posix(),
        cohort,
        today(),
        program=program,
        assessed_on=assessed_on,
        title=title,
        dry_run=dry_run,
    )
