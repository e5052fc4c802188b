"""Cadences in the plans (seed 000 培训时间, seed 002 培训周期安排): the days a session
lasts against its kind's range (W501), new-product training within the week before the
launch (W502), and the plan template of the seeds' cadences. Warnings never refuse."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from academy.cli import main
from academy.core.pipeline import load_project
from academy.core.validate.cadences import DayRange
from tests.conftest import REPO

PLAN = """\
id: p
title: 测试计划
starts_on: 2027-01-01
ends_on: 2027-12-31
published_on: 2026-12-01
cycles:
  - {{id: c, title: 培训, kind: {kind}, cadence: once, audience: 全体, assessment: 测验{days}}}
sessions:
  - id: s1
    cycle: c
    date: {start}
    end_date: {end}
{launch}    time: "09:00-17:00"
    location: 培训室
    trainer: 王*
"""


def write(root: Path, kind: str, start: str, end: str, *, days: str = "", launch: str = "") -> Path:
    (root / "curriculum/plans").mkdir(parents=True)
    launch_line = f"    launch_on: {launch}\n" if launch else ""
    text = PLAN.format(
        kind=kind, start=start, end=end, days=f", days: {days}" if days else "", launch=launch_line
    )
    (root / "curriculum/plans/p.yaml").write_text(text, encoding="utf-8")
    return root


def warnings_of(root: Path) -> list[str]:
    return [f"{w.code} {w.line} {w.message}" for w in load_project(root).warnings]


def day(offset: int) -> str:
    return (dt.date(2027, 3, 1) + dt.timedelta(days=offset)).isoformat()


@pytest.mark.parametrize(
    ("kind", "days", "warns"),
    [
        ("special", 3, False),
        ("special", 5, False),  # the seed's upper bound: exactly 5 days is fine
        ("special", 6, True),
        ("special", 2, True),
        ("onboarding", 7, False),  # 1 week
        ("onboarding", 14, False),  # 2 weeks
        ("onboarding", 6, True),
        ("onboarding", 15, True),
        ("basics", 2, False),
        ("basics", 3, True),
        ("advanced", 4, False),
        ("advanced", 5, True),
        ("emergency", 30, False),  # 时长灵活: never checked
    ],
)
def test_session_days_against_the_seeds_range(
    tmp_path: Path, kind: str, days: int, warns: bool
) -> None:
    """Is a session warned (W501, on its end_date line) exactly when it leaves the range?"""
    write(tmp_path, kind, day(0), day(days - 1))
    found = warnings_of(tmp_path)
    if warns:
        assert len(found) == 1 and found[0].startswith("W501 12 ")
        assert f"场次共 {days} 天" in found[0]
    else:
        assert found == []


def test_a_cycle_days_range_replaces_the_kinds(tmp_path: Path) -> None:
    """A cycle with days {min: 4, max: 14}: 4 days is fine for onboarding, 3 days warns."""
    write(tmp_path / "a", "onboarding", day(0), day(3), days="{min: 4, max: 14}")
    assert warnings_of(tmp_path / "a") == []
    write(tmp_path / "b", "onboarding", day(0), day(2), days="{min: 4, max: 14}")
    (found,) = warnings_of(tmp_path / "b")
    assert found.startswith("W501") and "4 到 14 天" in found


@pytest.mark.parametrize(
    ("start", "end", "warns"),
    [
        (-7, -1, False),  # the week before the launch, to the day
        (-3, -3, False),
        (-8, -6, True),  # starts 8 days before
        (-2, 0, True),  # ends on the launch day
    ],
)
def test_new_product_training_within_the_week_before_launch(
    tmp_path: Path, start: int, end: int, warns: bool
) -> None:
    """Launch 2027-03-11: sessions from 03-04 and ending by 03-10 are fine (W502 otherwise)."""
    launch = day(10)
    write(tmp_path, "new-product", day(10 + start), day(10 + end), launch=launch)
    found = warnings_of(tmp_path)
    assert [f.split()[0] for f in found] == (["W502"] if warns else [])


def test_new_product_session_without_a_launch_date_warns(tmp_path: Path) -> None:
    write(tmp_path, "new-product", day(0), day(0))
    (found,) = warnings_of(tmp_path)
    assert found.startswith("W502") and "launch_on" in found


def test_validate_prints_the_warning_and_succeeds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A 6-day special-topic session: validate exits 0 and prints W501 at path:line:column."""
    write(tmp_path, "special", day(0), day(5))
    assert main(["validate", "--root", str(tmp_path)]) == 0
    err = capsys.readouterr().err
    assert "curriculum/plans/p.yaml:12:15: W501 场次共 6 天，专项培训建议 3 到 5 天" in err


def test_ci_annotate_shows_it_as_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, "special", day(0), day(5))
    assert main(["ci", "annotate", "--root", str(tmp_path)]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    assert line.startswith(
        "::warning file=curriculum/plans/p.yaml,line=12,col=15,title=W501 培训天数超出建议范围::"
    )


def test_the_demo_has_a_template_of_the_seeds_cadences_and_no_warning() -> None:
    """The demo's cadence template names every cadence of seed 002; no demo session warns."""
    project = load_project(REPO)
    assert project.warnings == []
    (template,) = [p for p in project.plans if p.template]
    assert template.sessions == ()
    kinds = {c.kind: c for c in template.cycles}
    assert {"basics", "advanced", "emergency", "new-product", "career"} <= set(kinds)
    assert (kinds["basics"].cadence, kinds["basics"].days) == ("monthly", DayRange(2, 2))
    assert kinds["advanced"].cadence == "quarterly"
    days = kinds["advanced"].days
    assert days is not None and (days.low, days.high) == (3, 4)
