"""Putting data into generated Markdown safely.

HTML escaping alone is not enough inside Markdown: a name such as ``张*`` next to
``李*`` turns into emphasis, ``[x](javascript:…)`` into a link and ``{: onclick=…}``
into an attribute. ``md`` therefore writes every ASCII punctuation character of a
value as a numeric character reference, which Markdown leaves alone and the browser
shows as the character itself. Letters, digits, spaces and Chinese text are kept as
they are, so the search index and the page source stay readable.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from jinja2 import Environment
from markupsafe import Markup, escape

from ..core.vocabulary import SLUG
from .common import template_env

_ACTIVE = re.compile(r"[!-/:-@\[-`{-~]")  # every ASCII punctuation character
# Kept as they are between two letters or digits (2026-11-23, 84.0, 09:00), where
# Markdown gives them no meaning; anywhere else they are escaped too.
_INNER = re.compile(r"(?<=[^\W_])[-.:/,%](?=[^\W_])")
_SPACES = re.compile(r"\s+")


def md(value: object) -> Markup:
    """Plain text → inert Markdown: one line, no markup, no HTML."""
    text = _SPACES.sub(" ", str(value)).strip()
    keep = {m.start() for m in _INNER.finditer(text)}
    out = [
        f"&#{ord(ch)};" if i not in keep and _ACTIVE.match(ch) else ch for i, ch in enumerate(text)
    ]
    return Markup("".join(out))


def slug(value: str) -> str:
    """An id that is about to become part of a file name or URL; refuse anything else."""
    if not SLUG.fullmatch(value):
        raise ValueError(f"unsafe id for a file name or URL: {value!r}")
    return value


def front_matter(meta: Mapping[str, Any]) -> str:
    """A YAML front matter block; values are written as JSON, which YAML reads back as-is."""
    lines = ["---"]
    for key, value in meta.items():
        if isinstance(value, list):
            lines.append(f"{key}:")
            lines.extend(f"  - {json.dumps(item, ensure_ascii=False)}" for item in value)
        else:
            lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    lines.append("---")
    return "\n".join(lines) + "\n\n"


# The theme prints these front-matter values (and each tag) into HTML without escaping.
_PRINTED_RAW = ("title", "description")


def page(meta: Mapping[str, Any], body: str) -> str:
    """A generated page: front matter (macros never render it) and its body."""
    safe = {k: str(escape(v)) if k in _PRINTED_RAW else v for k, v in meta.items()}
    if "tags" in safe:
        safe["tags"] = [str(escape(tag)) for tag in safe["tags"]]
    return front_matter({**safe, "render_macros": False}) + body.strip("\n") + "\n"


def join(items: Iterable[str], sep: str = "、") -> Markup:
    """Join already-safe Markdown pieces."""
    return Markup(sep).join(Markup(i) for i in items)


def number(value: object) -> str:
    """Decimals without a useless fraction: 6 → "6", 1.50 → "1.5"."""
    text = str(value)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


# A line break of a folded YAML text becomes a space between Chinese sentences
# ("…每年两期； 售后客服…"): drop it, and only there.
_FOLDED_SPACE = re.compile(
    r"(?<=[\u3000-\u303f\uff01-\uff1f\u4e00-\u9fff”）])\s+(?=[\u4e00-\u9fff“（])"
)


def tidy(text: str) -> str:
    """Chinese text without the spaces a folded YAML line leaves between sentences."""
    return _FOLDED_SPACE.sub("", text.strip())


def site_env() -> Environment:
    """The academy template environment plus the Markdown filters of this module."""
    env = template_env()
    env.filters["md"] = md
    env.filters["tidy"] = tidy
    env.filters["number"] = number
    env.filters["slug"] = slug
    return env
