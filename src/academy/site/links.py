"""Links in the modules' teaching text, checked before anything is built or written.

A module's body becomes ``docs/modules/<id>.md``, so its relative links are read
from ``modules/``. MkDocs would also find a broken one, but only halfway through a
build, in English, naming the generated page. Here each is reported where the
trainer wrote it: ``curriculum/modules/<id>.md:line:column: E510 …``.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator, Set
from pathlib import Path
from urllib.parse import unquote

from ..core.errors import Problem
from ..core.pipeline import Outcome

PAGE_DIR = "modules"
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+).*?\1")
_INLINE = re.compile(r"!?\[[^\]\n]*\]\(\s*<?([^)\s>]*)>?(?:\s+[\"'(][^)\n]*)?\)")
_REFERENCE = re.compile(r"^ {0,3}\[[^\]\n]+\]:\s*<?(\S+?)>?(?:\s|$)")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def check_module_links(outcome: Outcome, root: Path, known: Set[str]) -> list[Problem]:
    """Every relative link of every module that leads to no page or file of the site."""
    problems: list[Problem] = []
    for module in sorted(outcome.project.modules.values(), key=lambda m: m.path):
        try:
            text = (root / module.path).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue  # reported by the loader
        for line, column, target in _links(text):
            message = _broken(target, known)
            if message:
                problems.append(Problem(module.path, line, column, "E510", message))
    return problems


def _body_lines(text: str) -> Iterator[tuple[int, str]]:
    """(line number, line) of the Markdown body: no front matter, no fenced code."""
    lines = text.split("\n")
    start = 0
    if lines and lines[0].rstrip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].rstrip() == "---"), len(lines))
        start = end + 1
    fence = ""
    for index in range(start, len(lines)):
        line = lines[index]
        opened = _FENCE.match(line)
        if fence:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = ""
            continue
        if opened:
            fence = opened.group(1)
            continue
        yield index + 1, line


def _links(text: str) -> Iterator[tuple[int, int, str]]:
    for number, line in _body_lines(text):
        plain = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)
        for pattern in (_INLINE, _REFERENCE):
            for match in pattern.finditer(plain):
                yield number, match.start(1) + 1, match.group(1)


def _broken(target: str, known: Set[str]) -> str | None:
    """Why ``target`` (as written in a module) leads nowhere, or None if it is fine."""
    if not target or target.startswith("#") or _SCHEME.match(target) or target.startswith("//"):
        return None  # same page, or another site (the validator rules on those)
    if target.startswith("/"):
        return f"链接“{target}”以 / 开头：请写相对链接，如 ../guide/index.md 或 other-module.md"
    path = unquote(target.split("#", 1)[0].split("?", 1)[0])
    resolved = posixpath.normpath(posixpath.join(PAGE_DIR, path))
    if resolved.startswith("../") or resolved == "..":
        return f"链接“{target}”指向网站之外"
    if resolved not in known:
        return f"链接“{target}”指向的页面或文件不存在（按网站上的位置 {resolved} 查找）"
    return None
