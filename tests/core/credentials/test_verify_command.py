"""`academy verify FILE`: genuine credentials pass; every forgery fails for its own reason.

Forged tokens are made here by hand (base64url, ``hmac`` and ``cryptography``), as an
attacker would, never with the code under test.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from academy.cli import main
from academy.core.credentials import badges
from academy.core.credentials.keys import public_jwk, public_pem, thumbprint
from tests.support.certs import Built

VALID, INVALID, UNCHECKED, UNKNOWN = 0, 1, 2, 3
AS_OF = "2026-11-23"


@pytest.fixture(autouse=True)
def outside_the_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run where no mkdocs.yml is, so only what a test names is trusted."""
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)


def verify(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["verify", *argv])
    out, err = capsys.readouterr()
    return code, out + err


def jwt(built: Built, cert_id: str) -> Path:
    return built.site / "certificates" / cert_id / "credential.jwt"


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def claims(path: Path) -> dict[str, Any]:
    payload: dict[str, Any] = json.loads(unb64(path.read_text("ascii").split(".")[1]))
    return payload


def forge(header: dict[str, Any], payload: dict[str, Any], sign: Callable[[bytes], bytes]) -> str:
    signing_input = f"{b64(json.dumps(header).encode())}.{b64(json.dumps(payload).encode())}"
    return f"{signing_input}.{b64(sign(signing_input.encode('ascii')))}"


def write(tmp_path: Path, token: str, name: str = "forged.jwt") -> str:
    path = tmp_path / name
    path.write_text(token, "ascii")
    return str(path)


@pytest.fixture
def real_kid(signing_key: Ed25519PrivateKey) -> str:
    return thumbprint(signing_key.public_key())


@pytest.fixture
def site_copy(signed: Built, tmp_path: Path) -> Path:
    """A private copy of the signed portal, safe to tamper with."""
    return Path(shutil.copytree(signed.site, tmp_path / "site"))


# --- genuine credentials ---------------------------------------------------------------


def test_valid_credential(signed: Built, capsys: pytest.CaptureFixture[str]) -> None:
    """Does a genuine, active credential verify with exit 0 and say who, what and until when?"""
    path = jwt(signed, "CS2026001")
    code, out = verify(capsys, str(path), "--site", str(signed.site), "--as-of", AS_OF)
    assert code == VALID, out
    assert "签名：有效" in out and "证书编号：CS2026001" in out and "持证人工号：A047" in out
    assert "有效期至：2027-01-08" in out and "撤销状态：未撤销" in out
    assert out.rstrip().endswith("结论：有效")


def test_valid_with_an_explicit_key(
    signed: Built,
    signing_key: Ed25519PrivateKey,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Does --key with the issuer's PEM public key verify a credential copied anywhere?"""
    key = tmp_path / "issuer.pem"
    key.write_text(public_pem(signing_key.public_key()))
    copy = tmp_path / "cs.jwt"
    shutil.copy(jwt(signed, "CS2025007"), copy)
    code, out = verify(capsys, str(copy), "--key", str(key), "--as-of", AS_OF)
    assert code == UNKNOWN  # genuine and in date, but no revocation list of the issuer given
    assert "签名：有效" in out and "未能检查是否已撤销" in out


def test_inside_the_repository_its_own_portal_is_trusted(
    signed: Built,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Run in the portal's repository, are its site_url and its built site/keys the anchor?"""
    repo = tmp_path / "repo"
    repo.mkdir()
    shutil.copy(signed.root / "mkdocs.yml", repo / "mkdocs.yml")
    (repo / "site").symlink_to(signed.site, target_is_directory=True)
    monkeypatch.chdir(repo)
    code, out = verify(capsys, str(jwt(signed, "CS2026001")), "--as-of", AS_OF)
    assert code == VALID, out
    assert "keys/jwks.json（门户公布的公钥）" in out


def test_signed_credential_checked_independently(
    signed: Built, signing_key: Ed25519PrivateKey
) -> None:
    """Does cryptography's own Ed25519 accept every credential.jwt we publish, with alg EdDSA?"""
    public = signing_key.public_key()
    tokens = sorted(signed.site.glob("certificates/*/credential.jwt"))
    tokens.append(signed.site / badges.STATUS_LIST_PATH.replace(".json", ".jwt"))
    assert len(tokens) > 30
    for path in tokens:
        head, payload, signature = path.read_text("ascii").strip().split(".")
        public.verify(unb64(signature), f"{head}.{payload}".encode("ascii"))  # raises if not
        header = json.loads(unb64(head))
        kid = f"http://127.0.0.1:8000/keys/{thumbprint(public)}.jwk"
        assert header == {"alg": "EdDSA", "typ": "JWT", "kid": kid}


# --- the check cannot be made without a trusted key --------------------------------------


def test_no_trusted_key_is_exit_2(signed: Built, capsys: pytest.CaptureFixture[str]) -> None:
    """Without --key, --site or a repository, is it exit 2 naming the key that is missing?"""
    code, out = verify(capsys, str(jwt(signed, "CS2026001")), "--as-of", AS_OF)
    assert code == UNCHECKED
    assert "没有可信的公钥" in out and "--key" in out and "--site" in out


def test_repository_without_a_signed_build_is_exit_2(
    signed: Built,
    unsigned: Built,
    signing_key: Ed25519PrivateKey,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """In a repository whose site/ is a local (unsigned) build, is there no trusted key
    (exit 2 naming site/keys/jwks.json), and with --key is its unsigned list not used?"""
    repo = tmp_path / "repo"
    repo.mkdir()
    shutil.copy(signed.root / "mkdocs.yml", repo / "mkdocs.yml")
    monkeypatch.chdir(repo)
    path = str(jwt(signed, "CS2026001"))
    code, out = verify(capsys, path, "--as-of", AS_OF)
    assert code == UNCHECKED and "site/keys/jwks.json 不存在或没有公钥" in out
    (repo / "site").symlink_to(unsigned.site, target_is_directory=True)
    code, out = verify(capsys, path, "--as-of", AS_OF)
    assert code == UNCHECKED and "site/keys/jwks.json 不存在或没有公钥" in out
    key = tmp_path / "issuer.pem"
    key.write_text(public_pem(signing_key.public_key()))
    code, out = verify(capsys, path, "--key", str(key), "--as-of", AS_OF)
    assert code == UNKNOWN and "签名：有效" in out, out


def test_portal_without_keys_is_exit_2(
    unsigned: Built, signed: Built, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is an unsigned portal's empty jwks.json no key to trust (exit 2, saying so)?"""
    path = jwt(signed, "CS2026001")
    code, out = verify(capsys, str(path), "--site", str(unsigned.site), "--as-of", AS_OF)
    assert code == UNCHECKED and "jwks.json 中没有公钥" in out


# --- attacks: each must fail, for its own reason ----------------------------------------


def test_alg_none(
    signed: Built, tmp_path: Path, real_kid: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is an unsigned token (alg none) refused because of its algorithm?"""
    payload = claims(jwt(signed, "CS2024003"))
    token = forge({"alg": "none", "typ": "JWT", "kid": real_kid}, payload, lambda _: b"")
    code, out = verify(capsys, write(tmp_path, token), "--site", str(signed.site))
    assert code == INVALID and "签名算法为 'none'，只接受 ES256" in out


def test_hs256_with_the_public_key_as_secret(
    signed: Built,
    signing_key: Ed25519PrivateKey,
    tmp_path: Path,
    real_kid: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Is the algorithm-confusion attack (HS256 keyed with the public key) refused?"""
    payload = claims(jwt(signed, "CS2024003"))
    payload["validUntil"] = "2099-03-10T23:59:59+08:00"
    secrets = [
        public_pem(signing_key.public_key()).encode(),
        signing_key.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        ),
        (signed.site / badges.JWKS_PATH).read_bytes(),
    ]
    for secret in secrets:
        token = forge(
            {"alg": "HS256", "typ": "JWT", "kid": real_kid},
            payload,
            lambda data, s=secret: hmac.new(s, data, hashlib.sha256).digest(),
        )
        code, out = verify(capsys, write(tmp_path, token), "--site", str(signed.site))
        assert code == INVALID and "签名算法为 'HS256'，只接受 ES256" in out


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("jwk", None),  # the attacker's own public key, carried in the token
        ("jku", "https://attacker.example.net/jwks.json"),
        ("x5u", "https://attacker.example.net/cert.pem"),
    ],
)
def test_key_named_by_the_token(
    signed: Built,
    tmp_path: Path,
    real_kid: str,
    name: str,
    value: str | None,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Is a token that carries or points at a key (jwk, jku, x5u) refused for that reason?"""
    attacker = Ed25519PrivateKey.generate()
    payload = claims(jwt(signed, "CS2024003"))
    payload["validUntil"] = "2099-03-10T23:59:59+08:00"
    header = {"alg": "EdDSA", "typ": "JWT", "kid": real_kid}
    header[name] = value if value is not None else public_jwk(attacker.public_key())
    token = forge(header, payload, attacker.sign)
    code, out = verify(capsys, write(tmp_path, token), "--site", str(signed.site))
    assert code == INVALID and f"凭证头部自带或指向密钥（{name}）" in out


def test_kid_pointing_elsewhere(
    signed: Built, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is a kid naming a key the issuer never published refused as not the issuer's?"""
    attacker = Ed25519PrivateKey.generate()
    payload = claims(jwt(signed, "CS2024003"))
    for kid in (thumbprint(attacker.public_key()), "https://attacker.example.net/k#1"):
        token = forge({"alg": "EdDSA", "typ": "JWT", "kid": kid}, payload, attacker.sign)
        code, out = verify(capsys, write(tmp_path, token), "--site", str(signed.site))
        assert code == INVALID and f"签名所用的密钥 '{kid}' 不在" in out


def test_key_of_another_issuer(
    signed: Built, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is a credential of another portal, with that portal's own key, reported as foreign?"""
    other = Ed25519PrivateKey.generate()
    payload = claims(jwt(signed, "CS2026001"))
    base = "https://other-academy.example.net/"
    payload["issuer"] = {**payload["issuer"], "url": base, "id": f"{base}issuer.json"}
    payload["iss"] = payload["issuer"]["id"]
    header = {"alg": "EdDSA", "typ": "JWT", "kid": thumbprint(other.public_key())}
    token = forge(header, payload, other.sign)
    code, out = verify(capsys, write(tmp_path, token), "--site", str(signed.site))
    assert code == INVALID and "不是预期的签发者 http://127.0.0.1:8000/" in out
    key = tmp_path / "ours.pem"  # and checked with our key alone: not signed by it
    key.write_text(public_pem(Ed25519PrivateKey.generate().public_key()))
    code, out = verify(capsys, write(tmp_path, token), "--key", str(key))
    assert code == INVALID and "不在" in out and "不是由该签发者签发的" in out


@pytest.mark.parametrize(
    "edit",
    ["re-dated validUntil", "changed name", "changed level", "status index moved"],
)
def test_edited_payload(
    signed: Built, tmp_path: Path, edit: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is any edit of a signed payload (signature kept) refused as a bad signature?"""
    head, _, sig = jwt(signed, "CS2024003").read_text().strip().split(".")
    doc = claims(jwt(signed, "CS2024003"))
    achievement = doc["credentialSubject"]["achievement"]
    if edit == "re-dated validUntil":
        doc["validUntil"] = "2099-03-10T23:59:59+08:00"
        doc["exp"] = badges.timestamp(doc["validUntil"])
    elif edit == "changed name":
        doc["credentialSubject"]["identifier"][0]["identityHash"] = "A999"
    elif edit == "changed level":
        assert "中级" in achievement["name"]
        achievement["name"] = achievement["name"].replace("中级", "高级")
    else:
        doc["credentialStatus"]["statusListIndex"] = "99"
    token = f"{head}.{b64(json.dumps(doc).encode())}.{sig}"
    code, out = verify(capsys, write(tmp_path, token), "--site", str(signed.site))
    assert code == INVALID and "签名无效：凭证内容已被改动" in out


def test_re_dated_and_re_signed_by_another_key(
    signed: Built, tmp_path: Path, real_kid: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The issue's attack: expired, re-dated to 2099, signed with any key claiming our kid."""
    payload = claims(jwt(signed, "CS2024003"))
    payload["validUntil"] = "2099-03-10T23:59:59+08:00"
    payload["exp"] = badges.timestamp(payload["validUntil"])
    token = forge(
        {"alg": "EdDSA", "typ": "JWT", "kid": real_kid}, payload, Ed25519PrivateKey.generate().sign
    )
    code, out = verify(capsys, write(tmp_path, token), "--site", str(signed.site))
    assert code == INVALID and "签名无效" in out


def test_status_index_moved_against_the_ledger(
    signed: Built,
    signing_key: Ed25519PrivateKey,
    tmp_path: Path,
    real_kid: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Even signed by the issuer's own key, is an index that is not the ledger row refused?"""
    payload = claims(jwt(signed, "CS2024013"))  # revoked: its bit is set
    payload["credentialStatus"]["statusListIndex"] = "0"
    token = forge({"alg": "EdDSA", "typ": "JWT", "kid": real_kid}, payload, signing_key.sign)
    argv = ["--site", str(signed.site), "--root", str(signed.root), "--as-of", "2025-05-01"]
    code, out = verify(capsys, write(tmp_path, token), *argv)
    assert code == INVALID and "状态索引与账本不符" in out


def test_status_list_replaced_by_a_foreign_one(
    signed: Built, site_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is a revocation list signed by another key (clearing a revocation) refused?"""
    listing = site_copy / badges.STATUS_LIST_PATH.replace(".json", ".jwt")
    payload = claims(listing)
    payload["credentialSubject"]["encodedList"] = badges.encode_bits([])
    attacker = Ed25519PrivateKey.generate()
    header = {"alg": "EdDSA", "typ": "JWT", "kid": thumbprint(attacker.public_key())}
    listing.write_text(forge(header, payload, attacker.sign), "ascii")
    path = jwt(signed, "CS2024013")
    code, out = verify(capsys, str(path), "--site", str(site_copy), "--as-of", "2025-05-01")
    assert code == INVALID and "不是由签发者的密钥签名的" in out


def test_status_list_unsigned(
    signed: Built, site_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is a signed credential with only an unsigned revocation list not valid?"""
    (site_copy / badges.STATUS_LIST_PATH.replace(".json", ".jwt")).unlink()
    path = jwt(signed, "CS2026001")
    code, out = verify(capsys, str(path), "--site", str(site_copy), "--as-of", AS_OF)
    assert code == INVALID and "未签名：签名的凭证只认签发者签名的撤销列表" in out


def test_tampered_json_next_to_its_jwt(
    signed: Built, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is a credential.json edited after signing caught by comparing it with credential.jwt?"""
    folder = tmp_path / "CS2026001"
    shutil.copytree(signed.site / "certificates/CS2026001", folder)
    doc = json.loads((folder / "credential.json").read_text("utf-8"))
    doc["credentialSubject"]["identifier"][0]["identityHash"] = "A999"
    (folder / "credential.json").write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    argv = ["--site", str(signed.site), "--as-of", AS_OF]
    code, out = verify(capsys, str(folder / "credential.json"), *argv)
    assert code == INVALID and "JSON 文件已被改动" in out


def test_expired_credential(signed: Built, capsys: pytest.CaptureFixture[str]) -> None:
    """Is a genuine credential past its validUntil rejected with exit 1?"""
    path = jwt(signed, "CS2024003")
    code, out = verify(capsys, str(path), "--site", str(signed.site), "--as-of", AS_OF)
    assert code == INVALID and "已于 2025-03-10 过期" in out


def test_revoked_credential(signed: Built, capsys: pytest.CaptureFixture[str]) -> None:
    """Is CS2024013, in date on 2025-07-01 but revoked on 2025-06-01, rejected with exit 1?"""
    path = jwt(signed, "CS2024013")
    code, out = verify(capsys, str(path), "--site", str(signed.site), "--as-of", "2025-07-01")
    assert code == INVALID
    assert "撤销状态：已撤销" in out


def test_revoked_credential_against_the_repository(
    signed: Built, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With --root, does verify give the revocation date and reason from the data?"""
    copy = tmp_path / "cs.jwt"
    shutil.copy(jwt(signed, "CS2024013"), copy)
    argv = ["--site", str(signed.site), "--root", str(signed.root), "--as-of", "2025-07-01"]
    code, out = verify(capsys, str(copy), *argv)
    assert code == INVALID
    assert "已撤销（2025-06-01 撤销，原因：违反客户信息保密规定" in out


def test_superseded_credential(signed: Built, capsys: pytest.CaptureFixture[str]) -> None:
    """Is a superseded certificate reported as such from the portal's own record?"""
    path = jwt(signed, "CS2024004")
    code, out = verify(capsys, str(path), "--site", str(signed.site), "--as-of", "2025-01-01")
    assert code == INVALID and "已被取代" in out


def test_unsigned_credential(unsigned: Built, capsys: pytest.CaptureFixture[str]) -> None:
    """Is an unsigned credential (local build) never accepted as proof?"""
    path = unsigned.site / "certificates/CS2026001/credential.json"
    code, out = verify(capsys, str(path), "--as-of", AS_OF)
    assert code == INVALID and "凭证未签名" in out


def test_wrong_key(signed: Built, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Is a credential checked against another issuer's key rejected?"""
    other = tmp_path / "other.pem"
    other.write_text(public_pem(Ed25519PrivateKey.generate().public_key()))
    code, out = verify(capsys, str(jwt(signed, "CS2026001")), "--key", str(other))
    assert code == INVALID and "不是由该签发者签发的" in out


@pytest.mark.parametrize("content", [None, "not a credential", '{"a": 1', "a.b.c"])
def test_cannot_check(
    tmp_path: Path, content: str | None, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is a missing or unreadable file exit 2, with a message and no traceback?"""
    path = tmp_path / "x.jwt"
    if content is not None:
        path.write_text(content)
    code, out = verify(capsys, str(path))
    assert code == UNCHECKED and out.startswith("academy verify:")
