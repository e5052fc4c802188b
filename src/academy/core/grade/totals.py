"""Stage 3, grade: the scoring rules in exact decimal arithmetic.

Rules 4.1–4.4 of docs/guide/grading-rules.md.

Each function is pure; ``grade_entry`` is where a trainee's total is computed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from academy.core.grade.monthly_sources import PEER, combine, with_peer
from academy.core.grade.rational import RationalScore
from academy.core.model import Component, Entry, Level, Program
from academy.core.vocabulary import ResultStatus

ABSENT = "absent"
Status = ResultStatus  # the name the other stages use


# Not frozen, like ``model.Entry``: one per trainee per run.
@dataclass
class Score:
    """The outcome of grading one roster entry."""

    total: Decimal | None  # rounded as shown; None when incomplete
    level: Level | None  # None when failed or incomplete
    passed: bool
    parts: dict[str, Decimal] = field(default_factory=dict)  # component or item scores
    missing: tuple[str, ...] = ()  # components without a score
    gates_missed: tuple[str, ...] = ()  # components under their pass mark
    absent: tuple[str, ...] = ()
    sources: dict[str, Decimal] = field(default_factory=dict)  # rubric programs with sources

    @property
    def complete(self) -> bool:
        return self.total is not None


_QUANTUM = {d: Decimal(1).scaleb(-d) for d in range(8)}  # 1, 0.1, 0.01, …: made once


def round_half_up(value: Decimal, decimals: int) -> Decimal:
    """Round half away from zero (scores are never negative) to ``decimals`` places."""
    quantum = _QUANTUM.get(decimals)
    if quantum is None:
        quantum = Decimal(1).scaleb(-decimals)
    return value.quantize(quantum, rounding=ROUND_HALF_UP)


def component_score(value: Any) -> Decimal:
    """A number; the exact mean of the judges' list; 0 for ``absent``; a computed score.

    An exam's or a scoring sheet's score is a rational (100 × earned / points); here a
    ``Decimal``, while the total is computed from ``exact_score`` (docs/guide/question-bank.md).
    """
    kind = value.__class__
    if kind is int:  # the common cases first, without the checks below
        return Decimal(value)
    if kind is Decimal:
        same: Decimal = value  # immutable: the same number as ``Decimal(value)``
        return same
    if isinstance(value, RationalScore):
        return value.to_decimal()
    if value == ABSENT:
        return Decimal(0)
    if isinstance(value, list):
        if kind is list and value and _INT_ONLY.issuperset(map(type, value)):
            # the judges' whole marks (at most 100 each, the roster schema): their sum
            # is the same number summed as ints, exactly, and converted once
            return Decimal(sum(value)) / len(value)
        return sum((Decimal(v) for v in value), Decimal(0)) / len(value)
    return Decimal(value)


_INT_ONLY = frozenset({int})


def exact_score(value: Any) -> Fraction:
    """The component score as an exact rational: never rounded before the total."""
    if isinstance(value, RationalScore):
        return value.score
    if value == ABSENT:
        return Fraction(0)
    if isinstance(value, list):
        return sum((Fraction(v) for v in value), Fraction(0)) / len(value)
    return Fraction(value)


def round_exact(value: Fraction, decimals: int) -> Decimal:
    """Round a non-negative rational half-up to ``decimals`` places, exactly."""
    scale = 10**decimals
    n: int = (value * scale * 2 + 1) // 2  # floor(x + 1/2)
    shown: Decimal = (Decimal(n) / scale).quantize(Decimal(1).scaleb(-decimals))
    return shown


def component_value(component: Component, value: Any) -> Decimal | None:
    """A component given as one value, or by its parts (日常表现 = 出勤 + 作业 + 导师评价):
    then the exact sum(weight × part score) / 100, each part a number or a list averaged;
    None when a part is missing (the trainee is incomplete)."""
    if not isinstance(value, dict):
        return component_score(value)
    scores = part_scores(component, value)
    if scores is None:
        return None
    return sum((p.weight * scores[p.id] for p in component.parts), Decimal(0)) / 100


def part_scores(component: Component, value: dict[str, Any]) -> dict[str, Decimal] | None:
    """Each part's score, or None when a part is missing."""
    if any(p.id not in value for p in component.parts):
        return None
    return {p.id: component_score(value[p.id]) for p in component.parts}


def level_for(program: Program, total: Decimal) -> Level | None:
    """The first level whose ``min_total`` is at most the rounded total."""
    for level in program.levels:
        if level.min_total <= total:
            return level
    return None


def _gate_value(value: Any, part: Decimal, program: Program) -> Decimal:
    """The component score as shown (rounded to the program's decimals), exact for exams."""
    if isinstance(value, RationalScore):
        return round_exact(value.score, program.decimals)
    return round_half_up(part, program.decimals)


def _exact_part(value: Any, part: Decimal) -> Fraction:
    """A component's exact score: the exam's rational, else the (exact) decimal part."""
    return exact_score(value) if isinstance(value, RationalScore) else Fraction(part)


def _part_gate_missed(component: Component, value: Any, decimals: int) -> bool:
    if not isinstance(value, dict):
        return False
    scores = part_scores(component, value) or {}
    return any(
        p.pass_mark is not None and round_half_up(scores[p.id], decimals) < p.pass_mark
        for p in component.parts
    )


def weighted_score(program: Program, scores: dict[str, Any] | None) -> Score:
    components = program.components
    if scores is None:
        return Score(None, None, False, missing=tuple(c.id for c in components))
    # one pass over the components (20,000 trainees × every component: kept cheap)
    parts: dict[str, Decimal] = {}
    given: list[Any] = []
    missing: list[str] = []
    exam = False
    for c in components:
        value = scores.get(c.id, _NOT_GIVEN)
        kind = value.__class__
        if kind is int:  # component_value's common cases, without two calls
            part: Decimal | None = Decimal(value)
        elif kind is Decimal:
            part = value
        else:
            part = None if value is _NOT_GIVEN else component_value(c, value)
        if part is None:
            missing.append(c.id)
        else:
            parts[c.id] = part
        given.append(value)
        exam = exam or isinstance(value, RationalScore)
    if missing:
        return Score(None, None, False, missing=tuple(missing))
    decimals = program.decimals
    if exam:
        # an exam score is a rational: the total is summed exactly and rounded once
        exact = sum(
            (
                c.weight * _exact_part(value, parts[c.id])
                for c, value in zip(components, given, strict=True)
            ),
            Fraction(),
        )
        total = round_exact(exact / 100, decimals)
    else:
        raw = Decimal(0)
        for c in components:
            raw += c.weight * parts[c.id]
        total = round_half_up(raw / 100, decimals)
    # gates are judged like levels: on the number shown, to the program's decimals;
    # a component given by its parts also misses its gate when a part misses its own
    gates: list[str] = []
    absent: list[str] = []
    for c, value in zip(components, given, strict=True):
        if (c.pass_mark is not None and _gate_value(value, parts[c.id], program) < c.pass_mark) or (
            isinstance(value, dict) and _part_gate_missed(c, value, decimals)
        ):
            gates.append(c.id)
        if isinstance(value, str) and value == ABSENT:
            absent.append(c.id)
    level = level_for(program, total)
    passed = level is not None and not gates
    return Score(total, level if passed else None, passed, parts, (), tuple(gates), tuple(absent))


_NOT_GIVEN = object()


def rubric_score(
    program: Program, deductions: dict[str, Any] | None, sources: dict[str, Any] | None = None
) -> Score:
    if deductions is None:
        return Score(None, None, False, missing=tuple(i.id for i in program.items))
    parts: dict[str, Decimal] = {}
    for item in program.items:
        given = deductions.get(item.id)
        if given is None:
            lost = Decimal(0)
        elif item.ranged:
            lost = sum((Decimal(d) for d in given), Decimal(0))
        else:
            lost = item.deduction * given
        parts[item.id] = max(Decimal(0), item.points - lost)
    points = sum(parts.values(), Decimal(0))
    peer = program.peer_weight and sources and PEER in sources
    if program.sources:  # the monthly score from its sources (academy.core.grade.monthly_sources)
        raw, by_source, missing = combine(program.sources, points, sources)
        if raw is None:
            return Score(None, None, False, parts, missing=missing)
        if peer and sources:
            by_source = {**by_source, PEER: Decimal(sources[PEER])}
        total = round_half_up(with_peer(raw, program.peer_weight, sources), program.decimals)
        level = level_for(program, total)
        return Score(total, level, level is not None, parts, sources=by_source)
    if peer and sources:  # the rubric and 互评 only
        raw = with_peer(points, program.peer_weight, sources)
        total = round_half_up(raw, program.decimals)
        level = level_for(program, total)
        return Score(total, level, level is not None, parts, sources={PEER: Decimal(sources[PEER])})
    total = round_half_up(points, program.decimals)
    level = level_for(program, total)
    return Score(total, level, level is not None, parts)


def exact_total(program: Program, entry: Entry) -> Fraction | None:
    """The total before rounding, exact; None when incomplete.

    Weighted: sum(weight × exact component score) / 100, a component given by its parts
    summed exactly from them. Rubric: the unrounded item sum (with sources, their
    unrounded weighted sum). ``grade_entry`` rounds this same number once.
    """
    if program.kind == "rubric":
        score = rubric_score(program, entry.deductions, entry.sources)
        if not score.complete:
            return None
        points = sum(score.parts.values(), Decimal(0))
        if program.sources:
            raw, _, _ = combine(program.sources, points, entry.sources)
            if raw is None:
                return None
            return Fraction(with_peer(raw, program.peer_weight, entry.sources))
        return Fraction(with_peer(points, program.peer_weight, entry.sources))
    scores = entry.scores
    if scores is None or any(c.id not in scores for c in program.components):
        return None
    total = Fraction(0)
    for c in program.components:
        value = scores[c.id]
        if isinstance(value, dict):
            if any(p.id not in value for p in c.parts):
                return None
            part = sum((p.weight * exact_score(value[p.id]) for p in c.parts), Fraction(0)) / 100
        else:
            part = exact_score(value)
        total += c.weight * part
    return total / 100


def grade_entry(program: Program, entry: Entry) -> Score:
    """Score one trainee against ``program``."""
    if program.kind == "weighted":
        return weighted_score(program, entry.scores)
    return rubric_score(program, entry.deductions, entry.sources)


def certification_status(program: Program, score: Score) -> Status:
    if not score.complete:
        return ResultStatus.INCOMPLETE
    if not score.passed:
        return ResultStatus.FAILED
    return ResultStatus.CERTIFIED if program.certificate else ResultStatus.PASSED


def renewal_status(score: Score) -> Status:
    if not score.complete:
        return ResultStatus.INCOMPLETE
    return ResultStatus.RENEWED if score.passed else ResultStatus.NOT_RENEWED
