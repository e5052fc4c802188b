"""The sections of a module body: what questions, ``teaches`` claims and change logs point at.

A section is an ATX heading (``## 分级与升级链 { #escalation }``) outside code; it is
named by its text as written, without the optional ``{ #anchor }``. A question's
``section``, a change log's ``reread`` and a ``teaches`` claim's section must name one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from academy.core.errors import Problem
from academy.core.model import Module
from academy.core.validate.module_body import masked
from academy.core.yamlsrc import Document

_HEADING = re.compile(r"^(#{2,6})[ \t]+(.+?)[ \t]*#*[ \t]*$", re.MULTILINE)
_ATTR = re.compile(r"\s*\{\s*#([A-Za-z][\w-]*)[^}]*\}\s*$")


@dataclass(frozen=True)
class Section:
    level: int
    title: str
    anchor: str | None  # the explicit ``{ #anchor }``, if any
    line: int  # 0-based line in the body


def sections(body: str) -> list[Section]:
    """Every heading of level 2 and below, in order."""
    text = masked(body)
    out = []
    for m in _HEADING.finditer(text):
        title = m.group(2)
        attr = _ATTR.search(title)
        anchor = attr.group(1) if attr else None
        if attr:
            title = title[: attr.start()].rstrip()
        out.append(Section(len(m.group(1)), title, anchor, text.count("\n", 0, m.start())))
    return out


def titles(body: str) -> frozenset[str]:
    return frozenset(s.title for s in sections(body))


def section_text(body: str, title: str) -> str:
    """The text under the heading ``title`` up to the next heading of its level or higher."""
    found = sections(body)
    lines = body.split("\n")
    for i, s in enumerate(found):
        if s.title == title:
            end = next((t.line for t in found[i + 1 :] if t.level <= s.level), len(lines))
            return "\n".join(lines[s.line : end])
    return ""


def missing(title: str, known: frozenset[str]) -> str:
    hint = "、".join(sorted(known)) if len(known) <= 40 else "（见模块正文的标题）"
    return f"模块中没有标题为“{title}”的小节；可用：{hint}"


def check_sections(doc: Document, body: str) -> list[Problem]:
    """E514 for every ``reread`` of the change log and every ``teaches`` claim that names
    no section of the module."""
    known = titles(body)
    out = []
    for i, ref in enumerate(doc.data.get("teaches", ())):
        title = ref.partition("#")[2]
        if title not in known:
            out.append(doc.problem(("teaches", i), "E514", missing(title, known)))
    for i, entry in enumerate(doc.data["changelog"]):
        for j, title in enumerate(entry.get("reread", ())):
            if title not in known:
                where = ("changelog", i, "reread", j)
                out.append(doc.problem(where, "E514", missing(title, known)))
    return out


def check_question_sections(
    docs: Iterable[Document], modules: Mapping[str, Module]
) -> list[Problem]:
    """E514 for every question whose ``section`` is not a section of its module."""
    out: list[Problem] = []
    for doc in docs:
        data = doc.data  # as written: the schema's own errors are reported beside these
        if not isinstance(data, dict):
            continue
        module, questions = data.get("module"), data.get("questions")
        if not isinstance(module, str) or module not in modules or not isinstance(questions, list):
            continue
        known = titles(modules[module].body)
        for i, raw in enumerate(questions):
            section = raw.get("section") if isinstance(raw, dict) else None
            if isinstance(section, str) and section not in known:
                where = ("questions", i, "section")
                out.append(doc.problem(where, "E514", missing(section, known)))
    return out
