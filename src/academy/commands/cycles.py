"""``academy cycles``: the monthly, quarterly and yearly roll-ups; writes no file.

Grades in memory (the ledger is never written). The same lists, as spreadsheets,
are in ``academy export``.
"""

from __future__ import annotations

import datetime as dt
import json as json_module
import sys
from pathlib import Path
from typing import Any

from academy.commands.arguments import Subparsers, add_as_of, add_json, add_root, on_or_today
from academy.core.cycles.lists import export_lists
from academy.core.vocabulary import Exit


def register(subparsers: Subparsers) -> None:
    p = subparsers.add_parser("cycles", help="月度、季度、年度考核汇总（不写任何文件）")
    add_root(p)
    add_as_of(p)
    add_json(p)
    p.set_defaults(main=main)


def cycles_data(root: Path, as_of: dt.date) -> dict[str, Any]:
    from academy.core.pipeline import run

    outcome = run(root, as_of, write=False)
    return {"as_of": as_of.isoformat(), **export_lists(outcome, as_of)}


def main(*, root: Path, as_of: dt.date | None, json: bool) -> Exit:
    day = on_or_today(as_of)
    data = cycles_data(root, day)
    if json:
        json_module.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print(
            f"考核周期：{len(data['cycles'])} 条季度与年度结果，"
            f"晋升候选 {len(data['promotion_candidates'])} 人，"
            f"改进计划 {len(data['improvement_plans'])} 人（按 {day.isoformat()} 计算）。",
            file=sys.stderr,
        )
    return Exit.OK
