"""The search evaluation: type what trainees type into the real search box, in Chromium.

``evaluate(page, base)`` types every query of ``data/search_eval.yaml`` into the
portal's search box and reads the pages listed, best first (guide pages count as
pages). A query *hits* when one of its expected modules is among the first three
pages, and is *first* when one of them is the first page listed; a nonsense query
(Chinese or Latin) must list nothing. Run by tests/site/test_search_eval.py, and on
its own for a comparison:
``python -m tests.site.search_eval SITE_DIR`` prints the hit rate of that site.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

EVAL_FILE = Path(__file__).resolve().parent / "data" / "search_eval.yaml"
TOP = 3
# The rendered list of results is marked with the query it answers (academy-search.js):
# waiting for that attribute waits for this query's results, never for a fixed time.
PAGEFIND_RESULTS = "#academy-search-results[data-query]"


@dataclass
class Outcome:
    queries: int = 0
    hits: int = 0
    firsts: int = 0
    misses: list[tuple[str, list[str], list[str]]] = field(default_factory=list)
    noisy: list[tuple[str, list[str]]] = field(default_factory=list)
    behind: list[tuple[str, list[str], list[str]]] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.hits / self.queries if self.queries else 0.0

    @property
    def first_rate(self) -> float:
        return self.firsts / self.queries if self.queries else 0.0

    def summary(self) -> str:
        lines = [
            f"搜索评测：{self.hits}/{self.queries} 个查询的目标模块在前 {TOP} 名"
            f"（命中率 {self.rate:.1%}），{self.firsts} 个排第一（{self.first_rate:.1%}），"
            f"无关查询列出结果 {len(self.noisy)} 个"
        ]
        lines += [f"  未命中 {q}：期望 {e}，得到 {g}" for q, e, g in self.misses]
        lines += [f"  无关查询 {q} 列出了 {g}" for q, g in self.noisy]
        lines += [f"  不在第一 {q}：期望 {e}，得到 {g}" for q, e, g in self.behind]
        return "\n".join(lines)


def load_set() -> dict[str, Any]:
    return yaml.safe_load(EVAL_FILE.read_text(encoding="utf-8"))


def module_of(href: str) -> str:
    """``/modules/ticket-crm/?highlight=…#sla`` → ``modules/ticket-crm/``."""
    return urlsplit(href).path.lstrip("/")


def pagefind_results(page: Any, query: str) -> list[str]:
    """Enter ``query`` in the Pagefind search box; the pages listed, best first.

    The whole query at once (one ``input`` event), not key by key: the list is the same,
    and typing is tested once in test_browser.py (typing searched every prefix: the set
    took 43 s against 15 s).
    """
    box = page.locator("#academy-search-input")
    box.fill(query)
    done = page.locator(f'{PAGEFIND_RESULTS}[data-query="{query}"]')
    done.wait_for(state="attached")
    hrefs = page.eval_on_selector_all(
        "#academy-search-results .academy-search-result > a", "els => els.map(e => e.href)"
    )
    return list(dict.fromkeys(module_of(h) for h in hrefs))


def builtin_results(page: Any, query: str) -> list[str]:
    """Material's built-in search (the 'before'): pages listed once the list is stable."""
    page.reload()  # clearing the box leaves the built-in UI listing nothing afterwards
    page.locator("input.md-search__input").click()
    page.keyboard.type(query)
    page.wait_for_function(
        """q => { const m = document.querySelector('.md-search-result__meta');
                  return m && document.querySelector('input.md-search__input').value === q
                      && !/初始化/.test(m.textContent); }""",
        arg=query,
    )
    # The built-in UI has no "done" signal: read until two reads agree (comparison only).
    previous: list[str] | None = None
    while True:
        page.wait_for_timeout(500)
        hrefs = page.eval_on_selector_all(
            ".md-search-result__item > a", "els => els.map(e => e.href)"
        )
        if hrefs == previous:
            return list(dict.fromkeys(module_of(h) for h in hrefs))
        previous = hrefs


def evaluate(page: Any, results: Any) -> Outcome:
    data = load_set()
    outcome = Outcome()
    for item in data["queries"]:
        got = results(page, item["q"])[:TOP]
        want = [f"modules/{m}/" for m in item["expect"]]
        outcome.queries += 1
        if got and got[0] in want:
            outcome.firsts += 1
        elif any(w in got for w in want):
            outcome.behind.append((item["q"], item["expect"], got))
        if any(w in got for w in want):
            outcome.hits += 1
        else:
            outcome.misses.append((item["q"], item["expect"], got))
    for query in data["nonsense"]:
        got = results(page, query)
        if got:
            outcome.noisy.append((query, got))
    return outcome


def main(argv: list[str]) -> int:
    from playwright.sync_api import sync_playwright

    from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, serve

    site = Path(argv[0])
    builtin = (site / "search" / "search_index.json").exists()
    with serve(site) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(url)
        if builtin:
            page.locator("input.md-search__input").click()
            outcome = evaluate(page, builtin_results)
        else:
            page.keyboard.press("/")
            outcome = evaluate(page, pagefind_results)
        browser.close()
    print(("内置搜索" if builtin else "Pagefind") + " " + outcome.summary())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
