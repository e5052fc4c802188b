"""Practical exam scoring sheets: judges' per-criterion scores compute the practical component."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from academy.cli import main
from academy.core.grade.practical import PracticalScore
from tests.support.minirepo import MiniRepo

SCENARIO = """\
id: angry
title: 情绪激动的客户
kind: emotional
criteria:
  - {id: calm, label: 降速与接纳, points: 40, earns: 40 分：……}
  - {id: fix, label: 解决方案, points: 60, earns: 60 分：……}
"""


def trainee(practical: str) -> str:
    head = '- id: "A1"\n  name: 甲\n  scores:\n    theory: 80\n'
    return f"{head}    practical: {practical}\n    daily: 80\n"


def test_mean_of_judges_sheets_is_the_component(repo: MiniRepo) -> None:
    """Is the practical the exact mean of the judges' sheet totals, over the sheet's 100?"""
    repo.write("curriculum/practical/angry.yaml", SCENARIO)
    repo.roster(
        "c1",
        trainee(
            "{scenario: angry, judges: "
            "[{calm: 30, fix: 50}, {calm: 35, fix: 50}, {calm: 40, fix: 50}]}"
        ),
    )
    result = repo.grade().results[0]
    value = result.entry.scores["practical"]  # type: ignore[index]
    assert isinstance(value, PracticalScore)
    assert value.score == Fraction(85)
    assert result.score.total == Decimal("82.0")  # 32 + 34 + 16


def test_thirds_stay_exact(repo: MiniRepo) -> None:
    """Do sheets averaging to a third keep the total exact (no early rounding)?"""
    repo.write("curriculum/practical/angry.yaml", SCENARIO)
    repo.roster(
        "c1",
        trainee(
            "{scenario: angry, judges: "
            "[{calm: 40, fix: 60}, {calm: 40, fix: 60}, {calm: 39, fix: 60}]}"
        ),
    )
    value = repo.grade().results[0].entry.scores["practical"]  # type: ignore[index]
    assert value.score == Fraction(299, 3)


@pytest.mark.parametrize(
    ("practical", "code", "marker"),
    [
        ("{scenario: nope, judges: [{calm: 1}]}", "E615", "nope"),
        ("{scenario: angry, judges: []}", "E611", "[]"),
        ("{scenario: angry, judges: [{calm: 41, fix: 1}]}", "E612", "41"),
        ("{scenario: angry, judges: [{calm: 4, fix: 1, tone: 3}]}", "E615", "tone"),
        ("{scenario: angry, judges: [{calm: 4}]}", "E615", "{calm: 4}"),
        ("{judges: [{calm: 4}]}", "E616", "{judges"),
        ("{exam: x, scenario: angry}", "E616", "{exam"),
    ],
)
def test_bad_sheets_are_reported_at_their_place(
    repo: MiniRepo, capsys: pytest.CaptureFixture[str], practical: str, code: str, marker: str
) -> None:
    """Is every defect of a scoring sheet an error at its line and column?"""
    repo.write("curriculum/practical/angry.yaml", SCENARIO)
    path = repo.roster("c1", trainee(practical))
    number, text = next(
        (n, t)
        for n, t in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "practical" in t
    )
    capsys.readouterr()
    assert main(["validate", "--root", str(repo.root)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"rosters/c1.yaml:{number}:{text.index(marker) + 1}: {code} "), err


def test_criteria_must_sum_to_100(repo: MiniRepo, capsys: pytest.CaptureFixture[str]) -> None:
    """Is a sheet whose points do not add up to 100 refused?"""
    repo.write("curriculum/practical/angry.yaml", SCENARIO.replace("points: 60", "points: 50"))
    capsys.readouterr()
    assert main(["validate", "--root", str(repo.root)]) == 1
    assert "curriculum/practical/angry.yaml:5:3: E615 " in capsys.readouterr().err
