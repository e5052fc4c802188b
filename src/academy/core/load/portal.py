"""The portal's own address and repository, as ``mkdocs.yml`` declares them.

Core code (``academy verify``, the publication check of ``academy build``) reads
these settings here, with their line and column, without importing the site
generator. A publication build must carry the real address: every QR code,
credential id and edit link is made from it, so a local or example address is
refused there (``E701``/``E702``) and only warned about in a local preview.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from academy.core.errors import Problem

CONFIG_FILE = "mkdocs.yml"
PUBLISH_VARIABLE = "ACADEMY_PUBLISH"  # set (to 1) by the publish workflow
# Names that are no real portal: RFC 2606/6761 names, and the address the docs use as an example.
_PLACEHOLDER_SUFFIXES = ("localhost", "local", "test", "invalid", "example", "internal")
_PLACEHOLDER_DOMAINS = ("example.com", "example.net", "example.org", "example.cn")


@dataclass(frozen=True)
class Setting:
    """A top-level ``mkdocs.yml`` value and where it is written (1-based line and column)."""

    key: str
    value: str
    line: int
    column: int


class _Loader(yaml.SafeLoader):
    """Safe loading that reads any tag (``!ENV``, ``!!python/name:``) as plain data."""


_Loader.add_multi_constructor("", lambda loader, suffix, node: None)


def settings(root: Path, *keys: str) -> dict[str, Setting]:
    """The string values of ``keys`` at the top of ``root/mkdocs.yml`` (missing ones left out)."""
    path = root / CONFIG_FILE
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"), Loader=_Loader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    found: dict[str, Setting] = {}
    if not isinstance(node, yaml.MappingNode):
        return found
    for key_node, value_node in node.value:
        key = key_node.value
        if key in keys and isinstance(value_node, yaml.ScalarNode):
            mark = value_node.start_mark
            found[key] = Setting(key, str(value_node.value), mark.line + 1, mark.column + 1)
    return found


def site_url(root: Path) -> str | None:
    """The portal's configured address with a trailing slash, or ``None``."""
    found = settings(root, "site_url").get("site_url")
    if found is None or not found.value:
        return None
    return found.value if found.value.endswith("/") else found.value + "/"


def is_placeholder(url: str) -> bool:
    """Does ``url`` name no real portal (this machine, an example domain, not http(s))?

    Private addresses (an intranet portal) are real; loopback and example names are not.
    """
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname or ""
    except ValueError:
        return True
    if parts.scheme not in ("http", "https") or not host:
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        name = host.lower().rstrip(".")
        labels = name.split(".")
        return labels[-1] in _PLACEHOLDER_SUFFIXES or any(
            name == d or name.endswith("." + d) for d in _PLACEHOLDER_DOMAINS
        )
    return address.is_loopback or address.is_unspecified or address.is_link_local


def publication_problems(root: Path) -> list[Problem]:
    """``site_url`` and ``repo_url`` that a published portal cannot carry (``mkdocs.yml``)."""
    found = settings(root, "site_url", "repo_url")
    problems: list[Problem] = []
    site = found.get("site_url")
    if site is None or is_placeholder(site.value):
        line, column = (site.line, site.column) if site else (1, 1)
        shown = site.value if site else "（未设置）"
        problems.append(
            Problem(
                CONFIG_FILE,
                line,
                column,
                "E701",
                f"发布用的构建不能使用本机或示例网址作为 site_url（现为 {shown}）："
                "证书二维码和数字凭证都指向它。请改为门户的正式网址",
            )
        )
    repo = found.get("repo_url")
    if repo is not None and is_placeholder(repo.value):
        problems.append(
            Problem(
                CONFIG_FILE,
                repo.line,
                repo.column,
                "E702",
                f"发布用的构建不能使用示例网址作为 repo_url（现为 {repo.value}）："
                "“编辑此页”链接由它生成。请改为真实的仓库地址，或删除 repo_url",
            )
        )
    return problems
