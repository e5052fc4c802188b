"""Fuzzing: any bytes in a metrics CSV or a survey's answer sheet give problems, never a crash."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from academy.core.errors import Problem
from academy.core.load.evaluation.metrics import load_metrics
from academy.core.load.evaluation.model import Choice
from academy.core.load.evaluation.needs_import import read_responses

CELLS = st.one_of(
    st.sampled_from(["员工编号", "客户满意度", "投诉率", "接待量", "A1", "", "-1", "1e999", "NaN",
                     "100", "99.5%", "部门", "岗位", "产品知识", "退换货", "线下", "2026-02-30"]),
    st.text(max_size=8),
)  # fmt: skip
TABLE = st.lists(st.lists(CELLS, max_size=6), max_size=6)


def _csv(rows: list[list[str]]) -> bytes:
    return "\n".join(
        ",".join(c.replace(",", "").replace("\n", "") for c in r) for r in rows
    ).encode()


@settings(max_examples=150, deadline=None)
@given(TABLE, st.binary(max_size=20))
def test_metrics_csv_never_crashes(rows: list[list[str]], junk: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "evaluation/metrics"
        folder.mkdir(parents=True)
        (folder / "2026-Q1.csv").write_bytes(_csv(rows))
        (folder / "2026-Q2.csv").write_bytes(junk)
        problems: list[Problem] = []
        found = load_metrics(Path(tmp), problems)
        assert all(isinstance(p, Problem) for p in problems)
        for row in found:
            assert all(v.is_finite() for v in row.values.values())


@settings(max_examples=150, deadline=None)
@given(TABLE)
def test_survey_sheet_never_crashes(rows: list[list[str]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        file = Path(tmp) / "s.csv"
        file.write_bytes(_csv(rows))
        problems: list[Problem] = []
        found = read_responses(
            file, "s.csv", (Choice("product", "产品知识"),), (Choice("returns", "退换货"),),
            ("线下",), problems,
        )  # fmt: skip
        assert all(1 <= v <= 5 for r in found for v in r.skills.values())
