"""Are the generated course pages right, safe and stable? (golden files for program pages)"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from academy.core.pipeline import Outcome, run
from academy.site import ics, modules, programs, schedule
from academy.site.markdown import md, page
from academy.site.pages import site_context
from academy.site.plugin import complete_nav
from tests.conftest import AS_OF


@pytest.fixture(scope="module")
def outcome(tmp_path_factory: pytest.TempPathFactory) -> Outcome:
    from tests.conftest import copy_demo

    root = copy_demo(tmp_path_factory.mktemp("pages") / "repo")
    return run(root, AS_OF, write=False)


def program_pages(outcome: Outcome) -> dict[str, str]:
    project = outcome.project
    known = {f"cohorts/{c.id}.md" for c in project.cohorts}
    plans = project.plans
    return programs.pages(project.programs, project.modules, plans, project.cohorts, known)


@pytest.mark.parametrize("program", ["cs-specialist", "after-sales-monthly"])
def test_program_page_matches_its_golden_file(
    outcome: Outcome, golden: Callable[[str, str], None], program: str
) -> None:
    """Does each program page (modules, scoring, levels, validity) read exactly as reviewed?"""
    golden(f"site/programs/{program}.md", program_pages(outcome)[f"programs/{program}.md"])


def test_program_page_renders_the_rules_from_the_program_file(outcome: Outcome) -> None:
    """Are weights, gates, levels, deductions and validity taken from the program files?"""
    pages = program_pages(outcome)
    weighted = pages["programs/cs-specialist.md"]
    assert "| 理论考试 | 40% | 60 分（低于此分不通过） |" in weighted
    assert "| 高级客户服务专员 | 80 分及以上 |" in weighted
    assert "| 中级客户服务专员 | 70 至 80 分（不含） |" in weighted
    assert "有效期为 12 个月" in weighted and "到期前 1 个月" in weighted
    assert 'edit_source: "curriculum/programs/cs-specialist.yaml"' in weighted
    rubric = pages["programs/after-sales-monthly.md"]
    assert "| 语言表达 | 10 | 1–2 分 |" in rubric
    assert "## 有效期与复评" not in rubric  # issues no certificate


def test_module_page_has_its_card_changelog_and_edit_source(outcome: Outcome) -> None:
    """Does a module page show version, hours, objectives, prerequisite links and changelog?"""
    project = outcome.project
    ctx = site_context(Path(project.root), AS_OF, {})
    paths = project.paths
    pages = modules.pages(
        project.modules,
        project.programs,
        project.plans,
        ctx,
        paths=paths,
        escalation=project.escalation,
    )
    text = pages["modules/complaint-handling.md"]
    assert 'edit_source: "curriculum/modules/complaint-handling.md"' in text
    facts = re.sub(r"<[^>]+>", "", re.search(r'<p class="academy-facts">.*?</p>', text).group())
    assert facts == (
        "版本 1.5.1 学时 6 小时 课程类别 核心课程 难度 进阶 最近修改 2026-12-07（1.5.1）"
    )
    assert "**岗位学习路径：**[客服专员](index.md#path-1)、[售后客服](index.md#path-2)" in text
    assert "[沟通技巧:倾听、提问、表达与共情](communication.md)" in text.replace("：", ":")
    assert "## 修订记录 { #changelog }" in text
    assert text.count("| 1.") >= 3  # three changelog rows
    # the compensation grades are not called by the escalation tiers' names
    assert "| 甲档 |" in text and "| 一级 |" not in text
    assert "[二级](emergency-response.md#escalation)（负责：值班主管；时限：15 分钟内上报）" in text
    order = [m.id for m in modules.study_order(project.modules, paths)]
    for module in project.modules.values():  # every module after its prerequisites
        assert all(order.index(p) < order.index(module.id) for p in module.prerequisites)


def test_calendar_files_are_stable_and_well_formed(outcome: Outcome) -> None:
    """Are the .ics files deterministic, one event per session, with stable UIDs?"""
    project = outcome.project
    ctx = site_context(Path(project.root), AS_OF, {"site_url": "http://127.0.0.1:8000/"})
    plans = project.plans
    first = ics.files(plans, project.modules, ctx)
    assert first == ics.files(plans, project.modules, ctx)
    assert set(first) == {"plans/2026-annual.ics", "plans/2027-q1.ics", "plans/calendar.ics"}
    everything = first["plans/calendar.ics"]
    sessions = [s for p in plans for s in p.sessions]
    assert everything.count("BEGIN:VEVENT") == len(sessions)
    assert "UID:2026-q4-renewal@cs-academy" in everything
    assert "DTSTART:20261203T060000Z" in everything  # 14:00 Beijing time
    assert "RRULE:FREQ=DAILY;COUNT=4" in everything  # the four-day onboarding
    assert "DTSTAMP:20251220T000000Z" in everything  # the plan's published_on


def test_plan_pages_link_sessions_cohorts_and_calendars(outcome: Outcome) -> None:
    project = outcome.project
    ctx = site_context(Path(project.root), AS_OF, {})
    known = {"cohorts/2026-06-new-hires.md"}
    pages = schedule.pages(project.plans, project.modules, project.programs, known, ctx)
    annual = pages["plans/2026-annual.md"]
    assert "### 2026年6月新员工入职培训 { #2026-06-onboarding }" in annual
    assert "[2026-06-new-hires](../cohorts/2026-06-new-hires.md)" in annual
    assert "[2026-annual.ics](2026-annual.ics)" in annual
    assert "即将开始" in annual and "已结束" in annual
    index = pages["plans/index.md"]
    assert "(2026-annual.md#2026-q4-renewal)" in index  # the next session, linked


def test_md_makes_data_inert_in_markdown() -> None:
    """Can a value never become markup: HTML, emphasis, links, attributes or lists?"""
    assert md("<script>alert(1)</script>") == (
        "&#60;script&#62;alert&#40;1&#41;&#60;&#47;script&#62;"
    )
    assert md("张*、李*") == "张&#42;、李&#42;"
    assert "[" not in md("[点我](javascript:alert(1))")
    assert "{" not in md("张三 {: onclick=alert(1) }")
    assert md("- 1. # x").startswith("&#45;")
    assert md("2026-11-23 84.0 09:00") == "2026-11-23 84.0 09:00"  # kept where inert
    assert md("一行\n两行") == "一行 两行"


def test_page_front_matter_is_escaped_and_never_rendered_by_macros() -> None:
    text = page({"title": '<b>"x"</b>', "tags": ["核心课程"]}, "# x")
    assert 'title: "&lt;b&gt;&#34;x&#34;&lt;/b&gt;"' in text
    assert "render_macros: false" in text


def test_nav_lists_generated_pages_after_their_section_index() -> None:
    nav = [{"首页": "index.md"}, {"课程": ["modules/index.md"]}, {"标签": "tags.md"}]
    done = complete_nav(nav, {"modules/index.md": ["modules/a.md", "modules/b.md"]})
    assert done[1] == {"课程": ["modules/index.md", "modules/a.md", "modules/b.md"]}
    assert done[0] == nav[0] and done[2] == nav[2]
