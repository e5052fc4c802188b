"""Do the same inputs and the same as-of date give a byte-identical site?"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.site import BuiltSite, build_demo, file_hashes

pytestmark = pytest.mark.slow


def test_two_builds_in_different_folders_are_byte_identical(
    demo_site: BuiltSite, tmp_path: Path
) -> None:
    """Is a later build, from another copy in another folder, the same file for file?

    The first build (the shared ``demo_site``, a session fixture) ran in this same
    process: state left behind by one build (such as the words the search plugin adds to
    jieba's global dictionary) must not leak into the next.
    """
    again = build_demo(tmp_path / "elsewhere" / "repo", demo_site.as_of)
    first, second = file_hashes(demo_site.site), file_hashes(again.site)
    assert sorted(first) == sorted(second)
    differing = [name for name in first if first[name] != second[name]]
    assert differing == [], differing[:20]
    # the usual suspects are there, and stable: compressed sitemap, search index, calendars
    for name in ("sitemap.xml.gz", "pagefind/pagefind-entry.json", "plans/calendar.ics"):
        assert name in first


def test_sitemap_dates_come_from_the_as_of_date(demo_site: BuiltSite) -> None:
    """Does the sitemap carry the as-of date rather than the day of the build?"""
    sitemap = (demo_site.site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<lastmod>{demo_site.as_of.isoformat()}</lastmod>" in sitemap
