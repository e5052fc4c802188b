"""Golden files for the cycles trainer pages and the 考核评估报告 pages (generated Markdown)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from academy.core.pipeline import Outcome, run
from academy.site import (
    assessment_reports,
    cycle_pages,
    cycle_periods,
    evaluation_pages,
    fragments,
)
from academy.site.pages import read_config, site_context
from tests.conftest import AS_OF, REPO


@pytest.fixture(scope="module")
def outcome(tmp_path_factory: pytest.TempPathFactory) -> Outcome:
    from tests.conftest import copy_demo

    root = copy_demo(tmp_path_factory.mktemp("cycle-pages") / "repo")
    return run(root, AS_OF, write=False)


@pytest.mark.parametrize("path", ["cycles/index.md", "cycles/after-sales-monthly.md"])
def test_cycles_pages_match_golden(
    outcome: Outcome, golden: Callable[[str, str], None], path: str
) -> None:
    """Do the cycles pages read exactly as reviewed?"""
    ctx = site_context(REPO, AS_OF, read_config(REPO))
    golden(f"site/{path}", cycle_pages.pages(outcome, ctx)[path])


@pytest.mark.parametrize(
    "path", ["cycles/after-sales-monthly/quarters.md", "cycles/after-sales-monthly/year.md"]
)
def test_cycle_period_pages_match_golden(
    outcome: Outcome, golden: Callable[[str, str], None], path: str
) -> None:
    """Do the quarter and year pages (why a value is —, grade counts, 公示) read as reviewed?"""
    ctx = site_context(REPO, AS_OF, read_config(REPO))
    golden(f"site/{path}", cycle_periods.pages(outcome, ctx)[path])


@pytest.mark.parametrize(
    "path", ["assessment-reports/index.md", "assessment-reports/2026-06-new-hires.md"]
)
def test_assessment_report_pages_match_golden(
    outcome: Outcome, golden: Callable[[str, str], None], path: str
) -> None:
    """Does a cohort's 考核评估报告 (weak items, advice, masked names) read as reviewed?"""
    ctx = site_context(REPO, AS_OF, read_config(REPO))
    pages = assessment_reports.pages(outcome, ctx)
    page_id = path.removesuffix(".md").rsplit("/", 1)[-1]
    parts = fragments.fragments_of(pages, "assessment-reports", page_id)  # spliced in after
    golden(f"site/{path}", fragments.fill(pages[path], page_id, parts))
    assert "renewal" not in "".join(pages)  # certification cohorts only


def test_cycles_page_withholds_small_groups(outcome: Outcome) -> None:
    """A quarter where nobody has a result yet shows counts and dashes, no mean, no bands."""
    # on 31 October Q4 holds October alone: nobody has the two months a quarter asks for
    day = dt.date(2026, 10, 31)
    early = run(Path(outcome.project.root), day, write=False)
    ctx = site_context(REPO, day, read_config(REPO))
    text = cycle_pages.pages(early, ctx)["cycles/after-sales-monthly.md"]
    assert "| 2026-Q4 | 6 | 0 | 6 | — |" in text


@pytest.mark.parametrize(
    "path",
    [
        "training-evaluation/index.md",
        "training-evaluation/needs-2026-needs.md",
        "training-evaluation/feedback.md",
        "training-evaluation/supervision-2026-annual.md",
    ],
)
def test_evaluation_pages_match_golden(
    outcome: Outcome, golden: Callable[[str, str], None], path: str
) -> None:
    """Do the needs analysis, feedback and evaluation pages read exactly as reviewed?"""
    ctx = site_context(REPO, AS_OF, read_config(REPO))
    golden(f"site/{path}", evaluation_pages.pages(outcome, ctx)[path])
