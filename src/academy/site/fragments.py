"""HTML fragments spliced into built pages, so Markdown never parses them.

A generated page that carries a large table (a cohort's ranking, a report's advice
list) leaves a *slot* in its Markdown and has the table rendered to HTML by an
autoescaping Jinja2 template. The fragment travels through MkDocs as a static file
beside the page (``<folder>/<page-id>.results.html``) and ``splice`` puts it into the
built page afterwards. Inside the Markdown page, Python-Markdown (``md_in_html``,
raw HTML blocks, table cells' inline patterns) would re-parse every cell: at 20,000
trainees that was the largest single cost of a build.

Slots and fragment names are made here only, from ids that ``slug`` has accepted.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from .markdown import slug

SUFFIX = ".results.html"
_SLOT = '<div class="academy-results-slot" data-academy-results="{}"></div>'


def _name(page_id: str, part: str) -> str:
    """``<page-id>`` or ``<page-id>.<part>`` (ids never contain a dot)."""
    return f"{slug(page_id)}.{slug(part)}" if part else slug(page_id)


def slot(page_id: str, part: str = "") -> str:
    """The placeholder a page's Markdown carries where its fragment (or its ``part``) goes."""
    return _SLOT.format(_name(page_id, part))


def fragment_path(folder: str, page_id: str, part: str = "") -> str:
    """Where a fragment of ``folder/<page_id>.md`` travels (relative to docs/ and site/)."""
    return f"{folder}/{_name(page_id, part)}{SUFFIX}"


def fill(text: str, page_id: str, parts: Mapping[str, str]) -> str:
    """``text`` (a built page, or its Markdown in tests) with each part in its slot."""
    for part, html in parts.items():
        text = text.replace(slot(page_id, part), html, 1)
    return text


def fragments_of(files: Mapping[str, str], folder: str, page_id: str) -> dict[str, str]:
    """The fragments of ``folder/<page_id>.md`` among generated ``files``, by part."""
    prefix = f"{folder}/{slug(page_id)}"
    found = {}
    for rel, html in files.items():
        if rel.startswith(prefix) and rel.endswith(SUFFIX):
            name = rel[len(prefix) : -len(SUFFIX)]
            if name == "" or name.startswith("."):
                found[name.removeprefix(".")] = html
    return found


def splice(site_dir: Path, folder: str) -> int:
    """Put each fragment of ``folder`` (copied to site/ as a static file) into its page.

    Run after MkDocs has written the pages; the static copies are removed. A page
    without its slot is left alone (and the fragment stays, for a test to notice).
    """
    done = 0
    by_page: dict[str, list[tuple[str, Path]]] = {}
    for fragment in sorted((site_dir / folder).glob(f"*{SUFFIX}")):
        page_id, _, part = fragment.name.removesuffix(SUFFIX).partition(".")
        by_page.setdefault(page_id, []).append((part, fragment))
    for page_id, parts in by_page.items():
        target = site_dir / folder / page_id / "index.html"
        if not target.is_file():
            continue
        html = target.read_text(encoding="utf-8")
        placed = [(part, f) for part, f in parts if slot(page_id, part) in html]
        if not placed:
            continue
        html = fill(html, page_id, {part: f.read_text(encoding="utf-8") for part, f in placed})
        target.write_text(html, encoding="utf-8")
        for _, fragment in placed:
            fragment.unlink()
        done += len(placed)
    return done
