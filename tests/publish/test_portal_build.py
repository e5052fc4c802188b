"""The certificates inside a whole `academy build`: pages present, search index untouched."""

from __future__ import annotations

import base64
import datetime as dt
from pathlib import Path

import pytest

from tests.conftest import AS_OF
from tests.support.certs import ledger_rows

pytestmark = pytest.mark.slow


def test_every_ledger_certificate_is_on_the_built_site(portal_site: Path) -> None:
    """After `academy build`, has each ledger row issued by the build day its page,
    credential and registry entry?"""
    ids = list(ledger_rows(portal_site.parent))
    assert 30 < len(ids) < len(ledger_rows(portal_site.parent, dt.date.max))
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


def test_a_signed_build_publishes_every_file_a_verifier_resolves(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Does a signed `academy build` put the DID document, each key's JWK (the kid URLs), the
    signed status list and the verification kit on the site, where the credentials point?"""
    import json

    from academy.core.credentials.keys import KEY_VARIABLE, new_pair
    from academy.publish.build import build_site
    from tests.conftest import demo_copy

    root = demo_copy(tmp_path / "repo")
    monkeypatch.setenv(KEY_VARIABLE, new_pair())
    assert build_site(root, AS_OF) == 0
    site = root / "site"
    did = json.loads((site / ".well-known/did.json").read_text("utf-8"))
    assert did["id"] == "did:web:127.0.0.1%3A8000"
    doc = json.loads((site / "certificates/CS2026001/credential.json").read_text("utf-8"))
    assert doc["proof"][0]["verificationMethod"] in did["assertionMethod"]
    head = (site / "certificates/CS2026001/credential.jwt").read_text("ascii").split(".")[0]
    kid = json.loads(base64.urlsafe_b64decode(head + "=" * (-len(head) % 4)))["kid"]
    assert (site / kid.removeprefix("http://127.0.0.1:8000/")).is_file()
    for rel in ("certificates/status/revocation.jwt", "keys/verification-kit.json"):
        assert (site / rel).is_file(), rel
