"""``academy grade``: validate and grade; append new certificates to the ledger."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from academy.commands.arguments import Subparsers, add_as_of, add_json, add_root, on_or_today
from academy.core.vocabulary import Exit, ResultStatus


def register(subparsers: Subparsers) -> None:
    p = subparsers.add_parser("grade", help="校验并评分，更新证书账本")
    add_root(p)
    add_as_of(p)
    add_json(p)
    p.set_defaults(main=main)


def main(*, root: Path, as_of: dt.date | None, json: bool) -> Exit:
    from academy.core.pipeline import gc_paused, run

    # Paused for the output too, and the outcome let go of before the collector is back:
    # otherwise its first pass would scan every object the run made (a tenth of the run
    # at 20,000 trainees), only for them to be freed right after.
    with gc_paused():
        outcome = run(root, on_or_today(as_of), write=True)
        if json:
            sys.stdout.write(outcome.to_json())
        else:
            certified = sum(r.status == ResultStatus.CERTIFIED for r in outcome.results)
            renewals = outcome.renewals_added
            print(
                f"评分完成：{len(outcome.results)} 条考核记录，{certified} 人获得认证；"
                f"证书 {len(outcome.certificates)} 张，本次新增 {outcome.added} 张"
                f"（{'账本已更新' if outcome.ledger_written else '账本无变化'}）"
                + (f"；新记录复评结果 {renewals} 条" if renewals else "")
                + "。",
                file=sys.stderr,
            )
        del outcome
    return Exit.OK
