"""The few git operations the CI commands need: resolve a ref, read a file, export a tree.

Each runs ``git`` as a subprocess (no shell) inside the repository; failures raise
``GitError`` with a Chinese message for the trainer.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
from pathlib import Path


class GitError(Exception):
    """A git command failed; ``str()`` is a Chinese message."""


def _git(root: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(
            ["git", *args], cwd=root, capture_output=True, check=False, stdin=subprocess.DEVNULL
        )
    except OSError as err:
        raise GitError(f"无法运行 git:{err}") from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {args[0]} 失败：{detail[-1] if detail else done.returncode}")
    return done.stdout


def resolve(root: Path, ref: str) -> str:
    """The commit id ``ref`` names, or ``GitError`` if it names none."""
    if not ref or ref.startswith("-"):
        raise GitError(f"“{ref}”不是有效的 git 版本")
    try:
        _git(root, "rev-parse", "--git-dir")
    except GitError:
        raise GitError(f"{root} 不在 git 仓库中") from None
    try:
        return _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").decode().strip()
    except GitError:
        raise GitError(f"找不到基准版本“{ref}”（在 CI 中检出时需要 fetch-depth: 0）") from None


def _prefix(root: Path) -> tuple[Path, str]:
    """The repository's top directory and ``root``'s path inside it (``""`` or ``"sub/"``)."""
    top = Path(_git(root, "rev-parse", "--show-toplevel").decode().strip())
    prefix = _git(root, "rev-parse", "--show-prefix").decode().strip()
    return top, prefix


def read_at(root: Path, commit: str, path: str) -> bytes | None:
    """The bytes of ``path`` (relative to ``root``) at ``commit``; ``None`` if it is absent."""
    top, prefix = _prefix(root)
    spec = f"{commit}:{prefix}{path}"
    try:
        kind = _git(top, "cat-file", "-t", spec).decode().strip()
    except GitError:
        return None
    if kind != "blob":
        return None
    return _git(top, "cat-file", "blob", spec)


def export_tree(root: Path, commit: str, dest: Path) -> Path:
    """Write the files under ``root`` as they were at ``commit`` into ``dest``; return it."""
    top, prefix = _prefix(root)
    data = _git(top, "archive", "--format=tar", f"{commit}:{prefix}")
    dest.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:") as tar:
        tar.extractall(dest, filter=_inside_only)
    return dest


def _inside_only(member: tarfile.TarInfo, dest: str) -> tarfile.TarInfo | None:
    """tarfile's ``data`` filter, but a link leaving the tree is left out, not fatal.

    A base commit may hold an absolute symlink (``rosters/x.yaml -> /etc/passwd``);
    grading never follows such a link, so the exported base simply lacks it.
    """
    try:
        return tarfile.data_filter(member, dest)
    except tarfile.FilterError:
        return None
