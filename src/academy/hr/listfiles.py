"""The shape of an HR list (columns, provider) and how a list is written as .xlsx and .csv.

``write_xlsx`` writes through ``xlsxwrite`` (the sheet XML as text, several times
faster than openpyxl; tests read the files with openpyxl): Chinese headers, a frozen header
row, widths that fit the content (CJK characters count two), dates as date cells,
ids and every other text as strings. ``write_csv`` writes UTF-8 with a BOM so that
Excel opens the Chinese correctly, and neutralises formulas (``csv_text``): a text
cell starting with ``= + - @``, a tab or a carriage return gets a leading ``'``
(OWASP's rule for CSV injection), so ``=HYPERLINK(…)`` in a name is shown, never
run; numbers (a drift of -1.25) stay numbers. The .xlsx needs no such care: its
text cells are strings, never formulas. Each sheet has an autofilter on its header and
prints fitted to the paper's width, landscape when wide, the header row repeated.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from academy.hr.lists import HrContext, Row

CellKind = Literal["text", "id", "date", "number"]  # id: text, formatted as text in Excel


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # Chinese, as HR reads it
    kind: CellKind = "text"


EMPLOYEE = Column("employee_id", "员工编号", "id")  # the first column of every list of people
NAME = Column("name", "姓名")  # with DEPARTMENT, beside EMPLOYEE in every list of people
DEPARTMENT = Column("department", "部门")


@dataclass(frozen=True)
class ListProvider:
    """One HR list: how it is computed, printed as JSON and laid out in a sheet."""

    name: str  # JSON key (English, FORMATS' key)
    title: str  # Chinese sheet title and file name (``<title>.xlsx``, ``<title>.csv``)
    columns: tuple[Column, ...]
    rows: Callable[[HrContext], list[Row]]  # sheet rows, keys as in ``columns``
    to_json: Callable[[HrContext], Any] | None = None  # None: spreadsheets only

    @property
    def file(self) -> str:
        """The files' name without suffix: the Chinese title, as HR finds the list."""
        return self.title


def json_rows(keys: tuple[str, ...], rows: Callable[[HrContext], list[Row]]) -> Callable[..., Any]:
    """JSON rows: exactly ``keys``, in that order, dates as ISO text."""

    def to_json(ctx: HrContext) -> list[dict[str, Any]]:
        return [{k: _json_value(r[k]) for k in keys} for r in rows(ctx)]

    return to_json


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)  # totals, as in `academy grade --json`
    if isinstance(value, list):
        return [{k: _json_value(v) for k, v in item.items()} for item in value]
    return value


def display_width(text: str) -> int:
    """Columns a text takes in a spreadsheet: CJK and full-width characters count two."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _cell_value(column: Column, value: Any) -> Any:
    if value is None or value == "":
        return None
    if column.kind == "date":
        return value if isinstance(value, dt.date) else None
    if column.kind == "number":
        return value
    return str(value)  # ids and labels stay text


def write_xlsx(path: Path, provider: ListProvider, rows: list[Row]) -> None:
    """One workbook: Chinese headers, frozen header row, widths that fit, dates as dates."""
    from academy.hr.xlsxwrite import Format, write_sheet

    widths = []
    for column in provider.columns:
        texts = {_cell_text(r.get(column.key)) for r in rows[:2000]}  # each text once
        widest = max([display_width(column.header), *map(display_width, texts)])
        if column.kind == "date":
            widest = max(widest, 10)
        widths.append(min(widest + 2, 80))
    # dates get their number format, id columns the text format "@" (an id typed over in
    # Excel stays text too); every other text is written as a string, never as a number
    formats: list[Format] = [
        "date" if c.kind == "date" else "text" if c.kind == "id" else None for c in provider.columns
    ]
    columns = provider.columns
    keys = [c.key for c in columns]
    plain_text = [c.kind in ("text", "id") for c in columns]  # a non-empty str: as it is
    write_sheet(
        path,
        provider.title,
        [c.header for c in columns],
        formats,
        widths,
        (
            [
                v if plain and type(v) is str and v else _cell_value(c, v)
                for c, plain, v in zip(columns, plain_text, map(row.get, keys), strict=True)
            ]
            for row in rows
        ),
    )


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet may read as a formula
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")


def csv_text(text: str) -> str:
    """``text`` as a CSV cell that no spreadsheet runs: ``'`` before a formula start.

    A plain number written as text (``-3``, ``+1.5``) is left alone: it is no formula.
    """
    if text.startswith(FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def write_csv(path: Path, provider: ListProvider, rows: list[Row]) -> None:
    """UTF-8 with a BOM so that Excel opens the Chinese correctly; dates as YYYY-MM-DD;
    text that a spreadsheet would run as a formula neutralised (``csv_text``)."""
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow([csv_text(c.header) for c in provider.columns])
        keys = [c.key for c in provider.columns]
        writer.writerows(
            [csv_text(v) if type(v) is str else _cell_text(v) for v in map(row.get, keys)]
            for row in rows
        )
