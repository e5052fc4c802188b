"""In a real browser: do the tables a supervisor reads fit a 1366 px screen, and the
module card a 390 px phone? Measured as element boxes, not judged by eye."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

import pytest

from tests.support.browser import serve
from tests.support.site import BuiltSite

pytestmark = [pytest.mark.slow, pytest.mark.browser]
LAPTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
# The columns that must be visible without scrolling, per kind of table.
COHORT = ("名次", "姓名", "总分", "等级", "结果")
REGISTRY = ("证书编号", "持证人", "等级", "状态")
RENEWALS = ("复评日期", "班次", "总分", "结果", "等级")

# Every header cell named in `wanted`: its right edge, and where the table's visible
# area (the nearest scrolling wrapper, else the viewport) ends.
MEASURE = """(table, wanted) => {
  let box = table.parentElement;
  while (box && box !== document.body && getComputedStyle(box).overflowX === 'visible') {
    box = box.parentElement;
  }
  const visible = Math.min(box.getBoundingClientRect().right, window.innerWidth);
  const cells = [...table.querySelectorAll('thead th')];
  const out = {};
  for (const name of wanted) {
    const th = cells.find(c => c.textContent.trim().startsWith(name));
    out[name] = th ? Math.round(th.getBoundingClientRect().right) : null;
  }
  return {visible: Math.round(visible), cells: out, scroll: box.scrollLeft};
}"""


@pytest.fixture(scope="module")
def browser(chromium: Any, demo_site: BuiltSite) -> Iterator[tuple[Any, str]]:
    """The worker's one Chromium (tests/support/browser.py), and the demo site served."""
    with serve(demo_site.site) as url:
        yield chromium, url


def _overflowing(page: Any, selector: str, wanted: tuple[str, ...]) -> list[str]:
    problems = []
    tables = page.locator(selector)
    assert tables.count() > 0, f"{page.url}: no {selector}"
    for i in range(tables.count()):
        m = tables.nth(i).evaluate(MEASURE, list(wanted))
        for name, right in m["cells"].items():
            if right is None:
                problems.append(f"{page.url} 表 {i}: 没有“{name}”列")
            elif right > m["visible"] + 1:
                problems.append(f"{page.url} 表 {i}: “{name}”右缘 {right} > 可见 {m['visible']}")
    return problems


def test_cohort_registry_and_certificate_tables_fit_1366(
    browser: tuple[Any, str], demo_site: BuiltSite
) -> None:
    launched, url = browser
    page = launched.new_page(viewport=LAPTOP)
    problems: list[str] = []
    site = demo_site.site
    for cohort in sorted(p.parent.name for p in (site / "cohorts").glob("*/index.html")):
        if "monthly" in cohort:  # monthly results: aggregates only, no table of people
            continue
        page.goto(f"{url}cohorts/{cohort}/")
        problems += _overflowing(page, "article table:has(th:text-is('名次'))", COHORT)
    page.goto(f"{url}certificates/registry/all/all/all/")
    problems += _overflowing(page, "table.cert-table", REGISTRY)
    renewed = [
        p.parent.name
        for p in sorted((site / "certificates").glob("CS*/index.html"))
        if "复评日期" in p.read_text(encoding="utf-8")
    ]
    assert renewed, "the demo has certificates with a renewal history"
    for cert in renewed:
        page.goto(f"{url}certificates/{cert}/")
        problems += _overflowing(page, "table.cert-table", RENEWALS)
    page.close()
    assert problems == []


def test_results_tables_are_spliced_into_the_built_cohort_pages(demo_site: BuiltSite) -> None:
    """Each cohort page holds its table once; no slot or side file is left in site/."""
    from html.parser import HTMLParser

    site = demo_site.site
    assert list((site / "cohorts").glob("*.results.html")) == []
    for page in (site / "cohorts").glob("*/index.html"):
        html = page.read_text(encoding="utf-8")
        assert "academy-results-slot" not in html, page
        if "monthly" in page.parent.name:  # aggregates only: no table of people
            continue

        class Headers(HTMLParser):
            cells: ClassVar[list[str]] = []

            def handle_data(self, data: str) -> None:
                if self.lasttag == "th" and data.strip():
                    self.cells.append(data.strip())

        parser = Headers()
        parser.cells = []
        parser.feed(html)
        assert parser.cells.count("名次") == 1, page
        assert parser.cells[parser.cells.index("名次") :][:5] == list(COHORT), page


def test_module_card_is_not_cut_off_on_a_phone(browser: tuple[Any, str]) -> None:
    launched, url = browser
    page = launched.new_page(viewport=PHONE)
    page.goto(f"{url}modules/ticket-crm/")
    card = page.locator(".academy-card").first
    box = card.bounding_box()
    assert box is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    # nothing inside the card is wider than the card (no hidden overflow)
    overflow = card.evaluate(
        """card => { const r = card.getBoundingClientRect();
                     return [...card.querySelectorAll('*')]
                       .filter(e => e.getBoundingClientRect().right > r.right + 1)
                       .map(e => e.tagName + ' ' + e.textContent.trim().slice(0, 20)); }"""
    )
    assert overflow == []
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.close()
