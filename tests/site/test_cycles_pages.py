"""The built trainer pages for cycles: aggregates only, no person's monthly score on the site."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from academy.core.pipeline import run
from tests.support.site import BuiltSite, page_text

pytestmark = pytest.mark.slow
TEXT_SUFFIXES = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".ics", ".md"}


class Tables(HTMLParser):
    """Every table of a page as rows of cell texts; and every svg's role."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self.svg_roles: list[str | None] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "svg":
            self.svg_roles.append(dict(attrs).get("role"))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self.tables:
            self.tables[-1][-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def parse(path: Path) -> Tables:
    parser = Tables()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


GUIDE = "guide/"  # the hand-written trainer guide: its examples are not data


def site_texts(site: Path) -> list[tuple[str, str]]:
    """(where, text) of every text file of the site, the guide's own pages left out."""
    out = []
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if not path.is_file() or path.suffix not in TEXT_SUFFIXES or rel.startswith(GUIDE):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if rel == "search/search_index.json":
            docs = json.loads(text)["docs"]
            out += [(f"{rel}#{d['location']}", d["text"] + d["title"]) for d in docs
                    if not d["location"].startswith(GUIDE)]  # fmt: skip
        else:
            out.append((rel, text))
    return out


def test_no_individual_monthly_score_appears_under_site(demo_site: BuiltSite) -> None:
    """Do monthly-only people never appear on the site, and nobody's monthly total beside them?"""
    outcome = run(demo_site.root, demo_site.as_of, write=False)
    monthly = [r for r in outcome.results if r.program.cycles is not None]
    others = {r.entry.employee_id for r in outcome.results if r.program.cycles is None}
    assert len(monthly) >= 30  # the demo has six months of an after-sales team
    only_monthly = {r.entry.employee_id: r.entry.name for r in monthly} | {}
    only_monthly = {k: v for k, v in only_monthly.items() if k not in others}
    assert len(only_monthly) >= 5
    texts = site_texts(demo_site.site)
    assert len(texts) > 50
    for path, text in texts:
        for emp, name in only_monthly.items():
            assert emp not in text, f"{emp} appears in {path}"
            assert name not in text, f"{name} appears in {path}"
    # people who also hold certificates appear on the site, but never on a page about
    # a monthly assessment (where their score would sit next to the month's name)
    shared = {r.entry.employee_id for r in monthly} & others
    assert shared
    titles = {r.cohort.title for r in monthly}
    for path in sorted(demo_site.site.rglob("*.html")):
        text = page_text(path)  # the article: the navigation names every page
        for emp in (e for e in shared if e in text):
            assert not [t for t in titles if t in text], f"{emp} beside a monthly title in {path}"


def test_cycles_page_shows_team_aggregates(demo_site: BuiltSite) -> None:
    """Quarter and year tables with counts, means, bands; sparklines as accessible SVG."""
    page = demo_site.site / "cycles" / "after-sales-monthly" / "index.html"
    parsed = parse(page)
    heads = [t[0] for t in parsed.tables]
    quarter = parsed.tables[heads.index(["季度", "有成绩人数", "已出结果", "未完成", "平均分",
                                         "优秀", "良好", "合格", "待改进"])]  # fmt: skip
    rows = {r[0]: r[1:] for r in quarter[1:]}
    assert rows["2026-Q3"] == ["7", "7", "0", "82.2", "2", "3", "1", "1"]
    # October (with its 互评) and November (assessed 2026-11-20) count; S046 is on leave both months
    assert rows["2026-Q4"] == ["7", "6", "1", "87.0", "2", "3", "1", "0"]
    assert parsed.svg_roles.count("img") >= 3
    index = parse(demo_site.site / "cycles" / "index.html")
    assert any("售后客服月度考核" in cell for t in index.tables for r in t for cell in r)


def test_monthly_cohort_page_lists_nobody(demo_site: BuiltSite) -> None:
    """A monthly roster's page shows statistics but no ranking or per-person table."""
    page = demo_site.site / "cohorts" / "2026-09-after-sales-monthly" / "index.html"
    parsed = parse(page)
    assert all("姓名" not in row for t in parsed.tables for row in t)
    assert "个人成绩" in page.read_text(encoding="utf-8")


def test_no_feedback_comment_or_survey_answer_under_site(demo_site: BuiltSite) -> None:
    """Are feedback comments and single survey answers kept off the site?"""
    outcome = run(demo_site.root, demo_site.as_of, write=False)
    evaluation = outcome.project.evaluation
    comments = {r.comment for f in evaluation.feedback for r in f.responses if r.comment}
    assert comments
    texts = site_texts(demo_site.site)
    for path, text in texts:
        for comment in comments:
            assert comment not in text, f"a feedback comment appears in {path}"
    # a session with fewer than 5 answers shows its count, not its means
    page = demo_site.site / "training-evaluation" / "feedback" / "index.html"
    small = [f for f in evaluation.feedback if len(f.responses) < 5]
    assert small
    rows = [r for t in parse(page).tables for r in t]
    for f in small:
        row = next(r for r in rows if f.title in r[0])
        assert row[2:] == ["—", "—", "—"]


def test_evaluation_pages_name_nobody(demo_site: BuiltSite) -> None:
    """Do the evaluation and cycles pages mention no employee id (metrics are per agent)?"""
    outcome = run(demo_site.root, demo_site.as_of, write=False)
    agents = {r.employee_id for r in outcome.project.evaluation.metrics}
    assert len(agents) >= 20
    pages = [
        *(demo_site.site / "training-evaluation").rglob("*.html"),
        *(demo_site.site / "cycles").rglob("*.html"),
    ]
    assert len(pages) >= 4
    for path in pages:
        text = page_text(path)
        assert not [a for a in agents if a in text], path
