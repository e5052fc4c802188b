"""Half-width ``,:;()`` in Chinese text of the built site, outside code.

A mark is Chinese context when, looking past Latin letters, digits, spaces and the
marks themselves (as in ``14:00–17:00:2026年``), a CJK character or full-width mark
is found on both sides within the same text node.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
MARKS = ",:;()"
SKIP = re.compile(r"[0-9A-Za-z\s.%\-–—~/+#&*'\"" + re.escape(MARKS) + r"]")
CODE_TAGS = {"code", "pre", "kbd", "samp", "script", "style", "textarea"}


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


def _side(text: str, i: int, step: int) -> str:
    j = i + step
    while 0 <= j < len(text) and SKIP.match(text[j]):
        j += step
    return text[j] if 0 <= j < len(text) else ""


TIME = re.compile(r"(?<![0-9])[0-9]{1,2}:[0-9]{2}(?![0-9])")  # 14:00 is a time, not a colon


def flagged(text: str) -> list[int]:
    """Positions of half-width marks in Chinese context (times like 09:30 excepted)."""
    times = {m.start() + m.group().index(":") for m in TIME.finditer(text)}
    found = {
        i
        for i, ch in enumerate(text)
        if ch in MARKS
        and i not in times
        and CJK.match(_side(text, i, -1))
        and CJK.match(_side(text, i, 1))
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
    out = []
    for i in flagged(text):
        if True:
            out.append(text[max(0, i - 12) : i + 12].replace("\n", " "))
    return out


def page_findings(path: Path) -> list[str]:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return [f for chunk in parser.chunks for f in findings(chunk)]
