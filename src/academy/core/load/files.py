"""Finding input files safely: only regular files inside the repository are read.

A symbolic link that leads outside the repository is refused (the tool must not
read, print or publish a file it was never given), and so is anything that only
looks like an input file: a directory named ``x.yaml``, a FIFO (reading it would
block forever), a device, or a file whose extension is upper-case (``.YAML``),
which would otherwise be skipped without a word.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path, PurePosixPath

from academy.core.errors import Problem


def rel(root: Path, file: Path) -> str:
    return file.relative_to(root).as_posix()


def outside(root: Path, file: Path) -> bool:
    """Does ``file`` (following every link) resolve to a place outside ``root``?"""
    try:
        target = file.resolve(strict=False)
    except (OSError, RuntimeError):  # a link loop
        return True
    return not target.is_relative_to(root.resolve())


def check_file(root: Path, file: Path, entry: os.DirEntry[str] | None = None) -> Problem | None:
    """Why ``file`` may not be read, or ``None`` when it is a regular file in the repository.

    ``entry``: the file's entry in a folder already known to resolve inside the
    repository (``input_files``). Unless it is a link, the file is inside too, and
    its type is known from the folder listing, without resolving or opening it."""
    known_inside = entry is not None and not entry.is_symlink()
    if not known_inside and outside(root, file):  # a link on the file or a folder above it
        return Problem(rel(root, file), 1, 1, "E110", "这是指向仓库之外的符号链接，不会被读取")
    try:
        if entry is not None and known_inside:
            is_dir, is_regular = entry.is_dir(), entry.is_file()
        else:
            mode = os.stat(file).st_mode
            is_dir, is_regular = stat.S_ISDIR(mode), stat.S_ISREG(mode)
    except OSError:
        return Problem(rel(root, file), 1, 1, "E106", "文件无法读取（可能是失效的链接）")
    if is_dir:
        return Problem(
            rel(root, file),
            1,
            1,
            "E109",
            "这是一个目录，不是文件；请改名，不要以数据文件的扩展名结尾",
        )
    if not is_regular:
        message = "这不是普通文件（管道、设备或套接字），不会被读取"
        return Problem(rel(root, file), 1, 1, "E109", message)
    return None


def input_files(
    root: Path,
    folder: Path,
    suffixes: tuple[str, ...],
    problems: list[Problem],
    *,
    recursive: bool,
) -> list[Path]:
    """Regular files under ``folder`` ending in one of ``suffixes``, sorted by path.

    Everything named like an input file but unreadable as one is reported in
    ``problems``; other files (a README, the ledger) are left alone.
    """
    if folder.exists() and outside(root, folder):
        problems.append(
            Problem(rel(root, folder), 1, 1, "E110", "这是指向仓库之外的符号链接，不会被读取")
        )
        return []
    if not folder.is_dir():
        return []
    found: list[Path] = []
    seen: set[Path] = set()

    def walk(directory: Path) -> None:
        real = directory.resolve()
        if real in seen:  # a link back to a folder already read
            return
        seen.add(real)
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError:
            problems.append(Problem(rel(root, directory), 1, 1, "E106", "目录无法读取"))
            return
        for entry in entries:
            path = directory / entry.name
            suffix = path.suffix
            if suffix.lower() in suffixes:
                if suffix not in suffixes:
                    problems.append(
                        Problem(
                            rel(root, path),
                            1,
                            1,
                            "E109",
                            f"扩展名应为小写 {suffix.lower()}，否则这个文件不会被读取",
                        )
                    )
                    continue
                problem = check_file(root, path, entry)  # its folder is inside
                if problem is not None:
                    problems.append(problem)
                else:
                    found.append(path)
            elif recursive and entry.is_dir():
                if outside(root, path):
                    problems.append(
                        Problem(
                            rel(root, path), 1, 1, "E110", "这是指向仓库之外的符号链接，不会被读取"
                        )
                    )
                    continue
                walk(path)

    walk(folder)
    return sorted(found, key=lambda p: rel(root, p))


GLOB_CHARACTERS = frozenset("*?[]{}")


class UnsafePath(ValueError):
    """A path that names something inside the repository but does not stay there."""


def repo_path(root: Path, rel: str, pattern: re.Pattern[str], what: str) -> Path:
    """``root/rel`` for a path that names something inside the repository (``--into``,
    ``--cohort``, a data value such as ``responses_from``), checked before anything is
    opened: ``rel`` must full-match ``pattern``, be relative, have no ``..``, ``.`` or
    empty segment, no glob character and no backslash, and resolve (every link followed)
    to a place inside ``root``. Raises ``UnsafePath`` with a Chinese message."""
    if not pattern.fullmatch(rel):
        raise UnsafePath(f"{what}“{rel}”不符合格式")
    bad = sorted(set(rel) & GLOB_CHARACTERS)
    if bad:
        raise UnsafePath(f"{what}“{rel}”含有通配符“{''.join(bad)}”")
    pure = PurePosixPath(rel)
    if "\\" in rel or "\x00" in rel or pure.is_absolute():
        raise UnsafePath(f"{what}“{rel}”必须是仓库内的相对路径")
    if any(part in ("..", ".", "") for part in rel.split("/")):
        raise UnsafePath(f"{what}“{rel}”不能含有 .. 或 . 这样的路径段")
    path = root / rel
    if outside(root, path):
        raise UnsafePath(f"{what}“{rel}”指向仓库之外（经由符号链接）")
    return path


def links_out(root: Path, folder: Path, problems: list[Problem]) -> None:
    """Report every symbolic link under ``folder`` that leads outside the repository.

    For the folders the site build reads whole (``docs_dir``, the theme's
    ``custom_dir``): MkDocs would copy what such a link points at into the site.
    Links are not followed while walking, so a link to ``/`` costs nothing.
    """
    if not folder.is_dir() and not folder.is_symlink():
        return
    if folder.is_symlink() and outside(root, folder):
        problems.append(
            Problem(rel(root, folder), 1, 1, "E110", "这是指向仓库之外的符号链接，不会被读取")
        )
        return
    for directory, dirs, names in os.walk(folder, followlinks=False):
        base = Path(directory)
        for name in sorted([*dirs, *names]):
            path = base / name
            if path.is_symlink() and outside(root, path):
                problems.append(
                    Problem(
                        rel(root, path),
                        1,
                        1,
                        "E110",
                        "这是指向仓库之外的符号链接，构建会把它指向的内容发布到网站；"
                        "请把文件本身放进仓库",
                    )
                )
