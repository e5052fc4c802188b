"""A roster assessed after the build day (rule 4.11): its cohort page shows only its title,
date and 待考核 — no trainee, score or certificate — and nothing is written for it."""

from __future__ import annotations

from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from tests.conftest import build_demo

pytestmark = pytest.mark.slow

NEW_HIRES = "rosters/2026/2026-11-new-hires.yaml"


def add_december(root: Path) -> None:
    text = (root / NEW_HIRES).read_text("utf-8")
    text = text.replace("cohort: 2026-11-new-hires", "cohort: 2026-12-new-hires")
    text = text.replace("assessed_on: 2026-11-20", "assessed_on: 2026-12-20")
    text = text.replace("issued_on: 2026-11-27", "issued_on: 2026-12-27")
    (root / "rosters/2026/2026-12-new-hires.yaml").write_text(text, "utf-8")


def test_cohort_after_the_day_is_pending_and_shows_nobody(tmp_path: Path) -> None:
    """Does the December cohort, built as of the demo day (11-23), show 待考核 and no one?"""
    built = build_demo(tmp_path / "repo", edit=add_december)
    ledger = (built.root / "rosters/ledger.csv").read_text("utf-8")
    assert "2026-12-new-hires" not in ledger
    page = built.site / "cohorts/2026-12-new-hires/index.html"
    article = LexborHTMLParser(page.read_text("utf-8")).css_first("article")
    assert article is not None
    text = article.text()
    assert "待考核" in text and "2026-12-20" in text
    roster = (built.root / "rosters/2026/2026-12-new-hires.yaml").read_text("utf-8")
    for employee in ("A051", "B054", "C057"):
        assert employee in roster and employee not in text
    assert "CS2026" not in text
    index = (built.site / "cohorts/index.html").read_text("utf-8")
    assert "2026-12-new-hires/" in index and "待考核" in index
    assert not (built.site / "assessment-reports/2026-12-new-hires").exists()
