"""In Chromium: a forged or mistyped QR code lands on the Chinese not-found page.

Served as GitHub Pages and most web servers do: a missing path gets ``/404.html``
with status 404.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.browser import QuietHandler, Tabs, require_chromium, serve

pytestmark = [pytest.mark.slow, pytest.mark.browser]


class _Pages(QuietHandler):
    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def test_unknown_certificate_url(browser: Tabs, portal_site: Path) -> None:
    """Does /certificates/CS2099999/ say in Chinese that the number does not exist, with
    the lookup box filled in and answering, and no request leaving the site?"""
    require_chromium()

    with serve(portal_site, _Pages) as url:
        page = browser.new_page()
        outside: list[str] = []
        page.on("request", lambda r: r.url.startswith(url) or outside.append(r.url))
        response = page.goto(url + "certificates/CS2099999/")
        assert response is not None and response.status == 404
        assert "证书编号不存在或输入有误" in page.inner_text("article")
        assert "Not found" not in page.content()
        assert page.input_value("#academy-lookup-q") == "CS2099999"
        page.locator(".academy-lookup__results", has_text="没有找到").wait_for()
        assert outside == []
