"""Where files with personal data, answers or keys may be written: outside the repository.

``academy export`` (pay, probation, full names), ``academy print`` (the full name
and a 防伪码) and ``academy exam print`` (questions and their keys) write only to a
folder outside the repository, and outside every folder the build reads, even
when ``mkdocs.yml`` places one outside the repository: ``docs_dir``, the theme's
``custom_dir`` and ``site_dir``. Anything there is published by the next build
(``overrides/hr/pay_rise.csv`` becomes ``site/hr/pay_rise.csv``) or committed.
Links are followed first: a link inside ``~`` that points into the repository is
refused too.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from academy.core.load.portal import CONFIG_FILE

# mkdocs' own defaults when mkdocs.yml does not set them
DEFAULT_DIRS = {"docs_dir": "docs", "site_dir": "site"}


class _Loader(yaml.SafeLoader):
    """Safe loading that reads any tag (``!ENV``, ``!!python/name:``) as plain data."""


_Loader.add_multi_constructor("", lambda loader, suffix, node: None)


def build_dirs(root: Path) -> dict[str, Path]:
    """The folders the build reads or writes, as ``mkdocs.yml`` configures them, resolved."""
    return {key: _resolve(path) for key, path in configured_dirs(root).items()}


def configured_dirs(root: Path, *, read: bool = False) -> dict[str, Path]:
    """The same folders as written (links not followed; ``read``: only those it reads)."""
    try:
        config = yaml.load((root / CONFIG_FILE).read_text(encoding="utf-8"), Loader=_Loader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        config = None
    if not isinstance(config, dict):
        config = {}
    found: dict[str, str] = {}
    for key, default in DEFAULT_DIRS.items():
        value = config.get(key)
        found[key] = value if isinstance(value, str) and value else default
    theme = config.get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    if isinstance(custom, str) and custom:
        found["custom_dir"] = custom
    if read:
        del found["site_dir"]
    return {key: (root / value).expanduser() for key, value in found.items()}


def _resolve(path: Path) -> Path:
    try:
        return path.expanduser().resolve(strict=False)
    except (OSError, RuntimeError):  # a link loop: compare the path as written
        return path.absolute()


def _within(target: Path, folder: Path) -> bool:
    return target == folder or target.is_relative_to(folder)


def refuse_output(root: Path, out: Path) -> str | None:
    """Why ``out`` may not receive private files (Chinese), or ``None`` when it may."""
    target = _resolve(out)
    repo = _resolve(root)
    if _within(target, repo):
        return (
            f"输出目录 {out} 在仓库之内：这些文件含个人信息、答案或防伪码，"
            "不能提交到仓库或发布到网站；请指定仓库以外的目录（例如 ~/下载/名单）"
        )
    labels = {"docs_dir": "docs_dir", "custom_dir": "theme.custom_dir", "site_dir": "site_dir"}
    for key, folder in build_dirs(root).items():
        if _within(target, folder):
            return (
                f"输出目录 {out} 在 mkdocs.yml 的 {labels[key]}（{folder}）之内："
                "构建会读取或发布其中的文件；请指定其他目录"
            )
    return None
