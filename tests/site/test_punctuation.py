"""No half-width ,:;() touching a Han character in the built site's text (outside code)."""

from __future__ import annotations

import pytest

from tests.site.punctuation import findings, page_findings
from tests.support.site import BuiltSite

pytestmark = pytest.mark.slow


def test_the_finder_flags_chinese_context_and_spares_times_and_code_words() -> None:
    assert findings("培训(第二期)") == ["培训(第二期)", "培训(第二期)"]
    assert findings("≥ 80 分;中级") and findings("答案:对") and findings("甲,乙")
    assert findings("09:00–12:00:投诉处理专项培训")  # the colon after a time range
    assert findings("（如“张*;”）")  # one side is enough
    assert findings("投诉处理 (emotion)") == []  # a space between: not touching
    assert findings("接纳情绪(emotion)")
    assert findings("今天 15:00 前确认") == []  # a time
    assert findings("E303 (unknown) error") == []  # no Chinese around
    assert findings("见 https://例子.cn/a,b 页") == []  # a URL
    assert findings("王*（主管）") == []


def test_built_pages_use_full_width_punctuation_in_chinese(demo_site: BuiltSite) -> None:
    found = {
        str(path.relative_to(demo_site.site)): hits
        for path in sorted(demo_site.site.rglob("*.html"))
        if (hits := page_findings(path))
    }
    assert found == {}


def test_no_stray_space_between_chinese_sentences(demo_site: BuiltSite) -> None:
    """A folded YAML line leaves "…反馈。 前两步…": no ASCII space after a full stop
    and before Chinese, in the text of any page."""
    import re

    from tests.site.punctuation import _Text

    stray = re.compile(r"[。！？；](?: |\u00a0)+[\u4e00-\u9fff]")
    found = {}
    for path in sorted(demo_site.site.rglob("*.html")):
        parser = _Text()
        parser.feed(path.read_text(encoding="utf-8"))
        hits = [m.group() for chunk in parser.chunks for m in stray.finditer(chunk)]
        if hits:
            found[str(path.relative_to(demo_site.site))] = hits[:3]
    assert found == {}
