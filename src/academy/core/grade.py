"""Stage 3, grade: the scoring rules of FORMATS.md §4.1–4.4, in exact decimal arithmetic.

Each function is pure; ``grade_entry`` is where a trainee's total is computed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from .model import Entry, Level, Program
from .vocabulary import ResultStatus

ABSENT = "absent"
Status = ResultStatus  # the name the other stages use


@dataclass(frozen=True)
class Score:
    """The outcome of grading one roster entry."""

    total: Decimal | None  # rounded as shown; None when incomplete
    level: Level | None  # None when failed or incomplete
    passed: bool
    parts: dict[str, Decimal] = field(default_factory=dict)  # component or item scores
    missing: tuple[str, ...] = ()  # components without a score
    gates_missed: tuple[str, ...] = ()  # components under their pass mark
    absent: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        return self.total is not None


def round_half_up(value: Decimal, decimals: int) -> Decimal:
    """Round half away from zero (scores are never negative) to ``decimals`` places."""
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def component_score(value: Any) -> Decimal:
    """A number; the exact mean of the judges' list; 0 for ``absent``."""
    if value == ABSENT:
        return Decimal(0)
    if isinstance(value, list):
        return sum((Decimal(v) for v in value), Decimal(0)) / len(value)
    return Decimal(value)


def level_for(program: Program, total: Decimal) -> Level | None:
    """The first level whose ``min_total`` is at most the rounded total."""
    for level in program.levels:
        if level.min_total <= total:
            return level
    return None


def weighted_score(program: Program, scores: dict[str, Any] | None) -> Score:
    if scores is None:
        return Score(None, None, False, missing=tuple(c.id for c in program.components))
    missing = tuple(c.id for c in program.components if c.id not in scores)
    if missing:
        return Score(None, None, False, missing=missing)
    parts = {c.id: component_score(scores[c.id]) for c in program.components}
    raw = sum((c.weight * parts[c.id] for c in program.components), Decimal(0)) / 100
    total = round_half_up(raw, program.decimals)
    # gates are judged like levels: on the number shown, to the program's decimals
    gates = tuple(
        c.id
        for c in program.components
        if c.pass_mark is not None and round_half_up(parts[c.id], program.decimals) < c.pass_mark
    )
    absent = tuple(c.id for c in program.components if scores[c.id] == ABSENT)
    level = level_for(program, total)
    passed = level is not None and not gates
    return Score(total, level if passed else None, passed, parts, (), gates, absent)


def rubric_score(program: Program, deductions: dict[str, Any] | None) -> Score:
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
    total = round_half_up(sum(parts.values(), Decimal(0)), program.decimals)
    level = level_for(program, total)
    return Score(total, level, level is not None, parts)


def grade_entry(program: Program, entry: Entry) -> Score:
    """Score one trainee against ``program``."""
    if program.kind == "weighted":
        return weighted_score(program, entry.scores)
    return rubric_score(program, entry.deductions)


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
