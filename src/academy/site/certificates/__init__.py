"""Certificates on the portal: what the site build calls (the work is in this package's modules).

* ``pages(outcome, ctx)``: the four small MkDocs pages (registry landing, lookup,
  renewal due, expired), as ``{path under docs/: Markdown}``;
* ``start_static(outcome, ctx, site_dir)`` while MkDocs renders, ``finish()`` after
  it (or ``write_static`` in one go): one
  verification page with a printable certificate and an Open Badges 3.0 credential
  per certificate, the registry views, the lookup shards, the issuer profile, the
  public key and the revocation list; returns the number of files written.

A bad signing key or a missing ``site_url`` stops the build with a ``PluginError``
(one Chinese line, never the key itself), which ``academy build`` reports.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from mkdocs.exceptions import PluginError

from academy.core.credentials.keys import KeyProblem
from ...core.pipeline import Outcome
from ..common import SiteContext
from . import pages as _pages
from . import static as _static
from .view import SettingProblem

__all__ = ["Started", "nav", "pages", "start_static", "write_static"]


@contextmanager
def _reported() -> Iterator[None]:
    try:
        yield
    except (KeyProblem, SettingProblem) as err:
        raise PluginError(f"证书：{err}") from None


def pages(outcome: Outcome, ctx: SiteContext) -> dict[str, str]:
    """``certificates/{index,lookup,renewal-due,expired}.md`` → Markdown."""
    with _reported():
        return _pages.pages(outcome, ctx)


def write_static(outcome: Outcome, ctx: SiteContext, site_dir: Path) -> int:
    """Every certificate file, written into ``site_dir``; returns the number of files."""
    with _reported():
        return _static.write_static(outcome, ctx, site_dir)


class Started:
    """Certificate files being written (``start_static``); ``finish()`` or ``cancel()``."""

    def __init__(self, started: _static.Started) -> None:
        self._started = started

    def finish(self) -> int:
        """The site-wide files, then wait for the certificates' own; the number of files."""
        with _reported():
            return self._started.finish()

    def cancel(self) -> None:
        self._started.cancel()


def start_static(outcome: Outcome, ctx: SiteContext, site_dir: Path) -> Started:
    """Start writing each certificate's own files into ``site_dir`` now (in worker
    processes when it pays), so that it overlaps MkDocs rendering the pages."""
    with _reported():
        return Started(_static.start_static(outcome, ctx, site_dir))


def nav() -> list[str]:
    """The pages to list under ``certificates/index.md`` in the navigation, in order."""
    return [f"certificates/{name}.md" for name in ("lookup", "renewal-due", "expired")]
