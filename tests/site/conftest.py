"""The demo portal, built once per test session and shared by the site tests."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from academy.build import build_site
from tests.conftest import AS_OF, REPO, copy_demo


@dataclass(frozen=True)
class BuiltSite:
    root: Path  # the repository copy it was built from
    site: Path  # its site/ directory
    as_of: dt.date


def demo_copy(dest: Path) -> Path:
    """The demo inputs, plus src/ (linked) because mkdocs.yml watches its templates."""
    root = copy_demo(dest)
    (root / "src").symlink_to(REPO / "src", target_is_directory=True)
    return root


def build_demo(
    dest: Path, as_of: dt.date = AS_OF, *, edit: Callable[[Path], None] | None = None
) -> BuiltSite:
    """Copy the demo repository to ``dest``, let ``edit(root)`` change it, build it."""
    root = demo_copy(dest)
    if edit is not None:
        edit(root)
    code = build_site(root, as_of)
    assert code == 0, "the demo portal did not build (see the captured stderr)"
    return BuiltSite(root, root / "site", as_of)


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The demo portal as of 2026-11-23, built with --strict."""
    return build_demo(tmp_path_factory.mktemp("demo-site") / "repo")


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


TAG = re.compile(r"<[^>]+>")


def page_text(path: Path) -> str:
    """The visible text of a built page's article, tags stripped."""
    html = path.read_text(encoding="utf-8")
    match = re.search(r"<article[^>]*>(.*)</article>", html, re.S)
    return TAG.sub("", match.group(1) if match else html)
