"""What a new user meets on the built portal: edit buttons, the tags page.

Read from the built HTML with a real parser (html.parser via a small collector).
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from academy.site.common import MODULE_LEVEL_LABELS, TRACK_LABELS
from tests.support.site import BuiltSite

pytestmark = pytest.mark.slow
EDIT_PREFIX = "https://example.com/cs-academy/edit/main/"


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.edit: list[str] = []
        self.tags: list[str] = []
        self.h2: list[str] = []
        self.listed: list[str] = []  # the tags of the listings (h3 id="tag:…"), in order
        self._in: str | None = None
        self._article = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "article":
            self._article = True
        if tag == "a" and a.get("rel") == "edit":
            self.edit.append(a.get("href") or "")
        if tag == "h3" and (a.get("id") or "").startswith("tag:"):
            self.listed.append((a.get("id") or "").removeprefix("tag:"))
        if tag == "span" and a.get("class") == "md-tag":
            self._in = "tag"
        elif self._article and tag == "h2":
            self._in = tag

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self._article = False
        if tag in ("span", "h2"):
            self._in = None

    def handle_data(self, data: str) -> None:
        text = data.strip()
        if not text or text == "¶":
            return
        if self._in == "tag":
            self.tags.append(text)
        elif self._in == "h2":
            self.h2.append(text)


def parse(path: Path) -> _Collect:
    collector = _Collect()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


def test_edit_button_only_where_a_source_file_exists(demo_site: BuiltSite) -> None:
    site, root = demo_site.site, demo_site.root
    for page in sorted(site.rglob("index.html")):
        rel = page.relative_to(site).as_posix()
        for href in parse(page).edit:
            assert href.startswith(EDIT_PREFIX), (rel, href)
            source = href.removeprefix(EDIT_PREFIX)
            assert (root / source).is_file(), (rel, source)
    for rel in ("index.html", "tags/index.html", "cohorts/index.html"):
        assert parse(site / rel).edit == [], rel
    for cohort in (site / "cohorts").glob("*/index.html"):
        assert parse(cohort).edit == [], cohort
    module = parse(site / "modules" / "ticket-crm" / "index.html")
    assert module.edit == [EDIT_PREFIX + "curriculum/modules/ticket-crm.md"]
    assert parse(site / "guide" / "modules" / "index.html").edit == [
        EDIT_PREFIX + "docs/guide/modules.md"
    ]


def test_tags_are_grouped_by_kind_in_reading_order(demo_site: BuiltSite) -> None:
    site = demo_site.site
    tags_page = parse(site / "tags" / "index.html")
    assert tags_page.h2 == ["课程类别", "难度", "考核方案与等级", "培训计划", "成绩", "培训师指南"]
    listed = tags_page.listed
    tracks = [t for t in listed if t in TRACK_LABELS.values()]
    assert tracks == list(TRACK_LABELS.values())  # core first, not by character code
    levels = [t for t in listed if t in MODULE_LEVEL_LABELS.values()]
    assert levels[:3] == ["入门", "进阶", "高级"]
    used = {t for page in site.rglob("index.html") for t in parse(page).tags}
    assert used and used <= set(listed), used - set(listed)  # every tag has its group
