"""Personal HR data never reaches site/: hire and probation dates, pay-rise status.

The dates are taken from the demo register; a date that also appears in another
input (a session or assessment date) cannot be told apart, so only dates found
nowhere but in the register are checked — and the test insists there are many.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

from academy.hr.export import PAY_RISE
from academy.site.workforce import MIN_GROUP, SUPPRESSED
from tests.conftest import REPO, BuiltSite

PEOPLE = sorted((REPO / "rosters/people").glob("*.yaml"))
DATE = re.compile(r"\b(20\d\d-\d\d-\d\d)\b")
DOCS_ABOUT_FORMATS = ("reference/", "guide/")  # the trainer guide documents the lists


def register_dates(key: str) -> set[str]:
    found: set[str] = set()
    for path in PEOPLE:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip().startswith(f"{key}:"):
                found.update(DATE.findall(line))
    return found


def dates_elsewhere() -> set[str]:
    found: set[str] = set()
    for folder in ("curriculum", "rosters", "docs"):
        for path in (REPO / folder).rglob("*"):
            if (
                path.is_file()
                and "people" not in path.parts
                and path.suffix in (".yaml", ".md", ".csv")
            ):
                found.update(DATE.findall(path.read_text(encoding="utf-8")))
    return found


def site_texts(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): p.read_text(encoding="utf-8", errors="replace")
        for p in site.rglob("*")
        if p.is_file() and p.suffix in (".html", ".json", ".xml", ".txt", ".ics", ".js", ".jwt")
    }


def test_no_hire_or_probation_date_in_the_site(demo_site: BuiltSite) -> None:
    """Is no hired_on / probation_until / left_on of the register anywhere under site/?"""
    private = (
        register_dates("hired_on") | register_dates("probation_until") | register_dates("left_on")
    ) - dates_elsewhere()
    assert len(private) >= 8, f"too few register-only dates to test: {sorted(private)}"
    texts = site_texts(demo_site.site)
    assert texts
    for rel, text in texts.items():
        leaked = sorted(d for d in private if d in text or d.replace("-", "/") in text)
        assert leaked == [], f"{rel} shows register dates {leaked}"


def test_no_pay_rise_status_in_the_site(demo_site: BuiltSite) -> None:
    """Are the pay-rise list's words and percents absent from every page but the format docs?"""
    words = ["调薪名单", "调薪比例", "本月调薪变动", "试用期延长", "试用期至", "补考名单"]
    words += [c.header for c in PAY_RISE.columns if "调薪" in c.header]
    for rel, text in site_texts(demo_site.site).items():
        if rel.startswith(DOCS_ABOUT_FORMATS) or rel.startswith("search/"):
            continue
        found = [w for w in words if w in text]
        assert found == [], f"{rel} mentions {found}"
    # the search index (Pagefind) is made from these same pages, so it holds no more


class _Cells(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.cells: list[str] = []
        self._in = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "td":
            self._in = True
            self.cells.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self._in = False

    def handle_data(self, data: str) -> None:
        if self._in:
            self.cells[-1] += data


def test_workforce_page_shows_only_counts_of_five_or_more(demo_site: BuiltSite) -> None:
    """Does the public aggregate page suppress every count under 5 and name nobody?"""
    html = (demo_site.site / "certificates/workforce/index.html").read_text(encoding="utf-8")
    parser = _Cells()
    parser.feed(html)
    counts = [c.strip() for c in parser.cells if c.strip() and not c.strip().startswith("客服")]
    counts = [c for c in counts if c != "售后服务部"]
    assert counts, "no table cells found"
    assert SUPPRESSED in counts
    for cell in counts:
        assert cell == SUPPRESSED or int(cell) >= MIN_GROUP, cell
    assert not re.search(r"\b[ABCS]\d{3}\b", html), "an employee id on the aggregate page"
