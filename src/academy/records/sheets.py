"""Reading spreadsheets for ``academy import``: .xlsx (openpyxl) and .csv (UTF-8, BOM or not).

Every cell keeps its reference (``C7``) so a problem is reported where the user
will look for it: ``FILE.xlsx:工作表!C7: CODE message``. Nothing here interprets a
value; ``importer.py`` does.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from academy.core.errors import CODES


@dataclass(frozen=True, order=True)
class CellProblem:
    """A problem in one cell; rendered ``FILE:工作表!C7: CODE message`` (``FILE:C7`` for CSV)."""

    file: str
    sheet: str
    row: int
    column: int
    code: str
    message: str

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"undeclared problem code {self.code}")

    @property
    def ref(self) -> str:
        return f"{column_letter(self.column)}{self.row}"

    def __str__(self) -> str:
        where = f"{self.sheet}!{self.ref}" if self.sheet else self.ref
        return f"{self.file}:{where}: {self.code} {self.message}"


def column_letter(index: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass
class Cell:
    row: int
    column: int
    value: Any  # str, int, float, dt.datetime, dt.date, bool or None
    number_format: str = "General"

    @property
    def empty(self) -> bool:
        return self.value is None or (isinstance(self.value, str) and not self.value.strip())


@dataclass
class Sheet:
    file: str  # as the user named it
    name: str  # the worksheet's name; "" for CSV
    header: list[Cell]
    rows: list[list[Cell]]
    problems: list[CellProblem] = field(default_factory=list)

    def problem(self, row: int, column: int, code: str, message: str) -> CellProblem:
        return CellProblem(self.file, self.name, row, column, code, message)


def read_sheet(path: Path, label: str) -> Sheet:
    """The first worksheet (or the CSV) with its header row; unreadable files give a problem."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".xlsx":
            return _read_xlsx(path, label)
        if suffix == ".csv":
            return _read_csv(path, label)
    except (OSError, ValueError, KeyError, csv.Error) as err:
        sheet = Sheet(label, "", [], [])
        sheet.problems.append(
            sheet.problem(1, 1, "E803", f"无法读取表格文件：{type(err).__name__}")
        )
        return sheet
    sheet = Sheet(label, "", [], [])
    sheet.problems.append(sheet.problem(1, 1, "E803", "只支持 .xlsx 和 .csv 文件"))
    return sheet


def _read_xlsx(path: Path, label: str) -> Sheet:
    from openpyxl import load_workbook

    wb = load_workbook(path, data_only=True)
    ws = wb.worksheets[0]
    grid: list[list[Cell]] = []
    for row in ws.iter_rows():
        cells = [
            Cell(c.row, c.column, c.value, c.number_format)
            for c in row
            if c.column is not None and c.row is not None
        ]
        grid.append(cells)
    header = grid[0] if grid else []
    rows = [r for r in grid[1:] if any(not c.empty for c in r)]
    return Sheet(label, ws.title, header, rows)


def _read_csv(path: Path, label: str) -> Sheet:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):  # Excel on Chinese Windows saves CSV as GBK
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string
        raise ValueError("encoding")
    grid = [
        [Cell(r, c, value) for c, value in enumerate(record, start=1)]
        for r, record in enumerate(csv.reader(io.StringIO(text, newline="")), start=1)
    ]
    header = grid[0] if grid else []
    rows = [r for r in grid[1:] if any(not c.empty for c in r)]
    return Sheet(label, "", header, rows)


def as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return None
