"""Memory at many certificates: workers are fresh processes sent little, views by chunk."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from academy.core.credentials.keys import signer_from_pem
from academy.core.yamlsrc import parse_text
from academy.site.certificates.static import Chunks, Shelved, views
from tests.support.certs import Built


def test_shelved_views_come_back_chunk_by_chunk_as_they_were(unsigned: Built) -> None:
    """The views a worker loads from the temporary file: the same as in memory, chunk by
    chunk and all together; the file is gone once closed."""
    certs = views(unsigned.outcome, unsigned.ctx)
    assert len(certs) > 7
    shelf, memory = Shelved(certs, 7), Chunks(certs, 7)
    try:
        assert Path(shelf.path).is_file()
        for number in range(-(-len(certs) // 7) + 1):  # one past the end: empty
            assert shelf.chunk(number) == memory.chunk(number)
        assert shelf.all() == certs
        assert shelf.count == len(certs)
    finally:
        shelf.close()
    assert not Path(shelf.path).exists()
    shelf.close()  # twice (a build cancelled after it finished): no error


def test_the_workers_get_no_view_and_no_outcome_in_their_task(
    unsigned: Built, signing_pair: str
) -> None:
    """What a worker is sent: the renderer without the outcome (the programs only) and
    the signer as its PEM, which signs as the original does."""
    from academy.site.certificates.static import CertificateFiles

    signer = signer_from_pem(signing_pair.encode("ascii"))
    maker = CertificateFiles(unsigned.outcome, unsigned.ctx, signer)
    copy = pickle.loads(pickle.dumps(maker))
    assert not hasattr(copy, "outcome")
    assert copy.signer is not None and copy.signer.kid == signer.kid
    cert = views(unsigned.outcome, unsigned.ctx)[0]
    assert copy.credential(cert) == maker.credential(cert)
    assert len(pickle.dumps(maker)) < 200_000  # programs and settings, not the rosters


def test_a_forgotten_document_reports_line_one() -> None:
    """After ``forget`` (academy build, once graded) the text and values are gone and a
    late problem still has a position."""
    doc, problems = parse_text("a:\n  b: 1\n", "x.yaml")
    assert doc is not None and problems == []
    assert doc.position(("a", "b")) == (2, 6)
    doc.forget()
    assert (doc.data, doc.text) == (None, "")
    assert doc.position(("a", "b")) == (1, 1)


@pytest.mark.parametrize("legacy", [False, True])
def test_a_signer_pickles_as_its_keys(signing_pair: str, legacy: bool) -> None:
    """Both key formats (P-256 + Ed25519, and the old single Ed25519 secret)."""
    pem = signing_pair.encode("ascii")
    if legacy:
        pem = pem[pem.rindex(b"-----BEGIN") :]
    signer = signer_from_pem(pem)
    copy = pickle.loads(pickle.dumps(signer))
    assert copy.kid == signer.kid and copy.algorithm == signer.algorithm
    assert (copy.p256 is None) == legacy
