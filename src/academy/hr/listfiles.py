"""The shape of an HR list (columns, provider) and how a list is written as .xlsx and .csv.

``write_xlsx`` writes through ``xlsxwrite`` (the sheet XML as text, several times
faster than openpyxl; tests read the files with openpyxl): Chinese headers, a frozen header
row, widths that fit the content (CJK characters count two), dates as date cells,
ids and every other text as strings. ``write_csv`` writes UTF-8 with a BOM so that
Excel opens the Chinese correctly.
"""

from __future__ import annotations

import csv
import datetime as dt
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


@dataclass(frozen=True)
class ListProvider:
    """One HR list: how it is computed, printed as JSON and laid out in a sheet."""

    name: str  # JSON key and file name (``<name>.xlsx``, ``<name>.csv``)
    title: str  # Chinese sheet title (at most 31 characters)
    columns: tuple[Column, ...]
    rows: Callable[[HrContext], list[Row]]  # sheet rows, keys as in ``columns``
    to_json: Callable[[HrContext], Any] | None = None  # None: spreadsheets only


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
        provider.title[:31],
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


def write_csv(path: Path, provider: ListProvider, rows: list[Row]) -> None:
    """UTF-8 with a BOM so that Excel opens the Chinese correctly; dates as YYYY-MM-DD."""
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow([c.header for c in provider.columns])
        keys = [c.key for c in provider.columns]
        writer.writerows(
            [v if type(v) is str else _cell_text(v) for v in map(row.get, keys)] for row in rows
        )
