"""Benchmark: panel agreement, exam reliability and review near a cut, on synthetic data.

Builds N trainees (default 20,000) with three judges' scores each (one decimal, the last
judge missing for every tenth trainee), and a 22-question paper sat by S of them
(default 2,000; objective questions 0 or 2 points, two short answers scored in thirds),
then times, best of K:

* panel: Krippendorff's alpha and every judge's drift over the N trainees;
* exam: Cronbach's alpha, SEM and alpha with each question left out over the S sittings.

The arithmetic is exact (integers over a common denominator); the times show what one
cohort page or one ``academy export`` adds. Usage:
python scripts/bench/bench_decisions.py [N] [--sittings S] [--repeat K]
"""

from __future__ import annotations

import argparse
import random
import time
from decimal import Decimal
from fractions import Fraction

from academy.core.decisions.agreement import drifts, krippendorff_interval
from academy.core.decisions.reliability import alpha_without, cronbach, sem


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", nargs="?", type=int, default=20_000)
    parser.add_argument("--sittings", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rng = random.Random(2026)
    units: list[list[Fraction | None]] = []
    for i in range(args.n):
        base = rng.randint(600, 950)
        scores: list[Fraction | None] = [
            Fraction(Decimal(base + rng.randint(-30, 30)) / 10) for _ in range(3)
        ]
        if i % 10 == 0:
            scores[2] = None
        units.append(scores)
    rows = [
        [Fraction(rng.choice((0, 2))) for _ in range(20)]
        + [Fraction(rng.randint(0, 90), 3) for _ in range(2)]
        for _ in range(args.sittings)
    ]

    def panel() -> None:
        krippendorff_interval(units)
        drifts(units, 3)

    def exam() -> None:
        alpha = cronbach(rows)
        sem([sum(r, Fraction(0)) for r in rows], alpha)
        alpha_without(rows)

    for label, work in (("panel", panel), ("exam", exam)):
        best = float("inf")
        for _ in range(args.repeat):
            start = time.perf_counter()
            work()
            best = min(best, time.perf_counter() - start)
        size = f"{args.n} trainees" if label == "panel" else f"{args.sittings} sittings"
        print(f"{label}: {best:.3f} s ({size}, best of {args.repeat})")


if __name__ == "__main__":
    main()
