"""The shapes the spreadsheet reader shares: its limits, a sheet's cells, and an issue.

Owned here so that the CSV and xlsx readers (``spreadsheet``, ``xlsx``) and their callers
speak one vocabulary; the limits are data with their help text, shown in the guide.
"""

from __future__ import annotations

import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Limit:
    key: str
    value: int
    help: str  # Chinese, as the trainer guide shows it


LIMITS: tuple[Limit, ...] = (
    Limit("file_bytes", 20 * 1024 * 1024, "文件大小不超过 20 MB"),
    Limit("unpacked_bytes", 100 * 1024 * 1024, "xlsx 解压后的总大小不超过 100 MB"),
    Limit("rows", 50_000, "每个工作表（或 CSV 文件）不超过 50000 行"),
    Limit("columns", 200, "每行不超过 200 列（最后一列是 GR）"),
    Limit("cell_chars", 32_767, "每个单元格不超过 32767 个字符（Excel 自身的上限）"),
    Limit("parts", 2_000, "xlsx 压缩包内的文件不超过 2000 个"),
)
_LIMIT = {limit.key: limit.value for limit in LIMITS}
MAX_FILE_BYTES = _LIMIT["file_bytes"]
MAX_UNPACKED_BYTES = _LIMIT["unpacked_bytes"]
MAX_ROWS = _LIMIT["rows"]
MAX_COLUMNS = _LIMIT["columns"]
MAX_CELL_CHARS = _LIMIT["cell_chars"]
MAX_PARTS = _LIMIT["parts"]

DAMAGED = "E803"  # the file cannot be read as a spreadsheet
TOO_LARGE = "E807"  # the file or a sheet is over a limit


@dataclass(frozen=True)
class Issue:
    """A problem with the file itself: ``sheet`` is ``None`` for the whole file (or a CSV).

    ``row`` and ``column`` count from 1: the cell (a worksheet's ``C7``, a CSV's line
    and field) where reading stopped.
    """

    sheet: str | None
    row: int
    column: int
    code: str
    message: str


@dataclass
class Table:
    """One worksheet (or a CSV file): the cell values, row 1 first, column A first.

    Values are ``str``, ``int``, ``float``, ``bool``, ``dt.datetime``, ``dt.time`` or
    ``None``; a formula without a stored result is ``None`` and listed in ``formulas``.
    """

    name: str  # "" for CSV
    rows: list[list[Any]] = field(default_factory=list)
    hidden: bool = False
    formulas: set[tuple[int, int]] = field(default_factory=set)  # (row, column) from 1
    number_formats: dict[tuple[int, int], str] = field(default_factory=dict)  # non-General


@dataclass
class Book:
    tables: list[Table]
    active: int = 0  # the sheet shown when the file is opened (index into ``tables``)


class Stop(Exception):
    def __init__(self, issue: Issue) -> None:
        super().__init__(issue.message)
        self.issue = issue


def column_letter(index: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def regular_file(file: Path, sheet: str | None = None) -> Issue | None:
    try:
        info = file.stat()
    except OSError:
        return Issue(None, 1, 1, DAMAGED, "文件无法读取")
    if not stat.S_ISREG(info.st_mode):
        return Issue(None, 1, 1, DAMAGED, "这不是普通文件（目录、管道或设备），无法作为表格读取")
    if info.st_size > MAX_FILE_BYTES:
        return Issue(
            None,
            1,
            1,
            TOO_LARGE,
            f"文件有 {info.st_size / 1024 / 1024:.1f} MB，超过表格文件 20 MB 的上限",
        )
    return None


def read_capped(file: Path) -> bytes:
    with file.open("rb") as f:
        return f.read(MAX_FILE_BYTES + 1)


def too_large(sheet: str, row: int, column: int) -> Issue:
    if column > MAX_COLUMNS:
        what = f"第 {column} 列（{column_letter(column)} 列），超过每行 200 列的上限"
    else:
        what = f"第 {row} 行，超过每个工作表 50000 行的上限"
    return Issue(sheet, row, column, TOO_LARGE, f"表格过大：这个单元格在{what}；请删掉多余的行列")
