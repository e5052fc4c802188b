"""Shared by every page generator: labels, name masking, escaping, site settings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

# the status and kind labels belong to the shared vocabulary; imported here for the pages
from ..core.masking import mask_name
from ..core.people import FORGOTTEN_NAME
from ..core.vocabulary import CERT_STATUS_LABELS, KIND_LABELS, RESULT_STATUS_LABELS

__all__ = [
    "CERT_STATUS_LABELS",
    "KIND_LABELS",
    "MODULE_LEVEL_LABELS",
    "RESULT_STATUS_LABELS",
    "TRACK_LABELS",
    "SiteContext",
    "mask_name",
    "template_env",
]

TRACK_LABELS = {
    "core": "核心课程",
    "after-sales": "售后专项",
    "supervisor": "主管进阶",
    "certification": "认证与流程",
}
MODULE_LEVEL_LABELS = {"basic": "入门", "intermediate": "进阶", "advanced": "高级"}


@dataclass(frozen=True)
class SiteContext:
    """Settings every generator needs; read from ``mkdocs.yml`` ``extra.academy``."""

    root: Path
    as_of: dt.date
    mask_names: bool = True
    site_name: str = "客服学院"
    repo_url: str = ""
    edit_branch: str = "main"
    use_directory_urls: bool = True
    extra: dict[str, Any] = field(default_factory=dict)

    def display_name(self, name: str) -> str:
        if name == FORGOTTEN_NAME:  # personal data removed (academy people forget)
            return name
        return mask_name(name) if self.mask_names else name


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
