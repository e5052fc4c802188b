"""Trainer pages for assessment cycles: ``cycles/index.md`` and ``cycles/<program>.md``.

Per program with cycles: month, quarter and year views of the team — how many people,
the mean total and the band distribution — and trend sparklines of the monthly mean and
of the shares in the first and the last band. Aggregates only: a figure over fewer than
5 people is withheld (academy.core.privacy); no page names a person or shows one
person's score. Sparklines are inline SVG written at build time (no script, no request).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from academy.core.privacy import MIN_GROUP

from ..core.cycles.aggregate import GroupStats, item_losses, month_stats, period_stats
from ..core.cycles.rollup import month_results, rollup
from .markdown import page, site_env, slug

if TYPE_CHECKING:
    from ..core.model import Program
    from ..core.pipeline import Outcome
    from .common import SiteContext

CYCLES_DIR = "cycles"
INDEX_PAGE = f"{CYCLES_DIR}/index.md"
NONE = "—"
SPARK_WIDTH, SPARK_HEIGHT = 360, 150
# room for the value axis on the left, month labels below, value labels above the dots
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 44, 16, 20, 28


@dataclass(frozen=True)
class Sparkline:
    """A small line chart over the shown values; gaps (withheld months) are skipped.
    It has a value axis (lowest and highest value), each month below its point and
    each value above it, so the trend reads without hovering."""

    title: str
    label: str  # aria-label: every value read out
    points: str  # "x,y x,y …" in integer SVG units
    dots: tuple[tuple[int, int], ...]
    values: tuple[tuple[int, int, str], ...] = ()  # x, y, the value as text
    months: tuple[tuple[int, str], ...] = ()  # x, the month as text (5月)
    ticks: tuple[tuple[int, str], ...] = ()  # y, the axis value as text
    span: str = ""  # the caption's range: 2026-05 至 2026-10，按月
    width: int = SPARK_WIDTH
    height: int = SPARK_HEIGHT
    axis_x: int = PAD_LEFT
    axis_bottom: int = SPARK_HEIGHT - PAD_BOTTOM


def _month_label(period: str) -> str:
    """2026-05 → 5月 (other periods as they are)."""
    _year, sep, month = period.partition("-")
    return f"{int(month)}月" if sep and month.isdigit() else period


def sparkline(
    title: str, values: list[tuple[str, Decimal | None]], unit: str, by: str = "按月"
) -> Sparkline | None:
    shown = [(i, v) for i, (_, v) in enumerate(values) if v is not None]
    if len(shown) < 2:
        return None
    lo = min(v for _, v in shown)
    hi = max(v for _, v in shown)
    span = hi - lo or Decimal(1)
    inner_w = SPARK_WIDTH - PAD_LEFT - PAD_RIGHT
    step = inner_w / Decimal(max(len(values) - 1, 1))
    inner = SPARK_HEIGHT - PAD_TOP - PAD_BOTTOM

    def x_of(i: int) -> int:
        return int(PAD_LEFT + step * i)

    def y_of(v: Decimal) -> int:
        return int(PAD_TOP + inner - (v - lo) * inner / span)

    dots = tuple((x_of(i), y_of(v)) for i, v in shown)
    said = "，".join(f"{p} {NONE if v is None else format(v, 'f') + unit}" for p, v in values)
    return Sparkline(
        title,
        f"{title}：{said}",
        " ".join(f"{x},{y}" for x, y in dots),
        dots,
        values=tuple((x_of(i), y_of(v) - 6, format(v, "f")) for i, v in shown),
        span=f"{values[0][0]} 至 {values[-1][0]}，{by}",
        months=tuple((x_of(i), _month_label(p)) for i, (p, _) in enumerate(values)),
        ticks=(
            (y_of(hi), format(hi, "f") + unit.strip()),
            (y_of(lo), format(lo, "f") + unit.strip()),
        )
        if hi != lo
        else ((y_of(hi), format(hi, "f") + unit.strip()),),
    )


def _share(stats: GroupStats, band_id: str) -> Decimal | None:
    if stats.bands is None or not stats.counted:
        return None
    return (Decimal(100) * stats.bands[band_id] / stats.counted).quantize(Decimal("0.1"))


def stats_rows(stats: list[GroupStats], program: Program) -> list[dict[str, Any]]:
    assert program.cycles is not None
    out = []
    for s in stats:
        out.append(
            {
                "period": s.period,
                "people": s.people,
                "counted": s.counted,
                "incomplete": s.people - s.counted,
                "mean": NONE if s.mean is None else format(s.mean, "f"),
                "bands": [
                    NONE if s.bands is None else str(s.bands[b.id]) for b in program.cycles.bands
                ],
            }
        )
    return out


def program_page(program: Program, outcome: Outcome, ctx: SiteContext) -> str:
    rule = program.cycles
    assert rule is not None
    results = [r for r in outcome.results if r.program.id == program.id]
    by_person = month_results(results, ctx.as_of)
    people = list(by_person.values())
    periods = list(rollup(by_person).values())
    months = month_stats(people)
    quarters, years = period_stats(periods, rule, program.decimals)
    first, last = rule.bands[0], rule.bands[-1]
    sparks = [
        sparkline("月度平均分", [(m.period, m.mean) for m in months], " 分"),
        sparkline(f"{first.label}占比", [(m.period, _share(m, first.id)) for m in months], "%"),
        sparkline(f"{last.label}占比", [(m.period, _share(m, last.id)) for m in months], "%"),
        sparkline("季度平均分", [(q.period, q.mean) for q in quarters], " 分", "按季度"),
        sparkline("年度平均分", [(y.period, y.mean) for y in years], " 分", "按年度"),
    ]
    latest = next((m for m in reversed(months) if m.shown), None)
    losses = item_losses(people, latest.period) if latest else None
    weak = []
    if losses:
        order = sorted(program.items, key=lambda i: (-losses[i.id], program.items.index(i)))
        weak = [
            {"label": i.label, "points": i.points, "lost": format(losses[i.id], "f")}
            for i in order[:5]
            if losses[i.id] > 0
        ]
    body = (
        site_env()
        .get_template("cycles/program.md.j2")
        .render(
            p=program,
            program_id=slug(program.id),
            rule=rule,
            as_of=ctx.as_of.isoformat(),
            min_group=MIN_GROUP,
            months=stats_rows(months, program),
            quarters=stats_rows(quarters, program),
            years=stats_rows(years, program),
            no_year_yet=bool(years) and all(y.counted == 0 for y in years),
            sparks=[s for s in sparks if s is not None],
            latest=latest.period if latest else None,
            weak=weak,
        )
    )
    meta = {
        "title": f"{program.title}：季度与年度汇总",
        "tags": ["考核周期", program.title],
        "search": {"exclude": True},
    }
    return page(meta, body)


def index_page(programs: list[Program]) -> str:
    body = (
        site_env()
        .get_template("cycles/index.md.j2")
        .render(programs=[{"p": p, "id": slug(p.id)} for p in programs], min_group=MIN_GROUP)
    )
    return page({"title": "考核周期汇总", "tags": ["考核周期"]}, body)


def quarters_path(program: Program) -> str:
    """The quarter page of a program (academy.site.cycle_periods makes it)."""
    return f"{CYCLES_DIR}/{slug(program.id)}/quarters.md"


def year_path(program: Program) -> str:
    """The year page of a program, with the recognition 公示 (academy.site.cycle_periods)."""
    return f"{CYCLES_DIR}/{slug(program.id)}/year.md"


def cycle_programs(outcome: Outcome) -> list[Program]:
    return sorted(
        (p for p in outcome.project.programs.values() if p.cycles is not None), key=lambda p: p.id
    )


def pages(outcome: Outcome, ctx: SiteContext) -> dict[str, str]:
    """The index (always: the nav names it) and one page per program with cycles."""
    programs = cycle_programs(outcome)
    out = {INDEX_PAGE: index_page(programs)}
    for program in programs:
        out[f"{CYCLES_DIR}/{slug(program.id)}.md"] = program_page(program, outcome, ctx)
    return out


def nav(outcome: Outcome) -> list[str]:
    """Each program's summary, then its quarter and year pages."""
    return [
        path
        for p in cycle_programs(outcome)
        for path in (f"{CYCLES_DIR}/{slug(p.id)}.md", quarters_path(p), year_path(p))
    ]
