"""Evaluation pages: 培训需求分析报告 per needs survey, feedback per session and trainer,
and the Kirkpatrick four-level overview (``training-evaluation/``).

Aggregates only: every mean, share or distribution is over at least 5 responses or
people (``academy.core.privacy``); comments and single answers never reach the site.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from academy.core.grade.totals import round_half_up
from academy.core.privacy import MIN_GROUP, may_show

from ..core.cycles.aggregate import period_stats
from ..core.cycles.rollup import month_results, rollup
from ..core.evaluation.analysis import (
    feedback_results,
    format_counts,
    overall_skills,
    skills_by,
    topic_counts,
)
from ..core.evaluation.disclosure import Label, feedback_withheld
from ..core.evaluation.effect import (
    Comparison,
    Estimate,
    before_after,
    by_level,
    certified_vs_not,
    holdings,
)
from ..core.evaluation.supervision import supervise
from ..core.load.evaluation.model import Evaluation
from ..core.vocabulary import PASSING
from . import targets_page
from .markdown import page, site_env, slug
from .modules import module_link

if TYPE_CHECKING:
    from academy.core.validate.plans import Plan

    from ..core.load.evaluation.model import NeedsSurvey
    from ..core.model import Module
    from ..core.pipeline import Outcome
    from .common import SiteContext

EVALUATION_DIR = "training-evaluation"
INDEX_PAGE = f"{EVALUATION_DIR}/index.md"
FEEDBACK_PAGE = f"{EVALUATION_DIR}/feedback.md"
NONE = "—"
WITHHELD = f"不公布，以免推算出不足 {MIN_GROUP} 人的组"


def _fmt(value: Decimal | None) -> str:
    return NONE if value is None else format(value, "f")


def _links(ids: tuple[str, ...], modules: dict[str, Module]) -> Markup:
    links = [module_link(modules[m], "../modules/") for m in ids if m in modules]
    return Markup("、").join(links) if links else Markup(NONE)


def needs_page(survey: NeedsSurvey, modules: dict[str, Module]) -> str:
    overall = overall_skills(survey)
    body = (
        site_env()
        .get_template("evaluation/needs.md.j2")
        .render(
            s=survey,
            responses=len(survey.responses),
            min_group=MIN_GROUP,
            overall=[
                {
                    "label": m.skill.label,
                    "mean": _fmt(m.mean),
                    "n": m.answers,
                    "modules": _links(m.skill.modules, modules),
                }
                for m in overall
            ],
            by_department=skills_by(survey, "department"),
            by_position=skills_by(survey, "position"),
            topics=[
                {
                    "label": c.label,
                    "count": c.count,
                    "share": _fmt(c.share),
                    "modules": _links(c.modules, modules),
                }
                for c in topic_counts(survey)
            ],
            formats=[
                {"label": c.label, "count": c.count, "share": _fmt(c.share)}
                for c in format_counts(survey)
            ],
            fmt=_fmt,
        )
    )
    meta = {
        "title": f"{survey.title}：培训需求分析报告",
        "tags": ["培训评估"],
        "search": {"exclude": True},
    }
    return page(meta, body)


def feedback_page(evaluation: Evaluation, hidden: frozenset[Label]) -> str:
    sessions, trainers = feedback_results(evaluation.feedback, hidden)
    body = (
        site_env()
        .get_template("evaluation/feedback.md.j2")
        .render(sessions=sessions, trainers=trainers, fmt=_fmt, min_group=MIN_GROUP)
    )
    return page({"title": "培训反馈结果", "tags": ["培训评估"], "search": {"exclude": True}}, body)


def index_page(evaluation: Evaluation, extra: dict[str, Any]) -> str:
    body = (
        site_env()
        .get_template("evaluation/index.md.j2")
        .render(
            surveys=[{"s": s, "id": slug(s.id)} for s in evaluation.surveys],
            feedback=bool(evaluation.feedback),
            min_group=MIN_GROUP,
            **extra,
        )
    )
    return page({"title": "培训效果评估", "tags": ["培训评估"]}, body)


def _estimate(e: Estimate | None) -> dict[str, Any]:
    if e is None:
        return {"n": "", "mean": NONE, "ci": NONE}
    if not e.shown and not may_show(e.n):
        return {"n": e.n, "mean": NONE, "ci": f"不足 {MIN_GROUP} 人，不下结论"}
    if not e.shown:
        return {"n": e.n, "mean": NONE, "ci": WITHHELD}
    return {"n": e.n, "mean": _fmt(e.mean), "ci": f"{_fmt(e.low)} 至 {_fmt(e.high)}"}


def _comparisons(items: list[Comparison]) -> list[dict[str, Any]]:
    return [
        {
            "label": f"{c.metric.label}（{c.metric.unit}）",
            "better": {"higher": "越高越好", "lower": "越低越好"}.get(c.metric.better, "参考"),
            "groups": [{"label": g, **_estimate(e)} for g, e in c.groups],
            "difference": _estimate(c.difference) if c.difference is not None else None,
        }
        for c in items
    ]


def _learning(outcome: Outcome, as_of: dt.date) -> list[dict[str, Any]]:
    rows = []
    for program in sorted(outcome.project.programs.values(), key=lambda p: p.id):
        if program.certificate is None:
            continue
        years: dict[int, list[Any]] = {}
        for r in outcome.results:
            if (
                r.program.id == program.id
                and r.cohort.kind == "certification"
                and r.cohort.assessed_on <= as_of
                and r.score.complete
            ):
                years.setdefault(r.cohort.assessed_on.year, []).append(r)
        for year in sorted(years):
            graded = years[year]
            shown = may_show(len(graded))
            totals = [r.score.total for r in graded]
            passed = sum(r.status in PASSING for r in graded)
            rows.append(
                {
                    "program": program.title,
                    "year": year,
                    "n": len(graded),
                    "mean": _fmt(
                        round_half_up(sum(totals, Decimal(0)) / len(totals), program.decimals)
                    )
                    if shown
                    else NONE,
                    "pass_rate": _fmt(round_half_up(Decimal(100 * passed) / len(graded), 1)) + "%"
                    if shown
                    else NONE,
                }
            )
    return rows


def _behaviour(outcome: Outcome, as_of: dt.date) -> list[dict[str, Any]]:
    rows = []
    for program in sorted(outcome.project.programs.values(), key=lambda p: p.id):
        if program.cycles is None:
            continue
        by_person = month_results([r for r in outcome.results if r.program.id == program.id], as_of)
        quarters, _ = period_stats(
            list(rollup(by_person).values()), program.cycles, program.decimals
        )
        for q in quarters:
            rows.append(
                {
                    "program": program.title,
                    "period": q.period,
                    "counted": q.counted,
                    "mean": _fmt(q.mean),
                }
            )
    return rows


def kirkpatrick(outcome: Outcome, as_of: dt.date) -> dict[str, Any]:
    evaluation = evaluation_of(outcome)
    rows = list(evaluation.metrics)
    held = holdings(outcome, rows)
    quarter, now = certified_vs_not(rows, held)
    hidden = feedback_withheld(evaluation, _plans(outcome))
    reaction = feedback_results(evaluation.feedback, hidden)[1]
    return {
        "reaction": reaction,
        "learning": _learning(outcome, as_of),
        "behaviour": _behaviour(outcome, as_of),
        "metrics_quarter": quarter,
        "metrics_agents": len({r.employee_id for r in rows}),
        "certified": _comparisons(now),
        "before_after": _comparisons(before_after(rows, held)),
        "by_level": _comparisons(by_level(rows, held)),
        "plans": [{"title": p.title, "id": slug(p.id)} for p in _plans(outcome)],
        "targets": [
            Markup(link)
            for link in targets_page.links(
                tuple(t.id for t in evaluation.targets), evaluation, here=True
            )
        ],
    }


def supervision_page(plan: Plan, outcome: Outcome, ctx: SiteContext) -> str:
    evaluation = evaluation_of(outcome)
    hidden = feedback_withheld(evaluation, _plans(outcome))
    s = supervise(plan, evaluation, outcome.results, ctx.as_of, hidden)
    body = (
        site_env()
        .get_template("evaluation/supervision.md.j2")
        .render(
            s=s,
            plan=plan,
            plan_id=slug(plan.id),
            as_of=ctx.as_of.isoformat(),
            min_group=MIN_GROUP,
            fmt=_fmt,
            pct=lambda v: NONE if v is None else f"{_fmt(v)}%",
        )
    )
    meta = {"title": f"{plan.title}：培训监督", "tags": ["培训评估"], "search": {"exclude": True}}
    return page(meta, body)


def _plans(outcome: Outcome) -> list[Plan]:
    """The plans supervised: a template (no sessions) is not."""
    return [p for p in outcome.project.plans if not p.template]


def evaluation_of(outcome: Outcome) -> Evaluation:
    found = outcome.project.evaluation
    return found if isinstance(found, Evaluation) else Evaluation()


def pages(
    outcome: Outcome, ctx: SiteContext, extra: dict[str, Any] | None = None
) -> dict[str, str]:
    evaluation = evaluation_of(outcome)
    modules = outcome.project.modules
    out = {INDEX_PAGE: index_page(evaluation, {**kirkpatrick(outcome, ctx.as_of), **(extra or {})})}
    for survey in evaluation.surveys:
        out[f"{EVALUATION_DIR}/needs-{slug(survey.id)}.md"] = needs_page(survey, modules)
    if evaluation.feedback:
        out[FEEDBACK_PAGE] = feedback_page(
            evaluation, feedback_withheld(evaluation, _plans(outcome))
        )
    for plan in _plans(outcome):
        out[f"{EVALUATION_DIR}/supervision-{slug(plan.id)}.md"] = supervision_page(
            plan, outcome, ctx
        )
    out.update(targets_page.pages(outcome, evaluation, ctx.as_of))  # 培训目标达成
    return out


def nav(outcome: Outcome) -> list[str]:
    evaluation = evaluation_of(outcome)
    pages_ = [f"{EVALUATION_DIR}/needs-{slug(s.id)}.md" for s in evaluation.surveys]
    supervision = [f"{EVALUATION_DIR}/supervision-{slug(p.id)}.md" for p in _plans(outcome)]
    targets = targets_page.nav(evaluation)
    return pages_ + ([FEEDBACK_PAGE] if evaluation.feedback else []) + supervision + targets
