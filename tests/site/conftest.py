"""Helpers of the site tests; the demo portal itself is built once, in tests/conftest.py."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import BuiltSite, build_demo, demo_copy

__all__ = ["BuiltSite", "build_demo", "demo_copy"]


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


TAG = re.compile(r"<[^>]+>")


def page_text(path: Path) -> str:
    """The visible text of a built page's article, tags stripped."""
    html = path.read_text(encoding="utf-8")
    match = re.search(r"<article[^>]*>(.*)</article>", html, re.S)
    return TAG.sub("", match.group(1) if match else html)
