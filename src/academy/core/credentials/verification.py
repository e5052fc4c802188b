"""``academy verify FILE``: check an Open Badges 3.0 credential offline.

The steps, in order: read the credential (``.jwt``, or ``.json`` with its signed
``.jwt`` beside it); take the keys the expected issuer publishes (``trust.resolve``:
``--key``, ``--site`` (a portal directory or its verification kit) or the
repository's own portal; never a key the credential names); refuse any algorithm but
``ES256`` and ``EdDSA`` (each only with its own kind of key) and any key carried or
pointed at in the header (a ``kid`` URL counts only as the name of a published key);
check the signature (joserfc) and that the JSON says what was signed and comes from
the expected issuer; then the status on the as-of date: from the repository with
``--root``, else from the issuer's signed status list (saying how old it is), else it
stays unknown.

Returns a ``Check``: the lines found, the failures, what stays unknown (no status
list of the issuer found, or the list is past its ``validUntil``), or why the file
could not be checked at all; ``academy.commands.verify`` prints it and chooses the
exit code.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from academy.core.credentials import badges
from academy.core.credentials.addresses import LOOKUP_DIR, shard_of
from academy.core.credentials.keys import (
    ALGORITHMS,
    EDDSA,
    KeyProblem,
    PublicKey,
    Token,
    algorithm_of,
    parse_jws,
)
from academy.core.credentials.trust import NoTrustedKey, Trust, resolve
from academy.core.vocabulary import CERT_STATUS_LABELS, STILL_VALID, CertStatus

JWT_CLAIMS = ("iss", "jti", "nbf", "exp", "sub", "iat")
CERT_URL = re.compile(r"/certificates/([A-Z]{1,6}[0-9]{7,})/credential\.json$")
KID_URL = re.compile(r"(?P<base>https?://[^\s]+/)keys/(?P<thumbprint>[A-Za-z0-9_-]{43})\.jwk")
KEY_NAMES = {"ES256": "ES256 / P-256", EDDSA: "EdDSA / Ed25519"}


@dataclass
class Check:
    """What was found, line by line, and the verdict (``academy verify`` prints it)."""

    lines: list[tuple[str, str]] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    fatal: str | None = None  # why the credential could not be checked at all

    def say(self, label: str, text: str) -> None:
        self.lines.append((label, text))

    def fail(self, label: str, text: str) -> None:
        self.say(label, text)
        self.failures.append(text)


def _fatal(message: str) -> Check:
    return Check(fatal=message)


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


def _kid(kid: Any, trust: Trust) -> str | None:
    """The thumbprint a ``kid`` names: the bare thumbprint (credentials issued before the
    switch to ES256) or the URL of the key's JWK on the expected issuer's portal. The URL
    is never fetched: it only names a key the verifier already trusts."""
    if not isinstance(kid, str):
        return None
    match = KID_URL.fullmatch(kid)
    if match is None:
        return None if "/" in kid or ":" in kid else kid
    if trust.issuer_url is not None and match.group("base") != trust.issuer_url:
        return None
    return match.group("thumbprint")


def _key(token: Token, doc: dict[str, Any], trust: Trust, check: Check) -> PublicKey | None:
    """The trusted key that must have signed ``token``, or ``None`` with the reason failed."""
    header = token.header
    alg = header.get("alg")
    if alg not in ALGORITHMS:
        check.fail("签名", f"签名算法为 {alg!r}，只接受 ES256（P-256）或 EdDSA（Ed25519）")
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
    name = _kid(kid, trust)
    if kid is None:
        same = [t for t, k in trust.keys.items() if algorithm_of(k) == alg]
        name = same[0] if len(same) == 1 else None
    public = trust.keys.get(name) if name is not None else None
    if public is None:
        check.fail(
            "签名",
            f"签名所用的密钥 {kid!r} 不在 {trust.source} 中：凭证不是由该签发者签发的",
        )
        return None
    if algorithm_of(public) != alg:
        check.fail("签名", f"签名算法 {alg} 与签发者公布的密钥 {name} 不符")
        return None
    check.say("公钥", f"{trust.source}（指纹 {name}）")
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
    found = next(((c.index, c) for c in outcome.certificates if c.id == cert_id), None)
    if found is None:
        check.fail(f"状态（按 {as_of}）", f"账本中没有证书 {cert_id}")
        return
    index, cert = found
    entry = _obj(doc, "credentialStatus")
    if str(entry.get("statusListIndex")) != str(index):
        check.fail("撤销状态索引", f"凭证中的状态索引与账本不符（账本中为 {index}）")
    status = cert.status(as_of)
    text = CERT_STATUS_LABELS[status]
    if status == CertStatus.REVOKED and cert.revocation is not None:
        text += f"（{cert.revocation.revoked_on} 撤销，原因：{cert.revocation.reason}）"
    elif status == CertStatus.SUPERSEDED:
        text += f"（已由新证书 {cert.superseded_by} 取代）"
    elif status == CertStatus.RENEWAL_DUE:
        text += f"（请在 {cert.valid_until} 前完成复评）"
    if status in STILL_VALID:
        check.say(f"状态（按 {as_of}）", text + "，依据仓库数据")
    else:
        check.fail(f"状态（按 {as_of}）", text)


def _signed_list(
    doc: dict[str, Any], trust: Trust, as_of: dt.date, check: Check
) -> tuple[dict[str, Any], int] | None:
    """The issuer's signed status list and the credential's bit in it, or ``None``."""
    entry = _obj(doc, "credentialStatus")
    issuer = _obj(doc, "issuer")
    url, index = entry.get("statusListCredential"), entry.get("statusListIndex")
    expected = f"{issuer.get('url', '')}{badges.STATUS_LIST_PATH}"
    if url != expected or not (isinstance(index, str) and index.isdigit()):
        check.fail("撤销状态", f"凭证的撤销状态条目不是签发者的撤销列表（应为 {expected}）")
        return None
    if trust.status_list is None:
        listing = trust.site / badges.STATUS_LIST_PATH if trust.site else None
        if listing is not None and listing.is_file():
            check.fail("撤销列表", f"{listing} 未签名：签名的凭证只认签发者签名的撤销列表")
        elif trust.site is not None:
            check.unknown.append(f"找不到撤销列表 {trust.status_source}，未能检查是否已撤销")
        else:
            check.unknown.append(
                "找不到签发者的撤销列表，未能检查是否已撤销"
                "（可用 --site 指定门户目录或核验包，或 --root 指定仓库）"
            )
        return None
    where = trust.status_source
    try:
        token = parse_jws(trust.status_list)
    except ValueError:
        check.fail("撤销列表", f"{where} 不是签名的撤销列表")
        return None
    public = trust.keys.get(_kid(token.header.get("kid"), trust) or "")
    if (
        token.header.get("alg") not in ALGORITHMS
        or any(name in token.header for name in KEY_HEADERS)
        or public is None
        or not token.verify(public)
    ):
        check.fail("撤销列表", f"{where} 不是由签发者的密钥签名的")
        return None
    data = token.payload
    list_issuer = data.get("issuer")
    list_issuer_id = list_issuer.get("id") if isinstance(list_issuer, dict) else list_issuer
    subject = _obj(data, "credentialSubject")
    if (
        data.get("id") != url
        or list_issuer_id != issuer.get("id")
        or subject.get("statusPurpose") != "revocation"
    ):
        check.fail("撤销列表", f"{where} 不是该签发者为这类凭证发布的撤销列表")
        return None
    try:
        issued = dt.datetime.fromisoformat(str(data["validFrom"])).date()
        until = dt.datetime.fromisoformat(str(data["validUntil"])).date()
    except (KeyError, ValueError):
        check.unknown.append(f"{where} 没有有效期（validUntil），无法判断是否过时")
        return None
    age = (as_of - issued).days
    when = f"（距核验日 {age} 天）" if age >= 0 else "（晚于核验日）"
    check.say("状态信息", f"撤销列表签发于 {issued}{when}，有效至 {until}")
    if as_of > until:
        check.unknown.append(
            f"撤销列表已于 {until} 过期（签发于 {issued}，已过去 {age} 天），"
            "未能确认现在是否已撤销：请取得门户最新的撤销列表或核验包"
        )
        return None
    return data, int(index)


def _status_from_list(doc: dict[str, Any], trust: Trust, as_of: dt.date, check: Check) -> None:
    found = _signed_list(doc, trust, as_of, check)
    if found is None:
        return
    data, index = found
    try:
        bits = badges.decode_bits(str(data["credentialSubject"]["encodedList"]))
    except (KeyError, ValueError, OSError, EOFError):
        check.fail("撤销列表", "撤销列表的内容无法解码")
        return
    where = trust.status_source
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
) -> Check:
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
    elif doc is not None and {k: v for k, v in doc.items() if k != "proof"} != signed:
        check.fail("签名", f"{file.name} 与已签名的 .jwt 内容不一致：JSON 文件已被改动")
    else:
        check.say("签名", f"有效（{KEY_NAMES[algorithm_of(public)]}）")
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
) -> Check:
    types = _seq(doc, "type")
    if "OpenBadgeCredential" not in types and "AchievementCredential" not in types:
        check.fail("类型", "不是 Open Badges 3.0 凭证（type 中没有 OpenBadgeCredential）")
    match = CERT_URL.search(_text(doc.get("id")))
    cert_id = match.group(1) if match else ""
    subject = _obj(doc, "credentialSubject")
    achievement = _obj(subject, "achievement")
    identifiers = [i for i in _seq(subject, "identifier") if isinstance(i, dict)]
    ids = [_text(i.get("identityHash")) for i in identifiers if i.get("hashed") is False]
    hashed = [i for i in identifiers if i.get("hashed") is True]
    issuer = _obj(doc, "issuer")
    check.say("证书编号", cert_id or "（无法识别）")
    check.say("项目与等级", _text(achievement.get("name")) or "（无）")
    if ids or not hashed:
        check.say("持证人工号", "、".join(ids) or "（无）")
    record = _portal_record(trust.site, cert_id) if trust and trust.site and cert_id else None
    if hashed:
        known = _text(record.get("employee_id")) if record else ""
        if known and any(_hash_matches(i, known) for i in hashed):
            check.say("持证人工号", f"{known}（与凭证中的加盐哈希一致）")
        elif known:
            check.fail("持证人工号", f"凭证中的加盐哈希与门户记录的工号 {known} 不符")
        else:
            check.say("持证人工号", "凭证中为加盐哈希（核对工号：sha256(工号 + salt)）")
    check.say("签发者", f"{_text(issuer.get('name')) or '?'}（{_text(issuer.get('url')) or '?'}）")
    if check.failures:  # not authentic: what it claims about itself does not count
        return check
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
        _status_from_list(doc, trust, as_of, check)
        if cert_id and trust.site is not None:
            _status_from_site(trust.site, cert_id, check)
    return check


def _hash_matches(identifier: dict[str, Any], employee_id: str) -> bool:
    value = _text(identifier.get("identityHash"))
    salt = _text(identifier.get("salt"))
    digest = hashlib.sha256(f"{employee_id}{salt}".encode()).hexdigest()
    return value.lower() == f"sha256${digest}"


def _shard(site: Path, cert_id: str) -> tuple[Path, dict[str, Any], list[Any]] | None:
    shard = site / LOOKUP_DIR / f"{shard_of(cert_id)}.json"
    try:
        data = json.loads(shard.read_text(encoding="utf-8"))
        records = data["keys"].get(cert_id, [])
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return shard, data, records if isinstance(records, list) else []


def _portal_record(site: Path, cert_id: str) -> dict[str, Any] | None:
    found = _shard(site, cert_id)
    records = found[2] if found else []
    return next((r for r in records if isinstance(r, dict) and r.get("id") == cert_id), None)


def _status_from_site(site: Path, cert_id: str, check: Check) -> None:
    """The portal's own record (as of its build), from the lookup shard of the issuer's site."""
    found = _shard(site, cert_id)
    if found is None:
        return
    shard, data, records = found
    record = next((r for r in records if isinstance(r, dict) and r.get("id") == cert_id), None)
    if record is None:
        check.fail("门户记录", f"{shard} 中没有证书 {cert_id}")
        return
    label = f"门户记录（按 {data.get('as_of', '?')} 构建）"
    if record.get("status") in (CertStatus.REVOKED, CertStatus.SUPERSEDED):
        check.fail(label, str(record.get("status_label")))
    else:
        check.say(label, str(record.get("status_label")))
