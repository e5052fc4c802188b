"""The home page asks trainees to re-read only revisions marked ``relearn: true``."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from academy.core.model import ChangelogEntry
from academy.core.pipeline import load_project
from academy.site.home import must_reread
from tests.support.site import BuiltSite, page_text


def test_only_revisions_marked_relearn_are_listed(demo_site: BuiltSite) -> None:
    module = next(iter(load_project(demo_site.root).modules.values()))
    since, as_of = dt.date(2026, 6, 1), dt.date(2026, 11, 23)
    tooling = ChangelogEntry("1.3.0", dt.date(2026, 11, 1), "自测题移入题库")
    content = ChangelogEntry("1.2.0", dt.date(2026, 9, 7), "新增案例", relearn=True)
    old = ChangelogEntry("1.1.0", dt.date(2025, 1, 1), "调整章节", relearn=True)
    first = ChangelogEntry("1.0.0", dt.date(2026, 10, 1), "首次发布", relearn=True)

    def with_log(*entries: ChangelogEntry) -> Any:
        return dataclasses.replace(module, changelog=entries)

    assert must_reread(with_log(tooling, content, old), since, as_of) == content
    assert must_reread(with_log(tooling, old), since, as_of) is None  # outside the window
    assert must_reread(with_log(first), since, as_of) is None  # a first release
    future = ChangelogEntry("1.4.0", dt.date(2026, 12, 1), "以后", relearn=True)
    assert must_reread(with_log(future, tooling, old), since, as_of) is None  # after D


def test_demo_home_page_asks_nobody_to_reread_a_tooling_change(demo_site: BuiltSite) -> None:
    """The demo's latest revisions move self-checks into the bank: nothing to re-read."""
    text = page_text(demo_site.site / "index.html")
    assert "自测题移入题库" not in text
    project = load_project(demo_site.root)
    marked = [m for m in project.modules.values() if any(e.relearn for e in m.changelog[:-1])]
    assert ("需要重新阅读的模块" in text) == bool(marked)
