"""The rules a rubric program declares for its cycles and its monthly sources.

Defaults are those of FORMATS.md §8. This module imports nothing from the package,
so that ``academy.core.model`` can hold these objects on a ``Program``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

SourceId = Literal["rubric", "customer", "supervisor", "exam"]
SOURCE_IDS: tuple[SourceId, ...] = ("rubric", "customer", "supervisor", "exam")
SOURCE_LABELS: dict[str, str] = {
    "rubric": "工单评估（扣分细则）",
    "customer": "客户评价",
    "supervisor": "主管评价",
    "exam": "在线考核",
}
Scale = Literal["percent", "stars"]
SCALES: tuple[Scale, ...] = ("percent", "stars")


@dataclass(frozen=True)
class Band:
    """A result band (优秀, 良好…); ``min`` is inclusive and judged on the shown number."""

    id: str
    label: str
    min: Decimal
    bonus: Decimal | None = None  # monthly bonus coefficient (绩效奖金系数), optional


@dataclass(frozen=True)
class CyclesRule:
    min_months: int = 2  # months counted in a quarter for a quarter result
    min_quarters: int = 3  # complete quarters in a year for a year result
    bands: tuple[Band, ...] = ()

    def band(self, total: Decimal) -> Band | None:
        """The first band whose ``min`` is at most ``total`` (§8.4)."""
        for band in self.bands:
            if band.min <= total:
                return band
        return None


DEFAULT_BANDS: tuple[Band, ...] = (
    Band("excellent", "优秀", Decimal(90)),
    Band("good", "良好", Decimal(80)),
    Band("pass", "合格", Decimal(60)),
    Band("improve", "待改进", Decimal(0)),
)
DEFAULT_CYCLES = CyclesRule(2, 3, DEFAULT_BANDS)


@dataclass(frozen=True)
class Source:
    """One source of the monthly score and its weight (whole percent)."""

    id: SourceId
    weight: int
    scale: Scale = "percent"  # customer only: "stars" (1–5) or "percent" (0–100)

    @property
    def label(self) -> str:
        return SOURCE_LABELS[self.id]


def stars_to_score(stars: Decimal) -> Decimal:
    """1–5 stars (a mean may be fractional) → 0–100: (stars − 1) × 25, exact.

    1 star is 0, 3 stars 50, 4.6 stars 90, 5 stars 100.
    """
    return (stars - 1) * 25
