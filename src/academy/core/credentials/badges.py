"""Open Badges 3.0: one OpenBadgeCredential per certificate, in two signed forms.

The credential is an OB 3.0 ``OpenBadgeCredential`` (W3C VC data model 2.0): the
issuer profile (``did:web`` of the portal, ``integrity.did_web``), the achievement
with a criteria narrative, a subject named by a stable ``urn:uuid`` that says
nothing about the person (the employee id only as a salted SHA-256
``identityHash``), ``validFrom``/``validUntil`` and a ``BitstringStatusListEntry``
pointing at the one status list ``certificates/status/revocation.json``. Its bit
is the certificate's position in the ledger, which only grows, so it never moves.

With signing keys (``keys.signer_from_environment``) it is published twice:

- ``credential.jwt``: a VC-JWT as OB 3.0's JWT proof format describes it (the
  payload is the credential plus ``iss`` = issuer id, ``jti`` = credential id,
  ``sub`` = subject id, ``nbf``/``exp`` from ``validFrom``/``validUntil``; the
  header has ``alg: ES256`` and ``kid``: the URL of the one JWK on the portal,
  never the key itself);
- ``credential.json``: the same credential with an embedded ``eddsa-rdfc-2022``
  Data Integrity proof (``integrity``), the form wallets import.

Without keys ``credential.json`` has no proof and says in its description that it
is unsigned. The status list is itself a credential with an embedded proof and a
``validUntil`` (``STATUS_LIST_DAYS`` after the build), so a verifier can tell a
stale one; its VC-JWT twin ``revocation.jwt`` is what ``academy verify`` reads.

Dates are days in China Standard Time: valid from 00:00 of the issue day until
23:59:59 of the last valid day. ``academy verify`` (``verification.py``) checks a
credential offline; see ``verification.verify`` for its exit codes.
"""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import hashlib
import json
import uuid
from collections.abc import Iterable
from typing import Any

from academy.core.credentials.integrity import (
    DID_CONTEXT,
    MULTIKEY_CONTEXT,
    OB_CONTEXT,
    VC_CONTEXT,
    ProofCache,
    did_web,
    make_proof,
    method_id,
)
from academy.core.credentials.integrity import with_proof as _with_proof
from academy.core.credentials.keys import Signer
from academy.core.model import Program

# Identifier strings that appear in credential files (.json/.jwt) and are never fetched.
JSON_LD_IDENTIFIERS = (VC_CONTEXT, OB_CONTEXT, DID_CONTEXT, MULTIKEY_CONTEXT)
TIMEZONE = dt.timezone(dt.timedelta(hours=8), "CST")
STATUS_LIST_PATH = "certificates/status/revocation.json"
STATUS_LIST_JWT_PATH = "certificates/status/revocation.jwt"
STATUS_LIST_BITS = 131072  # the minimum length, so one bit says little about who it is
STATUS_LIST_DAYS = 7  # a list older than this is stale: the portal is rebuilt every night
SUBJECT_NAMESPACE = uuid.UUID("8f0f6c52-3a55-4a43-9c55-0b7b2f6a1d20")  # this project's own
ISSUER_PATH = "issuer.json"
JWKS_PATH = "keys/jwks.json"
PUBLIC_PEM_PATH = "keys/signing-key.pub.pem"
UNSIGNED_NOTE = "本凭证由本地构建生成，未经数字签名，不能作为证明；请以门户上的证书查验页为准。"


def iso_start(day: dt.date) -> str:
    return dt.datetime.combine(day, dt.time(0, 0), TIMEZONE).isoformat()


def iso_end(day: dt.date) -> str:
    return dt.datetime.combine(day, dt.time(23, 59, 59), TIMEZONE).isoformat()


def timestamp(text: str) -> int:
    return int(dt.datetime.fromisoformat(text).timestamp())


def issuer_profile(base: str, name: str) -> dict[str, Any]:
    """The OB 3.0 Profile of the academy, embedded in credentials and published.

    Its id is the portal's ``did:web``, which a wallet resolves from the portal itself
    (``did.json``) to find the keys of the embedded proofs."""
    return {
        "id": did_web(base),
        "type": ["Profile"],
        "name": name,
        "url": base,
    }


def issuer_document(
    base: str, name: str, signer: Signer | None, jwk_urls: Iterable[str] = ()
) -> dict[str, Any]:
    """``/issuer.json``: the profile, plus where its public keys are (if credentials are signed)."""
    doc: dict[str, Any] = {"@context": [VC_CONTEXT, OB_CONTEXT], **issuer_profile(base, name)}
    urls = "、".join(jwk_urls)
    doc["description"] = (
        f"{name}的证书由本门户签发。数字凭证有两种形式：VC-JWT（{signer.algorithm}，"
        f"公钥见 {base}{JWKS_PATH}，每个公钥单独发布在 {urls}）和内嵌 eddsa-rdfc-2022 "
        f"证明的 JSON（公钥见 DID 文档 {did_web(base)}）。"
        if signer
        else f"{name}的这次构建没有签名密钥：数字凭证未签名。"
    )
    return doc


def criteria_narrative(program: Program, level_id: str) -> str:
    """How the level is earned, in words, from the program's scoring rules."""
    level = program.level(level_id)
    rule = program.certificate
    parts = []
    if program.kind == "weighted":
        items = []
        for c in program.components:
            gate = f"（须达到 {c.pass_mark} 分）" if c.pass_mark is not None else ""
            items.append(f"{c.label}占 {c.weight}%{gate}")
        parts.append(f"按“{program.title}”考核：{'、'.join(items)}，加权计算总分")
    else:
        parts.append(f"按“{program.title}”的评分细则逐项扣分，满分 100 分")
    if level is not None:
        parts.append(f"总分达到 {level.min_total} 分及以上，获评“{level.label}”")
    text = ",".join(parts) + "。"
    if rule is not None:
        text += (
            f"证书有效期 {rule.validity_months} 个月，到期前 {rule.renewal_window_months} 个月内"
            "可参加复评，复评通过后有效期顺延。"
        )
    return text.translate({ord(c): "\\" + c for c in "\\[]<>"})  # Markdown: no link, no HTML


def achievement(
    base: str, program: Program, level_id: str, issuer: dict[str, Any]
) -> dict[str, Any]:
    level = program.level(level_id)
    label = level.label if level else level_id
    return {
        "id": f"{base}certificates/achievements/{program.id}/{level_id}.json",
        "type": ["Achievement"],
        "achievementType": "Certificate",
        "name": f"{program.title} · {label}",
        "description": program.description or program.title,
        "criteria": {"narrative": criteria_narrative(program, level_id)},
        "creator": issuer,
        "inLanguage": "zh-CN",
    }


def retired_achievement(
    base: str, program_id: str, level_id: str, issuer: dict[str, Any]
) -> dict[str, Any]:
    """The achievement of a program no longer in the curriculum (only its ledger id is left)."""
    return {
        "id": f"{base}certificates/achievements/{program_id}/{level_id}.json",
        "type": ["Achievement"],
        "achievementType": "Certificate",
        "name": f"{program_id} · {level_id}",
        "description": "该认证项目已停用。",
        "criteria": {"narrative": "该认证项目已停用，考核要求见当时的培训记录。"},
        "creator": issuer,
        "inLanguage": "zh-CN",
    }


def credential(
    *,
    base: str,
    cert_id: str,
    employee_id: str,
    index: int,
    name: str,
    issued_on: dt.date,
    valid_until: dt.date,
    issuer: dict[str, Any],
    achievement_doc: dict[str, Any],
    signed: bool,
) -> dict[str, Any]:
    """The OpenBadgeCredential of one certificate (plain JSON data)."""
    description = f"{issuer['name']}证书 {cert_id}：{achievement_doc['name']}。"
    if not signed:
        description += UNSIGNED_NOTE
    status_list = f"{base}{STATUS_LIST_PATH}"
    credential_id = f"{base}certificates/{cert_id}/credential.json"
    salt = identity_salt(credential_id)
    return {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": credential_id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": name,
        "description": description,
        "issuer": issuer,
        "validFrom": iso_start(issued_on),
        "validUntil": iso_end(valid_until),
        "awardedDate": iso_start(issued_on),
        "credentialSubject": {
            "id": subject_id(base, cert_id),
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityHash": identity_hash(employee_id, salt),
                    "identityType": "identifier",
                    "hashed": True,
                    "salt": salt,
                }
            ],
            "achievement": achievement_doc,
        },
        "credentialStatus": {
            "id": f"{status_list}#{index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(index),
            "statusListCredential": status_list,
        },
    }


def subject_id(base: str, cert_id: str) -> str:
    """The subject's stable id: the same for every build, derived from nothing personal."""
    return uuid.uuid5(SUBJECT_NAMESPACE, f"{base}certificates/{cert_id}").urn


def identity_salt(credential_id: str) -> str:
    """The credential's own salt (deterministic, so rebuilds are byte-identical)."""
    return hashlib.sha256(f"salt:{credential_id}".encode()).hexdigest()[:16]


def identity_hash(employee_id: str, salt: str) -> str:
    """OB 3.0 IdentityHash: ``sha256$`` + hex SHA-256 of the identifier followed by the salt."""
    return "sha256$" + hashlib.sha256(f"{employee_id}{salt}".encode()).hexdigest()


def dumps(doc: dict[str, Any]) -> str:
    """Stable JSON on one line (json's C encoder: ``indent`` would use the slow Python one)."""
    return json.dumps(doc, ensure_ascii=False) + "\n"


def compact(doc: dict[str, Any]) -> bytes:
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def jwt_claims(doc: dict[str, Any]) -> dict[str, Any]:
    """OB 3.0's JWT proof format: the credential plus the registered claims derived from it."""
    issuer = doc["issuer"]
    claims = {**doc, "iss": issuer["id"] if isinstance(issuer, dict) else issuer, "jti": doc["id"]}
    subject = doc.get("credentialSubject")
    if isinstance(subject, dict) and "id" in subject:
        claims["sub"] = subject["id"]
    claims["nbf"] = timestamp(doc["validFrom"])
    if "validUntil" in doc:
        claims["exp"] = timestamp(doc["validUntil"])
    return claims


def sign(doc: dict[str, Any], signer: Signer, base: str) -> str:
    return signer.sign_jwt(compact(jwt_claims(doc)), base) + "\n"


def secured(
    doc: dict[str, Any], signer: Signer, base: str, cache: ProofCache | None = None
) -> dict[str, Any]:
    """``doc`` with its embedded ``eddsa-rdfc-2022`` proof (made once, then cached)."""
    proof = make_proof(
        doc,
        method=method_id(base, signer.public),
        created=str(doc["validFrom"]),
        sign=signer.sign_proof,
        cached=cache,
    )
    return _with_proof(doc, proof)


def encode_bits(indices: Iterable[int], length: int = STATUS_LIST_BITS) -> str:
    """Bitstring Status List ``encodedList``: multibase base64url of the gzipped bits."""
    bits = bytearray(max(length, 0) // 8)
    for i in indices:
        if i >= len(bits) * 8:
            bits.extend(bytes(i // 8 + 1 - len(bits)))
        bits[i // 8] |= 0x80 >> (i % 8)  # bit 0 is the left-most bit
    packed = gzip.compress(bytes(bits), compresslevel=9, mtime=0)
    return "u" + base64.urlsafe_b64encode(packed).rstrip(b"=").decode("ascii")


def decode_bits(encoded: str) -> bytes:
    if not encoded.startswith("u"):
        raise ValueError("encodedList must be multibase base64url (u…)")
    data = base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4))
    return gzip.decompress(data)


def bit_is_set(bits: bytes, index: int) -> bool:
    return index // 8 < len(bits) and bool(bits[index // 8] & (0x80 >> (index % 8)))


def status_list(
    base: str, issuer: dict[str, Any], revoked: Iterable[int], as_of: dt.date
) -> dict[str, Any]:
    """The revocation list every credential points at (a BitstringStatusListCredential).

    Only the VC 2.0 context, which defines every term used here: the issuer is named by
    its id alone (an embedded OB ``Profile`` would need the OB context)."""
    url = f"{base}{STATUS_LIST_PATH}"
    return {
        "@context": [VC_CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer["id"],
        "validFrom": iso_start(as_of),
        "validUntil": iso_end(as_of + dt.timedelta(days=STATUS_LIST_DAYS)),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encode_bits(sorted(revoked)),
        },
    }


KIT_TYPE = "AcademyVerificationKit"


def verification_kit(
    base: str,
    issuer: dict[str, Any],
    jwks: dict[str, Any],
    status_list_jwt: str,
    as_of: dt.date,
) -> dict[str, Any]:
    """The portal's keys and signed status list as one dated file, for offline checks.

    ``academy verify --site kit.json`` trusts the keys only because the verifier took
    the file from the issuer's portal, as with a saved copy of the site."""
    return {
        "type": KIT_TYPE,
        "portal": base,
        "saved_on": as_of.isoformat(),
        "issuer": issuer,
        "jwks": jwks,
        "statusList": status_list_jwt.strip(),
    }
