"""Did training work? Kirkpatrick level 4 (results) from service metrics, honestly.

For each metric:

- ``certified_vs_not``: in the latest quarter with metrics, agents who hold a
  certificate (status ``active`` or ``renewal_due`` at the quarter's end) against those
  who do not: each group's size, mean and 95 % t interval, and the difference of
  means with a Welch t interval;
- ``before_after``: agents certified within the metrics' span: each agent's mean over
  the quarters that ended before the certificate's ``issued_on`` and over those that
  began after it; the mean paired difference with a 95 % t interval;
- ``by_level``: the latest quarter, agents by the level of the certificate they hold.

No mean, interval or difference is given for a group of fewer than 5 people (None): a
claim from so few would be noise; nor for a group whose mean, with the others of the
quarter (已认证 = the levels together), would give such a group away
(``metric_withheld``). Arithmetic in Decimal; shown to 2 decimals.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from academy.core.grade.totals import round_half_up
from academy.core.load.evaluation.metrics import METRICS, Metric, MetricRow
from academy.core.privacy import may_show, withheld

from ..dates import add_months
from ..vocabulary import STILL_VALID

if TYPE_CHECKING:
    from ..pipeline import Outcome

SHOWN = 2
# two-sided 95 % critical values of Student's t for 1..30 degrees of freedom; a
# fractional df (Welch) uses the next smaller whole df (a slightly wider interval)
_T95 = {
    1: "12.706", 2: "4.303", 3: "3.182", 4: "2.776", 5: "2.571", 6: "2.447", 7: "2.365",
    8: "2.306", 9: "2.262", 10: "2.228", 11: "2.201", 12: "2.179", 13: "2.160", 14: "2.145",
    15: "2.131", 16: "2.120", 17: "2.110", 18: "2.101", 19: "2.093", 20: "2.086", 21: "2.080",
    22: "2.074", 23: "2.069", 24: "2.064", 25: "2.060", 26: "2.056", 27: "2.052", 28: "2.048",
    29: "2.045", 30: "2.042",
}  # fmt: skip
_Z975 = 1.959963984540054  # the standard normal's 0.975 quantile


def t95(df: Decimal) -> Decimal:
    """The 95 % two-sided critical value for ``df`` (Welch's df may be fractional).

    Up to 30 df from the table; above, the Cornish–Fisher expansion of Student's t in
    powers of 1/df (its error there is below 1e-5, so the three shown decimals are
    those of the exact quantile: t(0.975, 121) = 1.980, not the normal's 1.960).
    """
    if df <= 30:
        usable = [k for k in _T95 if k <= df]
        return Decimal(_T95[max(usable)]) if usable else Decimal(_T95[1])
    n, z = float(df), _Z975
    t = (
        z
        + (z**3 + z) / (4 * n)
        + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * n**2)
        + (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / (384 * n**3)
        + (79 * z**9 + 776 * z**7 + 1482 * z**5 - 1920 * z**3 - 945 * z) / (92160 * n**4)
    )
    return Decimal(f"{t:.3f}")


@dataclass(frozen=True)
class Estimate:
    n: int
    mean: Decimal | None  # None when n < 5
    low: Decimal | None
    high: Decimal | None

    @property
    def shown(self) -> bool:
        return self.mean is not None


def _var(values: list[Decimal], mean: Decimal) -> Decimal:
    return sum(((v - mean) ** 2 for v in values), Decimal(0)) / (len(values) - 1)


def estimate(values: list[Decimal]) -> Estimate:
    """Mean and 95 % t interval; withheld below 5 values."""
    n = len(values)
    if not may_show(n):
        return Estimate(n, None, None, None)
    mean = sum(values, Decimal(0)) / n
    half = t95(Decimal(n - 1)) * (_var(values, mean) / n).sqrt()
    return Estimate(n, *(round_half_up(x, SHOWN) for x in (mean, mean - half, mean + half)))


def difference(a: list[Decimal], b: list[Decimal]) -> Estimate:
    """Mean of ``a`` minus mean of ``b`` with a Welch t interval; n is the smaller group."""
    n = min(len(a), len(b))
    if not may_show(n):
        return Estimate(n, None, None, None)
    ma, mb = sum(a, Decimal(0)) / len(a), sum(b, Decimal(0)) / len(b)
    va, vb = _var(a, ma) / len(a), _var(b, mb) / len(b)
    se2 = va + vb
    if se2 == 0:
        d = ma - mb
        return Estimate(n, *(round_half_up(d, SHOWN) for _ in range(3)))
    df = se2**2 / (va**2 / (len(a) - 1) + vb**2 / (len(b) - 1)) if va and vb else Decimal(n - 1)
    half = t95(df) * se2.sqrt()
    d = ma - mb
    return Estimate(n, *(round_half_up(x, SHOWN) for x in (d, d - half, d + half)))


@dataclass(frozen=True)
class Held:
    """A certificate as the effect analysis needs it."""

    employee_id: str
    level: str  # level label
    rank: int  # 0 = the program's highest level
    issued_on: dt.date
    held_on: frozenset[dt.date]  # quarter ends on which it was active or renewal due


def quarter_end(year: int, quarter: int) -> dt.date:
    return add_months(dt.date(year, 3 * quarter, 1), 1) - dt.timedelta(days=1)


def quarter_start(year: int, quarter: int) -> dt.date:
    return dt.date(year, 3 * quarter - 2, 1)


@dataclass(frozen=True)
class Comparison:
    metric: Metric
    groups: tuple[tuple[str, Estimate], ...]  # label, estimate
    difference: Estimate | None  # first group minus second, when two groups


def _values(rows: list[MetricRow], metric: str) -> list[Decimal]:
    return [r.values[metric] for r in rows if metric in r.values]


def present(rows: list[MetricRow]) -> list[Metric]:
    """The metrics some row gives, in the table's order: a metric no file has is left out."""
    given = {k for r in rows for k in r.values}
    return [m for m in METRICS if m.id in given]


def latest_quarter(rows: list[MetricRow]) -> tuple[int, int] | None:
    return max(((r.year, r.quarter) for r in rows), default=None)


CERTIFIED: tuple[str, ...] = ("已认证",)
NOT_CERTIFIED: tuple[str, ...] = ("尚未认证",)


def _best(held: list[Held], end: dt.date) -> dict[str, Held]:
    """Each agent's highest certificate held on ``end``."""
    best: dict[str, Held] = {}
    for h in held:
        if end in h.held_on and (h.employee_id not in best or h.rank < best[h.employee_id].rank):
            best[h.employee_id] = h
    return best


def latest_groups(
    rows: list[MetricRow], held: list[Held]
) -> dict[tuple[str, ...], list[MetricRow]]:
    """The latest quarter's rows by group, in the order they stay shown: 已认证,
    尚未认证, then ``("level", label)`` by level (the holders, split)."""
    latest = latest_quarter(rows)
    if latest is None:
        return {}
    best = _best(held, quarter_end(*latest))
    now = [r for r in rows if (r.year, r.quarter) == latest]
    groups = {
        CERTIFIED: [r for r in now if r.employee_id in best],
        NOT_CERTIFIED: [r for r in now if r.employee_id not in best],
    }
    for _, label in sorted({(h.rank, h.level) for h in best.values()}):
        groups[("level", label)] = [
            r for r in now if r.employee_id in best and best[r.employee_id].level == label
        ]
    return groups


def metric_withheld(
    groups: dict[tuple[str, ...], list[MetricRow]], metric: str
) -> frozenset[tuple[str, ...]]:
    """The groups shown without a mean for ``metric``: under 5 agents, and those the
    others would give away (已认证 minus the levels shown left a level of 3)."""
    return withheld(
        {k: {r.employee_id for r in v if metric in r.values} for k, v in groups.items()}
    )


def _shown(e: Estimate, withheld: bool) -> Estimate:
    return Estimate(e.n, None, None, None) if withheld else e


def certified_vs_not(rows: list[MetricRow], held: list[Held]) -> tuple[str, list[Comparison]]:
    latest = latest_quarter(rows)
    if latest is None:
        return "", []
    groups = latest_groups(rows, held)
    yes, no = groups[CERTIFIED], groups[NOT_CERTIFIED]
    out = []
    for m in present(rows):
        hidden = metric_withheld(groups, m.id)
        a, b = _values(yes, m.id), _values(no, m.id)
        out.append(
            Comparison(
                m,
                (
                    ("已认证", _shown(estimate(a), CERTIFIED in hidden)),
                    ("尚未认证", _shown(estimate(b), NOT_CERTIFIED in hidden)),
                ),
                # a difference with one mean shown gives the other away
                _shown(difference(a, b), bool({CERTIFIED, NOT_CERTIFIED} & hidden)),
            )
        )
    return f"{latest[0]}-Q{latest[1]}", out


def before_after(rows: list[MetricRow], held: list[Held]) -> list[Comparison]:
    first: dict[str, dt.date] = {}
    for h in held:
        if h.employee_id not in first or h.issued_on < first[h.employee_id]:
            first[h.employee_id] = h.issued_on
    by_agent: dict[str, list[MetricRow]] = {}
    for r in rows:
        by_agent.setdefault(r.employee_id, []).append(r)
    out = []
    for m in present(rows):
        before_means, after_means, diffs = [], [], []
        for emp, issued in first.items():
            mine = by_agent.get(emp, [])
            before = _values([r for r in mine if quarter_end(r.year, r.quarter) < issued], m.id)
            after = _values([r for r in mine if quarter_start(r.year, r.quarter) > issued], m.id)
            if before and after:
                b = sum(before, Decimal(0)) / len(before)
                a = sum(after, Decimal(0)) / len(after)
                before_means.append(b)
                after_means.append(a)
                diffs.append(a - b)
        if not diffs:  # a metric measured only after (or before) everyone's certificate
            continue
        out.append(
            Comparison(
                m,
                (("认证前", estimate(before_means)), ("认证后", estimate(after_means))),
                estimate(diffs),  # paired: the mean of each agent's change
            )
        )
    return out


def by_level(rows: list[MetricRow], held: list[Held]) -> list[Comparison]:
    groups = latest_groups(rows, held)
    levels = [k for k in groups if k[0] == "level"]
    out = []
    for m in present(rows):
        hidden = metric_withheld(groups, m.id)
        shown = tuple(
            (k[1], _shown(estimate(_values(groups[k], m.id)), k in hidden)) for k in levels
        )
        out.append(Comparison(m, shown, None))
    return out


def holdings(outcome: Outcome, rows: list[MetricRow]) -> list[Held]:
    """Every certificate with the metric quarters' ends on which it was held."""
    ends = {quarter_end(r.year, r.quarter) for r in rows}
    out = []
    for cert in outcome.certificates:
        program = outcome.project.programs[cert.program]
        level = program.level(cert.level)
        if level is None:
            continue
        held = frozenset(e for e in ends if cert.issued_on <= e and cert.status(e) in STILL_VALID)
        out.append(
            Held(cert.employee_id, level.label, program.levels.index(level), cert.issued_on, held)
        )
    return out
