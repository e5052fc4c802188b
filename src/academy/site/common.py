"""Shared by every page generator: labels, name masking, escaping, site settings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import BytecodeCache, Environment, PackageLoader, StrictUndefined, select_autoescape
from jinja2.bccache import Bucket

from academy.core.validate.people import FORGOTTEN_NAME

# the status and kind labels belong to the shared vocabulary; imported here for the pages
from ..core.masking import mask_name
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


class CompiledTemplates(BytecodeCache):
    """Compiled templates kept in memory, shared by the environments of ``template_env``.

    Every page generator makes its own environment (nothing it adds, such as a
    filter, reaches another), so without this each one compiled its templates again:
    at 20,000 certificates, hundreds of compilations and seconds of a build. Only
    code is shared: Jinja2 keys it by template name and checks the source's hash, so
    an edited template (``academy serve``) is compiled afresh; every environment of
    ``template_env`` has the same settings, which is what the compiled code depends on.
    """

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_COMPILED = CompiledTemplates()
_THEME_COMPILED: dict[tuple[object, ...], CompiledTemplates] = {}


def theme_templates(env: Environment) -> CompiledTemplates:
    """Compiled templates for MkDocs' theme environment, which MkDocs makes afresh for
    every build: kept for the process, one memory per set of the settings that compiled
    code depends on, so a later build (``serve``, the tests' builds of the demo) compiles
    none of the theme's 90 templates again (0.6 s of each demo build)."""
    key = (
        tuple(sorted(env.extensions)),
        env.autoescape,
        env.finalize,
        env.optimized,
        env.is_async,
        env.block_start_string,
        env.block_end_string,
        env.variable_start_string,
        env.variable_end_string,
        env.comment_start_string,
        env.comment_end_string,
        env.line_statement_prefix,
        env.line_comment_prefix,
        env.trim_blocks,
        env.lstrip_blocks,
        env.newline_sequence,
        env.keep_trailing_newline,
    )
    return _THEME_COMPILED.setdefault(key, CompiledTemplates())


def template_env() -> Environment:
    """Jinja2 with autoescaping on for every template and strict undefined variables."""
    return Environment(
        bytecode_cache=_COMPILED,
        loader=PackageLoader("academy", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
