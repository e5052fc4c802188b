"""A tiny repository builder for rule tests: write exactly the files a test needs."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from academy.core.pipeline import Outcome, run
from tests.conftest import count  # property tests count what they did (printed at the end)
from tests.support.programs import weighted

__all__ = ["count"]

WEIGHTED = weighted(
    "cs",
    "客户服务专员认证",
    certificate="prefix: CS, validity_months: 12, renewal_window_months: 1",
    levels=(("advanced", "高级", 80), ("intermediate", "中级", 70), ("junior", "初级", 60)),
)

RUBRIC = """\
id: monthly
title: 售后月度考核
scoring:
  kind: rubric
  decimals: 1
  categories:
    - id: knowledge
      label: 业务知识
      items:
        - {id: platform_rules, label: 平台规则, points: 10, deduction: 2}
        - {id: expression, label: 语言表达, points: 10, deduction: [1, 2]}
    - id: rest
      label: 其他
      items:
        - {id: other, label: 其他, points: 80, deduction: 5}
  levels:
    - {id: excellent, label: 优秀, min_total: 90}
    - {id: pass, label: 合格, min_total: 60}
"""


class MiniRepo:
    """Writes programs and rosters into a temporary repository and grades it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.program("cs", WEIGHTED)
        self.program("monthly", RUBRIC)

    def write(self, rel: str, text: str) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def program(self, pid: str, text: str) -> Path:
        return self.write(f"curriculum/programs/{pid}.yaml", text)

    def roster(
        self,
        cohort: str,
        trainees: str,
        *,
        program: str = "cs",
        assessed: str = "2024-03-10",
        issued: str | None = None,
        kind: str = "certification",
        folder: str = "",
    ) -> Path:
        head = f"cohort: {cohort}\nprogram: {program}\nkind: {kind}\nassessed_on: {assessed}\n"
        if issued:
            head += f"issued_on: {issued}\n"
        body = textwrap.indent(textwrap.dedent(trainees).strip("\n"), "  ")
        rel = f"rosters/{folder + '/' if folder else ''}{cohort}.yaml"
        return self.write(rel, head + "trainees:\n" + body + "\n")

    def revoke(self, *items: tuple[str, str, str]) -> Path:
        lines = ["revocations:"]
        lines += [f"  - {{certificate: {c}, revoked_on: {d}, reason: {r}}}" for c, d, r in items]
        return self.write("rosters/revocations.yaml", "\n".join(lines) + "\n")

    def grade(self, as_of: str = "2024-06-01", *, write: bool = True) -> Outcome:
        return run(self.root, dt.date.fromisoformat(as_of), write=write)

    @property
    def ledger(self) -> Path:
        return self.root / "rosters/ledger.csv"


@pytest.fixture
def repo(tmp_path: Path) -> MiniRepo:
    return MiniRepo(tmp_path / "repo")


def trainee(emp: str, theory: object, practical: object, daily: object, **extra: str) -> str:
    """One roster entry in YAML, scores as given (lists, 'absent', numbers)."""
    lines = [f'- id: "{emp}"', f"  name: 学员{emp}"]
    lines += [f"  {k}: {v}" for k, v in extra.items()]
    lines.append("  scores:")
    for key, value in (("theory", theory), ("practical", practical), ("daily", daily)):
        if value is not None:
            lines.append(f"    {key}: {value}")
    return "\n".join(lines) + "\n"
