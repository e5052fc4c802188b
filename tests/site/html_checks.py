"""What a reader of the built site would notice, found with a real HTML5 parser (selectolax).

Each function returns a list of human-readable defects (empty = fine), so that a test
prints all of them at once and the same checks can be run against a deliberately
broken copy to show that they fail.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode as Node

SKIP_TEXT = {"code", "pre", "script", "style", "kbd", "samp", "textarea"}
PIPE_ROW = re.compile(r"(?:^|\n)\s*\|[^\n]*\|\s*(?:\n|$)")
PIPE_RULE = re.compile(r"\|\s*:?-{3,}:?\s*\|")
URL_ATTRS = (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("image", "href"))


def parse(path: Path) -> HTMLParser:
    return HTMLParser(path.read_text(encoding="utf-8"))


def _width(row: Node) -> int:
    total = 0
    for cell in row.css("th, td"):
        span = cell.attributes.get("colspan") or "1"
        total += int(span) if span.isdigit() else 1
    return total


def table_defects(rel: str, tree: HTMLParser) -> list[str]:
    """Tables whose rows do not all have as many cells as the header, or that are empty."""
    found = []
    for n, table in enumerate(tree.css("table"), 1):
        rows = [r for r in table.css("tr") if r.css_first("th, td") is not None]
        if not rows:
            found.append(f"{rel}: table {n} has no cells")
            continue
        widths = [_width(r) for r in rows]
        if len(set(widths)) != 1:
            found.append(f"{rel}: table {n} rows have {widths} cells")
        body = table.css("tbody tr")
        if table.css_first("thead") is not None and not body:
            found.append(f"{rel}: table {n} has a header but no rows")
    return found


def _visible_text(node: Node) -> str:
    parts = []
    for child in node.iter(include_text=True):
        if child.tag == "-text":
            parts.append(child.text(deep=False))
        elif child.tag not in SKIP_TEXT:
            parts.append(_visible_text(child))
            if child.tag in ("p", "li", "div", "br", "tr", "td", "th", "h1", "h2", "h3"):
                parts.append("\n")
    return "".join(parts)


def pipe_defects(rel: str, tree: HTMLParser) -> list[str]:
    """Markdown table syntax (``| a | b |`` rows, ``| --- |`` rules) left in visible text."""
    body = tree.body
    if body is None:
        return []
    text = _visible_text(body)
    found = []
    for match in (*PIPE_ROW.finditer(text), *PIPE_RULE.finditer(text)):
        found.append(f"{rel}: stray table syntax {match.group(0).strip()[:60]!r}")
    return found


def link_defects(site: Path, page: Path, tree: HTMLParser, base: str) -> list[str]:
    """Internal links and assets (``href``/``src``) of ``page`` that lead to no file."""
    rel = page.relative_to(site).as_posix()
    page_dir = page.parent
    found = []
    for tag, attr in URL_ATTRS:
        for node in tree.css(f"{tag}[{attr}]"):
            url = (node.attributes.get(attr) or "").strip()
            if url.startswith(base):
                url = "/" + url[len(base) :]
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or not parts.path:
                continue  # external (checked elsewhere: the site makes no outside request)
            path = unquote(parts.path)
            target = site / path.lstrip("/") if path.startswith("/") else page_dir / path
            if path.endswith("/") or target.is_dir():
                target = target / "index.html"
            try:
                target.resolve().relative_to(site.resolve())
            except ValueError:
                found.append(f"{rel}: {tag} {attr}={url!r} leads outside the site")
                continue
            if not target.is_file():
                found.append(f"{rel}: {tag} {attr}={url!r} → {target.relative_to(site)} missing")
    return found
