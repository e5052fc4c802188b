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

from pathlib import Path

from .markdown import slug

SUFFIX = ".results.html"
_SLOT = '<div class="academy-results-slot" data-academy-results="{}"></div>'


def slot(page_id: str) -> str:
    """The placeholder a page's Markdown carries where its fragment goes."""
    return _SLOT.format(slug(page_id))


def fragment_path(folder: str, page_id: str) -> str:
    """Where the fragment of ``folder/<page_id>.md`` travels (relative to docs/ and site/)."""
    return f"{folder}/{slug(page_id)}{SUFFIX}"


def splice(site_dir: Path, folder: str) -> int:
    """Put each fragment of ``folder`` (copied to site/ as a static file) into its page.

    Run after MkDocs has written the pages; the static copies are removed. A page
    without its slot is left alone (and the fragment stays, for a test to notice).
    """
    done = 0
    for fragment in sorted((site_dir / folder).glob(f"*{SUFFIX}")):
        page_id = fragment.name.removesuffix(SUFFIX)
        target = site_dir / folder / page_id / "index.html"
        if not target.is_file():
            continue
        html = target.read_text(encoding="utf-8")
        place = slot(page_id)
        if place not in html:
            continue
        target.write_text(
            html.replace(place, fragment.read_text(encoding="utf-8"), 1), encoding="utf-8"
        )
        fragment.unlink()
        done += 1
    return done
