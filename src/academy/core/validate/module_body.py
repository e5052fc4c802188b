"""What a module body may carry: checked on the HTML it renders to, against an allow-list.

The trainer guide (docs/guide/modules.md) allows the Markdown of the portal and the
markup its extensions make (admonitions, tabs, task lists, footnotes, tables), and
nothing that runs or loads: no script, no event handler, no ``javascript:`` or
``data:`` address, no image, stylesheet or frame from outside the site. Looking for
forbidden text in the Markdown misses what the renderer makes of it (an attr_list
``{: onclick=… }``, a reference definition ``[r]: javascript:…``, ``jav&#x61;script:``,
an attribute value holding ``>``), so the body is rendered here with the build's own
Markdown extensions (``markdown_extensions`` of mkdocs.yml; the project's defaults
when it has none) and the HTML is read with a real HTML5 parser (lexbor, through
selectolax), which decodes entities as the browser does. Every element, attribute
and address is then held to the allow-list below. Rendering and parsing are linear;
a body longer than ``MAX_BODY`` characters is refused before either runs.

Each problem is E503 at the line of the source that makes it: found by the text
that made it (``<tag``, ``attr=``, the address), else by rendering ever longer
prefixes of the body (a binary search, for the first few only).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:  # imported where used: grading a roster needs neither (a tenth of its imports)
    import markdown
    from selectolax.lexbor import LexborNode

from academy.core.errors import Problem
from academy.core.load.portal import CONFIG_FILE
from academy.core.recent import Recent

MAX_BODY = 60_000  # characters; the longest demo module has about 7,000
# Python-Markdown (and so the build) takes quadratic time on many unterminated
# constructs ("<a " * 60000: over ten minutes); more than this many are refused first.
MAX_UNTERMINATED = 100
LOCATE_BY_RENDERING = 5  # problems placed by a binary search over prefixes, at most

# The project's markdown_extensions (mkdocs.yml) for a repository without one;
# tests hold the shipped mkdocs.yml to this list. MkDocs adds toc, tables and
# fenced_code itself.
DEFAULT_EXTENSIONS: tuple[str | dict[str, dict[str, Any]], ...] = (
    "abbr",
    "admonition",
    "attr_list",
    "def_list",
    "footnotes",
    "md_in_html",
    "tables",
    {"toc": {"permalink": True}},
    "pymdownx.details",
    "pymdownx.superfences",
    {"pymdownx.tabbed": {"alternate_style": True}},
    {"pymdownx.tasklist": {"custom_checkbox": True}},
)
MKDOCS_BUILTIN = ("toc", "tables", "fenced_code")

_PLAIN_TAGS = re.split(
    r"\s+",
    "p br hr h1 h2 h3 h4 h5 h6 em strong b i u s del ins mark sub sup small code pre"
    " kbd samp var blockquote ul dl dt dd table thead tbody tfoot tr caption colgroup"
    " div span details summary figure figcaption cite q ruby rt rp wbr section",
)
_GLOBAL = frozenset(("class", "id", "title", "lang", "dir"))
# element → the attributes it may carry besides the global ones
ALLOWED: dict[str, frozenset[str]] = {
    **{tag: frozenset() for tag in _PLAIN_TAGS},
    "a": frozenset(("href",)),
    "img": frozenset(("src", "alt", "width", "height", "loading")),
    "abbr": frozenset(),
    "ol": frozenset(("start", "type", "reversed")),
    "li": frozenset(("value",)),
    "th": frozenset(("colspan", "rowspan", "align", "style")),
    "td": frozenset(("colspan", "rowspan", "align", "style")),
    "col": frozenset(("span",)),
    "time": frozenset(("datetime",)),
    "details": frozenset(("open",)),
    # pymdownx.tasklist and pymdownx.tabbed: a disabled checkbox, a radio and its label
    "input": frozenset(("type", "checked", "disabled", "name")),
    "label": frozenset(("for",)),
}
_INPUT_TYPES = frozenset(("checkbox", "radio"))
_DATA_ATTRIBUTES = frozenset(("data-tabs",))  # pymdownx.tabbed
_STYLE = re.compile(r"\s*text-align\s*:\s*(?:left|right|center)\s*;?\s*", re.IGNORECASE)
_LINK_SCHEMES = frozenset(("http", "https", "mailto", "tel"))
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
_URL_NOISE = re.compile(r"[\t\n\r]")  # browsers drop these anywhere in an address

_OFF_SITE = "正文不能引用站外内容；请把图片放进仓库并用相对路径引用"


@dataclass(frozen=True)
class Finding:
    """One thing the allow-list refuses, with the source text that most likely made it."""

    message: str
    needles: tuple[str, ...]  # regexes to find the source of it, most specific first


class _Loader(yaml.SafeLoader):
    """Safe loading that reads any tag (``!!python/name:``, ``!ENV``) as an absent value."""


_Loader.add_multi_constructor("", lambda loader, suffix, node: None)


def build_extensions(root: Path) -> tuple[str | dict[str, dict[str, Any]], ...]:
    """The ``markdown_extensions`` of ``root/mkdocs.yml``, or the project's defaults."""
    try:
        config = yaml.load((root / CONFIG_FILE).read_text(encoding="utf-8"), Loader=_Loader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return DEFAULT_EXTENSIONS
    listed = config.get("markdown_extensions") if isinstance(config, dict) else None
    if not isinstance(listed, list):
        return DEFAULT_EXTENSIONS
    out: list[str | dict[str, dict[str, Any]]] = []
    for item in listed:
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, dict) and len(item) == 1:
            name, options = next(iter(item.items()))
            if isinstance(name, str):
                clean = {k: v for k, v in (options or {}).items() if v is not None}
                out.append({name: clean} if isinstance(options, dict | None) else name)
    return tuple(out)


def renderer(extensions: tuple[str | dict[str, dict[str, Any]], ...]) -> markdown.Markdown:
    """A Markdown converter with the build's extensions; one that fails to load is left out
    (the build itself would then stop with its own error)."""
    import markdown

    names: list[str] = []
    configs: dict[str, dict[str, Any]] = {}
    for item in (*MKDOCS_BUILTIN, *extensions):
        name, options = (item, {}) if isinstance(item, str) else next(iter(item.items()))
        if name not in names:
            names.append(name)
        configs[name] = {**configs.get(name, {}), **options}
    try:
        return markdown.Markdown(extensions=names, extension_configs=configs)
    except Exception:  # an unknown extension or a bad option: keep the others
        kept = []
        for name in names:
            try:
                markdown.Markdown(extensions=[name], extension_configs={name: configs[name]})
            except Exception:  # left out, as said above
                continue
            kept.append(name)
        return markdown.Markdown(extensions=kept, extension_configs={n: configs[n] for n in kept})


def render(body: str, converter: markdown.Markdown) -> str:
    converter.reset()
    html: str = converter.convert(body)
    return html


def _clean_url(value: str) -> str:
    return _URL_NOISE.sub("", value).strip(
        "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c"
        "\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18"
        "\x19\x1a\x1b\x1c\x1d\x1e\x1f "
    )


def url_problem(value: str, *, link: bool) -> str | None:
    """Why an address may not be used (``link``: an ``<a href>``, else a loaded resource)."""
    url = _clean_url(value)
    if "\\" in url:  # browsers read \ as / : "\/evil.example" is off the site
        return _OFF_SITE
    scheme = _SCHEME.match(url)
    if scheme is not None:
        name = scheme.group(1).lower()
        if name in ("javascript", "vbscript", "data", "file", "blob"):
            return "正文不能使用 javascript:、vbscript:、data: 等链接（会执行脚本或嵌入内容）"
        if not link or name not in _LINK_SCHEMES:
            return _OFF_SITE if not link else f"正文不能使用 {name}: 链接"
        return None
    if url.startswith("//") and not link:
        return _OFF_SITE
    return None


def _needle(text: str) -> str:
    return re.escape(text)


def findings(html: str) -> Iterator[Finding]:
    """Everything in ``html`` that the allow-list refuses, in document order."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(f"<!DOCTYPE html><html><head></head><body>{html}</body></html>")
    head = tree.head
    if head is not None:  # <meta>, <link>, <style>, <base>… are moved here by the parser
        for node in head.iter(include_text=False):
            yield _element(node)
    body = tree.body
    if body is None:
        return
    for node in body.traverse(include_text=False):
        tag = node.tag or ""
        if tag == "body":  # the parser moves a <body onload=…> of the source onto it
            yield from _attributes(node, tag)
            continue
        if tag.startswith("-"):  # a comment
            continue
        if tag not in ALLOWED:
            yield _element(node)
            continue
        yield from _attributes(node, tag)


def _element(node: LexborNode) -> Finding:
    tag = node.tag or "?"
    return Finding(f"正文不能使用 <{tag}> 标签", (rf"<\s*{_needle(tag)}(?![\w-])",))


def _attributes(node: LexborNode, tag: str) -> Iterator[Finding]:
    allowed = ALLOWED.get(tag, frozenset())
    for name, raw in node.attributes.items():
        value = raw or ""
        lower = name.lower()
        at = (rf"(?<![\w-]){_needle(name)}\s*=", rf"(?<![\w-]){_needle(name)}(?![\w-])")
        if lower.startswith("on"):
            yield Finding(f"正文不能使用事件属性 {lower}=（会执行脚本）", at)
        elif lower == "style":
            if lower not in allowed or not _STYLE.fullmatch(value):
                yield Finding(
                    "正文不能使用 style 属性（可从站外加载内容）；请使用格式允许的写法", at
                )
        elif lower in ("href", "src"):
            if lower not in allowed:
                yield Finding(f"<{tag}> 不能有 {lower}= 属性", at)
                continue
            why = url_problem(value, link=lower == "href")
            if why is not None:
                yield Finding(why, (_needle(value.strip()), *at) if value.strip() else at)
        elif lower in _GLOBAL or lower in allowed or lower in _DATA_ATTRIBUTES:
            if tag == "input" and lower == "type" and value.lower() not in _INPUT_TYPES:
                yield Finding(f"正文不能使用 <input type={value}>", ("<input",))
        else:
            yield Finding(f"正文中的 <{tag}> 不能有 {lower}= 属性", at)


_TAG_START = re.compile(r"<[A-Za-z/!?]")
_LINK_START = re.compile(r"\]\(")


def _unterminated(body: str) -> tuple[str, int] | None:
    """(what, offset of the first) when the body has too many unterminated tags or links."""
    tags: list[int] = []
    for match in _TAG_START.finditer(body):
        start = match.start()
        end = body.find(">", start)
        after = body.find("<", start + 1)
        if end < 0 or (0 <= after < end):
            tags.append(start)
    links: list[int] = []
    for match in _LINK_START.finditer(body):
        start = match.start()
        line_end = body.find("\n", start)
        close = body.find(")", start, line_end if line_end >= 0 else len(body))
        if close < 0:
            links.append(start)
    if len(tags) > MAX_UNTERMINATED:
        return "没有写完的 HTML 标签（“<”后缺少“>”）", tags[0]
    if len(links) > MAX_UNTERMINATED:
        return "没有写完的链接（“](”后缺少“)”）", links[0]
    return None


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset)
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def check_body(
    body: str,
    path: str,
    first_line: int,
    converter: markdown.Markdown | None = None,
) -> list[Problem]:
    """Problems in a module body whose first line is line ``first_line`` of ``path``."""
    if len(body) > MAX_BODY:
        return [
            Problem(
                path,
                first_line,
                1,
                "E503",
                f"模块正文有 {len(body)} 个字符，超过上限 {MAX_BODY}；请拆分成几个模块",
            )
        ]
    tangled = _unterminated(body)
    if tangled is not None:
        what, start = tangled
        line, column = _position(body, start)
        return [
            Problem(
                path,
                first_line + line,
                column,
                "E503",
                f"模块正文中有超过 {MAX_UNTERMINATED} 处{what}，无法排版；请检查尖括号和方括号",
            )
        ]
    converter = converter or renderer(DEFAULT_EXTENSIONS)
    found = list(findings(render(body, converter)))
    problems: list[Problem] = []
    used: dict[str, int] = {}  # needle → where the next search starts
    rendered = 0
    for finding in found:
        offset: int | None = None
        for needle in finding.needles:
            match = re.compile(needle, re.IGNORECASE).search(body, used.get(needle, 0))
            if match is None:
                match = re.compile(needle, re.IGNORECASE).search(body)
            if match is not None:
                used[needle] = match.end()
                offset = match.start()
                break
        if offset is not None:
            line, column = _position(body, offset)
        elif rendered < LOCATE_BY_RENDERING:
            rendered += 1
            line, column = _first_line_making(body, finding, converter), 1
        else:
            line, column = 0, 1
        problems.append(Problem(path, first_line + line, column, "E503", finding.message))
    return sorted(set(problems))


# Problems of the module bodies checked last, by (extensions, path, first line, body):
# check_body is a function of those alone, so a run that meets an unchanged body (the
# preview after a roster save, a second run in one process) takes its result instead of
# rendering it again. The demo's 19 bodies: 0.29 s the first time in a process (the
# converter and 19 renders), under a millisecond remembered.
_checked: Recent[tuple[str, str, int, str], tuple[Problem, ...]] = Recent(512)


class BodyChecker:
    """``check_body`` with the build's Markdown extensions, for the bodies of one run; the
    converter is made on the first body not checked before."""

    def __init__(self, extensions: tuple[str | dict[str, dict[str, Any]], ...]) -> None:
        self._extensions = extensions
        self._key = repr(extensions)
        self._converter: markdown.Markdown | None = None

    def __call__(self, body: str, path: str, first_line: int) -> list[Problem]:
        key = (self._key, path, first_line, body)
        known = _checked.get(key)
        if known is not None:
            return list(known)
        if self._converter is None:
            self._converter = renderer(self._extensions)
        found = check_body(body, path, first_line, self._converter)
        _checked.put(key, tuple(found))
        return found


def _first_line_making(body: str, finding: Finding, converter: markdown.Markdown) -> int:
    """The 0-based line whose addition to the body first makes ``finding`` appear."""
    lines = body.split("\n")
    low, high = 1, len(lines)  # the prefix of ``high`` lines makes it
    while low < high:
        middle = (low + high) // 2
        prefix = "\n".join(lines[:middle])
        if any(f.message == finding.message for f in findings(render(prefix, converter))):
            high = middle
        else:
            low = middle + 1
    return high - 1


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1", re.DOTALL)


def masked(body: str) -> str:
    """``body`` with fenced code and inline code blanked out, line and column kept: the
    text the content checks (sections, macros, escalation names) read."""
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
