"""Is the search's user dictionary of customer-service terms well kept?"""

from __future__ import annotations

from pathlib import Path

from academy.site.pages import read_config

REPO = Path(__file__).resolve().parents[2]


def dictionary() -> Path:
    search = next(p for p in read_config(REPO)["plugins"] if isinstance(p, dict) and "search" in p)
    return REPO / search["search"]["jieba_dict_user"]


def test_dictionary_is_one_word_a_line_sorted_and_unique() -> None:
    """Can trainers add a term without breaking jieba (no comments, spaces or duplicates)?"""
    lines = dictionary().read_text(encoding="utf-8").split("\n")
    assert lines[-1] == "", "the file ends with a newline"
    words = lines[:-1]
    assert len(words) > 200
    assert all(w and w == w.strip() and " " not in w and not w.startswith("#") for w in words)
    assert words == sorted(set(words))


def test_dictionary_holds_the_topics_the_search_must_find() -> None:
    words = set(dictionary().read_text(encoding="utf-8").split())
    for term in ("投诉处理", "情绪疏导", "退换货", "消费者权益保护法", "复评", "质检"):
        assert term in words, term
