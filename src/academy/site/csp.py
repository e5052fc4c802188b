"""The Content-Security-Policy of every page: nothing runs or loads that the site did not ship.

The policy is a ``<meta http-equiv>`` first in ``<head>`` (overrides/main.html for
the MkDocs pages, certificates/base.html.j2 for the certificate pages), so it
covers every script after it. Scripts come only from the site itself; inline
scripts only when their SHA-256 is listed, and only mkdocs-material's own are:
``fill`` hashes the inline scripts of the page as built that match one of the
theme's script templates (``partials/javascripts/*.html``; the scope script holds
the page's depth, so hashes are per page). Any other inline script, one that
slipped into a module body say, gets no hash and does not run. Never ``'unsafe-inline'``
in ``script-src``, and
``script-src-attr 'none'``: an event handler that slipped past the E503 check
still does not run. Images, styles, fonts, fetches and workers only from the site
(``data:`` images for the theme's icons); no objects, frames, or foreign form
targets. ``'wasm-unsafe-eval'`` lets the search (Pagefind) run its WebAssembly.
Inline ``style`` attributes stay allowed (the theme and the charts set them);
they cannot load anything from outside, since ``img-src`` and ``font-src`` are
the site's own.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import re
from collections.abc import Iterable
from pathlib import Path

import material

PLACEHOLDER = "__ACADEMY_CSP__"  # overrides/main.html writes it; ``fill`` replaces it
THEME_SCRIPTS = Path(material.__file__).parent / "templates" / "partials" / "javascripts"
_JINJA_COMMENT = re.compile(r"\{#.*?#\}", re.DOTALL)
_JINJA_VALUE = re.compile(r"\{\{.*?\}\}", re.DOTALL)
META = '<meta http-equiv="Content-Security-Policy" content="{policy}">'
_INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.DOTALL)
_SRC = re.compile(r"\ssrc\s*=", re.IGNORECASE)
_DATA_BLOCK = re.compile(r"""\stype\s*=\s*["']?application/(?:ld\+)?json""", re.IGNORECASE)


def script_hash(body: str) -> str:
    """The CSP source expression of an inline script with this exact text."""
    digest = hashlib.sha256(body.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def policy(inline_scripts: Iterable[str] = ()) -> str:
    """The policy, allowing exactly the inline scripts given (their text)."""
    hashes = sorted({script_hash(body) for body in inline_scripts})
    return "; ".join(
        (
            "default-src 'self'",
            " ".join(("script-src 'self' 'wasm-unsafe-eval'", *hashes)),
            "script-src-attr 'none'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "worker-src 'self'",
            "media-src 'self'",
            "object-src 'none'",
            "frame-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        )
    )


def inline_scripts(html: str) -> list[str]:
    """The text of every inline script the page runs (JSON data blocks do not run)."""
    return [
        m.group("body")
        for m in _INLINE_SCRIPT.finditer(html)
        if not _SRC.search(m.group("attrs")) and not _DATA_BLOCK.search(m.group("attrs"))
    ]


@functools.cache
def theme_scripts() -> tuple[re.Pattern[str], ...]:
    """Patterns of the theme's inline scripts; a ``{{ value }}`` may be any quoted text."""
    patterns = []
    for template in sorted(THEME_SCRIPTS.glob("*.html")):
        text = _JINJA_COMMENT.sub("", template.read_text(encoding="utf-8"))
        for body in inline_scripts(text):
            parts = _JINJA_VALUE.split(body)
            patterns.append(re.compile('[^"<>]*'.join(map(re.escape, parts))))
    return tuple(patterns)


def fill(html: str) -> str:
    """The built page with its policy in place of the placeholder: the hashes of those of
    its inline scripts that are the theme's own."""
    known = [
        body for body in inline_scripts(html) if any(p.fullmatch(body) for p in theme_scripts())
    ]
    return html.replace(PLACEHOLDER, policy(known), 1)
