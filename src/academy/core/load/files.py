"""Finding input files safely: only regular files inside the repository are read.

A symbolic link that leads outside the repository is refused (the tool must not
read, print or publish a file it was never given), and so is anything that only
looks like an input file: a directory named ``x.yaml``, a FIFO (reading it would
block forever), a device, or a file whose extension is upper-case (``.YAML``),
which would otherwise be skipped without a word.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

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


def check_file(root: Path, file: Path) -> Problem | None:
    """Why ``file`` may not be read, or ``None`` when it is a regular file in the repository."""
    path = rel(root, file)
    if outside(root, file):  # a link on the file itself or on a folder above it
        return Problem(path, 1, 1, "E110", "这是指向仓库之外的符号链接，不会被读取")
    try:
        mode = os.stat(file).st_mode
    except OSError:
        return Problem(path, 1, 1, "E106", "文件无法读取（可能是失效的链接）")
    if stat.S_ISDIR(mode):
        return Problem(
            path, 1, 1, "E109", "这是一个目录，不是文件；请改名，不要以数据文件的扩展名结尾"
        )
    if not stat.S_ISREG(mode):
        return Problem(path, 1, 1, "E109", "这不是普通文件（管道、设备或套接字），不会被读取")
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
                problem = check_file(root, path)
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
