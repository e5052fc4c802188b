"""Customer satisfaction on seed 000's 5-point scale (older percentage files converted by
÷ 20 on reading) and seed 002's 首次响应时长, 投诉量, 退换货量 as metrics."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from academy.core.load.evaluation.metrics import load_metrics


def read(tmp_path: Path, text: str) -> tuple[list[dict[str, Decimal]], list[str]]:
    folder = tmp_path / "evaluation/metrics"
    folder.mkdir(parents=True)
    (folder / "2026-Q1.csv").write_text(text, encoding="utf-8")
    problems: list = []
    rows = load_metrics(tmp_path, problems)
    return [r.values for r in rows], [str(p) for p in problems]


@pytest.mark.parametrize(
    ("head", "value", "five"),
    [
        ("客户满意度", "90", "4.5"),  # the older percentage: 90 % = 4.5
        ("客户满意度", "100", "5"),  # the edge of the percent range
        ("客户满意度", "0", "0"),
        ("满意度", "92.6", "4.63"),  # exact, no float drift
        ("客户满意度（5 分制）", "4.5", "4.5"),
        ("满意度评分", "5", "5"),
        ("satisfaction_5", "1", "1"),
    ],
)
def test_satisfaction_is_read_on_the_5_point_scale(
    tmp_path: Path, head: str, value: str, five: str
) -> None:
    values, problems = read(tmp_path, f"员工编号,{head}\nA1,{value}\n")
    assert problems == []
    assert values == [{"satisfaction": Decimal(five)}]


@pytest.mark.parametrize(
    ("head", "value"),
    [("客户满意度", "100.1"), ("客户满意度（5 分制）", "5.1"), ("客户满意度（5 分制）", "0.9")],
)
def test_satisfaction_out_of_its_scale_is_e342_at_its_cell(
    tmp_path: Path, head: str, value: str
) -> None:
    """Over 100 % in a percent column, over 5 or under 1 in a 5-point column: E342 at 2:2."""
    values, problems = read(tmp_path, f"员工编号,{head}\nA1,{value}\n")
    assert values == [{}]
    assert len(problems) == 1 and problems[0].startswith("evaluation/metrics/2026-Q1.csv:2:2: E342")


def test_both_satisfaction_columns_in_one_file_is_e341(tmp_path: Path) -> None:
    _, problems = read(tmp_path, "员工编号,客户满意度,客户满意度（5 分制）\nA1,90,4.5\n")
    assert any(p.startswith("evaluation/metrics/2026-Q1.csv:1:3: E341") for p in problems)


def test_first_response_complaints_and_returns(tmp_path: Path) -> None:
    """首次响应时长 is positive seconds; 投诉量 and 退换货量 are whole counts (0 allowed)."""
    values, problems = read(
        tmp_path, "员工编号,首次响应时长,投诉量,退换货量\nA1,25,0,61\nA2,0,1.5,-1\n"
    )
    assert values[0] == {
        "first_response": Decimal(25),
        "complaints": Decimal(0),
        "returns": Decimal(61),
    }
    assert values[1] == {}
    assert sorted(p.split(": ")[0] for p in problems) == [
        "evaluation/metrics/2026-Q1.csv:3:2",
        "evaluation/metrics/2026-Q1.csv:3:3",
        "evaluation/metrics/2026-Q1.csv:3:4",
    ]
