"""In a real browser: does typing a Chinese query into the search box find the module?"""

from __future__ import annotations

import re

import pytest

from tests.support.browser import Tabs, require_chromium

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def test_typing_a_query_in_the_search_box_shows_the_module(browser: Tabs, served: str) -> None:
    """Does 投诉处理 typed into the real search box list the complaint-handling module?"""
    require_chromium()
    from playwright.sync_api import expect

    outside: list[str] = []
    page = browser.new_page()
    page.on(
        "request",
        lambda r: None if r.url.startswith(served) else outside.append(r.url),
    )
    page.goto(served)
    page.locator("#academy-search-input").click()
    page.keyboard.type("投诉处理")
    # waits for this query's list (data-query), never for a fixed time
    done = page.locator('#academy-search-results[data-query="投诉处理"]')
    done.wait_for(state="attached")
    first = done.locator(".academy-search-result > a").first
    expect(first).to_have_attribute("href", re.compile(r"/modules/complaint-handling/"))
    expect(page.locator(".md-search-result__meta")).to_contain_text("个符合条件的页面")
    expect(first).to_contain_text("投诉处理与情绪疏导五步法")
    assert outside == []
