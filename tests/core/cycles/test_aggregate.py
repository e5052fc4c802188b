"""Team aggregates withhold every figure taken over fewer than 5 people."""

from __future__ import annotations

from decimal import Decimal

from academy.core.cycle_rules import DEFAULT_CYCLES
from academy.core.cycles.aggregate import group


def test_four_people_show_counts_only() -> None:
    """Four results: counts are shown, the mean and the distribution are not."""
    stats = group(
        "2026-Q3", [Decimal(90), Decimal(80), Decimal(70), Decimal(60), None], DEFAULT_CYCLES, 1
    )
    assert (stats.people, stats.counted, stats.mean, stats.bands) == (5, 4, None, None)


def test_five_people_show_mean_and_bands() -> None:
    """Five results: mean rounded half-up, one count per band."""
    totals: list[Decimal | None] = [Decimal(v) for v in ("95", "85", "75", "55", "89.9")]
    stats = group("2026-Q3", totals, DEFAULT_CYCLES, 1)
    assert stats.mean == Decimal("80.0")  # 399.9 / 5 = 79.98
    assert stats.bands == {"excellent": 1, "good": 2, "pass": 1, "improve": 1}
