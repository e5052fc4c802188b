"""The quarter and year pages of a program with cycles: ``cycles/<program>/quarters.md``
and ``cycles/<program>/year.md`` (docs/guide/cycles.md, 在哪里看).

Each quarter and each year: its months (assessed or not yet), the team's counts, mean
and band distribution, and a sentence saying why a value is "—" (the period has not
ended, nobody meets the rule yet, fewer than ``MIN_GROUP`` people). The year page adds
the recognition of ``rosters/recognition.yaml``: grade, 年度优秀 and training counts
(aggregates, withheld under ``MIN_GROUP`` ranked people) and the honours 公示 with
masked names. No person's score, rank, grade or nomination reason is on either page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from academy.core.privacy import MIN_GROUP

from ..core.cycles.aggregate import GroupStats, month_stats, period_stats
from ..core.cycles.recognition import YearSummary, recognition_rows, year_summaries
from ..core.cycles.rollup import month_results, rollup
from .cycle_pages import NONE, cycle_programs, quarters_path, stats_rows, year_path
from .markdown import page, site_env, slug

if TYPE_CHECKING:
    from ..core.model import Program
    from ..core.pipeline import Outcome
    from .common import SiteContext


def _month_label(month: int) -> str:
    return f"{month}月"


def _last_day(year: int, month: int) -> dt.date:
    nxt = dt.date(year + month // 12, month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


@dataclass(frozen=True)
class _Team:
    """One program's team figures as of a day, the quarters and years keyed by period."""

    months: dict[str, GroupStats]
    quarters: dict[str, GroupStats]
    years: dict[str, GroupStats]


def _team(program: Program, outcome: Outcome, as_of: dt.date) -> _Team:
    assert program.cycles is not None
    results = [r for r in outcome.results if r.program.id == program.id]
    by_person = month_results(results, as_of)
    months = month_stats(list(by_person.values()))
    quarters, years = period_stats(
        list(rollup(by_person).values()), program.cycles, program.decimals
    )
    return _Team(
        {m.period: m for m in months},
        {q.period: q for q in quarters},
        {y.period: y for y in years},
    )


def _month_rows(
    program: Program, team: _Team, year: int, months: range, as_of: dt.date
) -> list[dict[str, Any]]:
    """The months of a quarter or a year: figures, or why there are none."""
    rows = []
    for month in months:
        period = f"{year}-{month:02d}"
        stats = team.months.get(period)
        if stats is not None:
            row = stats_rows([stats], program)[0]
            row["note"] = "" if stats.shown else f"不足 {MIN_GROUP} 人，不显示"
        else:
            if _last_day(year, month) < as_of:
                note = "本月没有考核"
            elif dt.date(year, month, 1) <= as_of:  # the month of the as-of day
                note = f"尚未考核（截至 {as_of.isoformat()}）"
            else:
                note = "尚未考核"
            row = {"period": period, "people": NONE, "counted": NONE, "mean": NONE}
            row |= {"bands": None, "note": note}
        rows.append(row)
    return rows


def _assessed(rows: list[dict[str, Any]]) -> list[str]:
    return [_month_label(int(r["period"][5:])) for r in rows if r["people"] != NONE]


def _why(stats: GroupStats | None, condition: str) -> str:
    """Why the mean and the bands are "—", or "" when they are shown."""
    if stats is None:
        return "还没有任何考核成绩，所以平均分和各档人数为 —。"
    if stats.shown:
        return ""
    if stats.counted == 0:
        return f"还没有人满足“{condition}”，所以平均分和各档人数为 —。"
    return (
        f"已出结果的只有 {stats.counted} 人，不足 {MIN_GROUP} 人，"
        "平均分和各档人数不显示（—），以免从中看出个人成绩。"
    )


def _quarter_sections(program: Program, team: _Team, as_of: dt.date) -> list[dict[str, Any]]:
    assert program.cycles is not None
    condition = f"季度内至少 {program.cycles.min_months} 个月有成绩"
    years = sorted({int(p[:4]) for p in team.quarters})
    # the quarter of the as-of day, even before its first assessment
    current = f"{as_of.year}-Q{(as_of.month - 1) // 3 + 1}"
    out = []
    for year in reversed(years):
        for quarter in (4, 3, 2, 1):
            period = f"{year}-Q{quarter}"
            stats = team.quarters.get(period)
            if stats is None and period != current:
                continue
            first = 3 * quarter - 2
            months = _month_rows(program, team, year, range(first, first + 3), as_of)
            assessed = _assessed(months)
            ended = as_of >= _last_day(year, first + 2)
            why = _why(stats, condition)
            if ended:
                state = f"本季度已结束：{len(assessed)} 个月有考核（{'、'.join(assessed)}）。"
            elif not assessed:
                state, why = f"本季度尚未结束：截至 {as_of.isoformat()} 本季度还没有考核。", ""
            else:
                state = (
                    f"本季度尚未结束：截至 {as_of.isoformat()} 已有 {len(assessed)} 个月的考核"
                    f"（{'、'.join(assessed)}），结果按已有的月份计算，之后的月份还会改变它。"
                )
            out.append(
                {
                    "period": period,
                    "span": f"{first}–{first + 2} 月",
                    "ended": ended,
                    "state": state,
                    "why": why,
                    "months": months,
                    "row": None if stats is None else stats_rows([stats], program)[0],
                }
            )
    return out


def _names(outcome: Outcome) -> dict[str, str]:
    """Full names by employee id: the register's, else the rosters' (masked on the page)."""
    names = {r.entry.employee_id: r.entry.name for r in outcome.results if r.entry.name}
    for emp, person in outcome.project.people.people.items():
        names[emp] = person.name
    return names


def _recognition(program: Program, outcome: Outcome, ctx: SiteContext) -> dict[int, YearSummary]:
    rule = outcome.project.recognition
    if rule is None or rule.program != program.id:
        return {}
    register = outcome.project.people  # who left before the day is in no list (as in HR's)
    rows = [
        r
        for r in recognition_rows(outcome.results, rule, ctx.as_of)
        if not register.gone(r.employee_id, ctx.as_of)
    ]
    return {s.year: s for s in year_summaries(rows, rule)}


def _grade_rule(outcome: Outcome) -> str:
    rule = outcome.project.recognition
    assert rule is not None
    parts = []
    for g in rule.grades:
        if g.top_percent is None:
            parts.append(f"{g.id}（{g.label}）：其余的人")
        else:
            parts.append(f"{g.id}（{g.label}）：名次在前 {g.top_percent}% 以内")
    return "；".join(parts)


def _year_sections(
    program: Program, team: _Team, outcome: Outcome, ctx: SiteContext
) -> list[dict[str, Any]]:
    assert program.cycles is not None
    as_of = ctx.as_of
    condition = f"年度内至少 {program.cycles.min_quarters} 个完整季度"
    recognition = _recognition(program, outcome, ctx)
    names = _names(outcome)
    rule = outcome.project.recognition
    years = sorted({int(p) for p in team.years} | set(recognition))
    out = []
    for year in reversed(years):
        stats = team.years.get(str(year))
        months = _month_rows(program, team, year, range(1, 13), as_of)
        assessed = [r for r in months if r["people"] != NONE]
        ended = as_of >= dt.date(year, 12, 31)
        span = (
            f"{_month_label(int(assessed[0]['period'][5:]))}至"
            f"{_month_label(int(assessed[-1]['period'][5:]))}"
            if assessed
            else "无"
        )
        if ended:
            state = f"{year} 年已结束：全年 {len(assessed)} 个月有考核（{span}），以下为最终结果。"
        else:
            state = (
                f"全年考核尚未完成：截至 {as_of.isoformat()}，{year} 年已有 {len(assessed)} 个月"
                f"的考核（{span}）。年度结果按已完整的季度计算，为暂定结果，"
                f"{year} 年 12 月 31 日之后为最终结果。"
            )
        quarters = []
        for quarter in (1, 2, 3, 4):
            q = team.quarters.get(f"{year}-Q{quarter}")
            if q is None:
                continue
            quarters.append(
                {
                    "period": f"{year}-Q{quarter}",
                    "counted": q.counted,
                    "mean": NONE if q.mean is None else format(q.mean, "f"),
                    "ended": as_of >= _last_day(year, 3 * quarter),
                }
            )
        summary = recognition.get(year)
        honours = []
        if summary is not None:
            honours = [
                {"honour": h, "name": ctx.display_name(names.get(emp, ""))}
                for h, emp in summary.honours
            ]
        out.append(
            {
                "year": year,
                "ended": ended,
                "state": state,
                "why": _why(stats, condition),
                "row": None if stats is None else stats_rows([stats], program)[0],
                "quarters": quarters,
                "summary": summary,
                "grade_rule": _grade_rule(outcome) if summary is not None else "",
                "training": "、".join(rule.training_grades) if rule is not None else "",
                "excellent_top": rule.excellent_top if rule is not None else 0,
                "honours": honours,
            }
        )
    return out


def _period_page(
    program: Program, ctx: SiteContext, template: str, title: str, sections: list[dict[str, Any]]
) -> str:
    """The quarter or the year page: its template over ``sections``, and its front matter."""
    body = (
        site_env()
        .get_template(template)
        .render(
            p=program,
            program_id=slug(program.id),
            rule=program.cycles,
            as_of=ctx.as_of.isoformat(),
            min_group=MIN_GROUP,
            sections=sections,
        )
    )
    meta = {
        "title": f"{program.title}：{title}",
        "tags": ["考核周期", program.title],
        "search": {"exclude": True},
    }
    return page(meta, body)


def pages(outcome: Outcome, ctx: SiteContext) -> dict[str, str]:
    """Each program with cycles: its quarter page and its year page."""
    out = {}
    for program in cycle_programs(outcome):
        team = _team(program, outcome, ctx.as_of)  # once for both pages
        quarters = _quarter_sections(program, team, ctx.as_of)
        year = _year_sections(program, team, outcome, ctx)
        out[quarters_path(program)] = _period_page(
            program, ctx, "cycles/quarters.md.j2", "每季度结果", quarters
        )
        out[year_path(program)] = _period_page(program, ctx, "cycles/year.md.j2", "年度结果", year)
    return out
