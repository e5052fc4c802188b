"""Does the built portal load nothing from outside itself (no CDN, no web fonts)?"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from academy.site.pages import read_config
from tests.support.site import BuiltSite

pytestmark = pytest.mark.slow

# Every place a file can make a browser fetch something: HTML/SVG attributes, CSS url()
# and @import, JavaScript import()/import … from, and importScripts().
REFERENCE = re.compile(
    r"""(?P<where>
        \b(?:src|href|srcset|action|formaction|poster|data|background|xlink:href|ping)
            \s*=\s*["']?
      | url\(\s*["']?
      | @import\s+(?:url\(\s*)?["']?
      | \bimport\s*\(\s*["']
      | \bfrom\s+["']
      | \bimportScripts\(\s*["']
    )(?P<url>(?:https?:)?//[^\s"'()<>]+)""",
    re.IGNORECASE | re.VERBOSE,
)
TEXT_SUFFIXES = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".ics", ".webmanifest"}


def external_references(site: Path, own: str, repository: str) -> list[str]:
    """``file: url`` for every reference to a URL that is not the site's own.

    Allowed: the site's own URLs (site_url: canonical links, the sitemap) and plain
    ``<a href>`` links into the code repository ("edit this page", the repository
    button): a link a trainer clicks, which makes no request by itself.
    """
    bad = []
    for path in sorted(site.rglob("*")):
        if not path.is_file() or path.suffix not in TEXT_SUFFIXES:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for match in REFERENCE.finditer(text):
            url = match.group("url")
            if url.startswith(("//", "http://", "https://")) and url.startswith(own):
                continue
            tag = text[text.rfind("<", 0, match.start()) : match.start()]
            is_link = re.match(r"<a\s", tag) is not None and match.group("where").startswith("href")
            if is_link and repository and (url + "/").startswith(repository):
                continue
            bad.append(f"{path.relative_to(site)}: {url}")
    return bad


def test_no_file_of_the_site_references_an_outside_url(demo_site: BuiltSite) -> None:
    """Is every src/href/url()/import in every built file the site's own?"""
    config = read_config(demo_site.root)
    own = str(config["site_url"])
    repository = str(config["repo_url"]).rstrip("/") + "/"
    assert list(demo_site.site.rglob("*.html")), "nothing was built"
    assert external_references(demo_site.site, own, repository) == []


def test_scanner_catches_what_it_must(tmp_path: Path) -> None:
    """Would a CDN script, a web font, a CSS import or a remote image be caught?"""
    (tmp_path / "a.html").write_text(
        '<script src="https://cdn.example.net/x.js"></script>'
        '<link href="//fonts.example.com/css?family=Noto" rel="stylesheet">'
        '<img srcset="https://img.example.org/a.png 2x">'
        '<a href="https://repo.example/cs/edit/main/x.md">编辑</a>'
        '<a href="https://elsewhere.example/">外链</a>',
        encoding="utf-8",
    )
    (tmp_path / "b.css").write_text(
        '@import url("https://fonts.example.com/a.css");'
        " body{background:url(https://img.example.org/bg.png)}",
        encoding="utf-8",
    )
    (tmp_path / "c.js").write_text('import("https://cdn.example.net/m.js")', encoding="utf-8")
    found = external_references(tmp_path, "http://127.0.0.1:8000/", "https://repo.example/cs/")
    assert len(found) == 7, found
    assert not any("repo.example" in f for f in found)


def test_theme_fonts_are_off_and_the_repository_button_fetches_nothing(
    demo_site: BuiltSite,
) -> None:
    """Is the theme's web-font loading off, and the code-host API lookup disabled?"""
    config = read_config(demo_site.root)
    assert config["theme"]["font"] is False
    home = (demo_site.site / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis" not in home and "fonts.gstatic" not in home
    assert 'data-md-component="source"' not in home
