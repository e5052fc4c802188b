"""Every credential the portal publishes, checked by implementations that are not ours.

- PyJWT (not joserfc, which ``academy verify`` uses) verifies every ``credential.jwt``
  with only the key its ``kid`` URL names on the portal, read the way 1EdTech's
  validator (``ExternalProofProbe``) reads it: alg RS256 or ES256, the kid URL's body
  one JWK (RSA or EC P-256), nbf/exp checked by the JWT library.
- DCC verifier-core (the Learner Credential Wallet's verifier) verifies every embedded-
  proof ``credential.json``: signature through ``did:web``, expiry and revocation
  status; only its ``registered_issuer`` step (a registry on the internet) is ignored.
- @digitalbazaar/vc-bitstring-status-list checks the status list, its proof included.

Offline: the Node verifiers' ``fetch`` is answered from the built site folder. A
tampered copy of each form must fail.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import jwt
import pytest

from academy.cli import main
from academy.core.credentials import badges
from tests.core.credentials.independent import install, run_node
from tests.support.certs import Built

BASE = "http://127.0.0.1:8000/"
REVOKED = {"CS2024013"}
OB_SCHEMA_URL = (
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
)


def _local(site: Path, url: str) -> Path:
    assert url.startswith(BASE), url
    return site / url.removeprefix(BASE)


def _credentials(built: Built, name: str) -> list[Path]:
    found = sorted(built.site.glob(f"certificates/*/{name}"))
    assert len(found) == len(built.outcome.certificates) > 30
    return found


# --- the JWT form: PyJWT, with the key the kid URL names, as ExternalProofProbe reads it ---


def _probe_key(built: Built, token: str) -> Any:
    header = jwt.get_unverified_header(token)
    assert header["alg"] in ("RS256", "ES256"), header  # the validator's rule
    body = json.loads(_local(built.site, header["kid"]).read_text("utf-8"))
    assert "keys" not in body and body["kty"] == "EC" and body["crv"] == "P-256", body
    return jwt.PyJWK(body).key


def test_pyjwt_verifies_every_jwt_with_the_key_its_kid_url_serves(signed_pair: Built) -> None:
    """Does PyJWT accept every credential.jwt (and the status list's) with only the JWK at
    its kid URL, and are iss/jti/sub/nbf/exp the credential's own values?"""
    tokens = _credentials(signed_pair, "credential.jwt")
    tokens.append(signed_pair.site / badges.STATUS_LIST_JWT_PATH)
    for path in tokens:
        token = path.read_text("ascii").strip()
        claims = jwt.decode(
            token,
            _probe_key(signed_pair, token),
            algorithms=["ES256"],
            options={"verify_exp": False, "verify_nbf": False, "verify_iat": False},
        )
        issuer = claims["issuer"]
        assert claims["iss"] == (issuer if isinstance(issuer, str) else issuer["id"])
        assert claims["jti"] == claims["id"]
        assert claims["nbf"] == badges.timestamp(claims["validFrom"])
        assert claims["exp"] == badges.timestamp(claims["validUntil"])
        if "credentialSubject" in claims and path.name == "credential.jwt":
            assert claims["sub"] == claims["credentialSubject"]["id"]
            assert claims["sub"].startswith("urn:uuid:")


def test_pyjwt_checks_dates_like_the_validator(signed_pair: Built) -> None:
    """With dates checked (as the validator's JWT library does), is an active credential
    accepted and an expired one refused as expired?"""
    active = (signed_pair.site / "certificates/CS2026001/credential.jwt").read_text().strip()
    jwt.decode(active, _probe_key(signed_pair, active), algorithms=["ES256"])
    expired = (signed_pair.site / "certificates/CS2024003/credential.jwt").read_text().strip()
    with pytest.raises(jwt.ExpiredSignatureError):
        jwt.decode(expired, _probe_key(signed_pair, expired), algorithms=["ES256"])


def test_pyjwt_refuses_a_tampered_jwt(signed_pair: Built) -> None:
    """Is a credential.jwt whose payload was edited (signature kept) refused by PyJWT?"""
    token = (signed_pair.site / "certificates/CS2026001/credential.jwt").read_text().strip()
    head, body, sig = token.split(".")
    claims = json.loads(jwt.utils.base64url_decode(body))
    claims["validUntil"] = "2099-01-01T23:59:59+08:00"
    forged = f"{head}.{jwt.utils.base64url_encode(json.dumps(claims).encode()).decode()}.{sig}"
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(forged, _probe_key(signed_pair, token), algorithms=["ES256"])


# --- the embedded-proof form and the status list: DCC's and Digital Bazaar's verifiers ---


@pytest.fixture(scope="module")
def node_verifiers() -> Path:
    return install()


def _by_id(results: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {Path(r["file"]).parent.name: r for r in results if "file" in r}


def test_dcc_verifier_core_accepts_every_wallet_credential(
    signed_today: Built, node_verifiers: Path
) -> None:
    """Does verifier-core verify every credential.json offline (signature via did:web, expiry,
    revocation), and the status list library accept the list with its proof checked?"""
    files = _credentials(signed_today, "credential.json")
    results = run_node(node_verifiers, signed_today.site, BASE, files)
    served = results.pop()["served"]
    by_id = _by_id(results)
    in_date = {
        c.id: c.valid_until >= signed_today.outcome.as_of for c in signed_today.outcome.certificates
    }
    for cert_id, result in by_id.items():
        assert result["errors"] == [], (cert_id, result)
        steps = {s["id"]: s for s in result["log"]}
        assert steps["valid_signature"]["valid"] is True, (cert_id, result)
        assert steps["expiration"]["valid"] is in_date[cert_id], (cert_id, result)
        revoked = cert_id in REVOKED
        assert steps["revocation_status"]["valid"] is (not revoked), (cert_id, result)
        assert result["status"] == {"verified": True, "revoked": [revoked], "error": None}
        # verifier-core's own schema check, on the official schema it looks up by URL
        assert result["schema"] == [{"schema": OB_SCHEMA_URL, "valid": True, "errors": []}], (
            cert_id,
            result["schema"],
        )
    assert len(by_id) == len(files)
    portal = {BASE, BASE.replace("http:", "https:")}
    asked = {url for url in served if not any(url.startswith(p) for p in portal)}
    # verifier-core also asks for the OB schema (answered from the vendored copy); nothing else
    assert asked == {OB_SCHEMA_URL}


def test_tampered_copies_fail_the_outside_verifiers(
    signed_today: Built, node_verifiers: Path, tmp_path: Path
) -> None:
    """Is an edited wallet credential refused by verifier-core, and a status list with the
    revocation cleared (proof kept) refused by the status list library?"""
    site = Path(shutil.copytree(signed_today.site, tmp_path / "site"))
    cred = site / "certificates/CS2026001/credential.json"
    doc = json.loads(cred.read_text("utf-8"))
    doc["validUntil"] = "2099-01-08T23:59:59+08:00"
    cred.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    listing = site / badges.STATUS_LIST_PATH
    data = json.loads(listing.read_text("utf-8"))
    data["credentialSubject"]["encodedList"] = badges.encode_bits([])
    listing.write_text(json.dumps(data), "utf-8")
    revoked = site / "certificates/CS2024013/credential.json"
    results = _by_id(run_node(node_verifiers, site, BASE, [cred, revoked])[:-1])
    assert any(
        "INVALID_SIGNATURE" in e or "invalid" in e.lower() for e in results["CS2026001"]["errors"]
    )
    assert results["CS2024013"]["status"]["verified"] is False, results["CS2024013"]


# --- our own verifier agrees on the new format -----------------------------------------------


def test_academy_verify_accepts_es256_and_the_wallet_form(
    signed_pair: Built,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Does academy verify accept both forms of an ES256 build (exit 0), with the kit too?"""
    monkeypatch.chdir(tmp_path)
    folder = signed_pair.site / "certificates/CS2026001"
    kit = signed_pair.site / "keys/verification-kit.json"
    for file, site in (
        (folder / "credential.jwt", signed_pair.site),
        (folder / "credential.json", kit),
    ):
        capsys.readouterr()
        code = main(["verify", str(file), "--site", str(site), "--as-of", "2026-11-23"])
        out = capsys.readouterr().out
        assert code == 0, out
        assert (
            "签名：有效（ES256 / P-256）" in out
            and "撤销列表签发于 2026-11-23（距核验日 0 天）" in out
        )


def test_stale_status_list_is_status_unknown(
    signed_pair: Built,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Past the list's validUntil, is a genuine, in-date credential exit 3 (状态未知)?"""
    monkeypatch.chdir(tmp_path)
    file = signed_pair.site / "certificates/CS2026001/credential.jwt"
    kit = signed_pair.site / "keys/verification-kit.json"
    code = main(["verify", str(file), "--site", str(kit), "--as-of", "2026-12-20"])
    out = capsys.readouterr().out
    assert code == 3 and "状态未知" in out and "撤销列表已于 2026-11-30 过期" in out, out


def test_es256_forgeries_are_refused(
    signed_pair: Built,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Is an ES256 token re-dated and re-signed by another P-256 key under our kid URL, or one
    claiming EdDSA with our P-256 key's kid, refused (exit 1)?"""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

    monkeypatch.chdir(tmp_path)
    token = (signed_pair.site / "certificates/CS2024003/credential.jwt").read_text().strip()
    header = jwt.get_unverified_header(token)
    claims = json.loads(jwt.utils.base64url_decode(token.split(".")[1]))
    claims["validUntil"] = "2099-03-10T23:59:59+08:00"
    claims["exp"] = badges.timestamp(claims["validUntil"])
    attacker = ec.generate_private_key(ec.SECP256R1())

    def p256(data: bytes) -> bytes:
        r, s = decode_dss_signature(attacker.sign(data, ec.ECDSA(hashes.SHA256())))
        return r.to_bytes(32, "big") + s.to_bytes(32, "big")

    for head, sign in (
        (header, p256),
        ({**header, "alg": "EdDSA"}, Ed25519PrivateKey.generate().sign),
    ):
        b64 = jwt.utils.base64url_encode
        signing_input = (
            f"{b64(json.dumps(head).encode()).decode()}.{b64(json.dumps(claims).encode()).decode()}"
        )
        forged = f"{signing_input}.{b64(sign(signing_input.encode())).decode()}"
        path = tmp_path / "forged.jwt"
        path.write_text(forged)
        capsys.readouterr()
        code = main(["verify", str(path), "--site", str(signed_pair.site)])
        out = capsys.readouterr().out
        assert code == 1 and ("签名无效" in out or "不符" in out), out
