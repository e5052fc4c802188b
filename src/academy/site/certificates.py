"""Certificates on the portal: what the site build calls (the work is in ``certs/``).

* ``pages(outcome, ctx)``: the four small MkDocs pages (registry landing, lookup,
  renewal due, expired), as ``{path under docs/: Markdown}``;
* ``write_static(outcome, ctx, site_dir)``: after MkDocs has built the site, one
  verification page with a printable certificate and an Open Badges 3.0 credential
  per certificate, the registry views, the lookup shards, the issuer profile, the
  public key and the revocation list; returns the number of files written.
"""

from __future__ import annotations

from .certs.pages import pages
from .certs.static import write_static

__all__ = ["pages", "write_static"]
