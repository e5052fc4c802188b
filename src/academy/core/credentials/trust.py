"""Which keys ``academy verify`` trusts: only those the expected issuer publishes.

In order: ``--key FILE``; else the ``keys/jwks.json`` of the portal directory named
with ``--site DIR``; else, inside the portal's repository (``--root`` or the current
directory holding ``mkdocs.yml``), the ``site/keys/jwks.json`` of its own build,
whose issuer is the ``site_url`` configured there. Never a key, key URL (``jku``,
``x5u``), key id or issuer that the credential names itself: a credential proves
nothing about who signed it. Without a trusted key the check cannot be made
(``NoTrustedKey``, exit 2).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from academy.core.credentials import badges
from academy.core.credentials.keys import KeyProblem, key_from_jwk, load_public_key, thumbprint
from academy.core.load import portal


class NoTrustedKey(Exception):
    """No key of the expected issuer is available; the message (Chinese) says which."""


@dataclass(frozen=True)
class Trust:
    """The expected issuer: its keys by ``kid``, its address, its published portal files."""

    keys: dict[str, Ed25519PublicKey]
    source: str  # where the keys come from, for the report
    issuer_url: str | None  # the issuer's address (``issuer.url``), when known
    site: Path | None  # the issuer's portal directory (status list, lookup shards)


def _jwks(path: Path) -> dict[str, Ed25519PublicKey]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        raise KeyProblem(f"{path} 不是可读的 JWK 集合（keys/jwks.json）") from None
    entries = data.get("keys") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise KeyProblem(f"{path} 不是 JWK 集合（缺少 keys 列表）")
    keys: dict[str, Ed25519PublicKey] = {}
    for jwk in entries:
        key = key_from_jwk(jwk)
        keys[thumbprint(key)] = key  # the kid is the key's thumbprint, whatever the file says
    return keys


def _issuer_url(site: Path) -> str | None:
    """``url`` of the portal's own ``issuer.json`` (the directory the verifier named)."""
    try:
        data = json.loads((site / badges.ISSUER_PATH).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    url = data.get("url") if isinstance(data, dict) else None
    return url if isinstance(url, str) and url else None


def resolve(*, key: Path | None, site: Path | None, repo: Path | None) -> Trust:
    """The trusted keys and issuer, from what the verifier named; ``NoTrustedKey`` if none."""
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
    if key is not None:
        public = load_public_key(key)
        return Trust({thumbprint(public): public}, str(key), issuer_url, site)
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
            "（其中须有 keys/jwks.json）。凭证自带的密钥（jwk、jku、x5u、kid）一概不予采信"
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
    return Trust(keys, f"{jwks}（门户公布的公钥）", issuer_url, site)
