"""In a real browser: does typing a Chinese query into the search box find the module?"""

from __future__ import annotations

import contextlib
import functools
import re
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from .conftest import BuiltSite

pytestmark = [pytest.mark.slow, pytest.mark.browser]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def handle(self) -> None:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the browser moved on
            super().handle()


@pytest.fixture(scope="module")
def served(demo_site: BuiltSite) -> Iterator[str]:
    """The built site over HTTP on 127.0.0.1 (search needs http, not file://)."""
    handler = functools.partial(_QuietHandler, directory=str(demo_site.site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def test_typing_a_query_in_the_search_box_shows_the_module(served: str) -> None:
    """Does 投诉处理 typed into the real search box list the complaint-handling module?"""
    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        pytest.skip("Debian's chromium is not installed")
    from playwright.sync_api import expect, sync_playwright

    outside: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.on(
                "request",
                lambda r: None if r.url.startswith(served) else outside.append(r.url),
            )
            page.goto(served)
            page.locator("input.md-search__input").click()
            page.keyboard.type("投诉处理")
            first = page.locator(".md-search-result__item > a").first
            expect(first).to_have_attribute("href", re.compile(r"/modules/complaint-handling/"))
            expect(page.locator(".md-search-result__meta")).to_contain_text("个符合条件的结果")
            expect(first).to_contain_text("投诉处理与情绪疏导五步法")
        finally:
            browser.close()
    assert outside == []
