"""Everything write_static puts into the site: complete, linked, reproducible, self-contained."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from academy.core.credentials import badges
from academy.site.certificates import registry
from tests.conftest import AS_OF
from tests.support.certs import Built, build, ledger_rows, private_pem


def ledger_ids(root: Path, as_of: dt.date = AS_OF) -> list[str]:
    """The ledger's certificates issued by ``as_of`` (a later one is not published yet)."""
    return list(ledger_rows(root, as_of))


def test_every_certificate_in_the_ledger_has_a_page_and_a_credential(unsigned: Built) -> None:
    """Does each ledger row issued by the build day get its page and credential.json, and
    does a row issued after it get none yet (rule 4.11)?"""
    ids = ledger_ids(unsigned.root)
    assert len(ids) == len(unsigned.outcome.certificates) == 40
    later = set(ledger_ids(unsigned.root, dt.date.max)) - set(ids)
    assert len(later) == 7
    for cert_id in later:
        assert not (unsigned.site / "certificates" / cert_id).exists(), cert_id
    for cert_id in ids:
        folder = unsigned.site / "certificates" / cert_id
        assert (folder / "index.html").is_file(), cert_id
        doc = json.loads((folder / "credential.json").read_text("utf-8"))
        assert doc["id"].endswith(f"/certificates/{cert_id}/credential.json")
        assert not (folder / "credential.jwt").exists()  # no key, no signature


def test_signed_build_adds_a_jwt_for_every_certificate(signed: Built) -> None:
    """With a key, does every certificate also get credential.jwt, and the site the key?"""
    for cert_id in ledger_ids(signed.root):
        assert (signed.site / "certificates" / cert_id / "credential.jwt").is_file()
    jwks = json.loads((signed.site / "keys/jwks.json").read_text("utf-8"))
    assert [k["crv"] for k in jwks["keys"]] == ["Ed25519"]
    assert (signed.site / "keys/signing-key.pub.pem").read_text().startswith("-----BEGIN PUBLIC")


def test_returned_count_is_the_number_of_files_written(unsigned: Built) -> None:
    """Does write_static return exactly how many files it wrote?"""
    on_disk = [p for p in unsigned.site.rglob("*") if p.is_file()]
    assert unsigned.files == len(on_disk)


def test_same_inputs_give_identical_bytes(
    demo_repo: Path, tmp_path: Path, signing_key: Ed25519PrivateKey
) -> None:
    """Are two builds of the same inputs, date and key byte for byte the same?"""
    pem = private_pem(signing_key)
    first = build(demo_repo, tmp_path / "first", pem)
    again = build(demo_repo, tmp_path / "again", pem)
    files = sorted(p.relative_to(first.site) for p in first.site.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again.site) for p in again.site.rglob("*") if p.is_file())
    assert any(p.suffix == ".jwt" for p in files)
    for rel in files:
        assert (first.site / rel).read_bytes() == (again.site / rel).read_bytes(), rel


def test_no_file_asks_for_anything_outside_the_site(unsigned: Built) -> None:
    """Do the HTML files load and link only site-relative URLs (no CDN, no web font)?"""
    for html in unsigned.site.rglob("*.html"):
        text = html.read_text("utf-8")
        for attr in re.findall(r'(?:href|src)="([^"]*)"', text):
            assert not urlsplit(attr).scheme and not attr.startswith("//"), (html, attr)
        assert "url(" not in text and "@import" not in text


def test_absolute_urls_are_the_site_s_own_or_json_ld_identifiers(unsigned: Built) -> None:
    """Is every absolute URL in any file either under site_url or a JSON-LD @context?"""
    base = unsigned.ctx.extra["site_url"]
    allowed = (base, *badges.JSON_LD_IDENTIFIERS)
    for path in unsigned.site.rglob("*"):
        if path.is_file():
            for url in re.findall(r"https?://[^\s\"'<>)]+", path.read_text("utf-8")):
                assert url.startswith(allowed), (path, url)


def test_internal_links_all_resolve(unsigned: Built) -> None:
    """Does every relative link of the static pages reach a file of the site or a portal page?"""
    portal_pages = {"", "certificates/", "certificates/lookup/"}  # made by MkDocs
    site = unsigned.site
    for html in site.rglob("*.html"):
        page_url = html.relative_to(site).as_posix()
        for href in re.findall(r'href="([^"#]*)"', html.read_text("utf-8")):
            if href.startswith("assets/") or "/assets/" in href:
                continue  # copied by MkDocs from docs/assets
            target = urljoin("/" + page_url, href).lstrip("/")
            if target in portal_pages:
                continue
            found = site / target
            assert found.is_file() or (found / "index.html").is_file(), (page_url, href)


def test_registry_has_a_view_per_filter_with_counts(unsigned: Built) -> None:
    """Are program, level and status views there, with the right certificates and counts?"""
    base = unsigned.site / "certificates/registry"
    due = (base / "all/all/renewal_due/index.html").read_text("utf-8")
    assert re.findall(r">(CS\d+)</a>", due) == ["CS2025007", "CS2025008", "CS2025009", "CS2025010"]
    advanced = (base / "cs-specialist/advanced/active/index.html").read_text("utf-8")
    ids = re.findall(r">(CS\d+)</a>", advanced)
    assert ids and "CS2024001" in ids and "CS2026003" not in ids  # CS2026003 is intermediate
    assert '<strong class="cert-facet cert-facet--current" aria-current="page">有效' in advanced
    everything = (base / "all/all/all/index.html").read_text("utf-8")
    assert "共 40 张证书" in everything


def test_registry_is_paginated(
    unsigned: Built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With 10 rows a page, are there 4 pages of the 40, linked, none longer than 10 rows?"""
    from academy.site.certificates.static import write_static

    monkeypatch.setattr(registry, "PAGE_SIZE", 10)
    write_static(unsigned.outcome, unsigned.ctx, tmp_path)
    folder = tmp_path / "certificates/registry/all/all/all"
    pages = sorted(p.name for p in folder.iterdir())
    assert pages == ["index.html", "page-2.html", "page-3.html", "page-4.html"]
    seen = []
    for name in pages:
        text = (folder / name).read_text("utf-8")
        rows = re.findall(r"<tr><td><a [^>]*>([A-Z]+\d+)</a>", text)
        assert 0 < len(rows) <= 10
        seen += rows
    assert len(seen) == len(set(seen)) == 40
    assert 'href="../../../../../certificates/registry/all/all/all/page-2.html">下一页' in (
        folder / "index.html"
    ).read_text("utf-8")


def test_lookup_shards_hold_each_certificate_under_both_keys(unsigned: Built) -> None:
    """Can CS2024001 and its holder's employee id A001 both be found in their shards?"""
    from academy.site.certificates.lookup import LOOKUP_DIR, shard_of

    for key in ("CS2024001", "A001"):
        data = json.loads((unsigned.site / LOOKUP_DIR / f"{shard_of(key)}.json").read_text("utf-8"))
        assert [r["id"] for r in data["keys"][key]] == ["CS2024001"]
    b007 = unsigned.site / LOOKUP_DIR / f"{shard_of('B007')}.json"
    records = json.loads(b007.read_text("utf-8"))["keys"]["B007"]
    assert [(r["id"], r["status"]) for r in records] == [
        ("CS2025001", "active"),
        ("CS2024004", "superseded"),
    ]


def test_two_processes_write_the_same_files_as_one(
    unsigned: Built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Does writing with two worker processes give byte-identical files to writing in one?"""
    from academy.site.certificates.static import workers, write_static
    from tests.support.browser import without_other_threads

    monkeypatch.setenv("ACADEMY_WORKERS", "2")
    assert without_other_threads() == []  # the builder alone: the workers really run
    assert workers(34) == 2
    count = write_static(unsigned.outcome, unsigned.ctx, tmp_path)
    assert count == unsigned.files
    for path in unsigned.site.rglob("*"):
        if path.is_file():
            rel = path.relative_to(unsigned.site)
            assert (tmp_path / rel).read_bytes() == path.read_bytes(), rel


def test_few_certificates_or_threads_mean_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Are worker processes left out for small sites and under mkdocs serve (other threads
    alive)?"""
    import threading

    from academy.site.certificates.static import workers

    monkeypatch.delenv("ACADEMY_WORKERS", raising=False)
    assert workers(500) == 0
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert workers(100_000) == 0
    finally:
        stop.set()
        thread.join()


@pytest.mark.parametrize(("cpus", "expected"), [(1, 0), (2, 1), (4, 3), (64, 10)])
def test_the_building_process_keeps_a_cpu(
    monkeypatch: pytest.MonkeyPatch, cpus: int, expected: int
) -> None:
    """20,000 certificates: one worker per CPU but the builder's own (it generates and
    renders the pages meanwhile), and no more than one per 2,000 certificates."""
    from academy.site.certificates import static

    monkeypatch.delenv("ACADEMY_WORKERS", raising=False)
    monkeypatch.setattr(static.os, "sched_getaffinity", lambda _: set(range(cpus)), raising=False)
    assert static.workers(20_000) == expected
