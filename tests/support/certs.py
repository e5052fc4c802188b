"""Certificate fixtures: the demo graded once, its static certificate files written once."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from academy.core import pipeline
from academy.core.credentials.keys import KEY_VARIABLE, new_pair
from academy.core.pipeline import Outcome
from academy.site.certificates import write_static
from academy.site.common import SiteContext
from academy.site.pages import read_config, site_context
from tests.conftest import AS_OF, BuiltSite, copy_demo


def ledger_rows(root: Path, as_of: dt.date = AS_OF) -> dict[str, int]:
    """Certificate number → its data row in rosters/ledger.csv, read as a CSV consumer would,
    for the certificates issued by ``as_of`` (the others are not published yet, rule 4.11)."""
    with (root / "rosters/ledger.csv").open(encoding="utf-8", newline="") as f:
        return {
            row["certificate"]: i
            for i, row in enumerate(csv.DictReader(f))
            if dt.date.fromisoformat(row["issued_on"]) <= as_of
        }


@dataclass
class Built:
    root: Path
    outcome: Outcome
    ctx: SiteContext
    site: Path
    files: int


def private_pem(key: Ed25519PrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode("ascii")


def build(root: Path, site: Path, pem: str | None, as_of: dt.date = AS_OF) -> Built:
    with pytest.MonkeyPatch.context() as mp:
        if pem is None:
            mp.delenv(KEY_VARIABLE, raising=False)
        else:
            mp.setenv(KEY_VARIABLE, pem)
        outcome = pipeline.run(root, as_of, write=False)
        ctx = site_context(root, as_of, read_config(root))
        files = write_static(outcome, ctx, site)
    return Built(root, outcome, ctx, site, files)


@pytest.fixture(scope="session")
def demo_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo data, read-only for the tests that share it."""
    return copy_demo(tmp_path_factory.mktemp("certs") / "repo")


@pytest.fixture(scope="session")
def unsigned(demo_repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The demo's certificate files as a local build writes them: no signing key."""
    return build(demo_repo, tmp_path_factory.mktemp("unsigned") / "site", None)


@pytest.fixture(scope="session")
def signing_key() -> Ed25519PrivateKey:
    """A throwaway Ed25519 key, made for this test run only."""
    return Ed25519PrivateKey.generate()


@pytest.fixture(scope="session")
def signed(
    demo_repo: Path, signing_key: Ed25519PrivateKey, tmp_path_factory: pytest.TempPathFactory
) -> Built:
    """The demo's certificate files as CI writes them, signed with the throwaway key."""
    return build(demo_repo, tmp_path_factory.mktemp("signed") / "site", private_pem(signing_key))


@pytest.fixture(scope="session")
def signing_pair() -> str:
    """A throwaway secret in today's format (P-256 for JWTs, Ed25519 for proofs)."""
    return new_pair()


@pytest.fixture(scope="session")
def signed_pair(
    demo_repo: Path, signing_pair: str, tmp_path_factory: pytest.TempPathFactory
) -> Built:
    """The demo's certificate files as CI writes them now: ES256 JWTs, embedded proofs."""
    return build(demo_repo, tmp_path_factory.mktemp("signed-pair") / "site", signing_pair)


@pytest.fixture(scope="session")
def signed_today(
    demo_repo: Path, signing_pair: str, tmp_path_factory: pytest.TempPathFactory
) -> Built:
    """Signed as of today: outside verifiers judge the status list's dates by the clock."""
    today = dt.datetime.now(dt.UTC).date()
    return build(demo_repo, tmp_path_factory.mktemp("signed-today") / "site", signing_pair, today)


@pytest.fixture
def no_signing_key(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv(KEY_VARIABLE, raising=False)
    yield


@pytest.fixture(scope="session")
def portal_site(demo_site: BuiltSite) -> Path:
    """The whole demo portal built by ``academy build`` (MkDocs + write_static), unsigned."""
    return demo_site.site
