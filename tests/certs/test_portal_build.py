"""The certificates inside a whole `academy build`: pages present, search index untouched."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from tests.conftest import AS_OF

pytestmark = pytest.mark.slow


def test_every_ledger_certificate_is_on_the_built_site(portal_site: Path) -> None:
    """After `academy build`, has each ledger row issued by the build day its page,
    credential and registry entry?"""
    ledger = portal_site.parent / "rosters/ledger.csv"
    with ledger.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    ids = [r["certificate"] for r in rows if dt.date.fromisoformat(r["issued_on"]) <= AS_OF]
    assert 30 < len(ids) < len(rows)
    registry = (portal_site / "certificates/registry/all/all/all/index.html").read_text("utf-8")
    for cert_id in ids:
        assert (portal_site / f"certificates/{cert_id}/index.html").is_file()
        assert (portal_site / f"certificates/{cert_id}/credential.json").is_file()
        assert f">{cert_id}</a>" in registry
    for page in ("certificates/", "certificates/lookup/", "certificates/renewal-due/"):
        assert (portal_site / page / "index.html").is_file()
    assert (portal_site / "assets/stylesheets/certificates.css").is_file()
    assert (portal_site / "assets/javascripts/lookup.js").is_file()


def test_certificates_stay_out_of_the_search_index(portal_site: Path) -> None:
    """Is no certificate page, name list or certificate number in the course search index?"""
    for page in (portal_site / "certificates").rglob("*.html"):
        assert "data-pagefind-body" not in page.read_text("utf-8"), page
    words = (portal_site / "pagefind" / "academy-words.json").read_text("utf-8")
    assert "CS2025007" not in words
    assert (portal_site / "pagefind" / "pagefind.js").is_file()
