"""Which keys ``academy verify`` trusts: only those the expected issuer publishes.

In order: ``--key FILE``; else what ``--site`` names: a portal directory (its
``keys/jwks.json``, ``issuer.json`` and signed status list) or the portal's
verification kit (``keys/verification-kit.json``: the same keys and status list as
one dated file, saved from the portal); else, inside the portal's repository
(``--root`` or the current directory holding ``mkdocs.yml``), the
``site/keys/jwks.json`` of its own build, whose issuer is the ``site_url`` configured
there. Never a key, key URL (``jku``, ``x5u``, a ``kid`` URL elsewhere), key id or
issuer that the credential names itself: a credential proves nothing about who
signed it. Without a trusted key the check cannot be made (``NoTrustedKey``, exit 2).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from academy.core.credentials import badges
from academy.core.credentials.keys import (
    KeyProblem,
    PublicKey,
    key_from_jwk,
    load_public_key,
    thumbprint,
)
from academy.core.load import portal


class NoTrustedKey(Exception):
    """No key of the expected issuer is available; the message (Chinese) says which."""


@dataclass(frozen=True)
class Trust:
    """The expected issuer: its keys by thumbprint, its address, its status information."""

    keys: dict[str, PublicKey]
    source: str  # where the keys come from, for the report
    issuer_url: str | None  # the issuer's address (``issuer.url``), when known
    site: Path | None  # the issuer's portal directory (lookup shards), if one was named
    status_list: str | None = None  # the signed status list (VC-JWT text), if known
    status_source: str = ""  # where it comes from, for the report
    saved_on: str | None = None  # the kit's date, when the keys come from a kit


def _keyset(data: Any, where: Path) -> dict[str, PublicKey]:
    entries = data.get("keys") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise KeyProblem(f"{where} 不是 JWK 集合（缺少 keys 列表）")
    keys: dict[str, PublicKey] = {}
    for jwk in entries:
        key = key_from_jwk(jwk)
        keys[thumbprint(key)] = key  # the kid is the key's thumbprint, whatever the file says
    return keys


def _jwks(path: Path) -> dict[str, PublicKey]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        raise KeyProblem(f"{path} 不是可读的 JWK 集合（keys/jwks.json）") from None
    return _keyset(data, path)


def _issuer_url(site: Path) -> str | None:
    """``url`` of the portal's own ``issuer.json`` (the directory the verifier named)."""
    try:
        data = json.loads((site / badges.ISSUER_PATH).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    url = data.get("url") if isinstance(data, dict) else None
    return url if isinstance(url, str) and url else None


def _status_list(site: Path) -> tuple[str | None, str]:
    signed = site / badges.STATUS_LIST_JWT_PATH
    try:
        return signed.read_text(encoding="utf-8"), str(site / badges.STATUS_LIST_PATH)
    except (OSError, UnicodeDecodeError):
        return None, str(signed)


def _from_kit(kit: Path) -> Trust:
    """The keys and status list of a verification kit saved from the portal."""
    try:
        data = json.loads(kit.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        raise NoTrustedKey(
            f"没有可信的公钥：{kit} 不是可读的核验包（verification-kit.json）"
        ) from None
    if not isinstance(data, dict) or data.get("type") != badges.KIT_TYPE:
        raise NoTrustedKey(f"没有可信的公钥：{kit} 不是门户的核验包（verification-kit.json）")
    keys = _keyset(data.get("jwks"), kit)
    if not keys:
        raise NoTrustedKey(f"没有可信的公钥：核验包 {kit} 中没有公钥")
    issuer = data.get("issuer")
    url = issuer.get("url") if isinstance(issuer, dict) else None
    status = data.get("statusList")
    saved = data.get("saved_on")
    return Trust(
        keys,
        f"{kit}（门户核验包，保存于 {saved}）",
        url if isinstance(url, str) and url else None,
        None,
        status if isinstance(status, str) else None,
        f"核验包 {kit}",
        saved if isinstance(saved, str) else None,
    )


def resolve(*, key: Path | None, site: Path | None, repo: Path | None) -> Trust:
    """The trusted keys and issuer, from what the verifier named; ``NoTrustedKey`` if none."""
    if site is not None and site.is_file():
        return _from_kit(site)
    issuer_url: str | None = None
    if repo is not None:
        issuer_url = portal.site_url(repo)
        built = repo / "site"
        # the repository's own build counts only if it was signed (a local build is not)
        if (
            site is None
            and (built / badges.JWKS_PATH).is_file()
            and _jwks(built / badges.JWKS_PATH)
        ):
            site = built
    if site is not None:
        issuer_url = _issuer_url(site) or issuer_url
    status, status_source = _status_list(site) if site is not None else (None, "")
    if key is not None:
        publics = load_public_key(key)
        keys = {thumbprint(k): k for k in publics}
        return Trust(keys, str(key), issuer_url, site, status, status_source)
    if site is None:
        missing = ""
        if repo is not None:
            where = repo / "site" / badges.JWKS_PATH
            missing = (
                f"{where} 不存在或没有公钥（本仓库按 mkdocs.yml 的 site_url 签名构建的门户公钥；"
                "本地构建不签名）。"
            )
        raise NoTrustedKey(
            "没有可信的公钥："
            + missing
            + "请用 --key 指定签发者公布的公钥文件（PEM 或 JWK），或用 --site 指定门户网站目录"
            "（其中须有 keys/jwks.json）或门户的核验包 keys/verification-kit.json。"
            "凭证自带的密钥（jwk、jku、x5u、kid）一概不予采信"
        )
    jwks = site / badges.JWKS_PATH
    if not jwks.is_file():
        raise NoTrustedKey(
            f"没有可信的公钥：门户目录 {site} 中没有 {badges.JWKS_PATH}。"
            "请用 --key 指定签发者公布的公钥文件"
        )
    keys = _jwks(jwks)
    if not keys:
        raise NoTrustedKey(
            f"没有可信的公钥：{jwks} 中没有公钥（该门户构建时没有签名密钥，证书凭证未签名）。"
            "请用 --key 指定签发者公布的公钥文件"
        )
    return Trust(keys, f"{jwks}（门户公布的公钥）", issuer_url, site, status, status_source)
