"""The portal as people read it, in Chromium: light and dark, desktop (1366×900) and
phone (390×844), one page of every kind.

axe-core (from npm, injected into the page) finds no serious or critical problem;
no table is wider than its column on the desktop; on the phone a wide table scrolls
in its own box with its first column kept in view; the module card's text is
readable in both schemes (contrast measured on the rendered page).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.support.browser import axe_script

pytestmark = [pytest.mark.slow, pytest.mark.browser]

PAGES = {
    "home": "",
    "module": "modules/complaint-handling/",
    "program": "programs/cs-specialist/",
    "cohort": "cohorts/2026-06-new-hires/",
    "cohorts": "cohorts/",
    "assessment report": "assessment-reports/2026-06-new-hires/",
    "practical sheet": "practical/complaint-repair/",
    "certificate": "certificates/CS2024001/",
    "certificates": "certificates/",
    "registry": "certificates/registry/all/all/all/",
    "cycles": "cycles/after-sales-monthly/",
    "cycles-quarters": "cycles/after-sales-monthly/quarters/",
    "cycles-year": "cycles/after-sales-monthly/year/",
    "plan": "plans/2026-annual/",
    "calendar": "plans/calendar/",
    "training evaluation": "training-evaluation/",
    "guide": "guide/",
    "404": "404.html",
    "学习进度": "modules/progress/",
}
MODES = {
    "light-desktop": {"color_scheme": "light", "viewport": {"width": 1366, "height": 900}},
    "dark-desktop": {"color_scheme": "dark", "viewport": {"width": 1366, "height": 900}},
    "light-phone": {"color_scheme": "light", "viewport": {"width": 390, "height": 844}},
    "dark-phone": {"color_scheme": "dark", "viewport": {"width": 390, "height": 844}},
}

AXE_RUN = """async () => {
  const r = await axe.run(document, { resultTypes: ["violations"] });
  return r.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.nodes.length}): ${v.nodes[0].target.join(" ")}`);
}"""

# Every table of the article: its width, the width of the box it scrolls in, the
# article's width, and whether its first cell stays put when the box scrolls.
TABLES = """() => [...document.querySelectorAll("article table")].map((t) => {
  const box = t.closest(".md-typeset__scrollwrap") || t.parentElement;
  const first = t.querySelector("tr > :first-child");
  const style = getComputedStyle(box);
  return {
    head: (t.querySelector("th, td") || {}).textContent || "",
    width: Math.ceil(t.getBoundingClientRect().width),
    article: t.closest("article").clientWidth,
    box: box.clientWidth,
    scrolls: ["auto", "scroll"].includes(style.overflowX),
    sticky: first ? getComputedStyle(first).position === "sticky" : false,
  };
})"""


@pytest.fixture(scope="module")
def axe() -> str:
    return axe_script()


@pytest.fixture(scope="module")
def browser(chromium: Any) -> Any:
    """The worker's one Chromium (tests/support/browser.py); this module's contexts in it."""
    return chromium


@pytest.fixture(scope="module", params=list(MODES))
def mode_page(request: pytest.FixtureRequest, browser: Any) -> Iterator[tuple[str, Any]]:
    # bypass_csp: the test injects axe-core as an inline script, which the CSP (rightly) blocks
    ctx = browser.new_context(**MODES[request.param], bypass_csp=True)
    try:
        yield request.param, ctx.new_page()
    finally:
        ctx.close()


def _table_problems(mode: str, tables: list[dict[str, Any]]) -> list[str]:
    """On the desktop no table is wider than the article; on the phone a wider table
    scrolls in its own box and keeps its first column in view."""
    if mode.endswith("desktop"):
        return [
            f"table {t['head']!r} is wider than the article"
            for t in tables
            if t["width"] > t["article"] + 1
        ]
    problems = []
    for t in tables:
        if t["width"] > t["box"] + 1 and "academy-month" not in t["head"]:
            if not t["scrolls"]:
                problems.append(f"table {t['head']!r} is cut off, not scrolled")
            if not t["sticky"]:
                problems.append(f"table {t['head']!r} loses its first column")
    return problems


@pytest.mark.parametrize("kind", list(PAGES))
def test_page_has_no_serious_accessibility_problem_and_its_tables_fit(
    mode_page: tuple[str, Any], served: str, axe: str, kind: str
) -> None:
    """One load of the page in this mode: do its tables fit (or scroll in their own box),
    and does axe-core find no serious or critical violation?"""
    mode, page = mode_page
    page.goto(served + PAGES[kind])
    problems = _table_problems(mode, page.evaluate(TABLES))
    page.add_script_tag(content=axe)
    problems += page.evaluate(AXE_RUN)
    assert problems == [], f"{kind} ({mode})"


def _rgb(css: str) -> tuple[float, ...]:
    return tuple(float(v) for v in re.findall(r"[\d.]+", css)[:3])


def _contrast(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    def lum(c: tuple[float, ...]) -> float:
        ch = [
            (v / 255) / 12.92 if v / 255 <= 0.03928 else ((v / 255 + 0.055) / 1.055) ** 2.4
            for v in c
        ]
        return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2]

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_module_card_is_readable(mode_page: tuple[str, Any], served: str) -> None:
    """The card's text against the card's own background, as the browser paints them."""
    mode, page = mode_page
    page.goto(served + PAGES["module"])
    colours = page.eval_on_selector_all(
        ".academy-card p, .academy-card li, .academy-card strong",
        "els => els.map(e => [getComputedStyle(e).color, "
        "getComputedStyle(e.closest('.academy-card')).backgroundColor])",
    )
    assert colours
    worst = min(_contrast(_rgb(fg), _rgb(bg)) for fg, bg in colours)
    assert worst >= 4.5, f"{mode}: {worst:.2f}:1"
    if mode.startswith("dark"):
        bg = _rgb(colours[0][1])
        assert max(bg) < 80, f"the card stays light in dark mode: {colours[0][1]}"
    if mode.endswith("phone"):
        widths = page.evaluate(
            "() => [document.querySelector('.academy-card').getBoundingClientRect().right,"
            " document.documentElement.clientWidth]"
        )
        assert widths[0] <= widths[1], widths
