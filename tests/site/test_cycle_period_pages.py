"""The quarter and year pages of the after-sales monthly program, read with a real HTML5
parser (selectolax) from the built demo site: the figures, the sentence saying why a value
is "—", the grade counts and the honours 公示 — and nothing about one person beyond a
masked name beside an honour.

The expected figures are worked out by hand from the demo rosters (as of 2026-11-23:
October and the 20 November assessment make Q4; S046 is on leave from September to
November, so she has no Q4 and no year).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser, LexborNode

from academy.core.pipeline import run
from academy.site import cycle_periods
from academy.site.pages import read_config, site_context
from tests.site.html_checks import table_defects
from tests.support.site import BuiltSite

pytestmark = pytest.mark.slow

CYCLE = "cycles/after-sales-monthly"
QUARTERS = f"{CYCLE}/quarters/index.html"
YEAR = f"{CYCLE}/year/index.html"
TEAM = {  # employee id → full name, as in rosters/people/after-sales.yaml
    "S041": "田甜",
    "S042": "范伟",
    "S043": "方圆",
    "S044": "石磊",
    "S045": "袁媛",
    "S046": "金鑫",
    "A001": "张三",
}
# each person's 2026 total as of 2026-11-23 (mean of Q2, Q3, Q4): never on the site
YEAR_TOTALS = ("96.0", "90.5", "90.2", "83.7", "79.5", "65.0")
# each person's Q4 total (mean of October and November); S042's 85.0 is left out, as it
# is also October's team mean, which the page shows
Q4_TOTALS = ("92.5", "83.1", "74.2", "97.0", "89.8")


def _article(site: Path, rel: str) -> LexborNode:
    tree = LexborHTMLParser((site / rel).read_text(encoding="utf-8"))
    assert table_defects(rel, tree) == []
    article = tree.css_first("article")
    assert article is not None, rel
    return article


def _tables(article: LexborNode) -> list[list[list[str]]]:
    return [
        [[c.text(strip=True) for c in row.css("th, td")] for row in table.css("tr")]
        for table in article.css("table")
    ]


def _table(article: LexborNode, head: list[str]) -> list[list[str]]:
    found = [t for t in _tables(article) if t and t[0] == head]
    assert len(found) >= 1, f"no table headed {head}"
    return found[0][1:]


def _between(article: LexborNode, start: str, end: str) -> str:
    text = article.text()
    return text[text.index(start) : text.index(end)]


def test_quarter_page_says_the_quarter_is_open_and_shows_its_months(
    demo_site: BuiltSite,
) -> None:
    """Does 2026-Q4 say it has not ended, with two months so far, and list December as
    not yet assessed?"""
    article = _article(demo_site.site, QUARTERS)
    headings = [h.text(strip=True).rstrip("¶") for h in article.css("h2")]
    assert headings == ["2026-Q4（10–12 月）", "2026-Q3（7–9 月）", "2026-Q2（4–6 月）"]
    q4 = _between(article, "2026-Q4（10–12 月）", "2026-Q3（7–9 月）")
    assert "本季度尚未结束：截至 2026-11-23 已有 2 个月的考核（10月、11月）" in q4
    assert "本季度已结束：3 个月有考核（7月、8月、9月）" in article.text()
    head = ["季度", "有成绩人数", "已出结果", "未完成", "平均分", "优秀", "良好", "合格", "待改进"]
    rows = {r[0]: r[1:] for t in _tables(article) if t[0] == head for r in t[1:]}
    # 92.6 + 85.0 + 83.1 + 74.3 + 96.9 + 89.8 = 521.7, ÷ 6 = 86.95 → 87.0
    # (October with its 互评, evaluation/peer/: S041, S044 and S045 moved by 0.1)
    assert rows["2026-Q4"] == ["7", "6", "1", "87.0", "2", "3", "1", "0"]
    assert rows["2026-Q2"] == ["7", "7", "0", "83.9", "2", "4", "1", "0"]
    months = {
        r[0]: r[1:]
        for t in _tables(article)
        if t[0] == ["月份", "参加人数", "有效成绩", "月平均分", "说明"]
        for r in t[1:]
    }
    assert months["2026-11"] == ["7", "6", "88.9", ""]
    assert months["2026-12"] == ["—", "—", "—", "尚未考核"]  # the roster is dated 12-30
    assert months["2026-04"] == ["—", "—", "—", "本月没有考核"]


def test_year_page_says_the_year_is_provisional_and_counts_grades(demo_site: BuiltSite) -> None:
    """Does 2026 say 全年考核尚未完成 with its months, and show grade counts and 年度优秀?"""
    article = _article(demo_site.site, YEAR)
    text = article.text()
    assert "全年考核尚未完成：截至 2026-11-23，2026 年已有 7 个月的考核（5月至11月）" in text
    assert "12 月 31 日之后为最终结果" in text
    year = _table(article, ["年度", "有成绩人数", "已出结果", "未完成", "平均分",
                            "优秀", "良好", "合格", "待改进"])  # fmt: skip
    # (96.0 + 90.5 + 90.2 + 83.7 + 79.5 + 65.0) ÷ 6 = 84.15 → 84.2
    assert year == [["2026", "7", "6", "1", "84.2", "3", "1", "2", "0"]]
    assert "年度绩效等级与年度优秀（暂定）" in text
    # six ranked: A the top ceil(20% × 6) = 2, B to ceil(70% × 6) = 5, C to 6
    grades = _table(article, ["绩效等级", "人数"])
    assert grades == [
        ["A（优秀）", "2"],
        ["B（良好）", "3"],
        ["C（合格）", "1"],
        ["D（待改进）", "0"],
    ]
    assert "年度优秀（A 级中名次在前 3 名以内）：2 人" in text
    assert "获得高级培训或进修机会（A 级）：2 人" in text
    honours = _table(article, ["荣誉", "姓名"])
    assert honours == [["优秀客服", "田*"], ["创新奖", "方*"], ["导师奖励", "袁*"]]


def test_summary_page_and_nav_lead_to_both_pages(demo_site: BuiltSite) -> None:
    """Do the cycle summary's links and the sidebar reach the quarter and year pages?"""
    page = demo_site.site / CYCLE / "index.html"
    tree = LexborHTMLParser(page.read_text(encoding="utf-8"))
    article = tree.css_first("article")
    assert article is not None
    hrefs = {a.attributes.get("href") for a in article.css("a")}
    assert {"quarters/", "year/"} <= hrefs
    nav = {a.attributes.get("href") for a in tree.css("nav.md-nav a")}
    assert {"quarters/", "year/"} <= nav
    for rel in (QUARTERS, YEAR):
        assert (demo_site.site / rel).is_file()


def test_new_pages_show_no_person_beyond_a_masked_honour(demo_site: BuiltSite) -> None:
    """No employee id, full name, individual total, rank or nomination reason on either
    page: only the team's figures and masked names beside honours."""
    recognition = (demo_site.root / "rosters/recognition.yaml").read_text(encoding="utf-8")
    reasons = re.findall(r"reason: ([^}]+)\}", recognition)
    assert len(reasons) == 3
    for rel, totals in ((QUARTERS, Q4_TOTALS), (YEAR, YEAR_TOTALS)):
        html = (demo_site.site / rel).read_text(encoding="utf-8")
        text = _article(demo_site.site, rel).text()
        for emp, name in TEAM.items():
            assert emp not in html, f"{emp} in {rel}"
            assert name not in html, f"{name} in {rel}"
        if rel == QUARTERS:  # other quarters' team means may equal a Q4 total
            text = _between(_article(demo_site.site, rel), "2026-Q4（", "2026-Q3（")
        for total in totals:
            assert total not in text, f"an individual total {total} in {rel}"
        for reason in reasons:
            assert reason.strip() not in html, rel
        heads = [t[0] for t in _tables(_article(demo_site.site, rel))]
        assert not [h for h in heads if "名次" in h or ("姓名" in h and "荣誉" not in h)], rel


def _period_pages(root: Path, day: dt.date) -> dict[str, str]:
    outcome = run(root, day, write=False)
    return cycle_periods.pages(outcome, site_context(root, day, read_config(root)))


def test_why_sentences_before_and_after_the_year(demo_site: BuiltSite) -> None:
    """On 15 October nobody has a year (and Q4 nothing yet); on 31 December it is final."""
    early = _period_pages(demo_site.root, dt.date(2026, 10, 15))
    year = early[f"{CYCLE}/year.md"]
    assert "还没有人满足“年度内至少 3 个完整季度”，所以平均分和各档人数为 —。" in year
    assert "还没有人的年度结果完整，暂不排名" in year
    assert "| 2026 | 7 | 0 | 7 | — | — | — | — | — |" in year
    quarters = early[f"{CYCLE}/quarters.md"]
    assert "本季度尚未结束：截至 2026-10-15 本季度还没有考核。" in quarters
    assert "| 2026-10 | — | — | — | 尚未考核（截至 2026-10-15） |" in quarters
    late = _period_pages(demo_site.root, dt.date(2026, 12, 31))[f"{CYCLE}/year.md"]
    assert "2026 年已结束：全年 8 个月有考核（5月至12月），以下为最终结果。" in late
    assert "年度绩效等级与年度优秀（最终）" in late
    assert "| A（优秀） | 2 |" in late
