"""Service metrics import (CSV, xlsx) and the honest statistics of the effect analysis."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from academy.cli import main
from academy.core.evaluation.effect import difference, estimate, t95
from academy.core.load.evaluation.metrics import load_metrics
from tests.support.minirepo import MiniRepo

HEAD = ["员工编号", "客户满意度", "投诉率", "一次解决率", "平均处理时长", "接待量"]


def test_bad_sheet_is_reported_by_file_sheet_and_cell(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A word in C7 and an out-of-range B3 are FILE.xlsx:sheet!C7: CODE; nothing is written."""
    repo = MiniRepo(tmp_path / "repo")
    book = Workbook()
    sheet = book.active
    sheet.title = "2026-Q2"
    sheet.append(HEAD)
    for i in range(1, 7):
        sheet.append([f"A{i}", 90, 1.5, 80, 300, 500])
    sheet["C7"] = "很低"
    sheet["B3"] = 120
    other = book.create_sheet("第二季度")
    other.append(HEAD)
    folder = repo.root / "evaluation/metrics"
    folder.mkdir(parents=True)
    book.save(folder / "service.xlsx")
    before = sorted(p.as_posix() for p in repo.root.rglob("*"))
    assert main(["grade", "--root", str(repo.root)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert any(line.startswith("evaluation/metrics/service.xlsx:2026-Q2!C7: E342 ") for line in err)
    assert any(line.startswith("evaluation/metrics/service.xlsx:2026-Q2!B3: E342 ") for line in err)
    assert any(
        line.startswith("evaluation/metrics/service.xlsx:第二季度!A1: E341 ") for line in err
    )
    assert sorted(p.as_posix() for p in repo.root.rglob("*")) == before


def test_bad_csv_is_reported_by_line_and_column(tmp_path: Path) -> None:
    """An unknown column, a duplicate agent and a bad id, at their CSV line and column."""
    folder = tmp_path / "evaluation/metrics"
    folder.mkdir(parents=True)
    (folder / "2026-Q1.csv").write_text(
        "员工编号,客户满意度,心情\nA1,90,好\nA1,91,\n张三,80,\n", encoding="utf-8"
    )
    problems: list = []
    rows = load_metrics(tmp_path, problems)
    got = {str(p) for p in problems}
    assert any(s.startswith("evaluation/metrics/2026-Q1.csv:1:3: E341 ") for s in got)
    assert any(s.startswith("evaluation/metrics/2026-Q1.csv:3:1: E343 ") for s in got)
    assert any(s.startswith("evaluation/metrics/2026-Q1.csv:4:1: E343 ") for s in got)
    # an older percentage column is read on the 5-point scale: 90 % = 4.5
    assert [r.values for r in rows] == [{"satisfaction": Decimal("4.5")}]


def test_handling_time_must_be_positive_as_the_guide_says(tmp_path: Path) -> None:
    """Is 平均处理时长 0 refused, and is -311 told 正数 (the guide's rule), not 不小于 0?"""
    folder = tmp_path / "evaluation/metrics"
    folder.mkdir(parents=True)
    (folder / "2026-Q1.csv").write_text(
        "员工编号,平均处理时长\nA1,0\nA2,-311\nA3,280\n", encoding="utf-8"
    )
    problems: list = []
    rows = load_metrics(tmp_path, problems)
    got = sorted(str(p) for p in problems)
    assert len(got) == 2
    assert got[0].startswith("evaluation/metrics/2026-Q1.csv:2:2: E342 ") and "正数" in got[0]
    assert got[1].startswith("evaluation/metrics/2026-Q1.csv:3:2: E342 ") and "正数" in got[1]
    assert "不小于" not in got[1]
    assert [r.values for r in rows] == [{}, {}, {"aht": Decimal(280)}]


def test_no_estimate_from_fewer_than_five() -> None:
    """Four values give a count and nothing else; a difference needs 5 on each side."""
    four = [Decimal(v) for v in (1, 2, 3, 4)]
    assert estimate(four).mean is None and estimate(four).n == 4
    five = [*four, Decimal(5)]
    assert difference(five, four).mean is None


def test_t_interval_matches_the_textbook() -> None:
    """1..5: mean 3, s = 1.5811, t(4) = 2.776 → 3 ± 1.963 = 1.04 to 4.96."""
    e = estimate([Decimal(v) for v in (1, 2, 3, 4, 5)])
    assert (e.mean, e.low, e.high) == (Decimal("3.00"), Decimal("1.04"), Decimal("4.96"))
    assert t95(Decimal("7.6")) == Decimal("2.365")  # fractional Welch df: next smaller entry
    d = difference([Decimal(v) for v in (6, 7, 8, 9, 10)], [Decimal(v) for v in (1, 2, 3, 4, 5)])
    # equal variances 2.5: se = 1, Welch df = 8 → t 2.306
    assert (d.mean, d.low, d.high) == (Decimal("5.00"), Decimal("2.69"), Decimal("7.31"))


@pytest.mark.parametrize(
    ("df", "expected"),
    # published two-sided 95 % critical values (NIST/SEMATECH e-Handbook, table 1.3.6.7.2)
    [(31, "2.040"), (40, "2.021"), (50, "2.009"), (60, "2.000"), (100, "1.984"),
     (120, "1.980"), (121, "1.980"), (200, "1.972"), (1000, "1.962"), (100000, "1.960")],
)  # fmt: skip
def test_t_beyond_thirty_degrees_of_freedom_is_students_not_the_normal(df, expected) -> None:
    """Above 30 df (and above 120), is the critical value Student's t, not 1.960?"""
    assert t95(Decimal(df)) == Decimal(expected)
