"""A tiny repository with a people register and promotion programs, for the HR rules."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from academy.core.pipeline import run
from academy.hr.export import to_json
from academy.hr.lists import HrContext
from tests.support.minirepo import WEIGHTED, MiniRepo, trainee
from tests.support.programs import weighted

SENIOR = weighted(
    "senior",
    "资深客服认证",
    certificate="prefix: SR, validity_months: 24, renewal_window_months: 2",
    requires="requires:\n  certificate: {program: cs, min_level: intermediate}\n",
    levels=(("pass", "资深客服", 70),),
    tail="pay_rise: {pass: 12}\n",
)

POSITIONS = """\
positions:
  - {id: 客服专员, track: 客服}
  - {id: 资深客服, track: 客服}
  - {id: 客服主管, track: 管理}
"""


def person(
    pid: str,
    *,
    employment: str = "regular",
    hired: str = "2024-01-02",
    probation: str | None = None,
    left: str | None = None,
    position: str = "客服专员",
    mentor: str | None = None,
) -> str:
    lines = [
        f'  - id: "{pid}"',
        f"    name: 学员{pid}",
        "    department: 客服一部",
        f"    position: {position}",
        f"    employment: {employment}",
        f"    hired_on: {hired}",
    ]
    if probation:
        lines.append(f"    probation_until: {probation}")
    if mentor:
        lines.append(f'    mentor: "{mentor}"')
    if left:
        lines.append(f"    left_on: {left}")
    return "\n".join(lines) + "\n"


class HrRepo(MiniRepo):
    """MiniRepo with ``pay_rise: {advanced: 10}`` on ``cs``, a ``senior`` program and a register."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.program("cs", WEIGHTED + "pay_rise: {advanced: 10}\n")
        self.program("senior", SENIOR)
        self.write("curriculum/positions.yaml", POSITIONS)

    def people(self, *entries: str, file: str = "rosters/people.yaml") -> Path:
        return self.write(file, "people:\n" + "".join(entries))

    def lists(self, as_of: str) -> dict[str, Any]:
        day = dt.date.fromisoformat(as_of)
        outcome = run(self.root, day, write=False)
        return to_json(HrContext(day, outcome.project, outcome.results, outcome.known))

    def lists_renumbered(self, as_of: str, ids: dict[str, str]) -> dict[str, Any]:
        """The lists with certificate numbers replaced (``ids``: issued → wanted).

        The ledger refuses gaps in the numbering, so a number such as CS20241000 can only
        come from a thousand certificates; renaming in memory tests the ordering alone."""
        day = dt.date.fromisoformat(as_of)
        outcome = run(self.root, day, write=False)
        for cert in outcome.known:
            cert.id = ids.get(cert.id, cert.id)
        results = [
            dataclasses.replace(r, certificate=ids.get(r.certificate, r.certificate))
            if r.certificate is not None
            else r
            for r in outcome.results
        ]
        return to_json(HrContext(day, outcome.project, results, outcome.known))

    def context(self, as_of: str) -> HrContext:
        day = dt.date.fromisoformat(as_of)
        outcome = run(self.root, day, write=False)
        return HrContext(day, outcome.project, outcome.results, outcome.known)


@pytest.fixture
def hrepo(tmp_path: Path) -> HrRepo:
    return HrRepo(tmp_path / "repo")


ADV = ("90", "90", "90")  # 90.0: advanced
INT = ("75", "75", "75")  # 75.0: intermediate
FAIL = ("40", "40", "40")


def t(emp: str, marks: tuple[str, str, str] | tuple[object, object, object], **extra: str) -> str:
    return trainee(emp, *marks, **extra)
