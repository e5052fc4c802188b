"""认证申请表（模板4）: the level applied for and the mentor's evaluation beside the result."""

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


def test_cohort_page_shows_applied_level_and_mentor_review(demo_site: BuiltSite) -> None:
    html = (demo_site.site / "cohorts/2026-05-senior/index.html").read_text(encoding="utf-8")
    parser = _Rows()
    parser.feed(html)
    a022 = next(row for row in parser.rows if "|A022|" in row)
    assert "申请等级：优秀资深客服" in a022
    assert "导师评价：疑难投诉处理沉稳，带教新人耐心，推荐晋升。" in a022
    assert "通过认证" in a022
    b007 = next(row for row in parser.rows if "|B007|" in row)
    assert "申请等级" not in b007
