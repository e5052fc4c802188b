"""What a module body may not carry: active HTML and anything loaded from outside the site.

The trainer guide (docs/guide/modules.md) forbids raw HTML that runs or embeds
content, and external images: the portal loads nothing from outside itself.
``md_in_html`` stays enabled for the markup the guide allows; this check runs at
validation, so a forbidden tag is an error with its position, never published.
Code blocks and inline code are skipped: there the text is shown, not rendered.
"""

from __future__ import annotations

import re

from academy.core.errors import Problem

FORBIDDEN_TAGS = (
    "script",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "style",
    "link",
    "meta",
    "base",
    "form",
    "input",
    "button",
    "textarea",
    "svg",
    "math",
    "audio",
    "video",
    "source",
)
_TAG = re.compile(r"<\s*(" + "|".join(FORBIDDEN_TAGS) + r")(?=[\s/>]|$)", re.IGNORECASE)
_EVENT = re.compile(r"<[a-zA-Z][^>]*?[\s/\"'](on[a-zA-Z]+)\s*=", re.DOTALL)
_SCHEME = r"(?:javascript|vbscript|data)\s*:"
_SCRIPT_URL = re.compile(
    r"(?:\]\(\s*<?\s*|(?:href|src|action|formaction)\s*=\s*[\"']?\s*)" + _SCHEME, re.IGNORECASE
)
_EXTERNAL = r"(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//|\\\\)"
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?\s*" + _EXTERNAL)
_HTML_IMAGE = re.compile(
    r"<\s*img\b[^>]*?\s(?:src|srcset)\s*=\s*[\"']?\s*" + _EXTERNAL, re.IGNORECASE | re.DOTALL
)
_REF_IMAGE = re.compile(r"!\[([^\]]*)\]\[([^\]]*)\]")
_REF_DEF = re.compile(r"^ {0,3}\[([^\]]+)\]:\s*<?\s*" + _EXTERNAL, re.MULTILINE)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1", re.DOTALL)


def _masked(body: str) -> str:
    """``body`` with fenced code and inline code blanked out, line and column kept."""
    out: list[str] = []
    fence: str | None = None
    for line in body.split("\n"):
        match = _FENCE.match(line)
        if fence is None and match:
            fence = match.group(1)[0] * 3
            out.append(" " * len(line))
        elif fence is not None:
            if line.strip().startswith(fence):
                fence = None
            out.append(" " * len(line))
        else:
            out.append(line)
    text = "\n".join(out)
    return _CODE_SPAN.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def check_body(body: str, path: str, first_line: int) -> list[Problem]:
    """Problems in a module body whose first line is line ``first_line`` of ``path``."""
    text = _masked(body)
    problems: list[Problem] = []

    def report(offset: int, message: str) -> None:
        line = text.count("\n", 0, offset)
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        problems.append(Problem(path, first_line + line, column, "E503", message))

    for m in _TAG.finditer(text):
        report(m.start(), f"正文不能使用 <{m.group(1).lower()}> 标签")
    for m in _EVENT.finditer(text):
        report(m.start(), f"正文不能使用事件属性 {m.group(1)}=（会执行脚本）")
    for m in _SCRIPT_URL.finditer(text):
        report(m.start(), "正文不能使用 javascript:、vbscript: 或 data: 链接")
    for m in _MD_IMAGE.finditer(text):
        report(m.start(), "正文不能引用站外图片；请把图片放进仓库并用相对路径引用")
    for m in _HTML_IMAGE.finditer(text):
        report(m.start(), "正文不能引用站外图片；请把图片放进仓库并用相对路径引用")
    external_refs = {m.group(1).strip().lower() for m in _REF_DEF.finditer(text)}
    for m in _REF_IMAGE.finditer(text):
        ref = (m.group(2) or m.group(1)).strip().lower()
        if ref in external_refs:
            report(m.start(), "正文不能引用站外图片；请把图片放进仓库并用相对路径引用")
    return problems
