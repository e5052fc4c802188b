"""Open Badges 3.0: one OpenBadgeCredential per certificate, signed as a VC-JWT.

The credential (``certificates/<ID>/credential.json``) is an OB 3.0
``OpenBadgeCredential`` (W3C VC data model 2.0): issuer profile, achievement with a
criteria narrative, ``validFrom``/``validUntil`` and a ``BitstringStatusListEntry``
pointing at the revocation list ``certificates/status/revocation.json``. Its bit
is the certificate's position in the ledger, which only grows, so it never moves.

With a signing key (``keys.signer_from_environment``) the same credential is also
written as ``credential.jwt``: a VC-JWT as OB 3.0 §8.2 describes it (the JWT
payload is the credential itself plus ``iss``, ``jti``, ``nbf``, ``exp``; the
header carries ``alg: EdDSA`` and ``kid``, never the key itself: a verifier takes
the key from the portal's ``keys/jwks.json``). Without a key the
credential says in its description that it is unsigned.

Dates are days in China Standard Time: valid from 00:00 of the issue day until
23:59:59 of the last valid day. ``academy verify`` (``verification.py``) checks a
credential offline; see ``verification.verify`` for its exit codes.
"""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import json
from collections.abc import Iterable
from typing import Any

from academy.core.credentials.keys import Signer
from academy.core.model import Program

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
# Identifier strings that appear in credential files (.json/.jwt) and are never fetched.
JSON_LD_IDENTIFIERS = (VC_CONTEXT, OB_CONTEXT)
TIMEZONE = dt.timezone(dt.timedelta(hours=8), "CST")
STATUS_LIST_PATH = "certificates/status/revocation.json"
STATUS_LIST_BITS = 131072  # the minimum length, so one bit says little about who it is
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
    """The OB 3.0 Profile of the academy, embedded in credentials and published."""
    return {
        "id": f"{base}{ISSUER_PATH}",
        "type": ["Profile"],
        "name": name,
        "url": base,
    }


def issuer_document(base: str, name: str, signer: Signer | None) -> dict[str, Any]:
    """``/issuer.json``: the profile, plus where its public key is (if credentials are signed)."""
    doc: dict[str, Any] = {"@context": [VC_CONTEXT, OB_CONTEXT], **issuer_profile(base, name)}
    doc["description"] = (
        f"{name}的证书由本门户签发。数字凭证为 Open Badges 3.0 VC-JWT(EdDSA / Ed25519),"
        f"公钥见 {base}{JWKS_PATH}。"
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
    return text


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
    return {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": f"{base}certificates/{cert_id}/credential.json",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": name,
        "description": description,
        "issuer": issuer,
        "validFrom": iso_start(issued_on),
        "validUntil": iso_end(valid_until),
        "awardedDate": iso_start(issued_on),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityHash": employee_id,
                    "identityType": "identifier",
                    "hashed": False,
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


def dumps(doc: dict[str, Any]) -> str:
    """Stable JSON on one line (json's C encoder: ``indent`` would use the slow Python one)."""
    return json.dumps(doc, ensure_ascii=False) + "\n"


def compact(doc: dict[str, Any]) -> bytes:
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def jwt_claims(doc: dict[str, Any]) -> dict[str, Any]:
    """OB 3.0 §8.2: the credential itself plus the registered claims derived from it."""
    claims = {**doc, "iss": doc["issuer"]["id"], "jti": doc["id"]}
    claims["nbf"] = timestamp(doc["validFrom"])
    if "validUntil" in doc:
        claims["exp"] = timestamp(doc["validUntil"])
    return claims


def sign(doc: dict[str, Any], signer: Signer) -> str:
    return signer.sign_jwt(compact(jwt_claims(doc))) + "\n"


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
    """The revocation list every credential points at (a BitstringStatusListCredential)."""
    url = f"{base}{STATUS_LIST_PATH}"
    return {
        "@context": [VC_CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer,
        "validFrom": iso_start(as_of),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encode_bits(sorted(revoked)),
        },
    }
