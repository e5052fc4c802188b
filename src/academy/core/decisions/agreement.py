"""Panel agreement: Krippendorff's alpha (interval metric) and each judge's drift.

A panel is a matrix: one unit per trainee, one coder per judge position. The i-th score
of every trainee's list comes from the same judge; a shorter list misses the last judges;
a plain number, ``absent``, a component given by its parts or an exam leaves the trainee
out. A practical scoring sheet counts as a list of each judge's sheet total.

alpha = 1 − D_o / D_e over the pairable values (units with at least two scores), with the
squared difference as the distance:

- D_o = (1/n) × Σ_units Σ_{i≠j} (v_i − v_j)² / (m_u − 1), n the number of pairable values,
  m_u the unit's;
- D_e = 1/(n(n − 1)) × Σ_{i≠j over all pairable values} (v_i − v_j)².

alpha is None when fewer than ``MIN_UNITS`` trainees have two scores or more, or when
D_e = 0 (every pairable score the same). Drift of judge j: the mean over the trainees j
scored who have another judge's score too, of (j's score − the mean of the others').
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from academy.core.grade.practical import PracticalScore

from ..model import Cohort, Program
from ..vocabulary import CohortKind
from . import RELIABLE, show, show_float

MIN_UNITS = 5  # trainees with at least two scores, for alpha to mean anything

Unit = Sequence[Fraction | None]  # one trainee's scores by judge position; None: not scored


def _scaled(units: Sequence[Unit]) -> tuple[list[list[int | None]], int]:
    """The units as integers over one common denominator (exact, and fast: 20,000 trainees
    in Fractions take seconds, in integers a fraction of one)."""
    scale = 1
    for unit in units:
        for v in unit:
            if v is not None and scale % v.denominator:
                scale = math.lcm(scale, v.denominator)
    scaled = [
        [None if v is None else v.numerator * (scale // v.denominator) for v in unit]
        for unit in units
    ]
    return scaled, scale


def _pairable(units: Sequence[Sequence[int | None]]) -> list[list[int]]:
    values = [[v for v in unit if v is not None] for unit in units]
    return [v for v in values if len(v) >= 2]


def _spread(values: Sequence[int]) -> int:
    """Σ_{i≠j} (v_i − v_j)² / 2 = m Σv² − (Σv)², over ordered pairs halved."""
    total = sum(values)
    return len(values) * sum(v * v for v in values) - total * total


def krippendorff_interval(units: Sequence[Unit]) -> Fraction | None:
    """Krippendorff's alpha, interval metric, exact; None when too few units or no variation."""
    scaled, _ = _scaled(units)  # alpha is a ratio: the common scale cancels
    pairable = _pairable(scaled)
    if len(pairable) < MIN_UNITS:
        return None
    n = sum(len(v) for v in pairable)
    by_size: dict[int, int] = {}
    for v in pairable:
        by_size[len(v)] = by_size.get(len(v), 0) + _spread(v)
    observed = sum((Fraction(x, m - 1) for m, x in by_size.items()), Fraction(0)) / n
    expected = Fraction(_spread([x for v in pairable for x in v]), n * (n - 1))
    if expected == 0:
        return None
    return 1 - observed / expected


def drifts(units: Sequence[Unit], judges: int) -> list[Fraction | None]:
    """Per judge position 0..judges−1: the mean of (its score − the others' mean), or None.

    For a trainee with m scores summing to S, judge j's gap is (m × v_j − S) / (m − 1).
    """
    scaled, scale = _scaled(units)
    out: list[Fraction | None] = []
    for j in range(judges):
        by_size: dict[int, int] = {}
        count = 0
        for unit in scaled:
            mine = unit[j] if j < len(unit) else None
            given = [v for v in unit if v is not None]
            if mine is None or len(given) < 2:
                continue
            m = len(given)
            by_size[m] = by_size.get(m, 0) + m * mine - sum(given)
            count += 1
        if not count:
            out.append(None)
            continue
        total = sum((Fraction(x, m - 1) for m, x in by_size.items()), Fraction(0))
        out.append(total / (count * scale))
    return out


def panel_scores(value: Any) -> list[Fraction] | None:
    """A component score as a judges' list (a sheet: each judge's sheet total), else None."""
    if isinstance(value, PracticalScore):
        return [value.sheet_total(j) for j in range(len(value.judges))]
    if isinstance(value, list):
        return [Fraction(v) for v in value]
    return None


@dataclass(frozen=True)
class JudgeDrift:
    judge: int  # position, from 1
    name: str | None  # as written in the roster's ``judges:``
    drift: Fraction | None

    def to_dict(self) -> dict[str, Any]:
        return {"judge": self.judge, "name": self.name, "drift": show_float(self.drift)}


@dataclass(frozen=True)
class PanelAgreement:
    cohort: Cohort
    component: str
    trainees: int  # units of alpha: trainees with at least two scores
    judges: int
    alpha: Fraction | None
    drift: tuple[JudgeDrift, ...]

    @property
    def reliable(self) -> bool | None:
        return None if self.alpha is None else show(self.alpha) >= RELIABLE

    def to_dict(self) -> dict[str, Any]:
        return {
            "cohort": self.cohort.id,
            "component": self.component,
            "trainees": self.trainees,
            "judges": self.judges,
            "alpha": show_float(self.alpha),
            "reliable": self.reliable,
            "drift": [d.to_dict() for d in self.drift],
        }


def cohort_panels(cohort: Cohort, program: Program) -> list[PanelAgreement]:
    """One row per component of ``cohort`` where a trainee has a judges' list, by component id."""
    if cohort.kind != CohortKind.CERTIFICATION or program.kind != "weighted":
        return []
    rows = []
    for component in sorted(c.id for c in program.components):
        units: list[list[Fraction]] = []
        listed = False
        for entry in cohort.entries:
            scores = panel_scores((entry.scores or {}).get(component))
            if scores is None:
                continue
            listed = True
            units.append(scores)
        if not listed:
            continue
        judges = len(cohort.judges) if cohort.judges else max(len(u) for u in units)
        names = cohort.judges or (None,) * judges
        rows.append(
            PanelAgreement(
                cohort=cohort,
                component=component,
                trainees=sum(len(u) >= 2 for u in units),
                judges=judges,
                alpha=krippendorff_interval(units),
                drift=tuple(
                    JudgeDrift(j + 1, names[j], d) for j, d in enumerate(drifts(units, judges))
                ),
            )
        )
    return rows


def panel_agreements(
    cohorts: Sequence[Cohort], programs: dict[str, Program], as_of: dt.date
) -> list[PanelAgreement]:
    """Every certification roster assessed on or before ``as_of``: by cohort, then component."""
    rows = []
    for cohort in sorted(cohorts, key=lambda c: c.id):
        if cohort.assessed_on <= as_of:
            rows.extend(cohort_panels(cohort, programs[cohort.program]))
    return rows
