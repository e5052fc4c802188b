"""What the year page may show of the recognition: grade counts over at least 5 ranked
people, the honours of people still in the rows, nothing withheld shown as zero."""

from __future__ import annotations

from decimal import Decimal

from academy.core.cycles.recognition import RecognitionRow, year_summaries
from academy.core.validate.recognition import Grade, Honour, Recognition

GRADES = (
    Grade("A", "优秀", Decimal(20)),
    Grade("B", "良好", Decimal(70)),
    Grade("D", "待改进", None),
)
HONOURS = (
    Honour(2026, "优秀客服", "E1", "理由甲"),
    Honour(2026, "创新奖", "E9", "理由乙"),  # E9 is not in the rows (left before the day)
    Honour(2025, "导师奖励", "E2", "理由丙"),
)
RULE = Recognition("monthly", GRADES, 1, ("A",), HONOURS)


def _row(emp: str, grade: Grade | None, *, excellent: bool = False) -> RecognitionRow:
    total = None if grade is None else Decimal(90)
    return RecognitionRow(
        emp, 2026, total, 3 if grade else 1, 1 if grade else None, grade,
        excellent, grade is GRADES[0], (), False,
    )  # fmt: skip


def test_grade_counts_are_shown_over_five_ranked_people() -> None:
    a, b, d = GRADES
    rows = [_row("E1", a, excellent=True), _row("E2", b), _row("E3", b), _row("E4", d),
            _row("E5", d), _row("E6", None)]  # fmt: skip
    (summary,) = year_summaries(rows, RULE)
    assert summary.year == 2026 and summary.ranked == 5 and not summary.final
    assert summary.grades == ((a, 1), (b, 2), (d, 2))
    assert summary.excellent == 1 and summary.training == 1
    # honours of 2026 for people in the rows only, in the file's order
    assert summary.honours == (("优秀客服", "E1"),)


def test_grade_counts_are_withheld_under_five_ranked_people() -> None:
    """Four ranked (and one unfinished): counts None, not 0; the honours still listed."""
    a, b, d = GRADES
    rows = [_row("E1", a), _row("E2", b), _row("E3", b), _row("E4", d), _row("E5", None)]
    (summary,) = year_summaries(rows, RULE)
    assert summary.ranked == 4
    assert summary.grades is None and summary.excellent is None and summary.training is None
    assert summary.honours == (("优秀客服", "E1"),)
