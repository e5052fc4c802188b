"""`academy verify FILE`: a valid, a tampered, a revoked, an unsigned and an expired credential."""

from __future__ import annotations

import base64
import json
import shutil
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from academy.cli import main
from academy.core.keys import public_pem

from .conftest import Built

VALID, INVALID, UNCHECKED, UNKNOWN = 0, 1, 2, 3


def verify(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["verify", *argv])
    out, err = capsys.readouterr()
    return code, out + err


def jwt(built: Built, cert_id: str) -> Path:
    return built.site / "certificates" / cert_id / "credential.jwt"


def test_valid_credential(signed: Built, capsys: pytest.CaptureFixture[str]) -> None:
    """Does a genuine, active credential verify with exit 0 and say who, what and until when?"""
    code, out = verify(capsys, str(jwt(signed, "CS2026001")), "--as-of", "2026-11-23")
    assert code == VALID
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
    code, out = verify(capsys, str(copy), "--key", str(key), "--as-of", "2026-11-23")
    assert code == UNKNOWN  # genuine and in date, but no revocation list next to the copy
    assert "签名：有效" in out and "未能检查是否已撤销" in out


def test_tampered_jwt(signed: Built, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Is a JWT whose payload was edited (validUntil pushed to 2099) rejected with exit 1?"""
    head, payload, sig = jwt(signed, "CS2024003").read_text().strip().split(".")
    doc = json.loads(base64.urlsafe_b64decode(payload + "=="))
    doc["validUntil"] = "2099-03-10T23:59:59+08:00"
    forged = base64.urlsafe_b64encode(json.dumps(doc).encode()).rstrip(b"=").decode()
    target = signed.site / "certificates/CS2024003/forged.jwt"
    target.write_text(f"{head}.{forged}.{sig}")
    try:
        code, out = verify(capsys, str(target), "--as-of", "2026-11-23")
    finally:
        target.unlink()
    assert code == INVALID
    assert "签名无效" in out and "结论：无效" in out


def test_tampered_json_next_to_its_jwt(
    signed: Built, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is a credential.json edited after signing caught by comparing it with credential.jwt?"""
    folder = tmp_path / "CS2026001"
    shutil.copytree(signed.site / "certificates/CS2026001", folder)
    doc = json.loads((folder / "credential.json").read_text("utf-8"))
    doc["credentialSubject"]["identifier"][0]["identityHash"] = "A999"
    (folder / "credential.json").write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    code, out = verify(capsys, str(folder / "credential.json"), "--as-of", "2026-11-23")
    assert code == INVALID and "JSON 文件已被改动" in out


def test_revoked_credential(signed: Built, capsys: pytest.CaptureFixture[str]) -> None:
    """Is CS2024013, in date on 2025-07-01 but revoked on 2025-06-01, rejected with exit 1?"""
    code, out = verify(capsys, str(jwt(signed, "CS2024013")), "--as-of", "2025-07-01")
    assert code == INVALID
    assert "撤销状态：已撤销" in out


def test_revoked_credential_against_the_repository(
    signed: Built, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With --root, does verify give the revocation date and reason from the data?"""
    copy = tmp_path / "cs.jwt"
    shutil.copy(jwt(signed, "CS2024013"), copy)
    code, out = verify(capsys, str(copy), "--root", str(signed.root), "--as-of", "2025-07-01")
    assert code == INVALID
    assert "已撤销（2025-06-01 撤销，原因：违反客户信息保密规定" in out


def test_superseded_credential(signed: Built, capsys: pytest.CaptureFixture[str]) -> None:
    """Is a superseded certificate reported as such from the portal's own record?"""
    code, out = verify(capsys, str(jwt(signed, "CS2024004")), "--as-of", "2025-01-01")
    assert code == INVALID and "已被取代" in out


def test_expired_credential(signed: Built, capsys: pytest.CaptureFixture[str]) -> None:
    """Is a genuine credential past its validUntil rejected with exit 1?"""
    code, out = verify(capsys, str(jwt(signed, "CS2024003")), "--as-of", "2026-11-23")
    assert code == INVALID and "已于 2025-03-10 过期" in out


def test_unsigned_credential(unsigned: Built, capsys: pytest.CaptureFixture[str]) -> None:
    """Is an unsigned credential (local build) never accepted as proof?"""
    path = unsigned.site / "certificates/CS2026001/credential.json"
    code, out = verify(capsys, str(path), "--as-of", "2026-11-23")
    assert code == INVALID and "凭证未签名" in out


def test_wrong_key(signed: Built, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Is a credential checked against another issuer's key rejected?"""
    other = tmp_path / "other.pem"
    other.write_text(public_pem(Ed25519PrivateKey.generate().public_key()))
    code, out = verify(capsys, str(jwt(signed, "CS2026001")), "--key", str(other))
    assert code == INVALID and "密钥与公钥不符" in out


@pytest.mark.parametrize("content", [None, "not a credential", '{"a": 1'])
def test_cannot_check(
    tmp_path: Path, content: str | None, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is a missing or unreadable file exit 2, with a message and no traceback?"""
    path = tmp_path / "x.jwt"
    if content is not None:
        path.write_text(content)
    code, out = verify(capsys, str(path))
    assert code == UNCHECKED and out.startswith("academy verify:")
