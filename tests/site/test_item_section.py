"""The 试题分析 section of the demo cohort page, read from the built HTML."""

from __future__ import annotations

from html.parser import HTMLParser

from tests.conftest import BuiltSite

COHORT = "2026-11-new-hires"


class _Tables(HTMLParser):
    """Every table of a page as rows of cell texts, with the heading that precedes it."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[tuple[str, list[list[str]]]] = []
        self.heading = ""
        self._in_h = False
        self._cell: list[str] | None = None
        self._row: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("h2", "h3"):
            self._in_h, self.heading = True, ""
        elif tag == "table":
            self.tables.append((self.heading, []))
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h2", "h3"):
            self._in_h = False
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None and self.tables:
            self.tables[-1][1].append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._in_h:
            self.heading += data
        if self._cell is not None:
            self._cell.append(data)


def test_demo_cohort_page_has_item_analysis_without_exam_text(demo_site: BuiltSite) -> None:
    """Is there one row per paper question (number, type, topic, module, rates), no wording?"""
    html = (demo_site.site / "cohorts" / COHORT / "index.html").read_text(encoding="utf-8")
    parser = _Tables()
    parser.feed(html)
    items = [rows for heading, rows in parser.tables if heading.startswith("试题分析")]
    assert len(items) == 1
    header, *rows = items[0]
    assert header == [
        "题号",
        "题型",
        "知识点",
        "所属模块",
        "分值",
        "通过率",
        "区分度",
        "删去此题后 α",
        "提示",
    ]
    assert [r[0] for r in rows] == [str(n) for n in range(1, 23)]
    assert {r[1] for r in rows} == {"单选题", "简答题"}
    assert all(r[5].endswith("%") for r in rows)
    assert "薄弱知识点" in html
    assert 'href="../../modules/' in html.split("薄弱知识点", 1)[1]


def test_cohorts_without_auto_scored_exams_have_no_item_analysis(demo_site: BuiltSite) -> None:
    """Do the other cohorts (typed theory scores) keep their pages without the section?"""
    html = (demo_site.site / "cohorts/2026-06-new-hires/index.html").read_text(encoding="utf-8")
    assert "试题分析" not in html
