"""``academy cycles`` (temporary, until ``academy export`` takes the cycles lists).

Grades in memory (the ledger is never written) and prints the cycles lists of §8/§9.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from academy.core.cycles.lists import export_lists


def cycles_data(root: Path, as_of: dt.date) -> dict[str, Any]:
    from academy.core.pipeline import run

    outcome = run(root, as_of, write=False)
    return {"as_of": as_of.isoformat(), **export_lists(outcome, as_of)}


def cmd_cycles(args: argparse.Namespace, today: dt.date) -> int:
    as_of = args.as_of or today
    data = cycles_data(args.root, as_of)
    if args.json:
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print(
            f"考核周期：{len(data['cycles'])} 条季度与年度结果，"
            f"晋升候选 {len(data['promotion_candidates'])} 人，"
            f"改进计划 {len(data['improvement_plans'])} 人（按 {as_of.isoformat()} 计算）。",
            file=sys.stderr,
        )
    return 0
