"""Half-width ``,:;()`` touching Chinese in the built site's text, outside code.

A mark is wrong when a Han character stands right before or right after it,
looking past the ``*`` of a masked name and quotes (one side is enough: ``12:00:投诉``
and ``张*;”`` fail, ``09:30`` and ``E303 (unknown)`` do not); of a pair of parentheses,
both go when one does. Code, kbd, samp, scripts
and URLs are left out.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
MARKS = ",:;()"
CODE_TAGS = {"code", "pre", "kbd", "samp", "script", "style", "textarea"}
URL = re.compile(r"[a-z][a-z0-9+.-]*://\S+", re.I)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.chunks: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in CODE_TAGS:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in CODE_TAGS and self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if not self.depth:
            self.chunks.append(data)


# Looked past when finding a mark's neighbour: the * of a masked name (张*;) and quotes.
SEE_THROUGH = "*“”‘’"


def _neighbour(text: str, i: int, step: int) -> str:
    j = i + step
    while 0 <= j < len(text) and text[j] in SEE_THROUGH:
        j += step
    return text[j] if 0 <= j < len(text) else ""


def flagged(text: str) -> list[int]:
    """Positions of half-width marks with a Han character right next to them."""
    text = URL.sub(lambda m: " " * len(m.group()), text)
    found = {
        i
        for i, ch in enumerate(text)
        if ch in MARKS and (HAN.match(_neighbour(text, i, -1)) or HAN.match(_neighbour(text, i, 1)))
    }
    open_at: list[int] = []  # a pair of parentheses goes together: 王*(主管) → both
    for i, ch in enumerate(text):
        if ch == "(":
            open_at.append(i)
        elif ch == ")" and open_at:
            j = open_at.pop()
            if i in found or j in found:
                found |= {i, j}
    return sorted(found)


def findings(text: str) -> list[str]:
    return [text[max(0, i - 12) : i + 12].replace("\n", " ") for i in flagged(text)]


def page_findings(path: Path) -> list[str]:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return [f for chunk in parser.chunks for f in findings(chunk)]
