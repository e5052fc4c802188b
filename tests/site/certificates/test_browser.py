"""In Chromium: the lookup page finds certificates, the print is one A4 landscape page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.support.browser import require_chromium, serve

pytestmark = [pytest.mark.slow, pytest.mark.browser]


@pytest.fixture(scope="module")
def portal(portal_site: Path) -> Iterator[str]:
    """The built demo portal served on 127.0.0.1; yields its base URL."""
    require_chromium()
    with serve(portal_site) as url:
        yield url


def test_lookup_finds_by_certificate_number_and_employee_id(portal: str, browser: Browser) -> None:
    """Does typing a number (full-width too) or an employee id show the right certificates?"""
    page = browser.new_page()
    outside: list[str] = []
    page.on("request", lambda r: r.url.startswith(portal) or outside.append(r.url))
    page.goto(portal + "certificates/lookup/")
    box = page.locator("#academy-lookup")
    for query, expected in [
        ("ｃｓ２０２５００７", ["CS2025007"]),
        ("b007", ["CS2025001", "CS2024004"]),
        ("CS2024013", ["CS2024013"]),
    ]:
        page.fill("#academy-lookup-q", query)
        page.click("#academy-lookup button")
        box.locator(".academy-lookup__card").first.wait_for()
        assert box.locator(".academy-lookup__id").all_inner_texts() == expected
    assert "已撤销" in box.inner_text()
    page.fill("#academy-lookup-q", "ZZ9999999")
    page.click("#academy-lookup button")
    page.get_by_text("没有找到").wait_for()
    assert outside == []
    page.close()


def test_lookup_loads_one_small_file_per_query(portal: str, browser: Browser) -> None:
    """Does a query fetch exactly one shard, never a list of every certificate?"""
    page = browser.new_page()
    page.goto(portal + "certificates/lookup/")
    fetched: list[str] = []
    page.on("request", lambda r: "/data/lookup/" in r.url and fetched.append(r.url))
    page.fill("#academy-lookup-q", "A001")
    page.click("#academy-lookup button")
    page.locator(".academy-lookup__card").first.wait_for()
    assert len(fetched) == 1 and re.search(
        r"/certificates/data/lookup/[0-9a-f]{2}\.json$", fetched[0]
    )
    page.close()


def test_certificate_prints_on_one_a4_landscape_page(
    portal: str, browser: Browser, tmp_path: Path
) -> None:
    """Does 打印 / 另存为 PDF give one A4 landscape page with the certificate and its QR code?"""
    page = browser.new_page()
    page.goto(portal + "certificates/CS2024001/")
    assert page.locator("[data-academy-print]").is_visible()  # the script shows the button
    page.emulate_media(media="print")
    assert page.locator(".cert-sheet").is_visible()
    assert not page.locator(".cert-status").is_visible()
    assert page.locator(".cert-sheet svg.qr path").count() == 2
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    (tmp_path / "cert.pdf").write_bytes(pdf)
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
    width, height = (float(v) for v in boxes[0])
    assert round(width / 72 * 25.4) == 297 and round(height / 72 * 25.4) == 210
    page.close()


def test_verification_page_follows_dark_mode(portal: str, browser: Browser) -> None:
    """With a dark system theme, is the page dark while the certificate stays paper-white?"""
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(portal + "certificates/CS2025007/")
    body = page.evaluate("getComputedStyle(document.body).backgroundColor")
    sheet = page.evaluate("getComputedStyle(document.querySelector('.cert-sheet')).backgroundColor")
    assert body == "rgb(30, 33, 41)" and sheet == "rgb(255, 253, 247)"
    context.close()
