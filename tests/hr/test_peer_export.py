"""互评 in the export: the monthly results list carries the peer mean that entered a
month's total (one decimal), empty for whoever had too few raters or none."""

from __future__ import annotations

from academy.core.cycles.lists import monthly_rows
from academy.core.pipeline import run
from tests.conftest import AS_OF, REPO


def test_monthly_rows_carry_the_peer_mean() -> None:
    outcome = run(REPO, AS_OF, write=False)
    october = {
        r["employee_id"]: r
        for r in monthly_rows(outcome, AS_OF)
        if r["cohort"] == "2026-10-after-sales-monthly"
    }
    assert october["S041"]["peer"] == 91.3  # (92 + 88 + 90 + 95) / 4 = 91.25 → 91.3
    assert october["S045"]["peer"] == 96.0
    assert october["A001"]["peer"] is None  # 2 raters, fewer than min_raters 3
    september = [r for r in monthly_rows(outcome, AS_OF) if r["month"] == "2026-09"]
    assert september and all(r["peer"] is None for r in september)  # no peer file: as before
