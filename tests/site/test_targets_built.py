"""The built 培训目标达成 page, read through an HTML parser as a reader sees it: every goal
of the demo's targets with its groups, verdicts and scale, reached from the
training-effect index and from the program and plan that name the targets."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from academy.core.evaluation.targets import WITHHELD
from tests.support.site import BuiltSite

PAGE = "training-evaluation/targets-2026-annual/index.html"
VERDICTS = {"达标", "未达标", "尚不能判断", "不足 5 人", WITHHELD}


def _tree(demo: BuiltSite, rel: str) -> LexborHTMLParser:
    return LexborHTMLParser((demo.site / rel).read_text(encoding="utf-8"))


def _links_to_targets(demo: BuiltSite, rel: str) -> list[str]:
    return [
        a.attributes.get("href") or ""
        for a in _tree(demo, rel).css("article a")
        if "targets-2026-annual" in (a.attributes.get("href") or "")
    ]


def test_targets_page_shows_every_goal_with_groups_and_verdicts(demo_site: BuiltSite) -> None:
    """One heading per goal (with the target), a table of groups; each verdict is one of four,
    a group under 5 people shows no mean; the 5-point scale and the ÷ 20 rule are stated."""
    tree = _tree(demo_site, PAGE)
    article = tree.css_first("article")
    assert article is not None
    headings = [h.text(strip=True) for h in article.css("h2")]
    assert any(h.startswith("新员工培训后满意度：目标 ≥ 4.5 分（5 分制）") for h in headings)
    assert any(h.startswith("投诉一次解决率：目标 ≥ 80 %") for h in headings)
    assert any(h.startswith("首次响应时长：目标 ≤ 30 秒") for h in headings)
    tables = article.css("table")
    assert len(tables) == 4
    for table in tables:
        head = [th.text(strip=True) for th in table.css("thead th")]
        assert head == ["组", "人数", "均值", "95% 区间", "与目标相比"]
        for row in table.css("tbody tr"):
            cells = [td.text(strip=True) for td in row.css("td")]
            assert cells[4] in VERDICTS
            if int(cells[1]) < 5:  # the boundary: fewer than 5 people, no mean, no verdict
                assert (cells[2], cells[4]) == ("—", "不足 5 人")
            elif cells[4] == WITHHELD:  # it would give a smaller group away (privacy)
                assert cells[2] == "—"
            else:
                assert cells[2] != "—" and "至" in cells[3]
    text = article.text(separator=" ")
    assert "5 分制（满分 5 分）" in text and "÷ 20" in text and "90% = 4.5 分" in text


def test_targets_page_is_linked_from_the_index_program_and_plan(demo_site: BuiltSite) -> None:
    assert _links_to_targets(demo_site, "training-evaluation/index.html")
    assert _links_to_targets(demo_site, "programs/after-sales-monthly/index.html")
    assert _links_to_targets(demo_site, "plans/2026-annual/index.html")
    index = _tree(demo_site, "training-evaluation/index.html").css_first("article")
    assert index is not None and "÷ 20" in index.text(separator=" ")
