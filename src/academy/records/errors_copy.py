"""A refused import sheet, written back with its errors: ``成绩.errors.xlsx`` beside the input.

The trainer fixes a sheet where they typed it: the copy is the trainer's own workbook
(openpyxl keeps its sheets, formats and widths), each bad cell filled red with a
comment that holds the messages for it. It is written next to the input file, never
inside the repository, and it is the only file a failed import writes. Only a workbook
the bounded reader has accepted is copied (a damaged or oversized one is not opened
again), and only when the problems have a cell in it.
"""

from __future__ import annotations

import os
from pathlib import Path

from academy.core.load.files import outside
from academy.records.sheets import CellProblem, column_letter

ERRORS_SUFFIX = ".errors.xlsx"
MAX_COPIED_CELLS = 500_000  # openpyxl holds every cell as an object: bound its memory
FILL = "FFFFC7CE"  # Excel's own "bad" red


def errors_path(file: Path) -> Path:
    """``成绩.xlsx`` → ``成绩.errors.xlsx`` beside it."""
    return file.with_name(file.name[: -len(file.suffix)] + ERRORS_SUFFIX)


def write_errors_copy(root: Path, file: Path, problems: list[CellProblem]) -> str:
    """Write the marked copy; a sentence saying where it is (or why not), for the report."""
    if file.suffix.lower() != ".xlsx":
        return ""
    placed = [p for p in problems if p.sheet]
    if not placed:
        return ""
    target = errors_path(file)
    if not outside(root, target):
        return f"（表格在仓库内，未写出标注错误的副本 {target.name}）"
    if target.is_dir() or target.is_symlink():
        return f"（{target} 已存在且不是普通文件，未写出标注错误的副本）"
    try:
        from openpyxl import load_workbook
        from openpyxl.comments import Comment
        from openpyxl.styles import PatternFill

        book = load_workbook(file)
        fill = PatternFill("solid", fgColor=FILL)
        by_cell: dict[tuple[str, int, int], list[str]] = {}
        for p in sorted(placed):
            by_cell.setdefault((p.sheet, p.row, p.column), []).append(f"{p.code} {p.message}")
        cells = sum(ws.max_row * ws.max_column for ws in book.worksheets)
        if cells > MAX_COPIED_CELLS:
            return "（表格太大，未写出标注错误的副本）"
        for (sheet, row, column), messages in by_cell.items():
            if sheet not in book.sheetnames:
                continue
            cell = book[sheet][f"{column_letter(column)}{row}"]
            cell.fill = fill
            cell.comment = Comment("\n".join(messages), "academy", width=320, height=120)
        tmp = target.with_name(f".{target.name}.academy-tmp")
        book.save(tmp)
        os.replace(tmp, target)
    except Exception as err:  # the report itself must still be printed
        return f"（未能写出标注错误的副本：{type(err).__name__}）"
    return f"已把问题标注在副本 {target} 中（红色单元格，批注写明原因）。"
