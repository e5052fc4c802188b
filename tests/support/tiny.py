"""A tiny repository written by the tests: one weighted program and two small rosters."""

from __future__ import annotations

from pathlib import Path

from tests.support.programs import weighted

PROGRAM = weighted(
    "tiny",
    "迷你认证",
    certificate="prefix: TT, validity_months: 12",
    components=(("theory", "理论", 50, 60), ("practical", "实操", 50)),
    levels=(("good", "良好", 80), ("ok", "合格", 60)),
)

# T3 85.2 (rank 1); T1 and T2 80.0 (tied, rank 2); T4 75.0 but under the theory gate;
# T5 absent from theory, 40.0; T6 has no practical score: incomplete.
MAIN_ROSTER = """\
cohort: t-main
program: tiny
title: 主班次
assessed_on: 2024-05-10
trainer: 王*(主管)
trainees:
  - {id: T1, name: 张三, department: 一部, scores: {theory: 90, practical: 70}}
  - {id: T2, name: 李四, department: 二部, scores: {theory: 70, practical: 90}}
  - {id: T3, name: 王五, department: 一部, scores: {theory: 100, practical: [70, 70, 71]}}
  - {id: T4, name: 赵六, department: 二部, scores: {theory: 50, practical: 100}}
  - {id: T5, name: 钱七, department: 一部, scores: {theory: absent, practical: 80}}
  - {id: T6, name: 孙八, department: 二部, scores: {theory: 90}}
"""

# Totals 80.1 and 80.0: their mean is exactly 80.05, which half-up makes 80.1
# (a binary float holds 80.05 as 80.0499…, and would round it down).
EDGE_ROSTER = """\
cohort: t-edge
program: tiny
title: 边界班次
assessed_on: 2024-06-10
trainees:
  - {id: E1, name: 周一, scores: {theory: 80.2, practical: 80}}
  - {id: E2, name: 吴二, scores: {theory: 80, practical: 80}}
"""


def write_tiny(root: Path, *, main: str = MAIN_ROSTER) -> Path:
    """Write the tiny repository under ``root`` and return ``root``."""
    (root / "curriculum/programs").mkdir(parents=True)
    (root / "rosters").mkdir(parents=True)
    (root / "curriculum/programs/tiny.yaml").write_text(PROGRAM, encoding="utf-8")
    (root / "rosters/t-main.yaml").write_text(main, encoding="utf-8")
    (root / "rosters/t-edge.yaml").write_text(EDGE_ROSTER, encoding="utf-8")
    return root
