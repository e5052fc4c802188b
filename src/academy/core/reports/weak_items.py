"""考核评估报告: the weak-item analysis of one certification cohort (seed 000).

Pure functions over a run's results (weighted programs):

- ``component_gaps``: per component, the cohort's mean, the target (its ``pass_mark``,
  else the lowest level's ``min_total``), the mean of the same program's earlier
  cohorts (certification results assessed before this one, pooled), the shortfall
  from the target and the change from earlier cohorts; furthest below target first.
- ``trainee_advice``: for each graded trainee below a level boundary (failed, or under
  the top level), the next level up, the points missing, the component that kept them
  there (a missed gate first; else the component furthest below the next level's mark,
  weighted) and the modules to repeat. They are the trainee's own: when that component
  was an exam paper sat in the roster, the modules of the questions on which *this*
  trainee lost the largest share of the points on offer (at most ``ADVICE_SECTIONS``,
  weakest first, see ``exam_sections``), so two trainees held back by the same
  component are told different things; otherwise the modules whose ``teaches`` names
  ``<program>.<component>``, else the program's modules (docs/guide/cycles.md, 学员改进建议).

Means are exact and rounded half-up to the program's decimals.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from academy.core.grade.exam_scoring import ExamScore
from academy.core.grade.totals import round_half_up

if TYPE_CHECKING:
    from academy.core.certify.issue import Result
    from academy.core.model import Component, Level, Module, Program


@dataclass(frozen=True)
class ComponentGap:
    component: Component
    mean: Decimal | None
    target: Decimal
    earlier: Decimal | None  # None when there is no earlier cohort
    earlier_count: int  # graded trainees of earlier cohorts

    @property
    def shortfall(self) -> Decimal | None:
        """Target minus mean (positive: below target)."""
        return None if self.mean is None else self.target - self.mean

    @property
    def change(self) -> Decimal | None:
        """Mean minus earlier cohorts' mean (negative: worse than before)."""
        if self.mean is None or self.earlier is None:
            return None
        return self.mean - self.earlier


ADVICE_SECTIONS = 3  # exam sections (modules) named in one trainee's advice


@dataclass(frozen=True)
class SectionLoss:
    """Points one trainee lost on one module's questions of an exam paper."""

    module: str
    lost: Decimal  # exact points lost, rounded half-up to 2 places
    points: Decimal  # points of that module's questions on the paper


@dataclass(frozen=True)
class TraineeAdvice:
    result: Result
    next_level: Level
    missing_points: Decimal
    component: Component
    gate_missed: bool
    modules: tuple[str, ...]
    sections: tuple[SectionLoss, ...] = ()  # the trainee's own weakest exam sections

    @property
    def personal(self) -> bool:
        """The modules come from this trainee's own answers, not the component's."""
        return bool(self.sections)


def exam_sections(score: object, limit: int = ADVICE_SECTIONS) -> tuple[SectionLoss, ...]:
    """The modules of an exam sitting on which the trainee lost points, weakest first: the
    largest share of that module's points on the paper lost, then the most points lost,
    then the module's first question's place on the paper; ``()`` for a plain score."""
    if not isinstance(score, ExamScore):
        return ()
    lost: dict[str, Fraction] = {}
    points: dict[str, Fraction] = {}
    first: dict[str, int] = {}
    for i, item in enumerate(score.exam.items):
        module = item.question.module
        first.setdefault(module, i)
        on_paper = Fraction(item.points)
        points[module] = points.get(module, Fraction(0)) + on_paper
        lost[module] = lost.get(module, Fraction(0)) + on_paper - score.earned[i]
    worst = sorted(
        (m for m in lost if lost[m] > 0),
        key=lambda m: (-lost[m] / points[m], -lost[m], first[m]),
    )
    return tuple(
        SectionLoss(
            m,
            round_half_up(Decimal(lost[m].numerator) / Decimal(lost[m].denominator), 2),
            round_half_up(Decimal(points[m].numerator) / Decimal(points[m].denominator), 2),
        )
        for m in worst[:limit]
    )


def _mean(values: list[Decimal], decimals: int) -> Decimal | None:
    if not values:
        return None
    return round_half_up(sum(values, Decimal(0)) / len(values), decimals)


def target(program: Program, component: Component) -> Decimal:
    return component.pass_mark if component.pass_mark is not None else program.levels[-1].min_total


def component_gaps(results: list[Result], cohort_id: str) -> list[ComponentGap]:
    """The cohort's components, furthest below target first (then most worsened)."""
    own = [r for r in results if r.cohort.id == cohort_id]
    if not own or own[0].program.kind != "weighted":
        return []
    cohort, program = own[0].cohort, own[0].program
    earlier = [
        r
        for r in results
        if r.program.id == program.id
        and r.cohort.kind == "certification"
        and (r.cohort.assessed_on, r.cohort.id) < (cohort.assessed_on, cohort.id)
        and r.score.complete
    ]
    graded = [r for r in own if r.score.complete]
    gaps = []
    for c in program.components:
        mean = _mean([r.score.parts[c.id] for r in graded], program.decimals)
        before = _mean([r.score.parts[c.id] for r in earlier], program.decimals)
        gaps.append(ComponentGap(c, mean, target(program, c), before, len(earlier)))
    inf = Decimal("-Infinity")
    return sorted(
        gaps,
        key=lambda g: (
            -(g.shortfall if g.shortfall is not None else inf),
            g.change if g.change is not None else Decimal(0),
        ),
    )


def component_gaps_by_cohort(results: list[Result]) -> dict[str, list[ComponentGap]]:
    """``component_gaps`` of every cohort at once, with the same values: the earlier
    cohorts' sums grow cohort by cohort instead of being summed again for each one
    (400 cohorts of 20,000 trainees: seconds instead of a quadratic minute)."""
    by_cohort: dict[str, list[Result]] = {}
    pools: dict[str, list[Result]] = {}  # program id → earlier-cohort candidates
    for r in results:
        by_cohort.setdefault(r.cohort.id, []).append(r)
        if r.cohort.kind == "certification" and r.score.complete:
            pools.setdefault(r.program.id, []).append(r)
    wanted = {
        cohort_id: own for cohort_id, own in by_cohort.items() if own[0].program.kind == "weighted"
    }
    out: dict[str, list[ComponentGap]] = {}
    inf = Decimal("-Infinity")
    for program_id in {own[0].program.id for own in wanted.values()}:
        pool = sorted(pools.get(program_id, []), key=lambda r: (r.cohort.assessed_on, r.cohort.id))
        cohorts = sorted(
            (own for own in wanted.values() if own[0].program.id == program_id),
            key=lambda own: (own[0].cohort.assessed_on, own[0].cohort.id),
        )
        sums: dict[str, Decimal] = {}
        taken = 0
        for own in cohorts:
            cohort, program = own[0].cohort, own[0].program
            key = (cohort.assessed_on, cohort.id)
            while (
                taken < len(pool)
                and (
                    pool[taken].cohort.assessed_on,
                    pool[taken].cohort.id,
                )
                < key
            ):
                parts = pool[taken].score.parts
                for c in program.components:
                    sums[c.id] = sums.get(c.id, Decimal(0)) + parts[c.id]
                taken += 1
            graded = [r for r in own if r.score.complete]
            gaps = []
            for c in program.components:
                mean = _mean([r.score.parts[c.id] for r in graded], program.decimals)
                before = round_half_up(sums[c.id] / taken, program.decimals) if taken else None
                gaps.append(ComponentGap(c, mean, target(program, c), before, taken))
            out[cohort.id] = sorted(
                gaps,
                key=lambda g: (
                    -(g.shortfall if g.shortfall is not None else inf),
                    g.change if g.change is not None else Decimal(0),
                ),
            )
    return out


def teaching(program: Program, modules: dict[str, Module]) -> dict[str, tuple[str, ...]]:
    """Component id → the modules that teach it (``teaches``), else the program's modules."""
    out = {}
    for c in program.components:
        ref = f"{program.id}.{c.id}"
        named = tuple(sorted(m.id for m in modules.values() if ref in m.teaches))
        out[c.id] = named or tuple(m for m in program.modules if m in modules)
    return out


def trainee_advice(
    results: list[Result], cohort_id: str, modules: dict[str, Module]
) -> list[TraineeAdvice]:
    """Graded trainees below a level boundary, in roster order."""
    own = [r for r in results if r.cohort.id == cohort_id and r.score.complete]
    if not own or own[0].program.kind != "weighted":
        return []
    program = own[0].program
    taught = teaching(program, modules)
    out = []
    for r in own:
        score = r.score
        assert score.total is not None
        level = score.level
        if level is not None and level == program.levels[0]:
            continue
        if level is None:
            reached = [lv for lv in program.levels if lv.min_total <= score.total]
            nxt = reached[0] if reached and score.gates_missed else program.levels[-1]
        else:
            nxt = program.levels[program.levels.index(level) - 1]
        if score.gates_missed:
            comp = next(c for c in program.components if c.id == score.gates_missed[0])
        else:
            comp = max(
                program.components,
                key=lambda c: (c.weight * (nxt.min_total - score.parts[c.id]), -c.weight),
            )
        missing = max(Decimal(0), nxt.min_total - score.total)
        sections = exam_sections((r.entry.scores or {}).get(comp.id))
        own_modules = tuple(s.module for s in sections if s.module in modules or not modules)
        out.append(
            TraineeAdvice(
                r,
                nxt,
                missing,
                comp,
                bool(score.gates_missed),
                own_modules or taught[comp.id],
                sections,
            )
        )
    return out
