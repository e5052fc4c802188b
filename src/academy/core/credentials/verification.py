"""``academy verify FILE``: check an Open Badges 3.0 credential offline.

The steps, in order: read the credential (``.jwt``, or ``.json`` with its signed
``.jwt`` beside it); take the keys the expected issuer publishes (``trust.resolve``:
``--key``, ``--site`` or the repository's own portal; never a key the credential
names); refuse any algorithm but ``EdDSA`` and any key carried or pointed at in the
header; check the signature (joserfc) and that the JSON says what was signed and
comes from the expected issuer; then the status on the as-of date: from the
repository with ``--root``, else from the issuer's signed revocation list, else it
stays unknown.

Exit codes : 0 valid; 1 not valid; 2 could not
be checked (no such file, not a credential, no trusted key); 3 signature and dates
valid but revocation unknown (no revocation list of the issuer found).
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

from academy.core.credentials import badges
from academy.core.credentials.addresses import LOOKUP_DIR, shard_of
from academy.core.credentials.keys import ALGORITHM, KeyProblem, Token, parse_jws
from academy.core.credentials.trust import NoTrustedKey, Trust, resolve
from academy.core.vocabulary import CERT_STATUS_LABELS, STILL_VALID

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


KEY_HEADERS = ("jwk", "jku", "x5u", "x5c", "x5t", "x5t#S256")


def _key(token: Token, doc: dict[str, Any], trust: Trust, check: Check) -> Ed25519PublicKey | None:
    """The trusted key that must have signed ``token``, or ``None`` with the reason failed."""
    header = token.header
    alg = header.get("alg")
    if alg != ALGORITHM:
        check.fail("签名", f"签名算法为 {alg!r}，只接受 {ALGORITHM}（Ed25519）")
        return None
    carried = [name for name in KEY_HEADERS if name in header]
    if carried:
        check.fail(
            "签名",
            f"凭证头部自带或指向密钥（{'、'.join(carried)}）：只采信签发者公布的公钥，"
            "这样的凭证不予接受",
        )
        return None
    claimed = _obj(doc, "issuer").get("url")
    if trust.issuer_url is not None and claimed != trust.issuer_url:
        check.fail(
            "签发者",
            f"凭证自称由 {claimed!r} 签发，不是预期的签发者 {trust.issuer_url}：不是本门户的证书",
        )
        return None
    kid = header.get("kid")
    if kid is None and len(trust.keys) == 1:
        kid = next(iter(trust.keys))
    public = trust.keys.get(kid) if isinstance(kid, str) else None
    if public is None:
        check.fail(
            "签名",
            f"签名所用的密钥 {kid!r} 不在 {trust.source} 中：凭证不是由该签发者签发的",
        )
        return None
    check.say("公钥", f"{trust.source}（指纹 {kid}）")
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
        start = dt.datetime.fromisoformat(str(doc["validFrom"])).date()
        end = dt.datetime.fromisoformat(str(doc["validUntil"])).date()
    except (KeyError, TypeError, ValueError):
        check.fail("有效期", "凭证缺少有效的 validFrom / validUntil")
        return None
    check.say("发证日期", start.isoformat())
    check.say("有效期至", end.isoformat())
    return start, end


def _status_from_root(
    root: Path, cert_id: str, doc: dict[str, Any], as_of: dt.date, check: Check
) -> None:
    from academy.core.pipeline import run

    outcome = run(root, as_of, write=False)
    found = next(((i, c) for i, c in enumerate(outcome.certificates) if c.id == cert_id), None)
    if found is None:
        check.fail(f"状态（按 {as_of}）", f"账本中没有证书 {cert_id}")
        return
    index, cert = found
    entry = _obj(doc, "credentialStatus")
    if str(entry.get("statusListIndex")) != str(index):
        check.fail("撤销状态索引", f"凭证中的状态索引与账本不符（账本中为 {index}）")
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


def _signed_list(
    doc: dict[str, Any], trust: Trust, check: Check
) -> tuple[dict[str, Any], int] | None:
    """The issuer's signed revocation list and the credential's bit in it, or ``None``."""
    entry = _obj(doc, "credentialStatus")
    issuer = _obj(doc, "issuer")
    url, index = entry.get("statusListCredential"), entry.get("statusListIndex")
    expected = f"{issuer.get('url', '')}{badges.STATUS_LIST_PATH}"
    if url != expected or not (isinstance(index, str) and index.isdigit()):
        check.fail("撤销状态", f"凭证的撤销状态条目不是签发者的撤销列表（应为 {expected}）")
        return None
    if trust.site is None:
        check.unknown.append(
            "找不到签发者的撤销列表，未能检查是否已撤销"
            "（可用 --site 指定门户目录，或 --root 指定仓库）"
        )
        return None
    listing = trust.site / badges.STATUS_LIST_PATH
    signed = listing.with_suffix(".jwt")
    if not signed.is_file():
        if listing.is_file():
            check.fail("撤销列表", f"{listing} 未签名：签名的凭证只认签发者签名的撤销列表")
        else:
            check.unknown.append(f"找不到撤销列表 {signed}，未能检查是否已撤销")
        return None
    try:
        token = parse_jws(signed.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        check.fail("撤销列表", f"{signed} 不是签名的撤销列表")
        return None
    kid = token.header.get("kid")
    public = trust.keys.get(kid) if isinstance(kid, str) else None
    if (
        token.header.get("alg") != ALGORITHM
        or any(name in token.header for name in KEY_HEADERS)
        or public is None
        or not token.verify(public)
    ):
        check.fail("撤销列表", f"{signed} 不是由签发者的密钥签名的")
        return None
    data = token.payload
    list_issuer = _obj(data, "issuer")
    subject = _obj(data, "credentialSubject")
    if (
        data.get("id") != url
        or list_issuer.get("id") != issuer.get("id")
        or subject.get("statusPurpose") != "revocation"
    ):
        check.fail("撤销列表", f"{signed} 不是该签发者为这类凭证发布的撤销列表")
        return None
    return data, int(index)


def _status_from_list(doc: dict[str, Any], trust: Trust, check: Check) -> None:
    found = _signed_list(doc, trust, check)
    if found is None:
        return
    data, index = found
    try:
        bits = badges.decode_bits(str(data["credentialSubject"]["encodedList"]))
    except (KeyError, ValueError, OSError, EOFError):
        check.fail("撤销列表", "撤销列表的内容无法解码")
        return
    where = trust.site / badges.STATUS_LIST_PATH if trust.site else "?"
    if badges.bit_is_set(bits, index):
        check.fail("撤销状态", f"已撤销（据 {where}）")
    else:
        issued = str(data.get("validFrom", "?"))[:10]
        check.say("撤销状态", f"未撤销（据 {where}，列表签发于 {issued}）")


def verify(
    file: Path,
    *,
    key: Path | None,
    root: Path | None,
    as_of: dt.date,
    site: Path | None = None,
    repo: Path | None = None,
) -> int:
    """Check ``file``; ``repo`` is the portal repository the command runs in, if any."""
    if not file.is_file():
        return _fatal(f"文件 {file} 不存在")
    try:
        doc, token = _read(file)
    except (OSError, UnicodeDecodeError, ValueError):
        return _fatal(f"{file} 不是 JSON 凭证，也不是 VC-JWT")
    check = Check()
    check.say("凭证", str(file))
    trust: Trust | None = None
    if token is None:
        assert doc is not None
        check.fail("签名", "凭证未签名（没有 .jwt 签名文件），无法证明真实性")
        return _report(doc, None, root, as_of, check)
    try:
        trust = resolve(key=key, site=site, repo=root or repo)
    except (NoTrustedKey, KeyProblem) as err:
        return _fatal(str(err))
    signed = _credential_of(token)
    public = _key(token, signed, trust, check)
    if public is None:
        pass
    elif not token.verify(public):
        check.fail("签名", "签名无效：凭证内容已被改动，或不是由该密钥签发")
    elif not _claims_match(token, signed):
        check.fail("签名", "JWT 声明（iss/jti/nbf/exp）与凭证内容不一致")
    elif doc is not None and doc != signed:
        check.fail("签名", f"{file.name} 与已签名的 .jwt 内容不一致：JSON 文件已被改动")
    else:
        check.say("签名", f"有效（{ALGORITHM} / Ed25519）")
    return _report(signed, trust, root, as_of, check)


def _obj(doc: dict[str, Any], key: str) -> dict[str, Any]:
    value = doc.get(key)
    return value if isinstance(value, dict) else {}


def _seq(doc: dict[str, Any], key: str) -> list[Any]:
    value = doc.get(key)
    return value if isinstance(value, list) else []


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _report(
    doc: dict[str, Any],
    trust: Trust | None,
    root: Path | None,
    as_of: dt.date,
    check: Check,
) -> int:
    types = _seq(doc, "type")
    if "OpenBadgeCredential" not in types and "AchievementCredential" not in types:
        check.fail("类型", "不是 Open Badges 3.0 凭证（type 中没有 OpenBadgeCredential）")
    match = CERT_URL.search(_text(doc.get("id")))
    cert_id = match.group(1) if match else ""
    subject = _obj(doc, "credentialSubject")
    achievement = _obj(subject, "achievement")
    identifiers = _seq(subject, "identifier")
    ids = [
        _text(i.get("identityHash"))
        for i in identifiers
        if isinstance(i, dict) and not i.get("hashed")
    ]
    issuer = _obj(doc, "issuer")
    check.say("证书编号", cert_id or "（无法识别）")
    check.say("项目与等级", _text(achievement.get("name")) or "（无）")
    check.say("持证人工号", "、".join(ids) or "（无）")
    check.say("签发者", f"{_text(issuer.get('name')) or '?'}（{_text(issuer.get('url')) or '?'}）")
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
        _status_from_root(root, cert_id, doc, as_of, check)
    elif trust is not None:
        _status_from_list(doc, trust, check)
        if cert_id and trust.site is not None:
            _status_from_site(trust.site, cert_id, check)
    return check.print()


def _status_from_site(site: Path, cert_id: str, check: Check) -> None:
    """The portal's own record (as of its build), from the lookup shard of the issuer's site."""
    shard = site / LOOKUP_DIR / f"{shard_of(cert_id)}.json"
    try:
        data = json.loads(shard.read_text(encoding="utf-8"))
        records = data["keys"].get(cert_id, [])
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError):
        return
    record = next((r for r in records if isinstance(r, dict) and r.get("id") == cert_id), None)
    if record is None:
        check.fail("门户记录", f"{shard} 中没有证书 {cert_id}")
        return
    label = f"门户记录（按 {data.get('as_of', '?')} 构建）"
    if record.get("status") in ("revoked", "superseded"):
        check.fail(label, str(record.get("status_label")))
    else:
        check.say(label, str(record.get("status_label")))
