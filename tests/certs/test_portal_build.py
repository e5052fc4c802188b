"""The certificates inside a whole `academy build`: pages present, search index untouched."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def test_every_ledger_certificate_is_on_the_built_site(portal_site: Path) -> None:
    """After `academy build`, has each ledger row its page, credential and registry entry?"""
    ledger = portal_site.parent / "rosters/ledger.csv"
    with ledger.open(encoding="utf-8", newline="") as fh:
        ids = [row["certificate"] for row in csv.DictReader(fh)]
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
    index = json.loads((portal_site / "search/search_index.json").read_text("utf-8"))
    locations = [doc["location"] for doc in index["docs"]]
    assert not [loc for loc in locations if loc.startswith(("certificates/CS", "certificates/r"))]
    assert not [loc for loc in locations if "renewal-due" in loc or "expired" in loc]
    ours = [doc for doc in index["docs"] if doc["location"].startswith("certificates/")]
    assert ours  # the landing and lookup pages are searchable ...
    assert not [doc for doc in ours if "CS2025007" in doc["text"]]  # ... but list no one
