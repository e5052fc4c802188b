"""Property: certificate numbers never change or get reused, whatever trainers do to rosters."""

from __future__ import annotations

import datetime as dt
import random
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from academy.core.pipeline import run

from .conftest import WEIGHTED, MiniRepo, trainee

EMPLOYEES = [f"E{i:02d}" for i in range(12)]
PASS, FAIL = (90, 90, 90), (30, 30, 30)

add_cohort = st.tuples(
    st.just("add"),
    st.integers(min_value=0, max_value=700),  # days after 2024-01-01
    st.lists(st.tuples(st.sampled_from(EMPLOYEES), st.booleans()), min_size=1, max_size=6),
)
reorder = st.tuples(st.just("reorder"), st.integers(min_value=0), st.integers(min_value=0))
move = st.tuples(st.just("move"), st.integers(min_value=0), st.sampled_from(["", "a", "b/c"]))
operations = st.lists(st.one_of(add_cohort, reorder, move), min_size=1, max_size=12)


class Trainer:
    """Applies operations to roster files the way a trainer would."""

    def __init__(self, root: Path) -> None:
        self.repo = MiniRepo(root)
        self.cohorts: dict[str, tuple[list[tuple[str, bool]], str, str]] = {}

    def write(self, cid: str) -> None:
        entries, day, folder = self.cohorts[cid]
        for old in (self.repo.root / "rosters").rglob(f"{cid}.yaml"):
            old.unlink()
        body = "".join(trainee(emp, *(PASS if ok else FAIL)) for emp, ok in entries)
        self.repo.roster(cid, body, assessed=day, folder=folder)

    def apply(self, op: tuple) -> None:
        if op[0] == "add":
            _, days, people = op
            unique = list(dict(people).items())  # one entry per employee in a cohort
            cid = f"c{len(self.cohorts):02d}"
            day = (dt.date(2024, 1, 1) + dt.timedelta(days=days)).isoformat()
            self.cohorts[cid] = (unique, day, "")
            self.write(cid)
        elif self.cohorts:
            cid = sorted(self.cohorts)[op[1] % len(self.cohorts)]
            entries, day, folder = self.cohorts[cid]
            if op[0] == "reorder":
                random.Random(op[2]).shuffle(entries)
            else:
                folder = op[2]
            self.cohorts[cid] = (entries, day, folder)
            self.write(cid)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(operations)
def test_certificate_ids_are_never_changed_or_reused(ops: list[tuple]) -> None:
    """After any sequence of additions, reorderings and moves, does every id keep its holder?"""
    tmp = Path(tempfile.mkdtemp())
    try:
        trainer = Trainer(tmp / "repo")
        assert "prefix: CS" in WEIGHTED
        issued: dict[str, tuple[str, str]] = {}
        ledger_before = b""
        for op in ops:
            trainer.apply(op)
            outcome = run(trainer.repo.root, dt.date(2026, 1, 1), write=True)
            now = {c.id: (c.cohort, c.employee_id) for c in outcome.certificates}
            for cert_id, holder in issued.items():
                assert now.get(cert_id) == holder, f"{cert_id} changed or vanished"
            keys = list(now.values())
            assert len(keys) == len(set(keys)), "one award got two numbers"
            issued.update(now)
            ledger = trainer.repo.ledger.read_bytes() if trainer.repo.ledger.exists() else b""
            assert ledger.startswith(ledger_before), "the ledger only grows"
            ledger_before = ledger
    finally:
        shutil.rmtree(tmp)
