"""Reading spreadsheets for ``academy import``: .xlsx and .csv (UTF-8, BOM or not, or GBK).

Every cell keeps its reference (``C7``) so a problem is reported where the user
will look for it: ``FILE.xlsx:工作表!C7: CODE message``. Nothing here interprets a
value; ``importer.py`` does.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter as column_letter  # 1 -> A, 27 -> AA

from academy.core.errors import CODES
from academy.core.load.spreadsheet import Issue, Table, read_csv, read_xlsx


@dataclass(frozen=True, order=True)
class CellProblem:
    """A problem in one cell; rendered ``FILE.xlsx:工作表!C7: CODE message`` in a workbook,
    ``FILE.csv:line:column: CODE message`` in a CSV or for the file itself (``at_line``)."""

    file: str
    sheet: str
    row: int
    column: int
    code: str
    message: str
    at_line: bool = False

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"undeclared problem code {self.code}")

    @property
    def ref(self) -> str:
        return f"{column_letter(self.column)}{self.row}"

    def __str__(self) -> str:
        if self.at_line or not self.sheet:  # a CSV cell, or the file itself: path:line:col
            return f"{self.file}:{self.row}:{self.column}: {self.code} {self.message}"
        where = f"{self.sheet}!{self.ref}" if self.sheet else self.ref
        return f"{self.file}:{where}: {self.code} {self.message}"


@dataclass
class Cell:
    row: int
    column: int
    value: Any  # str, int, float, dt.datetime, dt.date, bool or None
    number_format: str = "General"
    formula: bool = False  # a formula whose result the file does not hold

    @property
    def empty(self) -> bool:
        return self.value is None or (isinstance(self.value, str) and not self.value.strip())


@dataclass
class Sheet:
    """One worksheet (or the CSV): every row, and which of them is the header row.

    ``grid`` holds every row from row 1; ``header`` and ``rows`` are set by
    ``use_header`` (rows above the header, such as a title row, are left out).
    """

    file: str  # as the user named it
    name: str  # the worksheet's name; "" for CSV
    header: list[Cell]
    rows: list[list[Cell]]
    problems: list[CellProblem] = field(default_factory=list)
    grid: list[list[Cell]] = field(default_factory=list)
    header_row: int = 1
    readable: bool = True  # False: the bounded reader refused the file itself

    def problem(self, row: int, column: int, code: str, message: str) -> CellProblem:
        return CellProblem(self.file, self.name, row, column, code, message)

    def use_header(self, row: int) -> None:
        """Row ``row`` (from 1) is the header; the non-empty rows below it are the data."""
        self.header_row = row
        self.header = self.grid[row - 1] if row <= len(self.grid) else []
        self.rows = [r for r in self.grid[row:] if any(not c.empty or c.formula for c in r)]


def read_sheet(path: Path, label: str) -> Sheet:
    """The sheet to import (the CSV, or the workbook's first and shown worksheet), with its
    rows; the header is row 1 until ``use_header`` says otherwise. Every file goes through
    the one bounded reader (``core.spreadsheet``): a damaged or oversized file, a hidden
    first sheet, or a workbook that opens on another sheet than the first, is a problem."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        book, issues = read_xlsx(path)
        if book is None:
            return _failed(label, issues)
        table = book.tables[0]
        sheet = _sheet(label, table)
        if table.hidden:
            shown = next((t.name for t in book.tables if not t.hidden), "")
            sheet.problems.append(
                sheet.problem(
                    1,
                    1,
                    "E803",
                    f"第一个工作表“{table.name}”是隐藏的，导入读的是它而不是你看到的“{shown}”；"
                    "请把要导入的工作表移到最前面，或删除隐藏的工作表",
                )
            )
        elif book.active != 0:
            shown = book.tables[book.active].name
            sheet.problems.append(
                sheet.problem(
                    1,
                    1,
                    "E803",
                    f"文件打开时显示的是工作表“{shown}”，导入读的却是第一个工作表“{table.name}”；"
                    "请把要导入的工作表移到最前面（或删除其他工作表）后保存",
                )
            )
        return sheet
    if suffix == ".csv":
        table_, issues = read_csv(path, ("utf-8-sig", "gb18030"))  # Excel on Chinese Windows: GBK
        if table_ is None:
            return _failed(label, issues)
        return _sheet(label, table_)
    sheet = Sheet(label, "", [], [], readable=False)
    sheet.problems.append(
        CellProblem(label, "", 1, 1, "E803", "只支持 .xlsx 和 .csv 文件", at_line=True)
    )
    return sheet


def _failed(label: str, issues: list[Issue]) -> Sheet:
    sheet = Sheet(label, "", [], [], readable=False)
    for issue in issues:
        sheet.problems.append(
            CellProblem(
                label,
                issue.sheet or "",
                issue.row,
                issue.column,
                issue.code,
                issue.message,
                at_line=issue.sheet is None,  # the file itself, or a CSV line
            )
        )
    return sheet


def _sheet(label: str, table: Table) -> Sheet:
    grid = [
        [
            Cell(
                r,
                c,
                value,
                table.number_formats.get((r, c), "General"),
                (r, c) in table.formulas,
            )
            for c, value in enumerate(values, start=1)
        ]
        for r, values in enumerate(table.rows, start=1)
    ]
    sheet = Sheet(label, table.name, [], [], grid=grid)
    sheet.use_header(1)
    return sheet


def as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return None
