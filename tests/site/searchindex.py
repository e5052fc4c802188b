"""Query a built ``search_index.json`` the way the theme's browser search does.

A small port of mkdocs-material's search worker, enough to answer "which pages does
this Chinese query find?": the index text was segmented by jieba at build time
(words separated by zero-width spaces); the browser splits it with the configured
separator, then segments a Chinese query greedily against the indexed terms
(``query/segment/index.ts``) and looks each segment up as a prefix (``term*``).
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

K1 = 1.2  # lunr's term-frequency saturation
_TAGS = re.compile(r"<[^>]+>")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


@dataclass
class SearchIndex:
    separator: re.Pattern[str]
    terms: dict[str, set[str]]  # term → sections (locations) containing it
    titles: dict[str, str]  # section location → title
    counts: dict[str, dict[str, Counter[str]]]  # section → field → term counts
    boosts: dict[str, float]  # field → boost
    page_boost: dict[str, float]  # section → its page's boost
    plain: dict[str, str]  # section → its title and text without markup or spaces

    @classmethod
    def load(cls, site: Path) -> SearchIndex:
        data = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
        separator = re.compile(data["config"]["separator"])
        boosts = {k: v.get("boost", 1) for k, v in data["config"]["fields"].items()}
        terms: dict[str, set[str]] = defaultdict(set)
        titles: dict[str, str] = {}
        counts: dict[str, dict[str, Counter[str]]] = {}
        page_boost: dict[str, float] = {}
        plain: dict[str, str] = {}
        for doc in data["docs"]:
            location = doc["location"]
            titles[location] = doc["title"].replace("\u200b", "")
            fields = {
                "title": [doc["title"]],
                "text": [_TAGS.sub(" ", doc["text"])],
                "tags": doc.get("tags", []),
            }
            page_boost[location] = doc.get("boost", 1)
            counts[location] = {name: Counter() for name in fields}
            for name, values in fields.items():
                for value in values:
                    for token in separator.split(value):
                        if token:
                            terms[token.lower()].add(location)
                            counts[location][name][token.lower()] += 1
            plain[location] = re.sub(r"[\s\u200b]", "", titles[location] + fields["text"][0])
        return cls(separator, dict(terms), titles, counts, boosts, page_boost, plain)

    def segment(self, query: str) -> list[str]:
        """Greedy segmentation of a Chinese run against the indexed terms (as the theme)."""
        n = len(query)
        cuts = [0] * n
        for i in range(n):
            for j in range(i + 1, n):
                if query[i:j] in self.terms:
                    cuts[i] = j - i
        segments: list[str] = []
        stack = [0]
        while stack:
            p = stack.pop()
            for q in range(1, cuts[p]):
                if cuts[p + q] > cuts[p] - q:
                    segments.append(query[p : p + q])
                    stack.append(p + q)
            q = p + cuts[p]
            if q < n and cuts[q] and q < n - 1:
                stack.append(q)
            segments.append(query[p:q])
        if "" in segments:
            return [query]
        return list(dict.fromkeys(segments))

    def query_terms(self, query: str) -> list[str]:
        words: list[str] = []
        for part in query.split():
            han = _HAN.fullmatch(part)
            words.extend(self.segment(part) if han else [part.lower()])
        return words

    def sections_with(self, term: str) -> set[str]:
        """Sections having a term that starts with ``term`` (the query adds a ``*``)."""
        found: set[str] = set()
        for indexed, locations in self.terms.items():
            if indexed.startswith(term):
                found |= locations
        return found

    def ranked(self, query: str) -> list[str]:
        """Pages (URLs without anchors), best first: any term may match, as in lunr.

        As lunr (with ``b(0)``, as the theme sets it): for each query term and field, the
        term's rarity times a saturating function of how often the section has words
        starting with it, times the field's boost (titles 1000) and the page's boost;
        a page scores its best section. An approximation, good enough to tell the page
        about a topic from pages that merely mention it.
        """
        total = len(self.plain)
        best: dict[str, float] = {}
        for term in self.query_terms(query):
            matching = [t for t in self.terms if t.startswith(term)]
            sections = set().union(*(self.terms[t] for t in matching)) if matching else set()
            if not sections:
                continue
            rarity = math.log(1 + total / len(sections))
            for section in sections:
                score = 0.0
                for field, counts in self.counts[section].items():
                    tf = sum(counts[t] for t in matching)
                    score += self.boosts.get(field, 1) * tf * (K1 + 1) / (tf + K1)
                score *= rarity * self.page_boost[section]
                best[section] = best.get(section, 0.0) + score
        pages: dict[str, float] = {}
        for section, score in best.items():
            page = section.split("#", 1)[0]
            pages[page] = max(pages.get(page, 0.0), score)
        return sorted(pages, key=lambda p: (-pages[p], p))

    def mentions(self, page: str, text: str) -> bool:
        """Whether a section of ``page`` holds ``text`` exactly (spaces ignored)."""
        return any(
            text in plain for loc, plain in self.plain.items() if loc.split("#", 1)[0] == page
        )
