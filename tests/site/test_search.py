"""Is every topic of the curriculum found by the site's Chinese search?"""

from __future__ import annotations

import re

import pytest

from academy.core.load import load_sources

from .conftest import BuiltSite
from .searchindex import SearchIndex

pytestmark = pytest.mark.slow

TOPICS = [
    ("投诉处理", "modules/complaint-handling/"),
    ("情绪疏导", "modules/complaint-handling/"),
    ("退换货", "modules/after-sales-policy/"),
    ("消费者权益保护法", "modules/consumer-law/"),
    ("复评", "modules/certification-process/"),
    ("质检", "modules/quality-monitoring/"),
    ("首问负责制", "modules/service-mindset/"),
    ("工单", "modules/ticket-crm/"),
]
TOP = 5


@pytest.fixture(scope="module")
def index(demo_site: BuiltSite) -> SearchIndex:
    return SearchIndex.load(demo_site.site)


@pytest.mark.parametrize(("query", "page"), TOPICS)
def test_a_chinese_query_finds_the_module_that_teaches_it(
    index: SearchIndex, query: str, page: str
) -> None:
    """Does searching 投诉处理 (and the like) rank the module teaching it among the first hits?"""
    ranked = index.ranked(query)
    assert page in ranked[:TOP], f"{query}: {page} not in the first {TOP}: {ranked[:TOP]}"
    assert index.mentions(page, query)


def test_user_dictionary_keeps_customer_service_terms_whole(
    demo_site: BuiltSite, index: SearchIndex
) -> None:
    """Were the terms of the jieba user dictionary indexed as whole words, not split up?"""
    dictionary = demo_site.root / "docs" / "assets" / "search" / "jieba-user.txt"
    words = dictionary.read_text(encoding="utf-8").split()
    text = "".join(index.plain.values())
    used = [w for w in words if w in text]
    assert len(used) > 100
    split = [w for w in used if w not in index.terms and not any(w in t for t in index.terms)]
    assert split == []
    for term in ("投诉处理", "情绪疏导", "消费者权益保护法", "首问负责制", "退换货"):
        assert term in index.terms, term


def test_every_module_is_found_by_its_title(demo_site: BuiltSite, index: SearchIndex) -> None:
    """Can a trainee find every module by typing (the Chinese words of) its title?"""
    for source in load_sources(demo_site.root).modules:
        data = source.doc.data
        query = " ".join(re.findall(r"[\u4e00-\u9fff]+", data["title"]))
        page = f"modules/{data['id']}/"
        assert page in index.ranked(query)[:TOP], (data["title"], index.ranked(query)[:TOP])
