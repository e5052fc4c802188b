"""The 评委评分一致性 section of the demo cohort pages, read from the built HTML; and what
never reaches the site: the judges' full names, their drift, and who is under review."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser as HTMLParser

from tests.conftest import BuiltSite


def _panel_rows(html: str) -> list[list[str]]:
    tree = HTMLParser(html)
    heading = tree.css_first("h2#panel-agreement")
    assert heading is not None, "no 评委评分一致性 section"
    table = heading.next
    while table is not None and table.tag != "table":
        table = table.next
    assert table is not None
    return [[c.text(strip=True) for c in tr.css("th, td")] for tr in table.css("tr")]


def test_harsh_judge_panel_is_marked_unreliable_with_masked_judges(demo_site: BuiltSite) -> None:
    """Does 2025-04 show alpha 0.511, 8 trainees, 不可靠 and the judges masked (王*, …)?"""
    html = (demo_site.site / "cohorts/2025-04-new-hires/index.html").read_text(encoding="utf-8")
    header, *rows = _panel_rows(html)
    assert header == ["考核项目", "评分一致性 α", "计入学员", "评委", "判断"]
    assert rows == [["实操考核", "0.511", "8", "王*、李*、周*", "不可靠"]]
    assert "Krippendorff" in html and "0.667" in html


def test_small_panel_has_no_alpha(demo_site: BuiltSite) -> None:
    """Does 2026-01 (4 trainees with two scores) show no alpha, and say why?"""
    html = (demo_site.site / "cohorts/2026-01-new-hires/index.html").read_text(encoding="utf-8")
    assert _panel_rows(html)[1] == ["实操考核", "—", "4", "3 位", "人数不足，未计算"]


def test_site_never_names_judges_drift_or_review(demo_site: BuiltSite) -> None:
    """Is no page holding a judge's full name or drift (−11.75), or a review marker?"""
    for page in demo_site.site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        rel = page.relative_to(demo_site.site)
        for secret in ("王磊", "李娜", "周敏", "11.75"):
            assert secret not in text, f"{secret} on {rel}"
        if rel.parts[0] != "guide":  # the trainer guide documents the marker itself
            for marker in ("under_review", "需人工复核"):
                assert marker not in text, f"{marker} on {rel}"
