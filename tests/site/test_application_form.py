"""认证申请表（模板4）: the level applied for and the mentor's evaluation are private: the
public cohort page shows the result without them (HR's export keeps them)."""

from __future__ import annotations

from html.parser import HTMLParser

from tests.conftest import BuiltSite


class _Rows(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[str] = []
        self._row: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self._row = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "tr" and self._row is not None:
            self.rows.append("|".join(self._row))
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._row is not None:
            self._row.append(data.strip())


def test_cohort_page_leaves_out_applied_level_and_mentor_review(demo_site: BuiltSite) -> None:
    """Next to the employee id on the public page, is there a result but no 申请等级 and
    no 导师评价 (the roster has both for A022)?"""
    roster = (demo_site.root / "rosters").rglob("2026-05-senior.yaml")
    assert "推荐晋升" in next(roster).read_text(encoding="utf-8")
    html = (demo_site.site / "cohorts/2026-05-senior/index.html").read_text(encoding="utf-8")
    parser = _Rows()
    parser.feed(html)
    a022 = next(row for row in parser.rows if "|A022|" in row)
    assert "申请等级" not in a022 and "导师评价" not in a022 and "推荐晋升" not in html
    assert "通过认证" in a022
    b007 = next(row for row in parser.rows if "|B007|" in row)
    assert "申请等级" not in b007
