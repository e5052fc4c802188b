"""The signing key and compact JWS with Ed25519 (RFC 8037 ``EdDSA``), on ``cryptography``.

CI gives the key in the environment variable ``ACADEMY_SIGNING_KEY``: a PEM Ed25519
private key (``openssl genpkey -algorithm ed25519``). It is read once, never
printed, never written anywhere; only its public half is published. Without it
(local builds) credentials are produced unsigned.

A JWS is ``base64url(header).base64url(payload).base64url(signature)``; Ed25519
signatures are deterministic, so the same credential signed twice with the same key
gives the same bytes, which keeps builds reproducible.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

KEY_VARIABLE = "ACADEMY_SIGNING_KEY"


class KeyProblem(Exception):
    """A key that cannot be used; the message is Chinese and never contains key material."""


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    if not isinstance(text, str) or not text.isascii():
        raise ValueError("not base64url")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def public_jwk(key: Ed25519PublicKey) -> dict[str, str]:
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return {"kty": "OKP", "crv": "Ed25519", "x": b64url(raw)}


def thumbprint(key: Ed25519PublicKey) -> str:
    """RFC 7638 JWK thumbprint (SHA-256): the key's short, stable name (``kid``)."""
    jwk = public_jwk(key)
    canonical = json.dumps({k: jwk[k] for k in ("crv", "kty", "x")}, separators=(",", ":"))
    return b64url(hashlib.sha256(canonical.encode("ascii")).digest())


def public_pem(key: Ed25519PublicKey) -> str:
    pem = key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return pem.decode("ascii")


@dataclass(frozen=True)
class Signer:
    """A private key and what is published about it."""

    private: Ed25519PrivateKey

    @property
    def public(self) -> Ed25519PublicKey:
        return self.private.public_key()

    @property
    def kid(self) -> str:
        return thumbprint(self.public)

    def header(self) -> dict[str, Any]:
        return {"alg": "EdDSA", "typ": "JWT", "kid": self.kid, "jwk": public_jwk(self.public)}

    def sign_jwt(self, header_json: bytes, payload_json: bytes) -> str:
        signing_input = f"{b64url(header_json)}.{b64url(payload_json)}".encode("ascii")
        return signing_input.decode("ascii") + "." + b64url(self.private.sign(signing_input))


def signer_from_pem(pem: bytes) -> Signer:
    try:
        key = serialization.load_pem_private_key(pem, password=None)
    except (ValueError, TypeError):
        raise KeyProblem(f"{KEY_VARIABLE} 不是未加密的 PEM 格式私钥") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyProblem(
            f"{KEY_VARIABLE} 必须是 Ed25519 私钥（openssl genpkey -algorithm ed25519）"
        )
    return Signer(key)


def signer_from_environment() -> Signer | None:
    """The CI signing key, or ``None`` when the variable is unset or empty (local builds)."""
    text = os.environ.get(KEY_VARIABLE, "").strip()
    if not text:
        return None
    return signer_from_pem(text.encode("utf-8") + b"\n")


def load_public_key(path: Path) -> Ed25519PublicKey:
    """A public key from a PEM file, a JWK, or a JWK set with one Ed25519 key."""
    try:
        data = path.read_bytes()
    except OSError:
        raise KeyProblem(f"无法读取公钥文件 {path}") from None
    if data.lstrip().startswith(b"-----BEGIN"):
        try:
            key = serialization.load_pem_public_key(data)
        except ValueError:
            raise KeyProblem(f"{path} 不是有效的 PEM 公钥") from None
        if not isinstance(key, Ed25519PublicKey):
            raise KeyProblem(f"{path} 不是 Ed25519 公钥")
        return key
    try:
        jwk = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        raise KeyProblem(f"{path} 既不是 PEM 公钥，也不是 JWK") from None
    keys = jwk.get("keys") if isinstance(jwk, dict) else None
    if isinstance(keys, list):
        if len(keys) != 1:
            raise KeyProblem(f"{path} 中有 {len(keys)} 个密钥，请用 --key 指定其中一个")
        jwk = keys[0]
    return key_from_jwk(jwk)


def key_from_jwk(jwk: Any) -> Ed25519PublicKey:
    if not isinstance(jwk, dict) or jwk.get("kty") != "OKP" or jwk.get("crv") != "Ed25519":
        raise KeyProblem("公钥不是 Ed25519 JWK(kty=OKP, crv=Ed25519)")
    try:
        return Ed25519PublicKey.from_public_bytes(b64url_decode(jwk.get("x", "")))
    except ValueError:
        raise KeyProblem("JWK 中的公钥数据无效") from None


@dataclass(frozen=True)
class Token:
    """A compact JWS taken apart; ``verify`` checks the signature with a given key."""

    header: dict[str, Any]
    payload: dict[str, Any]
    signing_input: bytes
    signature: bytes

    def verify(self, key: Ed25519PublicKey) -> bool:
        if self.header.get("alg") != "EdDSA":
            return False
        try:
            key.verify(self.signature, self.signing_input)
        except InvalidSignature:
            return False
        return True


def parse_jws(text: str) -> Token:
    """Split and decode a compact JWS; ``ValueError`` if it is not one."""
    parts = text.strip().split(".")
    if len(parts) != 3:
        raise ValueError("not a compact JWS")
    header = json.loads(b64url_decode(parts[0]))
    payload = json.loads(b64url_decode(parts[1]))
    if not isinstance(header, dict) or not isinstance(payload, dict):
        raise ValueError("JWS header and payload must be JSON objects")
    signing_input = f"{parts[0]}.{parts[1]}".encode("ascii")
    return Token(header, payload, signing_input, b64url_decode(parts[2]))
