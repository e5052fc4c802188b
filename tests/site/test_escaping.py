"""Does a trainee's name full of HTML come out as text on every page, never as markup?"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.support.site import BuiltSite, build_demo

pytestmark = pytest.mark.slow

NAME = "<script>alert(1)</script>"
DEPARTMENT = '<img src=x onerror="alert(2)">{{ config }}'
PROBE = """---
title: 转义检查
render_macros: true
---

# 转义检查

{% for c in latest_certificates(100) %}
- {{ c.name }} / {{ c.department }}
{% endfor %}
"""


def add_hostile_trainee(root: Path) -> None:
    """A certified trainee with HTML in name and department; names shown unmasked."""
    roster = root / "rosters" / "2026" / "2026-06-new-hires.yaml"
    with roster.open("a", encoding="utf-8") as out:
        out.write(
            f'  - id: "X999"\n    name: {json.dumps(NAME)}\n'
            f"    department: {json.dumps(DEPARTMENT)}\n    position: 客服专员\n"
            "    scores: {theory: 90, practical: 90, daily: 90}\n"
        )
    with (root / "rosters" / "people" / "cs-1.yaml").open("a", encoding="utf-8") as out:
        out.write(
            f'  - id: "X999"\n    name: {json.dumps(NAME)}\n'
            f"    department: {json.dumps(DEPARTMENT)}\n    position: 客服专员\n"
            "    employment: regular\n    hired_on: 2026-06-01\n"
        )
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "mask_names: true" in text
    config.write_text(text.replace("mask_names: true", "mask_names: false"), encoding="utf-8")
    # A page rendered by the macros engine itself, printing the data unfiltered:
    # only the engine's autoescaping stands between the name and the browser.
    (root / "docs" / "autoescape-probe.md").write_text(PROBE, encoding="utf-8")


class _Scan(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.scripts: list[str] = []
        self.in_script = False
        self.handlers: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.in_script = tag == "script"
        self.handlers += [f"{tag} {k}" for k, _ in attrs if k.startswith("on")]
        if tag == "img":
            self.handlers += ["img x" for k, v in attrs if k == "src" and v == "x"]

    def handle_endtag(self, tag: str) -> None:
        self.in_script = False

    def handle_data(self, data: str) -> None:
        (self.scripts if self.in_script else self.text).append(data)


def scan(path: Path) -> _Scan:
    parser = _Scan()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return build_demo(tmp_path_factory.mktemp("hostile") / "repo", edit=add_hostile_trainee)


def test_the_name_is_text_on_every_page(hostile_site: BuiltSite) -> None:
    """Is the name shown as text wherever it appears, and never run as a script?"""
    shown_on = []
    for page in sorted(hostile_site.site.rglob("*.html")):
        found = scan(page)
        assert not any("alert(1)" in s or "alert(2)" in s for s in found.scripts), page
        assert found.handlers == [], (page, found.handlers)
        if NAME in "".join(found.text):
            shown_on.append(page.relative_to(hostile_site.site).as_posix())
    # the cohort page, the home page, the probe page and the certificate's pages at least
    assert "index.html" in shown_on
    assert "autoescape-probe/index.html" in shown_on
    assert "cohorts/2026-06-new-hires/index.html" in shown_on
    assert len(shown_on) >= 4, shown_on


def test_macros_autoescape_escapes_unfiltered_data(hostile_site: BuiltSite) -> None:
    """Does the macros engine escape a value printed without any filter (autoescape on)?"""
    html = (hostile_site.site / "autoescape-probe" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html
    assert "{{ config }}" in "".join(
        scan(hostile_site.site / "autoescape-probe" / "index.html").text
    )


def test_no_raw_markup_in_any_page_or_the_search_index(hostile_site: BuiltSite) -> None:
    """Is the raw string absent from every HTML file and from the search index?"""
    for path in sorted(hostile_site.site.rglob("*")):
        if path.suffix in (".html", ".xml", ".svg") or path.name == "search_index.json":
            text = path.read_text(encoding="utf-8")
            assert NAME not in text, path
            assert "<img src=x" not in text, path
