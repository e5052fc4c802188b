"""Where a command may write its output (``--out``): a directory where a directory is
expected, a file where a file is expected.

``export``, ``print``, ``exam print`` and ``bank export`` ask here before they compute
anything, so that an ``--out`` naming an existing file (where a directory is expected), a
directory (where a file is expected), or a path under a file is a Chinese message and
exit 2, never a ``FileExistsError`` or ``IsADirectoryError`` traceback.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path


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


def refuse_inside(root: Path, out: Path) -> str | None:
    """Why ``out`` may not hold personal data (it is inside the repository), or ``None``."""
    target, repo = out.resolve(), root.resolve()
    if target == repo or repo in target.parents:
        return "逐人明细含个人信息，不能写到仓库之内；请写到仓库以外的目录（如 $RUNNER_TEMP）"
    return None
