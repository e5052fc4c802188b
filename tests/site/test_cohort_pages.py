"""The cohort pages: golden files for the demo, escaping, name masking, Markdown rendering."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import markdown
import pytest

from academy.core import pipeline
from academy.core.privacy import is_monthly
from academy.site import cohorts, fragments
from academy.site.common import SiteContext
from tests.conftest import AS_OF
from tests.support.tiny import MAIN_ROSTER, write_tiny

GOLDEN_PAGES = (
    "2024-03-new-hires",  # certification: gates, absence, incomplete, certificates
    "2025-03-renewal",  # renewal: renewed certificates and their new expiry
    "2026-10-after-sales-monthly",  # rubric: categories, deductions, 优秀/合格, a tie
)


def with_tables(pages: dict[str, str]) -> dict[str, str]:
    """Each cohort page with its chart and results table in their slots, as the built
    page shows them (they are written beside the page and spliced in after the build)."""
    return {
        k: fragments.fill(v, page_id(k), fragments.fragments_of(pages, "cohorts", page_id(k)))
        for k, v in pages.items()
        if not k.endswith(fragments.SUFFIX)
    }


def page_id(rel: str) -> str:
    return rel.removesuffix(".md").rsplit("/", 1)[-1]


@pytest.fixture
def raw_pages(demo_root: Path) -> dict[str, str]:
    outcome = pipeline.run(demo_root, AS_OF, write=False)
    return cohorts.pages(outcome, SiteContext(root=demo_root, as_of=AS_OF))


@pytest.fixture
def demo_pages(raw_pages: dict[str, str]) -> dict[str, str]:
    return with_tables(raw_pages)


def front_matter(page: str) -> dict[str, str]:
    """The scalar lines of a page's front matter (values are JSON strings)."""
    head = page.split("---\n")[1]
    pairs = [line.partition(": ") for line in head.splitlines() if not line.startswith(" ")]
    return {key: json.loads(value) for key, _, value in pairs if value}


@pytest.mark.parametrize("cohort_id", GOLDEN_PAGES)
def test_demo_cohort_page_matches_golden(
    demo_pages: dict[str, str], golden: Callable[[str, str], None], cohort_id: str
) -> None:
    """Is the demo cohort page exactly as reviewed?"""
    golden(f"reports/cohort-{cohort_id}.md", demo_pages[f"cohorts/{cohort_id}.md"])


def test_demo_index_matches_golden(
    demo_pages: dict[str, str], golden: Callable[[str, str], None]
) -> None:
    """Is the cohorts index exactly as reviewed?"""
    golden("reports/cohorts-index.md", demo_pages["cohorts/index.md"])


def test_every_cohort_has_a_page_and_the_index_links_each(demo_root: Path) -> None:
    """Is there one page per roster, each linked from the index, newest first?"""
    outcome = pipeline.run(demo_root, AS_OF, write=False)
    pages = cohorts.pages(outcome, SiteContext(root=demo_root, as_of=AS_OF))
    ids = sorted(c.id for c in outcome.project.cohorts)
    monthly = {
        c.id for c in outcome.project.cohorts if is_monthly(outcome.project.programs[c.program])
    }
    # assessed after the as-of day (the December monthly roster): title, date, 待考核 only
    pending = {c.id for c in outcome.project.cohorts if not outcome.assessed(c)}
    assert pending == {"2026-12-after-sales-monthly"}
    chart, table = f".{cohorts.CHART}{fragments.SUFFIX}", fragments.SUFFIX
    each = [
        (f"cohorts/{i}.md",)
        if i in pending
        else (
            f"cohorts/{i}.md",
            f"cohorts/{i}{chart}",
            *(() if i in monthly else (f"cohorts/{i}{table}",)),
        )
        for i in ids
    ]  # monthly results are shown as aggregates only: no table
    assert list(pages) == ["cohorts/index.md", *(name for group in each for name in group)]
    index = pages["cohorts/index.md"]
    positions = [index.index(f"]({c.id}.md)") for c in outcome.project.cohorts]
    dates = [c.assessed_on for c in outcome.project.cohorts]
    assert [d for _, d in sorted(zip(positions, dates, strict=True))] == sorted(dates, reverse=True)


def test_pages_are_reproducible(demo_root: Path) -> None:
    """Do two runs over the same data give byte-identical pages?"""
    ctx = SiteContext(root=demo_root, as_of=AS_OF)
    first = cohorts.pages(pipeline.run(demo_root, AS_OF, write=False), ctx)
    second = cohorts.pages(pipeline.run(demo_root, AS_OF, write=False), ctx)
    assert first == second


def test_front_matter_names_the_roster_and_turns_off_macros(
    demo_pages: dict[str, str],
) -> None:
    """Does each cohort page say where its data lives, and keep macros from reading it?"""
    meta = front_matter(demo_pages["cohorts/2024-03-new-hires.md"])
    assert meta["edit_source"] == "rosters/2024/2024-03-new-hires.yaml"
    assert meta["title"] == "2024年3月新员工入职培训"
    assert meta["render_macros"] is False


def test_certificate_links_are_raw_html_relative_to_the_page_url(
    demo_pages: dict[str, str],
) -> None:
    """Do certificate ids link to ../../certificates/<ID>/ in HTML, not as Markdown links?"""
    page = demo_pages["cohorts/2024-03-new-hires.md"]
    assert '<a href="../../certificates/CS2024001/">CS2024001</a>' in page
    assert "](../../certificates" not in page
    assert cohorts.root_prefix("cohorts/x.md") == "../../"
    assert cohorts.root_prefix("cohorts/index.md") == "../"
    assert cohorts.certificate_href("../../etc", "cohorts/x.md") is None


def test_markdown_never_sees_the_chart_or_the_table(
    raw_pages: dict[str, str],
) -> None:
    """Does Python-Markdown get only slots for the SVG chart and the table, kept intact?"""
    body = raw_pages["cohorts/2024-03-new-hires.md"].split("---\n", 2)[2]
    html = markdown.markdown(body, extensions=["tables", "attr_list", "md_in_html"])
    assert "<svg" not in html
    chart = raw_pages[f"cohorts/2024-03-new-hires.{cohorts.CHART}{fragments.SUFFIX}"]
    assert '<svg role="img" aria-label="等级分布：高级客户服务专员 4 人' in chart
    assert "<title>2024年3月新员工入职培训 等级分布</title>" in chart
    assert (
        '<div class="academy-results-slot" data-academy-results="2024-03-new-hires.chart">' in html
    )
    assert '<div class="academy-results-slot" data-academy-results="2024-03-new-hires">' in html
    assert "<table>" not in body.split("## 成绩与排名")[1]  # md_in_html never re-parses it
    table = raw_pages["cohorts/2024-03-new-hires" + fragments.SUFFIX]
    assert '<a href="../../certificates/CS2024001/">CS2024001</a>' in table
    assert '<a href="../programs/cs-specialist.md">客户服务专员认证</a>' in html
    assert "讲师：王&#42;" in html  # the trainer's * is a character, not emphasis
    assert "<em>" not in html


def test_no_page_reaches_outside_the_site(demo_pages: dict[str, str]) -> None:
    """Does any generated page hold a script or an absolute URL?"""
    for page in demo_pages.values():
        assert "<script" not in page
        assert "http://" not in page and "https://" not in page


def test_names_are_masked_by_default_and_shown_when_configured(tmp_path: Path) -> None:
    """Is 张三 shown as 张* by default, and in full with mask_names=False?"""
    root = write_tiny(tmp_path / "repo")
    outcome = pipeline.run(root, AS_OF, write=False)
    masked = with_tables(cohorts.pages(outcome, SiteContext(root=root, as_of=AS_OF)))[
        "cohorts/t-main.md"
    ]
    full = with_tables(
        cohorts.pages(outcome, SiteContext(root=root, as_of=AS_OF, mask_names=False))
    )
    assert "<td>张*</td>" in masked and "张三" not in masked
    assert "<td>张三</td>" in full["cohorts/t-main.md"]


def test_hostile_values_come_out_escaped(tmp_path: Path) -> None:
    """Are a <script> name, &, Markdown and template syntax in the roster all made inert?"""
    roster = MAIN_ROSTER.replace("title: 主班次", 'title: "主班次 <b>*粗*</b> {{ 7*7 }}"')
    roster = roster.replace("name: 张三", 'name: "<script>alert(1)</script>&Co"')
    roster = roster.replace("department: 一部,", 'department: "[x](http://e.x) | {% x %}",', 1)
    root = write_tiny(tmp_path / "repo", main=roster)
    outcome = pipeline.run(root, AS_OF, write=False)
    ctx = SiteContext(root=root, as_of=AS_OF, mask_names=False)
    page = with_tables(cohorts.pages(outcome, ctx))["cohorts/t-main.md"]
    assert "<script>" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&amp;Co" in page
    body = page.split("---\n", 2)[2]
    assert "{{" not in body and "{%" not in body
    assert (
        "# 主班次 &#60;b&#62;&#42;粗&#42;&#60;&#47;b&#62; &#123;&#123; 7&#42;7 &#125;&#125;" in body
    )
    assert "<td>[x](http://e.x) | &#123;% x %&#125;</td>" in page  # inside the HTML table
    meta = front_matter(page)
    # the theme prints the title into HTML as it is: it must arrive escaped
    assert meta["title"] == "主班次 &lt;b&gt;*粗*&lt;/b&gt; {{ 7*7 }}"
    assert meta["render_macros"] is False  # so the braces are never a template
    masked = with_tables(cohorts.pages(outcome, SiteContext(root=root, as_of=AS_OF)))[
        "cohorts/t-main.md"
    ]
    assert "<td>&lt;" + "*" * 27 + "</td>" in masked  # only the first character is kept
    html = markdown.markdown(body, extensions=["tables", "md_in_html"])
    assert "<script" not in html and "<b>" not in html and "<em>" not in html


def test_unsafe_ids_never_become_paths() -> None:
    """Is an id with a path separator refused before it becomes a file name?"""
    with pytest.raises(ValueError):
        cohorts.page_path("../evil")
    assert cohorts.page_path("2024-03-new-hires") == "cohorts/2024-03-new-hires.md"


def test_incomplete_rows_name_the_missing_component(demo_pages: dict[str, str]) -> None:
    """Does an incomplete trainee's row say which score is missing, and a gate miss say so?"""
    page = demo_pages["cohorts/2024-03-new-hires.md"]
    assert "<td>缺成绩：日常表现</td>" in page
    assert "<td>理论考试缺考<br>理论考试未达合格线（60 分）<br>总分低于 60 分</td>" in page
    renewal = demo_pages["cohorts/2025-03-renewal.md"]
    assert "<td>2026-03-10</td>" in renewal  # CS2024001 renewed: 2025-03-10 → 2026-03-10
    assert "<td>未延长（仍至 2025-03-10）</td>" in renewal
