"""The monthly score from its sources (seed 004 考核方式): 工单评估, 客户评价, 主管评价, 在线考核.

A rubric program without ``scoring.sources`` scores by its rubric
alone (docs/guide/grading-rules.md).
With sources, the exact total is sum(weight × source score) / 100, where the rubric's
score is the sum of its item scores (0–100), a customer rating in stars is scaled by
``stars_to_score``, and supervisor and exam scores are given on 0–100. The caller
rounds it once, half-up, to the program's decimals.

互评 (seed 002 团队成员互相评价) is optional: a program with ``scoring.peer`` of weight
p scores a trainee with a peer rating as ((100 − p) × the score above + p × the peer
mean) / 100; a trainee without one (no ``evaluation/peer/`` record, or fewer raters than
``min_raters``) keeps the score above, exactly as without the peer source.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from academy.core.cycle_rules import Source, stars_to_score

PEER = "peer"  # the key the peer mean travels under in an entry's sources


def source_score(source: Source, value: Any) -> Decimal:
    """A given source value on the 0–100 scale."""
    number = Decimal(value)
    if source.id == "customer" and source.scale == "stars":
        return stars_to_score(number)
    return number


def combine(
    sources: tuple[Source, ...], rubric_points: Decimal, given: dict[str, Any] | None
) -> tuple[Decimal | None, dict[str, Decimal], tuple[str, ...]]:
    """(exact total or None, score per source, missing sources)."""
    given = given or {}
    missing = tuple(s.id for s in sources if s.id != "rubric" and s.id not in given)
    if missing:
        return None, {}, missing
    scores: dict[str, Decimal] = {
        s.id: rubric_points if s.id == "rubric" else source_score(s, given[s.id]) for s in sources
    }
    raw = sum((s.weight * scores[s.id] for s in sources), Decimal(0)) / 100
    return raw, scores, ()


def with_peer(raw: Decimal, weight: int, given: dict[str, Any] | None) -> Decimal:
    """The exact total with the peer mean given its ``weight``; ``raw`` without one."""
    if not weight or not given or PEER not in given:
        return raw
    return ((100 - weight) * raw + weight * Decimal(given[PEER])) / 100
