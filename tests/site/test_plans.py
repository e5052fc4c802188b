"""Are training plans validated like every other file, with E501 for their own rules?"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from academy.core.errors import InputError
from academy.core.pipeline import run
from academy.core.validate.plans import Plan
from tests.conftest import AS_OF

DATA = Path(__file__).resolve().parent / "data" / "plans"
BAD = sorted(DATA.glob("*.yaml"))


def expectation(path: Path) -> tuple[str, int]:
    match = re.match(r"# expect: (E\d{3}) (\d+)", path.read_text(encoding="utf-8"))
    assert match, f"{path.name} lacks its '# expect: CODE LINE' header"
    return match.group(1), int(match.group(2))


def test_demo_plans_are_valid_and_cover_every_cadence(demo_root: Path) -> None:
    """Do the demo plans load, with weekly to yearly and one-off cycles?"""
    plans: list[Plan] = run(demo_root, AS_OF, write=False).project.plans
    assert [p.id for p in plans] == ["2026-annual", "2027-q1", "cadence-template"]  # + the template
    cadences = {c.cadence for p in plans for c in p.cycles}
    assert cadences == {"once", "weekly", "monthly", "quarterly", "half-yearly", "yearly"}
    upcoming = [s for p in plans for s in p.upcoming(AS_OF)]
    assert upcoming and all(s.end_date >= AS_OF for s in upcoming)
    annual = plans[0]
    sessions = {s.id: s for s in annual.sessions}
    # a field a session leaves out comes from its cycle
    assert sessions["2026-11-after-sales"].assessment == annual.cycles[2].assessment
    assert sessions["2026-01-onboarding"].days == 4
    assert sessions["2026-06-onboarding"].cohort == "2026-06-new-hires"


@pytest.mark.parametrize("fixture", BAD, ids=[p.stem for p in BAD])
def test_bad_plan_is_reported_at_its_line(demo_root: Path, fixture: Path) -> None:
    """Is each defect reported once, with its code, at the line where it is?"""
    code, line = expectation(fixture)
    shutil.copy(fixture, demo_root / "curriculum" / "plans" / "bad.yaml")
    with pytest.raises(InputError) as caught:
        run(demo_root, AS_OF, write=False)
    problems = caught.value.problems
    assert [(p.path, p.code, p.line) for p in problems] == [
        ("curriculum/plans/bad.yaml", code, line)
    ], [str(p) for p in problems]
    assert re.search(r"[\u4e00-\u9fff]", problems[0].message)


def test_plan_id_must_match_file_name_and_not_be_reserved(demo_root: Path) -> None:
    """Are a plan named after another file, and one named like the portal's own pages, refused?"""
    plans = demo_root / "curriculum" / "plans"
    text = (plans / "2027-q1.yaml").read_text(encoding="utf-8")
    (plans / "calendar.yaml").write_text(text.replace("id: 2027-q1", "id: calendar"), "utf-8")
    (plans / "other.yaml").write_text(text.replace("id: 2027-q1", "id: renamed"), "utf-8")
    with pytest.raises(InputError) as caught:
        run(demo_root, AS_OF, write=False)
    found = {(p.path, p.code) for p in caught.value.problems}
    assert ("curriculum/plans/calendar.yaml", "E501") in found
    assert ("curriculum/plans/other.yaml", "E501") in found
