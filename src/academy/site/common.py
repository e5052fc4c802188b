"""Shared by every page generator: labels, name masking, escaping, site settings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from ..cert_status import CERT_STATUS_LABELS as CERT_STATUS_LABELS

from ..people import FORGOTTEN_NAME
RESULT_STATUS_LABELS = {
    "certified": "通过认证",
    "passed": "通过",
    "failed": "未通过（需重新培训并补考）",
    "incomplete": "未完成",
    "renewed": "复评通过",
    "not_renewed": "复评未通过",
}
TRACK_LABELS = {
    "core": "核心课程",
    "after-sales": "售后专项",
    "supervisor": "主管进阶",
    "certification": "认证与流程",
}
MODULE_LEVEL_LABELS = {"basic": "入门", "intermediate": "进阶", "advanced": "高级"}
KIND_LABELS = {"certification": "认证考核", "renewal": "复评"}


@dataclass(frozen=True)
class SiteContext:
    """Settings every generator needs; read from ``mkdocs.yml`` ``extra.academy``."""

    root: Path
    as_of: dt.date
    mask_names: bool = True
    site_name: str = "客服学院"
    repo_url: str = ""
    edit_branch: str = "main"
    extra: dict[str, Any] = field(default_factory=dict)

    def display_name(self, name: str) -> str:
        if name == FORGOTTEN_NAME:  # personal data removed (academy people forget)
            return name
        return mask_name(name) if self.mask_names else name


def mask_name(name: str) -> str:
    """张三 → 张*, 欧阳娜娜 → 欧***: keep the first character, as the seeds do."""
    name = name.strip()
    if len(name) <= 1:
        return name
    return name[0] + "*" * (len(name) - 1)


def template_env() -> Environment:
    """Jinja2 with autoescaping on for every template and strict undefined variables."""
    return Environment(
        loader=PackageLoader("academy", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
