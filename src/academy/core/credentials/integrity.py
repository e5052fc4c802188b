"""Embedded Data Integrity proofs (``eddsa-rdfc-2022``) and the issuer's ``did:web``.

A wallet (the DCC Learner Credential Wallet and its verifier-core) reads a credential
as JSON-LD with an embedded proof, not a VC-JWT. The proof, as the W3C Data Integrity
EdDSA cryptosuites specify for ``eddsa-rdfc-2022``, in order:

1. the proof options (type, cryptosuite, created, verificationMethod, proofPurpose)
   get the credential's ``@context``;
2. both the options and the credential without its proof are canonicalised with
   RDFC-1.0 (pyld's URDNA2015, the same algorithm) into N-Quads;
3. the Ed25519 signature covers SHA-256(options) ‖ SHA-256(credential); it is written
   as ``proofValue``, multibase base58btc (``z…``).

Contexts are read from the package (``data/``: the W3C VC 2.0 and 1EdTech OB 3.0.3
contexts, byte for byte as published); nothing is fetched, and a context that is not
bundled is an error, never a download. The verification method is a ``Multikey`` in
the issuer's DID document (``did:web`` of the portal's address, ``did.json`` on the
site), so a verifier resolves it from the portal itself.

Canonicalising costs tens of milliseconds a credential; ``ProofCache`` keeps proofs
keyed by the hash of the exact bytes signed, so an unchanged credential is never
canonicalised or signed again.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from academy.core.credentials.keys import thumbprint

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
DID_CONTEXT = "https://www.w3.org/ns/did/v1"
MULTIKEY_CONTEXT = "https://w3id.org/security/multikey/v1"
BUNDLED = {VC_CONTEXT: "credentials-v2.jsonld", OB_CONTEXT: "ob-v3p0-context-3.0.3.json"}
PROOF_TYPE, CRYPTOSUITE, PURPOSE = "DataIntegrityProof", "eddsa-rdfc-2022", "assertionMethod"
_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_ED25519_MULTICODEC = b"\xed\x01"


class ContextNotBundled(Exception):
    """A JSON-LD context that the package does not carry (nothing is ever fetched)."""


@cache
def bundled_context(url: str) -> dict[str, Any]:
    name = BUNDLED.get(url)
    if name is None:
        raise ContextNotBundled(url)
    text = resources.files("academy").joinpath("data", name).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _loader(url: str, options: Any = None) -> dict[str, Any]:
    return {"contextUrl": None, "documentUrl": url, "document": bundled_context(url)}


def canonical(doc: dict[str, Any]) -> str:
    """RDFC-1.0 canonical N-Quads of ``doc`` (contexts from the package only)."""
    from pyld import jsonld  # imported here: only signing and verifying need it

    options = {
        "algorithm": "URDNA2015",
        "format": "application/n-quads",
        "documentLoader": _loader,
    }
    text: str = jsonld.normalize(doc, options)
    return text


def base58btc(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    out = ""
    while number:
        number, rest = divmod(number, 58)
        out = _ALPHABET[rest] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out


def base58btc_decode(text: str) -> bytes:
    number = 0
    for char in text:
        number = number * 58 + _ALPHABET.index(char)
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * (len(text) - len(text.lstrip("1"))) + body


def multikey(key: Ed25519PublicKey) -> str:
    """``publicKeyMultibase`` of an Ed25519 key (``z6Mk…``)."""
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "z" + base58btc(_ED25519_MULTICODEC + raw)


def did_web(base: str) -> str:
    """``did:web`` of the portal's address: host (port %-encoded), then its path segments."""
    parts = urlsplit(base)
    host = quote(parts.netloc, safe="")
    segments = [quote(s, safe="") for s in parts.path.split("/") if s]
    return ":".join(["did:web", host, *segments])


def did_document_path(base: str) -> str:
    """Where ``did:web`` resolves under the site: ``.well-known/did.json`` at the host's
    root, else ``did.json`` in the portal's folder."""
    return "did.json" if urlsplit(base).path.strip("/") else ".well-known/did.json"


def method_id(base: str, key: Ed25519PublicKey) -> str:
    return f"{did_web(base)}#{thumbprint(key)}"


def did_document(base: str, keys: list[Ed25519PublicKey]) -> dict[str, Any]:
    """The issuer's DID document: every Ed25519 key it signs (or signed) proofs with."""
    did = did_web(base)
    methods = [
        {
            "id": method_id(base, k),
            "type": "Multikey",
            "controller": did,
            "publicKeyMultibase": multikey(k),
        }
        for k in keys
    ]
    ids = [m["id"] for m in methods]
    return {
        "@context": [DID_CONTEXT, MULTIKEY_CONTEXT],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": ids,
        "authentication": ids,
    }


def proof_options(method: str, created: str, context: Any) -> dict[str, Any]:
    return {
        "@context": context,
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": created,
        "verificationMethod": method,
        "proofPurpose": PURPOSE,
    }


def hash_data(doc: dict[str, Any], options: dict[str, Any]) -> bytes:
    """SHA-256(canonical options) ‖ SHA-256(canonical credential): what is signed."""
    unsecured = {k: v for k, v in doc.items() if k != "proof"}
    first = _options_hash(json.dumps(options, ensure_ascii=False, sort_keys=True))
    return first + hashlib.sha256(canonical(unsecured).encode("utf-8")).digest()


@cache
def _options_hash(options_json: str) -> bytes:
    """Proof options repeat (one per issue date): canonicalised once each."""
    return hashlib.sha256(canonical(json.loads(options_json)).encode("utf-8")).digest()


def make_proof(
    doc: dict[str, Any],
    *,
    method: str,
    created: str,
    sign: Callable[[bytes], bytes],
    cached: ProofCache | None = None,
) -> dict[str, Any]:
    """The ``eddsa-rdfc-2022`` proof of ``doc`` (``doc`` itself is not changed)."""
    options = proof_options(method, created, doc.get("@context"))
    key = hashlib.sha256(
        json.dumps([doc, options], ensure_ascii=False, sort_keys=True).encode("utf-8")
    ).hexdigest()
    value = cached.get(key) if cached is not None else None
    if value is None:
        value = "z" + base58btc(sign(hash_data(doc, options)))
        if cached is not None:
            cached.put(key, value)
    proof = {k: v for k, v in options.items() if k != "@context"}
    proof["proofValue"] = value
    return proof


def with_proof(doc: dict[str, Any], proof: dict[str, Any]) -> dict[str, Any]:
    """The secured document: ``proof`` as an array, as the OB 3.0 schema types it."""
    return {**doc, "proof": [proof]}


def verify_proof(doc: dict[str, Any], public: Ed25519PublicKey) -> bool:
    """Does the first proof of ``doc`` verify with ``public`` (used for status lists)?"""
    proofs = doc.get("proof")
    proof = proofs[0] if isinstance(proofs, list) and proofs else proofs
    if not isinstance(proof, dict) or proof.get("cryptosuite") != CRYPTOSUITE:
        return False
    value = proof.get("proofValue")
    if not isinstance(value, str) or not value.startswith("z"):
        return False
    options = {k: v for k, v in proof.items() if k != "proofValue"}
    options["@context"] = doc.get("@context")
    try:
        public.verify(base58btc_decode(value[1:]), hash_data(doc, options))
    except Exception:  # InvalidSignature, ValueError, a context not bundled
        return False
    return True


class ProofCache:
    """Proof values by the hash of what they sign, kept in one JSON file per chunk.

    Each chunk of certificates is written by one process, so files are never shared;
    a file is rewritten only when a proof was added. A damaged file is ignored (its
    proofs are made again): the cache can make a build slower, never wrong, since the
    key is the hash of the exact credential and proof options signed.
    """

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.values: dict[str, str] = {}
        self.added = 0
        if path is not None:
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                if isinstance(data, dict):
                    self.values = {str(k): str(v) for k, v in data.items()}
            except (OSError, ValueError):
                pass
        self.used: dict[str, str] = {}

    def get(self, key: str) -> str | None:
        value = self.values.get(key)
        if value is not None:
            self.used[key] = value
        return value

    def put(self, key: str, value: str) -> None:
        self.used[key] = value
        self.added += 1

    def save(self) -> None:
        """Keep the proofs used this time (stale ones drop out)."""
        if self.path is None or (not self.added and len(self.used) == len(self.values)):
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(self.used, separators=(",", ":")), encoding="utf-8")
        tmp.replace(self.path)
