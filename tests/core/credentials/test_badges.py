"""Open Badges 3.0 credentials: content, VC-JWT signature, revocation list."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from academy.core import pipeline
from academy.core.credentials import badges, keys
from academy.core.credentials.keys import (
    KeyProblem,
    signer_from_environment,
    signer_from_pem,
    thumbprint,
)
from tests.conftest import AS_OF
from tests.support.certs import Built, build, ledger_rows, private_pem


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def credential(built: Built, cert_id: str) -> dict[str, Any]:
    path = built.site / "certificates" / cert_id / "credential.json"
    return json.loads(path.read_text("utf-8"))


def test_credential_is_an_open_badge_3_credential(unsigned: Built) -> None:
    """Has CS2024001 the OB 3.0 contexts, types, issuer, achievement, dates and status entry?"""
    doc = credential(unsigned, "CS2024001")
    assert doc["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert doc["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert doc["issuer"]["type"] == ["Profile"] and doc["issuer"]["name"] == "客服学院"
    subject = doc["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    identity = subject["identifier"][0]
    salt = identity["salt"]
    assert identity["hashed"] is True and len(salt) >= 16
    assert (
        identity["identityHash"] == "sha256$" + hashlib.sha256(f"A001{salt}".encode()).hexdigest()
    )
    assert subject["id"].startswith("urn:uuid:")  # stable, and says nothing about the person
    achievement = subject["achievement"]
    assert achievement["type"] == ["Achievement"]
    assert achievement["name"] == "客户服务专员认证 · 高级客户服务专员"
    assert "总分达到 80 分及以上" in achievement["criteria"]["narrative"]
    assert doc["validFrom"] == "2024-03-15T00:00:00+08:00"
    assert doc["validUntil"] == "2027-03-10T23:59:59+08:00"  # after two renewals
    status = doc["credentialStatus"]
    assert status["type"] == "BitstringStatusListEntry"
    assert status["statusPurpose"] == "revocation"
    assert status["statusListCredential"].endswith("/certificates/status/revocation.json")


def test_unsigned_credential_says_so(unsigned: Built) -> None:
    """Does a credential built without a key say in itself that it is unsigned?"""
    assert badges.UNSIGNED_NOTE in credential(unsigned, "CS2026001")["description"]


def test_signed_credential_is_a_valid_vc_jwt(signed: Built, signing_key: Ed25519PrivateKey) -> None:
    """Is credential.jwt an EdDSA JWT whose payload is the credential plus iss/jti/nbf/exp?"""
    folder = signed.site / "certificates/CS2026001"
    head, body, signature = (folder / "credential.jwt").read_text("ascii").strip().split(".")
    # checked with cryptography's Ed25519 directly, not with our JWS code
    signing_key.public_key().verify(unb64(signature), f"{head}.{body}".encode("ascii"))
    header = json.loads(unb64(head))
    assert header["alg"] == "EdDSA" and header["typ"] == "JWT"
    assert header["kid"] == f"http://127.0.0.1:8000/keys/{thumbprint(signing_key.public_key())}.jwk"
    assert "jwk" not in header  # the key comes from the portal, never from the token
    doc = json.loads((folder / "credential.json").read_text("utf-8"))
    assert badges.UNSIGNED_NOTE not in doc["description"]
    payload = dict(json.loads(unb64(body)))
    assert payload.pop("iss") == doc["issuer"]["id"]
    assert payload.pop("jti") == doc["id"]
    assert payload.pop("sub") == doc["credentialSubject"]["id"]
    assert payload.pop("nbf") == badges.timestamp(doc["validFrom"])
    assert payload.pop("exp") == badges.timestamp(doc["validUntil"])
    proof = doc.pop("proof")  # the wallet form: the same credential with an embedded proof
    assert [p["cryptosuite"] for p in proof] == ["eddsa-rdfc-2022"]
    assert payload == doc


def test_revocation_list_marks_exactly_the_revoked(signed: Built) -> None:
    """Is the bit of CS2024013 set in the (signed) status list, and no other?"""
    listing = json.loads((signed.site / badges.STATUS_LIST_PATH).read_text("utf-8"))
    bits = badges.decode_bits(listing["credentialSubject"]["encodedList"])
    assert len(bits) * 8 == badges.STATUS_LIST_BITS
    revoked = []
    for cert in signed.outcome.certificates:
        index = int(credential(signed, cert.id)["credentialStatus"]["statusListIndex"])
        if badges.bit_is_set(bits, index):
            revoked.append(cert.id)
    assert revoked == ["CS2024013"]
    jwt = (signed.site / badges.STATUS_LIST_PATH).with_suffix(".jwt")
    body = jwt.read_text("ascii").split(".")[1]
    assert json.loads(unb64(body))["credentialSubject"] == listing["credentialSubject"]


EARLY_ROSTER = """\
cohort: 2024-01-early
program: cs-specialist
title: 2024年1月补充认证
assessed_on: 2024-01-05
issued_on: 2024-01-10
trainees:
  - {id: "Z901", name: 测试甲, department: 客服一部, position: 客服专员,
     scores: {theory: 90, practical: 90, daily: 90}}
  - {id: "Z902", name: 测试乙, department: 客服一部, position: 客服专员,
     scores: {theory: 85, practical: 85, daily: 85}}
"""

EARLY_PEOPLE = """\
people:
  - {id: "Z901", name: 测试甲, department: 客服一部, position: 客服专员, employment: regular,
     hired_on: 2023-12-01}
  - {id: "Z902", name: 测试乙, department: 客服一部, position: 客服专员, employment: regular,
     hired_on: 2023-12-01}
"""


def status_indexes(site: Path) -> dict[str, int]:
    found = {}
    for path in site.glob("certificates/*/credential.json"):
        doc = json.loads(path.read_text("utf-8"))
        found[path.parent.name] = int(doc["credentialStatus"]["statusListIndex"])
    return found


def test_status_index_is_the_ledger_row_across_rebuilds(demo_root: Path, tmp_path: Path) -> None:
    """Is each status bit the certificate's row in ledger.csv, and kept when a rebuild adds
    certificates dated before all others (which sort first everywhere but in the ledger)?"""
    first = build(demo_root, tmp_path / "first", None)
    before = status_indexes(first.site)
    assert before == ledger_rows(demo_root) and len(before) > 30
    published = len(ledger_rows(demo_root, dt.date.max))  # rows issued later included
    (demo_root / "rosters/2024/2024-01-early.yaml").write_text(EARLY_ROSTER, "utf-8")
    (demo_root / "rosters/people/early.yaml").write_text(EARLY_PEOPLE, "utf-8")
    pipeline.run(demo_root, AS_OF, write=True)  # grows the ledger, as `academy grade` does
    second = build(demo_root, tmp_path / "second", None)
    after = status_indexes(second.site)
    rows = ledger_rows(demo_root)
    assert after == rows
    assert len(after) == len(before) + 2
    assert {k: after[k] for k in before} == before  # no published bit moved
    new = sorted(set(after) - set(before))
    assert sorted(after[k] for k in new) == [published, published + 1]


def test_issuer_profile_and_public_key_are_published(
    signed: Built, signing_key: Ed25519PrivateKey
) -> None:
    """Is /issuer.json the OB Profile and /keys/jwks.json the signing key's public half?"""
    issuer = json.loads((signed.site / "issuer.json").read_text("utf-8"))
    assert issuer["id"] == "did:web:127.0.0.1%3A8000"
    assert issuer["type"] == ["Profile"]
    jwks = json.loads((signed.site / "keys/jwks.json").read_text("utf-8"))
    assert jwks["keys"][0]["kid"] == thumbprint(signing_key.public_key())
    assert "d" not in jwks["keys"][0]  # never the private part


def test_bad_key_is_refused_without_showing_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """Does a wrong ACADEMY_SIGNING_KEY stop the build with a message that does not echo it?"""
    monkeypatch.setenv("ACADEMY_SIGNING_KEY", "-----BEGIN PRIVATE KEY-----\nc2VjcmV0\n-----END")
    with pytest.raises(KeyProblem) as err:
        signer_from_environment()
    assert "c2VjcmV0" not in str(err.value)


def test_only_ed25519_keys_are_accepted() -> None:
    """Is an RSA key refused as a signing key?"""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    with pytest.raises(KeyProblem, match="Ed25519"):
        signer_from_pem(pem)


def test_signatures_are_deterministic(signing_key: Ed25519PrivateKey) -> None:
    """Does signing the same credential twice give the same JWT (reproducible builds)?"""
    for pem in (private_pem(signing_key), keys.new_pair()):
        signer = signer_from_pem(pem.encode())
        doc = {"id": "x", "issuer": {"id": "y"}, "validFrom": "2024-03-15T00:00:00+08:00"}
        base = "https://academy.example.cn/"
        assert badges.sign(doc, signer, base) == badges.sign(doc, signer, base)


def test_program_removed_from_the_curriculum(unsigned: Built, tmp_path: Path) -> None:
    """Do certificates of a program no longer in the curriculum still get pages and badges?"""
    import dataclasses

    from academy.site.certificates.static import write_static

    project = dataclasses.replace(unsigned.outcome.project, programs={})
    outcome = dataclasses.replace(unsigned.outcome, project=project)
    assert write_static(outcome, unsigned.ctx, tmp_path) > 34
    doc = json.loads((tmp_path / "certificates/CS2024013/credential.json").read_text("utf-8"))
    assert doc["credentialSubject"]["achievement"]["description"] == "该认证项目已停用。"


def test_old_keys_stay_published_and_verify_what_they_signed(
    signed: Built,
    demo_root: Path,
    signing_pair: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """After rotating to a new key pair, with the old jwks.json kept as keys/retired.jwks.json,
    does the new portal still publish the old key, and does a credential the old key signed
    (EdDSA, bare-thumbprint kid) still verify against it?"""
    from academy.cli import main

    (demo_root / "keys").mkdir()
    shutil.copy(signed.site / badges.JWKS_PATH, demo_root / "keys/retired.jwks.json")
    rotated = build(demo_root, tmp_path / "site", signing_pair)
    jwks = json.loads((rotated.site / badges.JWKS_PATH).read_text("utf-8"))
    old = json.loads((signed.site / badges.JWKS_PATH).read_text("utf-8"))["keys"][0]
    assert old["kid"] in [k["kid"] for k in jwks["keys"]] and len(jwks["keys"]) == 3
    assert (rotated.site / f"keys/{old['kid']}.jwk").is_file()
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    code = main(
        [
            "verify",
            str(signed.site / "certificates/CS2026001/credential.jwt"),
            "--site",
            str(rotated.site),
            "--as-of",
            "2026-11-23",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0 and "签名：有效（EdDSA / Ed25519）" in out, out


def test_an_old_single_key_secret_still_signs_with_a_warning(signing_key: Any) -> None:
    """Does the old one-Ed25519-key secret still give a signer (EdDSA), with a Chinese warning,
    and the new two-key secret none?"""
    old = signer_from_pem(private_pem(signing_key).encode())
    assert old.algorithm == "EdDSA" and old.warning and "academy keys new" in old.warning
    new = signer_from_pem(keys.new_pair().encode())
    assert new.algorithm == "ES256" and new.warning is None


def test_program_label_with_a_markdown_link_stays_text_in_the_narrative(demo_root: Path) -> None:
    """criteria.narrative is Markdown (Open Badges 3.0): rendered by Python-Markdown, does a
    program title such as [点我](javascript:alert(1)) give no link and no HTML?"""
    import dataclasses

    import markdown

    outcome = pipeline.run(demo_root, AS_OF, write=False)
    program = next(iter(outcome.project.programs.values()))
    level = program.levels[0].id
    for title in ("[点我](javascript:alert(1))", "<img src=x onerror=alert(1)>", "<javascript:x>"):
        forged = dataclasses.replace(program, title=title)
        html = markdown.markdown(badges.criteria_narrative(forged, level))
        assert "<a" not in html and "<img" not in html, html
        assert "点我" in html or "img" in html or "javascript" in html
