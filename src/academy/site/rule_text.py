"""How a program computes its total and what each level means, as text: the program
page shows it and the course text's macros ({{ scoring("…") }}) quote it, from the one
program file (so prose never disagrees with the computation)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from markupsafe import Markup

from academy.core.grade.monthly_sources import combine
from academy.core.grade.totals import rubric_score
from academy.core.model import Program, RubricItem
from academy.core.vocabulary import ResultStatus

from .common import RESULT_STATUS_LABELS
from .markdown import number, site_env

SOURCE_HOW = {
    "rubric": "按下方评分细则逐次扣分，满分 100 分",
    "customer": "客户满意度评价，百分制",
    "supervisor": "主管日常评价，百分制",
    "exam": "在线考核（系统自动评分），百分制",
}
STARS_HOW = "客户满意度星级（1–5 星，取平均）折算：（星级 − 1）× 25，1 星为 0 分、5 星为 100 分"
# the sources of the worked example: 4.2 stars (80 points), or 80 on a percent scale
EXAMPLE_SOURCES = {"customer": Decimal("4.2"), "supervisor": Decimal(85), "exam": Decimal(90)}
EXAMPLE_PERCENT_CUSTOMER = Decimal(80)


def _example_deductions(program: Program) -> list[tuple[RubricItem, Any, str]]:
    """A few incidents that show each rule: a fixed item, a ranged one, one floored at 0."""
    items = program.items
    fixed = [i for i in items if not i.ranged]
    ranged = [i for i in items if i.ranged]
    out: list[tuple[RubricItem, Any, str]] = []
    if fixed:
        f = fixed[0]
        out.append((f, 1, f"{f.label}出现 1 次，扣 {number(f.deduction)} 分"))
    if ranged:
        r = ranged[0]
        lo, hi = r.deduction  # type: ignore[misc]
        out.append((r, [lo, hi], f"{r.label}出现 2 次，分别扣 {number(lo)} 分和 {number(hi)} 分"))
    # the fixed item that a few incidents floor at 0 soonest
    rest = [(i, i.deduction) for i in fixed[1:] if isinstance(i.deduction, Decimal) and i.deduction]
    if rest:
        low, each = min(rest, key=lambda pair: (pair[0].points / pair[1], items.index(pair[0])))
        times = int(low.points / each) + 1
        out.append(
            (
                low,
                times,
                f"{low.label}出现 {times} 次，按次数应扣 {number(each * times)} 分"
                f"，但该项只有 {number(low.points)} 分，扣到 0 分为止",
            )
        )
    return out


def _example(program: Program) -> dict[str, Any] | None:
    """The worked example, computed by the grading code itself from the program file."""
    incidents = _example_deductions(program)
    if not incidents:
        return None
    deductions = {item.id: given for item, given, _ in incidents}
    given: dict[str, Any] = {}
    lines: list[str] = []
    for s in program.sources:
        if s.id == "rubric":
            continue
        if s.id == "customer" and s.scale != "stars":
            given[s.id] = EXAMPLE_PERCENT_CUSTOMER
        else:
            given[s.id] = EXAMPLE_SOURCES[s.id]
    score = rubric_score(program, deductions, given)
    assert score.total is not None
    rubric = sum(score.parts.values(), Decimal(0))
    band = program.cycles.band(score.total) if program.cycles else None
    example: dict[str, Any] = {
        "deductions": [
            f"{text}，该项得 {number(score.parts[item.id])} 分" for item, _, text in incidents
        ],
        "lost": [item.points - score.parts[item.id] for item, _, _ in incidents],
        "rubric": rubric,
        "total": score.total,
        "band": band,
        "bonus": None if band is None or band.bonus is None else coefficient(band.bonus),
        "sources": lines,
    }
    if program.sources:
        exact, by_source, _ = combine(program.sources, rubric, given)
        for s in program.sources:
            if s.id == "customer" and s.scale == "stars":
                stars, points = number(given[s.id]), number(by_source[s.id])
                lines.append(f"{s.label} {stars} 星，折算为（{stars} − 1）× 25 = {points} 分")
            elif s.id != "rubric":
                lines.append(f"{s.label} {number(by_source[s.id])} 分")
        example["exact"] = exact
        example["formula"] = " + ".join(
            f"{number(by_source[s.id])} × {s.weight}%" for s in program.sources
        )
    return example


def coefficient(value: Decimal) -> str:
    """A bonus coefficient as HR writes it: at least one decimal (1.0, 1.2, 0.85)."""
    text = number(value)
    return text if "." in text else f"{text}.0"


def scoring_text(program: Program) -> Markup:
    """How the program computes its total, with a worked example: the page and the macro."""
    sources = [
        {
            "label": s.label,
            "weight": s.weight,
            "how": STARS_HOW if s.id == "customer" and s.scale == "stars" else SOURCE_HOW[s.id],
        }
        for s in program.sources
    ]
    bands = []
    if program.cycles:
        upper: Decimal | None = None
        for b in program.cycles.bands:
            low = number(b.min)
            rng = f"{low} 分及以上" if upper is None else f"{low} 至 {number(upper)} 分（不含）"
            bonus = "—" if b.bonus is None else coefficient(b.bonus)
            bands.append({"label": b.label, "range": rng, "bonus": bonus})
            upper = b.min
    text = (
        site_env()
        .get_template("programs/scoring.md.j2")
        .render(
            p=program,
            sources=sources,
            bands=bands,
            cycles=program.cycles,
            example=_example(program) if program.kind == "rubric" else None,
            incomplete=RESULT_STATUS_LABELS["incomplete"],
        )
    )
    return Markup(text.strip())


def levels_text(program: Program) -> Markup:
    """The levels table of the program: the page and the macro."""
    text = (
        site_env()
        .get_template("programs/levels.md.j2")
        .render(levels=_levels(program), lowest=program.levels[-1].min_total, p=program)
    )
    return Markup(text.strip())


def _levels(program: Program) -> list[dict[str, str]]:
    status = ResultStatus.CERTIFIED if program.certificate else ResultStatus.PASSED
    rows = []
    upper: Decimal | None = None
    for lv in program.levels:
        low = number(lv.min_total)
        rng = f"{low} 分及以上" if upper is None else f"{low} 至 {number(upper)} 分（不含）"
        result = RESULT_STATUS_LABELS[status]
        if program.certificate:
            result += "，颁发证书"
        rows.append({"label": lv.label, "range": rng, "result": result})
        upper = lv.min_total
    return rows
