"""Do the QR codes scan as a phone would see them, with two decoders we did not write?

A phone-width (390 px, DPR 1) screenshot of a verification page and of the printed
certificate, blurred and saved as JPEG quality 55, must decode to the page's URL with
zxing-cpp and with OpenCV's QR decoder; the code keeps a 4-module quiet zone and at
least 3 CSS px a module.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
import zxingcpp
from playwright.sync_api import Browser

from academy.cli import main
from tests.conftest import BuiltSite, copy_demo
from tests.support.browser import serve

pytestmark = [pytest.mark.slow, pytest.mark.browser]
CERT = "CS2024001"
URL = f"http://127.0.0.1:8000/certificates/{CERT}/"


def as_photo(png: bytes) -> np.ndarray:
    """A screenshot as a phone camera might pass it on: blurred, JPEG quality 55, grey."""
    image = cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_COLOR)
    blurred = cv2.GaussianBlur(image, (0, 0), sigmaX=0.8)
    ok, jpeg = cv2.imencode(".jpg", blurred, [cv2.IMWRITE_JPEG_QUALITY, 55])
    assert ok
    return cv2.imdecode(jpeg, cv2.IMREAD_GRAYSCALE)


def decoded(image: np.ndarray) -> tuple[list[str], str]:
    """(zxing-cpp's texts, OpenCV's text) for the image."""
    found = [r.text for r in zxingcpp.read_barcodes(image)]
    text, _, _ = cv2.QRCodeDetector().detectAndDecode(image)
    return found, text


def modules(svg_viewbox: str) -> int:
    return int(float(svg_viewbox.split()[2]))


def test_verification_page_qr_scans_at_phone_width(demo_site: BuiltSite, browser: Browser) -> None:
    """At 390 px, is the page's QR code ≥ 3 px a module with a 4-module quiet zone, and do
    zxing-cpp and OpenCV both read the URL from a blurred JPEG screenshot?"""
    page = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=1)
    with serve(demo_site.site) as base:
        page.goto(f"{base}certificates/{CERT}/")
        qr = page.locator(".cert-qr svg")
        qr.scroll_into_view_if_needed()
        box = qr.bounding_box()
        assert box is not None
        viewbox = str(qr.get_attribute("viewBox"))
        assert viewbox.startswith("-4 -4 ")  # the quiet zone, inside the white square
        assert box["width"] / modules(viewbox) >= 3, (box, viewbox)
        shot = page.screenshot()  # the whole phone screen, as a camera would frame it
    page.close()
    zxing, opencv = decoded(as_photo(shot))
    assert zxing == [URL] and opencv == URL


def test_printed_certificate_qr_scans(browser: Browser, tmp_path: Path) -> None:
    """Does the QR code on the printed certificate (A4 landscape at 192 dpi, a phone photo of
    the paper) scan after blur and JPEG, with both decoders, and has it a seal and signature
    area?"""
    root = copy_demo(tmp_path / "repo")  # academy print appends to print-codes.csv
    assert main(["print", CERT, "--out", str(tmp_path / "out"), "--root", str(root)]) == 0
    page = browser.new_page(viewport={"width": 1123, "height": 794}, device_scale_factor=2)
    page.goto((tmp_path / "out" / f"{CERT}.html").as_uri())
    sheet = page.locator(".cert-sheet")
    sheet.scroll_into_view_if_needed()
    assert "（盖章）" in page.locator(".cert-sheet__seal").inner_text()
    assert "负责人签字" in page.locator(".cert-sheet__seal").inner_text()
    shot = sheet.screenshot()
    page.close()
    zxing, opencv = decoded(as_photo(shot))
    assert zxing == [URL] and opencv == URL
