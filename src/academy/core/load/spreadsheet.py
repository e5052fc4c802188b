"""The one bounded reader for every spreadsheet input: ``.xlsx`` workbooks and ``.csv`` files.

Every spreadsheet the tool reads (``academy import``, the evaluation metrics and needs
workbooks) goes through here. The limits in ``LIMITS`` are checked before anything is
held in memory: the file's size on disk, the sum of the workbook's unpacked parts (as
the zip directory declares them; the zip reader never unpacks a part past its declared
size), then row, column and cell length while the sheet is streamed. A damaged file (a
truncated zip, an HTML page named ``.xlsx``, broken XML, a DTD) becomes an ``Issue``
with a place, never an exception.

The XML is read in a safe mode (``xlsx.py``: DTDs, entity declarations and external
references refused). The workbook is parsed by us rather than by openpyxl, whose loader
sizes rows by the sheet's declared dimension (one cell at XFD1048576 is 17 billion
cells) and parses worksheets without defusedxml. The shared shapes and the limits are in
``sheet_model.py``.
"""

from __future__ import annotations

import csv
import io
import pyexpat
import zipfile
import zlib
from pathlib import Path
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException

from academy.core.load.sheet_model import (
    DAMAGED,
    LIMITS,
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_ROWS,
    TOO_LARGE,
    Book,
    Issue,
    Limit,
    Stop,
    Table,
    column_letter,
    read_capped,
    regular_file,
    too_large,
)
from academy.core.load.xlsx import Forbidden, parse_workbook

__all__ = [
    "DAMAGED",
    "LIMITS",
    "TOO_LARGE",
    "Book",
    "Issue",
    "Limit",
    "Table",
    "column_letter",
    "read_csv",
    "read_xlsx",
]


def read_xlsx(file: Path) -> tuple[Book | None, list[Issue]]:
    """The workbook with every sheet, or the one issue that stopped reading it."""
    issue = regular_file(file)
    if issue is not None:
        return None, [issue]
    try:
        data = read_capped(file)
        return parse_workbook(data), []
    except Stop as stop:
        return None, [stop.issue]
    except (ParseError, DefusedXmlException, pyexpat.ExpatError, Forbidden):
        why = "工作簿的 XML 结构损坏或含有 DTD/实体声明（出于安全原因不读取）"
        return None, [Issue(None, 1, 1, DAMAGED, f"不是有效的 xlsx 文件：{why}")]
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        EOFError,
        OSError,
        NotImplementedError,
    ):
        # a part that fails its CRC, a truncated stream, an unknown compression method
        return None, [Issue(None, 1, 1, DAMAGED, "不是有效的 xlsx 文件：压缩包损坏或不完整")]
    except (ValueError, KeyError, RuntimeError) as err:  # an encrypted part, a bad header
        return None, [Issue(None, 1, 1, DAMAGED, f"不是有效的 xlsx 文件（{type(err).__name__}）")]


# --- csv -------------------------------------------------------------------------------


def read_csv(
    file: Path, encodings: tuple[str, ...] = ("utf-8-sig",)
) -> tuple[Table | None, list[Issue]]:
    """A CSV file as one table; the first encoding of ``encodings`` that decodes it."""
    issue = regular_file(file)
    if issue is not None:
        return None, [issue]
    try:
        raw = read_capped(file)
    except OSError:
        return None, [Issue(None, 1, 1, DAMAGED, "文件无法读取")]
    for encoding in encodings:
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        names = "、".join(e.removesuffix("-sig").upper() for e in encodings)
        return None, [
            Issue(None, 1, 1, DAMAGED, f"文件不是 {names} 编码的文本；请另存为 UTF-8 的 CSV")
        ]
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        return None, [Issue(None, line, 1, DAMAGED, "文件含有空字符（NUL），不是文本 CSV 文件")]
    table = Table("")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        for number, record in enumerate(reader, start=1):
            if number > MAX_ROWS:
                return None, [_csv_issue(too_large("", reader.line_num, 1))]
            if len(record) > MAX_COLUMNS:
                return None, [_csv_issue(too_large("", reader.line_num, len(record)))]
            for column, value in enumerate(record, start=1):
                if len(value) > MAX_CELL_CHARS:
                    message = f"单元格有 {len(value)} 个字符，超过 32767 个字符的上限"
                    return None, [Issue(None, reader.line_num, column, TOO_LARGE, message)]
            table.rows.append(list(record))
    except csv.Error:
        line = max(reader.line_num, 1)
        message = "CSV 格式错误（引号不成对，或一个单元格超过 32767 个字符）"
        return None, [Issue(None, line, 1, DAMAGED, message)]
    return table, []


def _csv_issue(issue: Issue) -> Issue:
    return Issue(None, issue.row, issue.column, issue.code, issue.message)
