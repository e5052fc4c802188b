"""In a real browser: answer a self-check wrong then right, reload, and see 学习进度."""

from __future__ import annotations

import pytest

from tests.support.browser import Tabs, require_chromium

pytestmark = [pytest.mark.slow, pytest.mark.browser]
MODULE = "complaint-handling"
QUESTION = "complaint-handling-007"  # single: 五步法第一步, key C


def test_wrong_then_right_then_reload_keeps_progress(browser: Tabs, served: str) -> None:
    """Is a wrong answer marked wrong with its explanation, a right one right, both kept?"""
    require_chromium()
    from playwright.sync_api import expect

    outside: list[str] = []
    page = browser.new_page()
    page.on("request", lambda r: None if r.url.startswith(served) else outside.append(r.url))
    page.goto(f"{served}modules/{MODULE}/")
    form = page.locator(f"form[data-qid='{QUESTION}']")
    score = page.locator(".academy-quiz__score")
    expect(score).to_contain_text("得分：0 / ")

    # wrong, by keyboard only: focus the option, select it, tab to 提交, press Enter
    form.locator("input[value='A']").focus()
    page.keyboard.press("Space")
    form.locator("button[type=submit]").focus()
    page.keyboard.press("Enter")
    expect(form.locator("[data-verdict]")).to_have_text("回答错误，请看解析后再试一次。")
    expect(form.locator(".academy-quiz__explanation")).to_contain_text("正确答案：C")
    expect(form.locator(".academy-quiz__explanation")).to_contain_text("解析：")
    expect(score).to_contain_text("得分：0 / ")
    expect(score).to_contain_text("已答 1 题")

    form.locator("input[value='C']").check()
    form.locator("button[type=submit]").click()
    expect(form.locator("[data-verdict]")).to_have_text("回答正确。")
    expect(score).to_contain_text("得分：1 / ")

    page.reload()
    form = page.locator(f"form[data-qid='{QUESTION}']")
    expect(form.locator("[data-verdict]")).to_have_text("上次：回答正确。")
    expect(form.locator("input[value='C']")).to_be_checked()
    expect(page.locator(".academy-quiz__score")).to_contain_text("得分：1 / ")

    page.goto(f"{served}modules/progress/")
    row = page.locator(f"tr[data-module='{MODULE}']")
    expect(row.locator("[data-read]")).to_have_text("已学习")
    expect(row.locator("[data-checked]")).to_contain_text("自测中（已答 1 / ")
    expect(row.locator("[data-checked]")).to_contain_text("答对 1")
    other = page.locator("tr[data-module='consumer-law']")
    expect(other.locator("[data-read]")).to_have_text("未学习")
    expect(page.locator("[data-summary]")).to_have_text("已学习 1 个模块，已自测 0 个模块。")

    # the trainee's position: consumer-law is not on 客服专员's path
    page.locator("[data-path-select]").select_option("客服专员")
    expect(other).to_be_hidden()
    expect(row).to_be_visible()
    page.reload()
    expect(page.locator("[data-path-select]")).to_have_value("客服专员")
    expect(page.locator("tr[data-module='consumer-law']")).to_be_hidden()
    assert outside == []


def test_fill_and_multiple_are_checked_like_the_scoring_rules(browser: Tabs, served: str) -> None:
    """Does a fill-in answer with surrounding full-width spaces count, and a partial choice not?"""
    require_chromium()
    from playwright.sync_api import expect

    page = browser.new_page()
    page.goto(f"{served}modules/{MODULE}/")
    fill = page.locator("form[data-type='fill']").first
    fill.locator("input[type=text]").fill("\u3000感谢反馈 ")
    fill.locator("button[type=submit]").click()
    expect(fill.locator("[data-verdict]")).to_have_text("回答正确。")
    multiple = page.locator("form[data-type='multiple']").first
    multiple.locator("input").first.check()
    multiple.locator("button[type=submit]").click()
    expect(multiple.locator("[data-verdict]")).to_have_text("回答错误，请看解析后再试一次。")


def test_short_answer_reveal_and_self_assessment_in_dark_mode(browser: Tabs, served: str) -> None:
    """Can a trainee reveal a reference answer, mark it right, and read it all in dark mode?"""
    require_chromium()
    from playwright.sync_api import expect

    page = browser.new_page(color_scheme="dark")
    page.goto(f"{served}modules/{MODULE}/")
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
    short = page.locator("form[data-type='short']").first
    short.locator("textarea").fill("接纳情绪、表示理解、澄清问题、提出方案、感谢反馈")
    short.locator("[data-action=reveal]").press("Enter")  # keyboard, not the mouse
    expect(short.locator(".academy-quiz__explanation")).to_contain_text("参考答案：")
    short.locator("[data-action=self-right]").click()
    expect(short.locator("[data-verdict]")).to_have_text("已记为答对。")
    expect(page.locator(".academy-quiz__score")).to_contain_text("得分：1 / ")
    # light text on a dark page: the question is readable in the slate scheme
    color = short.locator("legend").evaluate("e => getComputedStyle(e).color")
    channels = [int(c) for c in color[color.index("(") + 1 : color.index(")")].split(",")[:3]]
    assert sum(channels) / 3 > 150, color


def test_empty_submit_says_so_and_clearing_everything_asks_first(
    browser: Tabs, served: str
) -> None:
    """提交 with nothing chosen shows a message; 清除全部学习记录 asks before it wipes, and
    a position's path lists its own modules numbered 1, 2, 3 … in its order."""
    require_chromium()
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{served}modules/{MODULE}/")
    kinds = page.eval_on_selector_all(
        ".academy-quiz form[data-type]", "fs => fs.map(f => f.dataset.type)"
    )
    assert kinds == sorted(kinds, key=lambda k: k == "short"), kinds  # checked first
    form = page.locator(f"form[data-qid='{QUESTION}']")
    form.locator("button[type=submit]").click()
    expect(form.locator(".academy-quiz__empty")).to_be_visible()
    fill = page.locator("form[data-type='fill'] .academy-quiz__hint")
    if fill.count():
        expect(fill.first).to_contain_text("完整")
    form.locator("input[value='C']").check()
    form.locator("button[type=submit]").click()
    expect(form.locator(".academy-quiz__empty")).to_be_hidden()

    page.goto(f"{served}modules/progress/")
    page.select_option("#academy-path", "售后客服")
    shown = page.eval_on_selector_all(
        "tr[data-module]:not([hidden])",
        "rs => rs.map(r => [r.cells[0].textContent, r.dataset.module])",
    )
    wanted = page.get_attribute("#academy-path option[value='售后客服']", "data-modules")
    assert [m for _, m in shown] == (wanted or "").split()
    assert [n for n, _ in shown] == [str(i) for i in range(1, len(shown) + 1)]
    done = page.locator("tr[data-module='complaint-handling'] [data-checked]")
    before = done.text_content()
    page.once("dialog", lambda d: d.dismiss())  # 取消: nothing is wiped
    page.locator("[data-action=reset-all]").click()
    assert done.text_content() == before and "自测中" in (before or "")
    page.once("dialog", lambda d: d.accept())
    page.locator("[data-action=reset-all]").click()
    expect(done).to_contain_text("未自测")
