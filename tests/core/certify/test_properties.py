"""Property: certificate numbers never change or get reused, whatever trainers do to rosters.

A hypothesis state machine plays a trainer: it adds cohorts, reorders the trainees of
a cohort and moves roster files between folders. Each rule applies only when it can
(a reordering needs a cohort with two trainees, a move a cohort and another folder),
so every step changes something; the numbers of steps really taken are counted and
printed at the end of the session (``property and fuzz test counts``).
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from academy.core.pipeline import run
from tests.support.minirepo import WEIGHTED, MiniRepo, count, trainee

EMPLOYEES = [f"E{i:02d}" for i in range(12)]
FOLDERS = ["", "a", "b/c"]
PASS, FAIL = (90, 90, 90), (30, 30, 30)
START = dt.date(2024, 1, 1)
GROUP = "ledger state machine"


class TrainerMachine(RuleBasedStateMachine):
    """Roster edits a trainer makes, with the ledger checked after every one."""

    def __init__(self) -> None:
        super().__init__()
        assert "prefix: CS" in WEIGHTED
        self.tmp = Path(tempfile.mkdtemp())
        self.repo = MiniRepo(self.tmp / "repo")
        # cohort id -> (entries [(employee, passes)], day, folder)
        self.cohorts: dict[str, tuple[list[tuple[str, bool]], dt.date, str]] = {}
        self.issued: dict[str, tuple[str, str]] = {}
        self.ledger_before = b""
        count(GROUP, "machines")

    def teardown(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)

    def write(self, cid: str) -> None:
        entries, day, folder = self.cohorts[cid]
        for old in (self.repo.root / "rosters").rglob(f"{cid}.yaml"):
            old.unlink()
        body = "".join(trainee(emp, *(PASS if ok else FAIL)) for emp, ok in entries)
        self.repo.roster(cid, body, assessed=day.isoformat(), folder=folder)

    def grade_and_check(self) -> None:
        outcome = run(self.repo.root, dt.date(2026, 1, 1), write=True)
        now = {c.id: (c.cohort, c.employee_id) for c in outcome.certificates}
        for cert_id, holder in self.issued.items():
            assert now.get(cert_id) == holder, f"{cert_id} changed or vanished"
        keys = list(now.values())
        assert len(keys) == len(set(keys)), "one award got two numbers"
        self.issued.update(now)
        ledger = self.repo.ledger.read_bytes() if self.repo.ledger.exists() else b""
        assert ledger.startswith(self.ledger_before), "the ledger only grows"
        self.ledger_before = ledger

    def taken(self, day: dt.date) -> set[str]:
        """Employees already assessed on ``day`` (a second result that day is an error)."""
        return {e for entries, d, _ in self.cohorts.values() if d == day for e, _ in entries}

    @rule(
        days=st.integers(min_value=0, max_value=700),
        people=st.lists(
            st.tuples(st.sampled_from(EMPLOYEES), st.booleans()), min_size=1, max_size=6
        ),
    )
    def add_cohort(self, days: int, people: list[tuple[str, bool]]) -> None:
        unique = list(dict(people).items())  # one entry per employee in a cohort
        day = START + dt.timedelta(days=days)
        while {e for e, _ in unique} & self.taken(day):
            day += dt.timedelta(days=1)
        cid = f"c{len(self.cohorts):02d}"
        self.cohorts[cid] = (unique, day, "")
        self.write(cid)
        count(GROUP, "additions")
        self.grade_and_check()

    def reorderable(self) -> list[str]:
        return sorted(c for c, (entries, _, _) in self.cohorts.items() if len(entries) > 1)

    @precondition(lambda self: bool(self.reorderable()))
    @rule(which=st.integers(min_value=0), seed=st.integers(min_value=0))
    def reorder(self, which: int, seed: int) -> None:
        choices = self.reorderable()
        cid = choices[which % len(choices)]
        entries, day, folder = self.cohorts[cid]
        shuffled = entries[:]
        random.Random(seed).shuffle(shuffled)
        if shuffled == entries:  # a shuffle may leave the order as it was: rotate instead
            shuffled = entries[1:] + entries[:1]
        assert shuffled != entries
        self.cohorts[cid] = (shuffled, day, folder)
        self.write(cid)
        count(GROUP, "reorderings")
        self.grade_and_check()

    @precondition(lambda self: bool(self.cohorts))
    @rule(which=st.integers(min_value=0), other=st.integers(min_value=0, max_value=1))
    def move(self, which: int, other: int) -> None:
        cid = sorted(self.cohorts)[which % len(self.cohorts)]
        entries, day, folder = self.cohorts[cid]
        target = [f for f in FOLDERS if f != folder][other]
        self.cohorts[cid] = (entries, day, target)
        self.write(cid)
        count(GROUP, "moves")
        self.grade_and_check()

    @invariant()
    def one_file_per_cohort(self) -> None:
        files = sorted(p.stem for p in (self.repo.root / "rosters").rglob("c*.yaml"))
        assert files == sorted(self.cohorts)


TrainerMachine.TestCase.settings = settings(
    max_examples=40,
    stateful_step_count=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_certificate_ids_are_never_changed_or_reused = TrainerMachine.TestCase
