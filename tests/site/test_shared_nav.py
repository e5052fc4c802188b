"""The navigation sidebar rendered once per folder for pages outside it: same bytes."""

from __future__ import annotations

from pathlib import Path

import pytest
from markupsafe import Markup
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from academy.site import shared_nav
from tests.support.site import BuiltSite, build_demo

pytestmark = pytest.mark.slow


def test_shared_navigation_gives_every_page_the_bytes_it_would_render(
    demo_site: BuiltSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Built again with every page rendering its own navigation: is every HTML file
    the same, byte for byte (cohort pages, reports, and the pages in the navigation)?"""
    calls: list[int] = []

    def always(self: shared_nav.SharedNav, page: object, caller: object) -> Markup:
        calls.append(1)
        return Markup(caller())  # type: ignore[operator]

    monkeypatch.setattr(shared_nav.SharedNav, "__call__", always)
    own = build_demo(tmp_path / "own" / "repo", demo_site.as_of)
    assert len(calls) > 90  # every page rendered it itself
    differ = [
        p.relative_to(own.site).as_posix()
        for p in sorted(own.site.rglob("*.html"))
        if p.read_bytes() != (demo_site.site / p.relative_to(own.site)).read_bytes()
    ]
    assert differ == []


def test_a_cohort_page_lists_the_whole_navigation_with_nothing_active(
    demo_site: BuiltSite,
) -> None:
    """Is the reused sidebar the real one: every section, links relative to the page?"""
    page = demo_site.site / "cohorts" / "2024-03-new-hires" / "index.html"
    tree = HTMLParser(page.read_text(encoding="utf-8"))
    primary = tree.css_first("nav.md-nav--primary")
    assert primary is not None
    links = [a.attributes.get("href") for a in primary.css("a.md-nav__link")]
    assert "../../modules/" in links and "../" in links  # ../ : cohorts/, its own index
    assert primary.css_first(".md-nav__link--active") is None
