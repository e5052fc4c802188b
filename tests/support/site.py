"""Helpers of the site tests; the demo portal itself is built once, in tests/conftest.py."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import BuiltSite, build_demo, demo_copy
from tests.support.browser import serve

__all__ = ["BuiltSite", "build_demo", "demo_copy"]


@pytest.fixture(scope="module")
def served(demo_site: BuiltSite) -> Iterator[str]:
    """The built demo site over HTTP on 127.0.0.1 (search needs http, not file://)."""
    with serve(demo_site.site) as url:
        yield url


def file_hashes(site: Path) -> dict[str, str]:
    """Every file of ``site`` (relative path) with the SHA-256 of its bytes."""
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


TAG = re.compile(r"<[^>]+>")


def page_text(path: Path) -> str:
    """The visible text of a built page's article, tags stripped."""
    html = path.read_text(encoding="utf-8")
    match = re.search(r"<article[^>]*>(.*)</article>", html, re.S)
    return TAG.sub("", match.group(1) if match else html)
