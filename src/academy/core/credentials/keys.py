"""The signing keys and compact JWS: ES256 (P-256) for VC-JWTs, Ed25519 for proofs.

CI gives the keys in the environment variable ``ACADEMY_SIGNING_KEY``: two PEM
private keys one after the other (``academy keys new`` prints a new pair):

- a P-256 key signs the VC-JWTs with ``ES256``. Open Badges 3.0 names RS256 as the
  minimum algorithm and 1EdTech's validator accepts only RS256 and ES256, so a JWT
  signed with anything else is not accepted by every verifier;
- an Ed25519 key signs the embedded Data Integrity proofs (``eddsa-rdfc-2022``, the
  suite wallets such as the DCC Learner Credential Wallet check) and the status list.

A secret holding only the old single Ed25519 key still works (its JWTs are signed
``EdDSA`` as before) and ``Signer.warning`` says to replace it. The keys are read
once, never printed, never written anywhere; only their public halves are published.
Without the variable (local builds) credentials are produced unsigned.

Verification (``Token.verify``) is joserfc's, with the algorithm pinned to the key:
``ES256`` for a P-256 key, ``EdDSA`` for an Ed25519 key (credentials issued before the
switch keep verifying); any other ``alg`` (``none``, ``HS256`` with the public key as
the secret, …) is refused before a key is used. Signing is done here: ES256 with
RFC 6979 deterministic nonces and Ed25519 are both deterministic, so the same
credential signed twice gives the same bytes and rebuilds are byte-identical.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from joserfc import jws
from joserfc.errors import JoseError, UnsupportedAlgorithmError
from joserfc.jwk import ECKey, OKPKey
from joserfc.jws import JWSAlgModel, JWSRegistry
from joserfc.util import urlsafe_b64decode, urlsafe_b64encode

KEY_VARIABLE = "ACADEMY_SIGNING_KEY"
ES256, EDDSA = "ES256", "EdDSA"
ALGORITHMS = (ES256, EDDSA)
ALGORITHM = ES256  # what new credentials are signed with
PublicKey = ec.EllipticCurvePublicKey | Ed25519PublicKey
LEGACY_WARNING = (
    f"注意：{KEY_VARIABLE} 只有一个 Ed25519 私钥（旧格式）：凭证仍可签名，但 JWT 只能用 EdDSA，"
    "1EdTech 等验证器不接受。请用 academy keys new 生成新的密钥对并替换仓库密钥"
    "（见培训师指南“发布门户 → 签名密钥”）。"
)
_PEM_BLOCK = re.compile(rb"-----BEGIN [A-Z ]+-----.+?-----END [A-Z ]+-----", re.S)


class _Pinned(JWSRegistry):
    """joserfc's JWS registry, accepting ``ES256`` and ``EdDSA`` and nothing else."""

    def get_alg(self, name: str) -> JWSAlgModel:
        if name not in ALGORITHMS:
            raise UnsupportedAlgorithmError(f"Algorithm of '{name}' is not allowed")
        return self.algorithms[name]


REGISTRY = _Pinned(algorithms=list(ALGORITHMS))


class KeyProblem(Exception):
    """A key that cannot be used; the message is Chinese and never contains key material."""


def b64url(data: bytes) -> str:
    return urlsafe_b64encode(data).decode("ascii")


def b64url_decode(text: str) -> bytes:
    if not isinstance(text, str) or not text.isascii():
        raise ValueError("not base64url")
    return urlsafe_b64decode(text.encode("ascii"))


def algorithm_of(key: PublicKey) -> str:
    return EDDSA if isinstance(key, Ed25519PublicKey) else ES256


def _joserfc_key(key: PublicKey) -> ECKey | OKPKey:
    return OKPKey.import_key(key) if isinstance(key, Ed25519PublicKey) else ECKey.import_key(key)


def public_jwk(key: PublicKey) -> dict[str, str]:
    """The public key as a JWK (joserfc's export: kty, crv, x and y for P-256)."""
    exported = _joserfc_key(key).as_dict(private=False)
    return {name: str(exported[name]) for name in ("kty", "crv", "x", "y") if name in exported}


def thumbprint(key: PublicKey) -> str:
    """RFC 7638 JWK thumbprint (SHA-256, joserfc's): the key's short, stable name."""
    return _joserfc_key(key).thumbprint()


def public_pem(key: PublicKey) -> str:
    pem = key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return pem.decode("ascii")


def jwk_path(key: PublicKey) -> str:
    """Where the portal publishes one key as a single JWK: the JWT ``kid`` is its URL."""
    return thumbprint_path(thumbprint(key))


def thumbprint_path(name: str) -> str:
    """The single-JWK file of the key whose RFC 7638 thumbprint is ``name``."""
    return f"keys/{name}.jwk"


def published_jwk(key: PublicKey) -> dict[str, str]:
    """The public key as the portal lists it (``kid`` is the RFC 7638 thumbprint)."""
    return {**public_jwk(key), "kid": thumbprint(key), "alg": algorithm_of(key), "use": "sig"}


@dataclass(frozen=True)
class Signer:
    """The private keys and what is published about them.

    ``private`` (Ed25519) signs the Data Integrity proofs; ``p256`` signs the JWTs
    (``None``: an old single-key secret, whose JWTs are signed with ``private``).
    """

    private: Ed25519PrivateKey
    p256: ec.EllipticCurvePrivateKey | None = None

    @property
    def public(self) -> Ed25519PublicKey:
        return self.private.public_key()

    @property
    def jwt_public(self) -> PublicKey:
        return self.p256.public_key() if self.p256 is not None else self.public

    @property
    def algorithm(self) -> str:
        return ES256 if self.p256 is not None else EDDSA

    @property
    def warning(self) -> str | None:
        return LEGACY_WARNING if self.p256 is None else None

    @cached_property
    def kid(self) -> str:
        """The JWT key's thumbprint (the ``kid`` URL ends in it)."""
        return thumbprint(self.jwt_public)

    def __reduce__(self) -> tuple[Any, tuple[bytes]]:
        """Pickled as its PEM (for the certificate writers, fresh processes): key
        objects themselves cannot be pickled."""
        keys = [self.private] if self.p256 is None else [self.p256, self.private]
        return signer_from_pem, ("".join(_private_pem(k) for k in keys).encode("ascii"),)

    def publics(self) -> list[PublicKey]:
        """Every public key this signer uses, JWT key first."""
        return [self.jwt_public] + ([self.public] if self.p256 is not None else [])

    def header(self, base: str) -> dict[str, Any]:
        """The protected header: ``kid`` is the URL of the one JWK, never the key itself."""
        # the thumbprint is cached (self.kid): joserfc's costs 14 µs, paid once, not per credential
        return {"alg": self.algorithm, "typ": "JWT", "kid": base + thumbprint_path(self.kid)}

    def sign_jwt(self, payload_json: bytes, base: str) -> str:
        head = json.dumps(self.header(base), separators=(",", ":")).encode("ascii")
        signing_input = f"{b64url(head)}.{b64url(payload_json)}".encode("ascii")
        if self.p256 is None:
            signature = self.private.sign(signing_input)
        else:
            der = self.p256.sign(
                signing_input, ec.ECDSA(hashes.SHA256(), deterministic_signing=True)
            )
            r, s = decode_dss_signature(der)
            signature = r.to_bytes(32, "big") + s.to_bytes(32, "big")
        return f"{signing_input.decode('ascii')}.{b64url(signature)}"

    def sign_proof(self, data: bytes) -> bytes:
        return self.private.sign(data)


def _load_private(block: bytes) -> Any:
    try:
        return serialization.load_pem_private_key(block, password=None)
    except (ValueError, TypeError):
        raise KeyProblem(f"{KEY_VARIABLE} 不是未加密的 PEM 格式私钥") from None


def signer_from_pem(pem: bytes) -> Signer:
    """The signer of ``ACADEMY_SIGNING_KEY``: one Ed25519 key and (new format) one P-256 key."""
    blocks = _PEM_BLOCK.findall(pem)
    if not blocks:
        raise KeyProblem(f"{KEY_VARIABLE} 不是未加密的 PEM 格式私钥")
    ed: list[Ed25519PrivateKey] = []
    p256: list[ec.EllipticCurvePrivateKey] = []
    for block in blocks:
        key = _load_private(block + b"\n")
        if isinstance(key, Ed25519PrivateKey):
            ed.append(key)
        elif isinstance(key, ec.EllipticCurvePrivateKey) and isinstance(key.curve, ec.SECP256R1):
            p256.append(key)
        else:
            raise KeyProblem(
                f"{KEY_VARIABLE} 只能包含一个 Ed25519 私钥和一个 P-256 私钥"
                "（academy keys new 生成）"
            )
    if len(ed) != 1 or len(p256) > 1:
        raise KeyProblem(
            f"{KEY_VARIABLE} 应包含一个 Ed25519 私钥和一个 P-256 私钥（academy keys new 生成），"
            f"实际有 Ed25519 私钥 {len(ed)} 个、P-256 私钥 {len(p256)} 个"
        )
    return Signer(ed[0], p256[0] if p256 else None)


def signer_from_environment() -> Signer | None:
    """The CI signing keys, or ``None`` when the variable is unset or empty (local builds)."""
    text = os.environ.get(KEY_VARIABLE, "").strip()
    if not text:
        return None
    return signer_from_pem(text.encode("utf-8") + b"\n")


def _private_pem(key: Any) -> str:
    data: bytes = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return data.decode("ascii")


def new_pair() -> str:
    """A new secret for ``ACADEMY_SIGNING_KEY``: P-256 then Ed25519, PEM, one after the other."""
    return _private_pem(ec.generate_private_key(ec.SECP256R1())) + _private_pem(
        Ed25519PrivateKey.generate()
    )


def load_public_key(path: Path) -> list[PublicKey]:
    """Public keys from a PEM file, a JWK, or a JWK set."""
    try:
        data = path.read_bytes()
    except OSError:
        raise KeyProblem(f"无法读取公钥文件 {path}") from None
    if data.lstrip().startswith(b"-----BEGIN"):
        found: list[PublicKey] = []
        for block in _PEM_BLOCK.findall(data):
            try:
                key = serialization.load_pem_public_key(block + b"\n")
            except ValueError:
                raise KeyProblem(f"{path} 不是有效的 PEM 公钥") from None
            if isinstance(key, Ed25519PublicKey) or (
                isinstance(key, ec.EllipticCurvePublicKey) and isinstance(key.curve, ec.SECP256R1)
            ):
                found.append(key)
            else:
                raise KeyProblem(f"{path} 不是 Ed25519 或 P-256 公钥")
        if not found:
            raise KeyProblem(f"{path} 不是有效的 PEM 公钥")
        return found
    try:
        jwk = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        raise KeyProblem(f"{path} 既不是 PEM 公钥，也不是 JWK") from None
    keys = jwk.get("keys") if isinstance(jwk, dict) else None
    if isinstance(keys, list):
        return [key_from_jwk(k) for k in keys]
    return [key_from_jwk(jwk)]


def key_from_jwk(jwk: Any) -> PublicKey:
    """An Ed25519 or P-256 public key from a JWK (read by joserfc); anything else refused."""
    if not isinstance(jwk, dict):
        raise KeyProblem("公钥不是 JWK")
    kind = (jwk.get("kty"), jwk.get("crv"))
    if kind not in (("OKP", "Ed25519"), ("EC", "P-256")):
        raise KeyProblem("公钥不是 Ed25519（kty=OKP）或 P-256（kty=EC）JWK")
    public = {name: jwk[name] for name in ("kty", "crv", "x", "y") if name in jwk}
    try:
        loaded = (OKPKey if kind[0] == "OKP" else ECKey).import_key(public)
        key = loaded.public_key
    except (JoseError, ValueError, TypeError, KeyError):
        raise KeyProblem("JWK 中的公钥数据无效") from None
    if not isinstance(key, (Ed25519PublicKey, ec.EllipticCurvePublicKey)):
        raise KeyProblem("公钥不是 Ed25519（kty=OKP）或 P-256（kty=EC）JWK")
    return key


@dataclass(frozen=True)
class Token:
    """A compact JWS taken apart, not yet trusted; ``verify`` checks it with a given key."""

    text: str
    header: dict[str, Any]
    payload: dict[str, Any]

    def verify(self, key: PublicKey) -> bool:
        """Is this token signed by ``key`` with the one algorithm of that key (joserfc)?"""
        if self.header.get("alg") != algorithm_of(key):
            return False
        try:
            jose_key: OKPKey | ECKey = (
                OKPKey.import_key(key)
                if isinstance(key, Ed25519PublicKey)
                else ECKey.import_key(key)
            )
            jws.deserialize_compact(
                self.text, jose_key, algorithms=[algorithm_of(key)], registry=REGISTRY
            )
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
