"""培训目标达成 (``training-evaluation/targets-<id>.md``): each goal of a plan's targets file
against every group, with its mean and 95 % interval (``core.evaluation.targets``).

Aggregates only: a group of fewer than 5 people shows no mean (``core.privacy``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from markupsafe import escape

from ..core.evaluation.targets import SATISFACTION_PER_POINT, goal_results
from ..core.load.evaluation.targets import Targets
from ..core.privacy import MIN_GROUP
from .markdown import page, slug

if TYPE_CHECKING:
    from ..core.load.evaluation.model import Evaluation
    from ..core.pipeline import Outcome

EVALUATION_DIR = "training-evaluation"


def path(targets: Targets) -> str:
    return f"{EVALUATION_DIR}/targets-{slug(targets.id)}.md"


def _text(value: str) -> str:
    """Trainer text inside Markdown: HTML escaped, and no ``|`` that would split a cell."""
    return str(escape(value)).replace("|", "&#124;")


def _fmt(value: Decimal | None) -> str:
    return "—" if value is None else format(value, "f")


def targets_page(targets: Targets, outcome: Outcome, evaluation: Evaluation, as_of: dt.date) -> str:
    plans = {p.id: p for p in outcome.project.plans}
    plan = plans.get(targets.plan)
    title = targets.title or f"{plan.title if plan else targets.plan}：培训目标"
    lines = [f"# {_text(title)}", ""]
    lines.append(
        f"截至 {as_of.isoformat()}。培训计划：{_text(plan.title if plan else targets.plan)}"
        + (f"；目标出处：{_text(targets.source)}" if targets.source else "")
        + "。"
    )
    lines += [
        "",
        f"每组给出人数、均值和 95% 置信区间；区间整体满足目标为“达标”，整体不满足为“未达标”，"
        f"跨过目标值为“尚不能判断”。不足 {MIN_GROUP} 人的组不给出均值；"
        "能与其他组或其他页面的数字相减推算出这类组的，也不给出。",
        "",
    ]
    for result in goal_results(targets, outcome, evaluation, as_of):
        goal = result.goal
        lines += [f"## {_text(goal.label)}：目标 {goal.wording}", "", f"依据：{result.basis}。", ""]
        if goal.measure == "feedback":
            lines += ["刻度：5 分制，每份反馈取内容、讲师、实用性三项的平均。", ""]
        elif goal.five_point:
            lines += [
                "刻度：5 分制（满分 5 分）。服务指标中的客户满意度按 5 分制读取；"
                f"仍按百分制填写的旧文件读取时 ÷ {SATISFACTION_PER_POINT} 换算（90% = 4.5 分）。",
                "",
            ]
        elif goal.percent_satisfaction:
            lines += [
                f"刻度：百分制。客户满意度按 5 分制读取，与本目标比较时 × {SATISFACTION_PER_POINT} "
                "换算为百分制（4.5 分 = 90%）。",
                "",
            ]
        if not result.standings:
            lines += ["还没有可比较的数据。", ""]
            continue
        lines += [
            "| 组 | 人数 | 均值 | 95% 区间 | 与目标相比 |",
            "| --- | ---: | ---: | --- | --- |",
        ]
        for s in result.standings:
            e = s.estimate
            interval = f"{_fmt(e.low)} 至 {_fmt(e.high)}" if e.shown else "—"
            lines.append(
                f"| {_text(s.group)} | {e.n} | {_fmt(e.mean)} | {interval} | {s.verdict} |"
            )
        lines.append("")
    meta = {"title": title, "tags": ["培训评估"], "search": {"exclude": True}}
    return page(meta, "\n".join(lines))


def links(ids: tuple[str, ...], evaluation: Evaluation, *, here: bool = False) -> list[str]:
    """Markdown links to the targets pages of ``ids`` (a program's or plan's ``targets``)
    from a page of another folder, or of this one (``here``); an unknown id is left out."""
    known = {t.id: t for t in evaluation.targets}
    out = []
    for tid in ids:
        t = known.get(tid)
        if t is not None:
            href = path(t).removeprefix(f"{EVALUATION_DIR}/") if here else f"../{path(t)}"
            out.append(f"[{_text(t.title or t.id)}]({href})：每组与目标比较，附 95% 区间")
    return out


def pages(outcome: Outcome, evaluation: Evaluation, as_of: dt.date) -> dict[str, str]:
    return {path(t): targets_page(t, outcome, evaluation, as_of) for t in evaluation.targets}


def nav(evaluation: Evaluation) -> list[str]:
    return [path(t) for t in evaluation.targets]
