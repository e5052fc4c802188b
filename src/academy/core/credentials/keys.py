"""The signing key and compact JWS with Ed25519 (RFC 8037 ``EdDSA``), on ``joserfc``.

CI gives the key in the environment variable ``ACADEMY_SIGNING_KEY``: a PEM Ed25519
private key (``openssl genpkey -algorithm ed25519``). It is read once, never
printed, never written anywhere; only its public half is published. Without it
(local builds) credentials are produced unsigned.

JWS serialisation and verification are joserfc's (a maintained JOSE library), with
the algorithm pinned to ``EdDSA`` by ``REGISTRY``: any other ``alg`` (``none``,
``HS256`` with the public key as the secret, …) is refused before a key is used.
``EdDSA`` is what Open Badges 3.0 / VC-JWT verifiers expect; RFC 9864's newer name
``Ed25519`` is not yet understood by them, so joserfc's deprecation warning for it
does not apply here (the key type pins the curve to Ed25519). Ed25519 signatures
are deterministic, so the same credential signed twice gives the same bytes, which
keeps builds reproducible.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from joserfc import jws
from joserfc.errors import JoseError, UnsupportedAlgorithmError
from joserfc.jwk import OKPKey
from joserfc.jws import JWSAlgModel, JWSRegistry

KEY_VARIABLE = "ACADEMY_SIGNING_KEY"
ALGORITHM = "EdDSA"


class _EdDSAOnly(JWSRegistry):
    """joserfc's JWS registry, accepting ``EdDSA`` and nothing else."""

    def get_alg(self, name: str) -> JWSAlgModel:
        if name != ALGORITHM:
            raise UnsupportedAlgorithmError(f"Algorithm of '{name}' is not allowed")
        return self.algorithms[ALGORITHM]


REGISTRY = _EdDSAOnly(algorithms=[ALGORITHM])


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

    @cached_property
    def kid(self) -> str:
        return thumbprint(self.public)

    @cached_property
    def _jws_key(self) -> OKPKey:  # imported once per signer, not once per credential
        return OKPKey.import_key(self.private)

    def header(self) -> dict[str, Any]:
        """The protected header: the key is named by ``kid`` only, never carried along."""
        return {"alg": ALGORITHM, "typ": "JWT", "kid": self.kid}

    def sign_jwt(self, payload_json: bytes) -> str:
        return jws.serialize_compact(self.header(), payload_json, self._jws_key, registry=REGISTRY)


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
    """A compact JWS taken apart, not yet trusted; ``verify`` checks it with a given key."""

    text: str
    header: dict[str, Any]
    payload: dict[str, Any]

    def verify(self, key: Ed25519PublicKey) -> bool:
        """Is this token signed by ``key`` with ``EdDSA`` (joserfc, algorithm pinned)?"""
        try:
            jws.deserialize_compact(self.text, OKPKey.import_key(key), registry=REGISTRY)
        except (JoseError, ValueError):
            return False
        return True


def parse_jws(text: str) -> Token:
    """Decode a compact JWS without trusting it; ``ValueError`` if it is not one."""
    text = text.strip()
    if text.count(".") != 2 or not text.isascii():
        raise ValueError("not a compact JWS")
    try:
        parts = jws.extract_compact(text.encode("ascii"), registry=REGISTRY)
        header = parts.headers()
        payload = json.loads(parts.payload)
    except (JoseError, ValueError, TypeError) as err:
        raise ValueError(f"not a compact JWS: {err}") from None
    if not isinstance(header, dict) or not isinstance(payload, dict):
        raise ValueError("JWS header and payload must be JSON objects")
    return Token(text, header, payload)
