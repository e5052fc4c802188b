"""`academy serve`'s server answers a missing page with the portal's own 404 page,
prints no English line for it, and the 404 page's header search and links work."""

from __future__ import annotations

import contextlib
import io
import logging
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from academy.publish.build import mkdocs_log
from academy.publish.serve import preview_server, quiet_not_found
from tests.support.browser import Tabs
from tests.support.site import BuiltSite


@pytest.fixture(scope="module")
def preview(demo_site: BuiltSite) -> Iterator[tuple[str, io.StringIO]]:
    """The preview's server over the built demo, on a free port, its log captured."""
    server = preview_server(demo_site.site, "127.0.0.1", 0, lambda: None)
    server.server_bind()
    server.server_activate()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    log = io.StringIO()
    handler = logging.StreamHandler(log)
    logger = logging.getLogger("mkdocs")
    with contextlib.redirect_stderr(log), mkdocs_log(False), quiet_not_found():
        logger.addHandler(handler)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}/", log
        finally:
            logger.removeHandler(handler)
            server.shutdown()
            server.server_close()


def test_a_missing_page_gets_the_portal_404_page(preview: tuple[str, io.StringIO]) -> None:
    url, log = preview
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(url + "certificates/CS2099999/", timeout=10)
    assert err.value.code == 404
    html = err.value.read().decode("utf-8")
    tree = HTMLParser(html)
    assert tree.css_first("h1").text() == "页面不存在"
    search = tree.css_first(".academy-search")
    assert search.attributes["data-academy-base"] == "/"  # a URL the browser can build
    links = {a.text(): a.attributes.get("href") for a in tree.css("article a")}
    assert links.get("证书名册") == "/certificates/"
    with urllib.request.urlopen(url, timeout=10) as ok:
        assert ok.status == 200
    assert "WARNING" not in log.getvalue() and "code 404" not in log.getvalue(), log.getvalue()


def test_built_404_page_search_works_in_the_browser(
    browser: Tabs, demo_site: BuiltSite, served: str
) -> None:
    """On the built site's 404 page the header search finds a module."""
    from tests.site.search_eval import pagefind_results
    from tests.support.browser import require_chromium

    require_chromium()

    errors: list[str] = []
    page = browser.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(served + "404.html")
    page.keyboard.press("/")
    assert "modules/ticket-crm/" in pagefind_results(page, "工单")
    assert errors == []
