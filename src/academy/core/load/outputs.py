"""Where files with personal data, answers or keys may be written: outside the repository.

``academy export`` (pay, probation, full names), ``academy print`` (the full name
and a 防伪码) and ``academy exam print`` (questions and their keys) write only to a
folder outside the repository, and outside every folder the build reads, even
when ``mkdocs.yml`` places one outside the repository: ``docs_dir``, the theme's
``custom_dir`` and ``site_dir``. Anything there is published by the next build
(``overrides/hr/pay_rise.csv`` becomes ``site/hr/pay_rise.csv``) or committed.
Links are followed first: a link inside ``~`` that points into the repository is
refused too.

And a directory where a directory is expected, a file where a file is expected:
``export``, ``print``, ``exam print`` and ``bank export`` ask here before they compute
anything, so that an ``--out`` naming an existing file (where a directory is expected), a
directory (where a file is expected), or a path under a file is a Chinese message and
exit 2, never a ``FileExistsError`` or ``IsADirectoryError`` traceback.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import yaml

from academy.core.load.portal import CONFIG_FILE


def _under_a_file(out: Path) -> str | None:
    for parent in out.parents:
        if parent.exists() and not parent.is_dir():
            return f"--out “{out}”：上级路径“{parent}”是文件，不是目录，无法在其中写出"
    return None


def out_dir_problem(out: Path, files: Iterable[str] = ()) -> str | None:
    """Why ``out`` cannot be the output directory (receiving ``files``), or ``None``."""
    if out.exists() and not out.is_dir():
        return f"--out “{out}”已存在，是文件而不是目录；请指定一个目录（不存在时会自动创建）"
    found = _under_a_file(out)
    if found:
        return found
    for name in files:
        target = out / name
        if target.is_dir():
            return f"--out “{out}”中已有名为“{name}”的目录，无法写出同名文件；请换一个输出目录"
    return None


def out_file_problem(out: Path) -> str | None:
    """Why ``out`` cannot be the output file, or ``None``."""
    if out.is_dir():
        return f"--out “{out}”是一个目录；请写出文件名，例如 {out / '练习题.txt'}"
    if out.exists() and not out.is_file():
        return f"--out “{out}”不是普通文件（管道或设备），不能写入"
    return _under_a_file(out)


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
    """Why ``out`` may not receive private files (Chinese), or ``None`` when it may.

    The one rule for every output with personal data, answers or codes (``export``,
    ``print``, ``exam print``, ``ci summary --private-out``): not inside the repository,
    links followed, and not inside a folder the build reads or writes."""
    target = _resolve(out)
    repo = _resolve(root)
    if _within(target, repo):
        return (
            f"输出位置 {out} 在仓库之内：这些文件含个人信息、答案或防伪码，"
            "不能提交到仓库或发布到网站；请指定仓库以外的位置（例如 ~/下载/名单，"
            "CI 中用 $RUNNER_TEMP）"
        )
    labels = {"docs_dir": "docs_dir", "custom_dir": "theme.custom_dir", "site_dir": "site_dir"}
    for key, folder in build_dirs(root).items():
        if _within(target, folder):
            return (
                f"输出位置 {out} 在 mkdocs.yml 的 {labels[key]}（{folder}）之内："
                "构建会读取或发布其中的文件；请指定其他位置"
            )
    return None
