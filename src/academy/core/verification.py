"""``academy verify FILE``: check an Open Badges 3.0 credential offline.

The steps, in order: read the credential (``.jwt``, or ``.json`` with its signed
``.jwt`` beside it); find the public key (``--key``, else the ``keys/jwks.json`` of
the downloaded site the file sits in, else the key inside the token, which proves
only that nothing was altered); check the signature and that the JSON says what
was signed; then the status on the as-of date: from the repository with
``--root``, else from the site's revocation list, else from the dates alone.

Exit codes: 0 valid; 1 not valid; 2 could not
be checked; 3 signature and dates valid but revocation unknown (no list found).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from . import badges
from .addresses import LOOKUP_DIR, shard_of
from .keys import KeyProblem, Token, key_from_jwk, load_public_key, parse_jws, thumbprint
from .vocabulary import CERT_STATUS_LABELS, STILL_VALID

EXIT_VALID, EXIT_INVALID, EXIT_UNCHECKED, EXIT_UNKNOWN_STATUS = 0, 1, 2, 3
JWT_CLAIMS = ("iss", "jti", "nbf", "exp", "sub", "iat")
CERT_URL = re.compile(r"/certificates/([A-Z]{1,6}[0-9]{7,})/credential\.json$")


@dataclass
class Check:
    """What was found, line by line, and the verdict."""

    lines: list[tuple[str, str]] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)

    def say(self, label: str, text: str) -> None:
        self.lines.append((label, text))

    def fail(self, label: str, text: str) -> None:
        self.say(label, text)
        self.failures.append(text)

    def print(self) -> int:
        for label, text in self.lines:
            print(f"{label}：{text}")
        if self.failures:
            print(f"结论：无效 —— {'；'.join(self.failures)}")
            return EXIT_INVALID
        if self.unknown:
            print(f"结论：签名和有效期均有效，但{'；'.join(self.unknown)}")
            return EXIT_UNKNOWN_STATUS
        print("结论：有效")
        return EXIT_VALID


def _fatal(message: str) -> int:
    print(f"academy verify:{message}", file=sys.stderr)
    return EXIT_UNCHECKED


def _read(file: Path) -> tuple[dict[str, Any] | None, Token | None]:
    """(the credential JSON, the signed token), whichever exist for ``file``."""
    text = file.read_text(encoding="utf-8")
    if file.suffix == ".jwt" or not text.lstrip().startswith("{"):
        token = parse_jws(text)
        return None, token
    doc = json.loads(text)
    if not isinstance(doc, dict):
        raise ValueError("credential JSON must be an object")
    sibling = file.with_suffix(".jwt")
    return doc, parse_jws(sibling.read_text(encoding="utf-8")) if sibling.is_file() else None


def _site_file(start: Path, rel: str) -> Path | None:
    """``rel`` in the nearest folder above ``start`` that has it (a downloaded site)."""
    for folder in start.resolve().parents:
        candidate = folder / rel
        if candidate.is_file():
            return candidate
    return None


def _key(token: Token, file: Path, key: Path | None, check: Check) -> Ed25519PublicKey | None:
    if key is not None:
        public = load_public_key(key)
        check.say("公钥", f"{key}（指纹 {thumbprint(public)}）")
        return public
    jwks = _site_file(file.parent, badges.JWKS_PATH)
    if jwks is not None:
        keys = json.loads(jwks.read_text(encoding="utf-8")).get("keys", [])
        for jwk in keys:
            if jwk.get("kid") == token.header.get("kid"):
                public = key_from_jwk(jwk)
                check.say("公钥", f"{jwks}（门户公布的公钥，指纹 {thumbprint(public)}）")
                return public
        check.fail("公钥", f"{jwks} 中没有签名所用的密钥 {token.header.get('kid')}")
        return None
    public = key_from_jwk(token.header.get("jwk"))
    check.say(
        "公钥",
        f"凭证自带（指纹 {thumbprint(public)}）。这只能证明内容未被改动；"
        "请与门户公布的公钥指纹核对，或用 --key 指定公钥",
    )
    return public


def _credential_of(token: Token) -> dict[str, Any]:
    return {k: v for k, v in token.payload.items() if k not in JWT_CLAIMS}


def _claims_match(token: Token, doc: dict[str, Any]) -> bool:
    try:
        expected = badges.jwt_claims(doc)
    except (KeyError, TypeError, ValueError):
        return False
    return all(token.payload.get(k) == expected.get(k) for k in ("iss", "jti", "nbf", "exp"))


def _dates(doc: dict[str, Any], as_of: dt.date, check: Check) -> tuple[dt.date, dt.date] | None:
    try:
        start = dt.datetime.fromisoformat(doc["validFrom"]).date()
        end = dt.datetime.fromisoformat(doc["validUntil"]).date()
    except (KeyError, TypeError, ValueError):
        check.fail("有效期", "凭证缺少有效的 validFrom / validUntil")
        return None
    check.say("发证日期", start.isoformat())
    check.say("有效期至", end.isoformat())
    return start, end


def _status_from_root(root: Path, cert_id: str, as_of: dt.date, check: Check) -> None:
    from .pipeline import run

    outcome = run(root, as_of, write=False)
    cert = next((c for c in outcome.certificates if c.id == cert_id), None)
    if cert is None:
        check.fail(f"状态（按 {as_of}）", f"账本中没有证书 {cert_id}")
        return
    status = cert.status(as_of)
    text = CERT_STATUS_LABELS[status]
    if status == "revoked" and cert.revocation is not None:
        text += f"（{cert.revocation.revoked_on} 撤销，原因：{cert.revocation.reason}）"
    elif status == "superseded":
        text += f"（已由新证书 {cert.superseded_by} 取代）"
    elif status == "renewal_due":
        text += f"（请在 {cert.valid_until} 前完成复评）"
    if status in STILL_VALID:
        check.say(f"状态（按 {as_of}）", text + "，依据仓库数据")
    else:
        check.fail(f"状态（按 {as_of}）", text)


def _status_from_list(
    doc: dict[str, Any], file: Path, public: Ed25519PublicKey, check: Check
) -> None:
    entry = doc.get("credentialStatus") or {}
    url, index = entry.get("statusListCredential", ""), entry.get("statusListIndex", "")
    base = str((doc.get("issuer") or {}).get("url", ""))
    if not (isinstance(url, str) and url.startswith(base) and str(index).isdigit()):
        check.unknown.append("凭证没有可识别的撤销状态条目")
        return
    listing = _site_file(file.parent, url[len(base) :])
    if listing is None:
        check.unknown.append("找不到撤销列表，未能检查是否已撤销（可用 --root 指向仓库）")
        return
    signed = listing.with_suffix(".jwt")
    if signed.is_file():
        token = parse_jws(signed.read_text(encoding="utf-8"))
        if not token.verify(public):
            check.fail("撤销列表", f"{signed} 的签名无效")
            return
        data = token.payload
    else:
        data = json.loads(listing.read_text(encoding="utf-8"))
    bits = badges.decode_bits(data["credentialSubject"]["encodedList"])
    if badges.bit_is_set(bits, int(index)):
        check.fail("撤销状态", f"已撤销（据 {listing}）")
    else:
        check.say(
            "撤销状态", f"未撤销（据 {listing}，列表签发于 {data.get('validFrom', '?')[:10]}）"
        )


def verify(file: Path, *, key: Path | None, root: Path | None, as_of: dt.date) -> int:
    if not file.is_file():
        return _fatal(f"文件 {file} 不存在")
    try:
        doc, token = _read(file)
    except (OSError, UnicodeDecodeError, ValueError):
        return _fatal(f"{file} 不是 JSON 凭证，也不是 VC-JWT")
    check = Check()
    check.say("凭证", str(file))
    public: Ed25519PublicKey | None = None
    if token is None:
        assert doc is not None
        check.fail("签名", "凭证未签名（没有 .jwt 签名文件），无法证明真实性")
    else:
        try:
            public = _key(token, file, key, check)
        except KeyProblem as err:
            return _fatal(str(err))
        signed = _credential_of(token)
        if public is None:
            pass
        elif token.header.get("kid") not in (None, thumbprint(public)):
            check.fail("签名", "签名所用的密钥与公钥不符")
        elif not token.verify(public):
            check.fail("签名", "签名无效：凭证内容已被改动，或不是由该密钥签发")
        elif not _claims_match(token, signed):
            check.fail("签名", "JWT 声明（iss/jti/nbf/exp）与凭证内容不一致")
        elif doc is not None and doc != signed:
            check.fail("签名", f"{file.name} 与已签名的 .jwt 内容不一致：JSON 文件已被改动")
        else:
            check.say("签名", "有效（EdDSA / Ed25519）")
        doc = signed if doc is None else doc
    return _report(doc, file, public, root, as_of, check)


def _report(
    doc: dict[str, Any],
    file: Path,
    public: Ed25519PublicKey | None,
    root: Path | None,
    as_of: dt.date,
    check: Check,
) -> int:
    types = doc.get("type") or []
    if "OpenBadgeCredential" not in types and "AchievementCredential" not in types:
        check.fail("类型", "不是 Open Badges 3.0 凭证（type 中没有 OpenBadgeCredential）")
    match = CERT_URL.search(str(doc.get("id", "")))
    cert_id = match.group(1) if match else ""
    subject = doc.get("credentialSubject") or {}
    achievement = subject.get("achievement") or {}
    ids = [i.get("identityHash", "") for i in subject.get("identifier", []) if not i.get("hashed")]
    issuer = doc.get("issuer") or {}
    check.say("证书编号", cert_id or "（无法识别）")
    check.say("项目与等级", str(achievement.get("name", "（无）")))
    check.say("持证人工号", "、".join(map(str, ids)) or "（无）")
    check.say("签发者", f"{issuer.get('name', '?')}({issuer.get('url', '?')})")
    if check.failures:  # not authentic: what it claims about itself does not count
        return check.print()
    dates = _dates(doc, as_of, check)
    if dates is not None:
        start, end = dates
        if as_of < start:
            check.fail(f"有效期（按 {as_of}）", "尚未生效")
        elif as_of > end:
            check.fail(f"有效期（按 {as_of}）", f"已于 {end} 过期")
    if root is not None and cert_id:
        _status_from_root(root, cert_id, as_of, check)
    elif public is not None:
        _status_from_list(doc, file, public, check)
        if cert_id:
            _status_from_site(file, cert_id, check)
    return check.print()


def _status_from_site(file: Path, cert_id: str, check: Check) -> None:
    """The portal's own record (as of its build), from the lookup shard of a downloaded site."""
    shard = _site_file(file.parent, f"{LOOKUP_DIR}/{shard_of(cert_id)}.json")
    if shard is None:
        return
    data = json.loads(shard.read_text(encoding="utf-8"))
    record = next(
        (r for r in data.get("keys", {}).get(cert_id, []) if r.get("id") == cert_id), None
    )
    if record is None:
        check.fail("门户记录", f"{shard} 中没有证书 {cert_id}")
        return
    label = f"门户记录（按 {data.get('as_of', '?')} 构建）"
    if record.get("status") in ("revoked", "superseded"):
        check.fail(label, str(record.get("status_label")))
    else:
        check.say(label, str(record.get("status_label")))
