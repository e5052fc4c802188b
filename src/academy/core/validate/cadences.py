"""Training cadences and durations (seed 000 培训时间, seed 002 培训周期安排): warnings only.

A plan cycle may name its kind of training; each kind has the seeds' range of days a
session lasts (calendar days, first and last day counted): new hires 1–2 weeks (7–14),
special topics 3–5, monthly basics 2, quarterly advanced 3–4. A cycle's ``days`` replaces
the range. A session outside it is W501; a new-product session not held within the week
before its ``launch_on`` is W502 (docs/guide/plans.md). Nothing is refused.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from academy.core.errors import Problem
from academy.core.yamlsrc import Document

KIND_LABELS: dict[str, str] = {
    "onboarding": "新员工入职培训",
    "special": "专项培训",
    "basics": "基础技能培训",
    "advanced": "进阶技能提升",
    "emergency": "应急处理培训",
    "new-product": "新产品知识培训",
    "career": "职业生涯规划培训",
}
LAUNCH_LEAD_DAYS = 7  # seed 002: 培训时间安排在产品上市前一周内


@dataclass(frozen=True)
class DayRange:
    low: int | None
    high: int | None

    def allows(self, days: int) -> bool:
        return (self.low is None or days >= self.low) and (self.high is None or days <= self.high)

    @property
    def wording(self) -> str:
        if self.low is not None and self.high is not None:
            return f"{self.low} 天" if self.low == self.high else f"{self.low} 到 {self.high} 天"
        if self.low is not None:
            return f"至少 {self.low} 天"
        return f"至多 {self.high} 天"


SEED_DAYS: dict[str, DayRange] = {
    "onboarding": DayRange(7, 14),  # seed 000: 新员工培训通常为 1-2 周
    "special": DayRange(3, 5),  # seed 000: 专项培训 3-5 天
    "basics": DayRange(2, 2),  # seed 002: 基础技能培训每月一次，为期两天
    "advanced": DayRange(3, 4),  # seed 002: 进阶技能提升每季度一次，每次三到四天
}


def day_range(kind: str | None, days: dict[str, int] | None) -> DayRange | None:
    """The range a cycle's sessions should keep to: its own ``days``, else its kind's."""
    if days:
        return DayRange(days.get("min"), days.get("max"))
    return SEED_DAYS.get(kind or "")


def session_warnings(
    doc: Document,
    where: tuple[str | int, ...],
    kind: str | None,
    allowed: DayRange | None,
    start: dt.date,
    end: dt.date,
    launch_on: dt.date | None,
) -> list[Problem]:
    """W501 for a session's length outside ``allowed``; W502 for a new-product session
    not within the week before its launch."""
    out: list[Problem] = []
    days = (end - start).days + 1
    if allowed is not None and not allowed.allows(days):
        what = KIND_LABELS.get(kind or "", "本周期")
        out.append(
            doc.problem(
                (*where, "end_date" if end != start else "date"),
                "W501",
                f"场次共 {days} 天，{what}建议 {allowed.wording}",
            )
        )
    if kind == "new-product":
        if launch_on is None:
            out.append(doc.problem(where, "W502", "新产品知识培训的场次应写明上市日期 launch_on"))
        elif not launch_on - dt.timedelta(days=LAUNCH_LEAD_DAYS) <= start or end >= launch_on:
            out.append(
                doc.problem(
                    (*where, "launch_on"),
                    "W502",
                    f"场次 {start} 至 {end} 不在上市日期 {launch_on} 前一周内"
                    f"（应在 {launch_on - dt.timedelta(days=LAUNCH_LEAD_DAYS)} 至 "
                    f"{launch_on - dt.timedelta(days=1)} 之间）",
                )
            )
    return out
