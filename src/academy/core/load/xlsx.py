"""The xlsx part of the bounded spreadsheet reader: a workbook's zip, its parts, its sheets.

Small parts (workbook, relationships, styles) are parsed whole with defusedxml; the large
ones (worksheets, shared strings) are streamed through expat handlers with the same
refusals (a DOCTYPE, an entity declaration or an external entity stops the parse: no
entity expansion, no XXE). defusedxml's own ``iterparse`` runs the pure-Python parser,
three times slower. Row, column and cell-length limits are checked cell by cell while a
sheet streams, so nothing past a limit is ever held. openpyxl's date-format rules and
serial-date conversion are used as they are.
"""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import pyexpat
import zipfile
from collections.abc import Callable
from typing import Any
from xml.etree.ElementTree import Element

from defusedxml.ElementTree import fromstring

from academy.core.load.sheet_model import (
    DAMAGED,
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_PARTS,
    MAX_ROWS,
    MAX_UNPACKED_BYTES,
    TOO_LARGE,
    Book,
    Issue,
    Stop,
    Table,
    too_large,
)

_DIGITS = "0123456789"
_COLUMNS: dict[str, int] = {}  # "AB" → 28, filled as letters are met (a few hundred at most)


def _column_of(letters: str) -> int | None:
    found = _COLUMNS.get(letters)
    if found is None:
        if not (0 < len(letters) <= 3 and letters.isascii() and letters.isalpha()):
            return None
        found = 0
        for ch in letters.upper():
            found = found * 26 + ord(ch) - 64
        if len(_COLUMNS) < 20_000:
            _COLUMNS[letters] = found
    return found


def _ref(text: str) -> tuple[int, int] | None:
    """``C7`` → (7, 3); ``None`` for anything else."""
    text = text.replace("$", "")
    digits = len(text) - len(text.rstrip(_DIGITS))
    if not 0 < digits <= 7:
        return None
    column = _column_of(text[:-digits])
    if column is None:
        return None
    return int(text[-digits:]), column


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _attr(elem: Element, name: str) -> str | None:
    """An attribute by its local name (``r:id`` and ``id`` alike)."""
    for key, value in elem.attrib.items():
        if _local(key) == name:
            return value
    return None


class Forbidden(Exception):
    """A DTD, an entity declaration or an external reference in a part."""


def _refuse(*_: object) -> None:
    raise Forbidden


class _Workbook:
    """The zip and its parts. Small parts (workbook, relationships, styles) are parsed
    whole with defusedxml; the large ones (worksheets, shared strings) are streamed
    through expat with the same refusals: a DOCTYPE, an entity declaration or an
    external entity stops the parse (no entity expansion, no XXE)."""

    def __init__(self, data: bytes) -> None:
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        self.names = {info.filename: info for info in self.zip.infolist()}

    def has(self, name: str) -> bool:
        return name in self.names

    def stream(
        self,
        name: str,
        start: Callable[[str, dict[str, str]], None],
        end: Callable[[str], None],
        chars: Callable[[str], None],
    ) -> None:
        parser = pyexpat.ParserCreate(namespace_separator="}")
        parser.buffer_text = True
        parser.SetParamEntityParsing(pyexpat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartDoctypeDeclHandler = _refuse
        parser.EntityDeclHandler = _refuse
        parser.UnparsedEntityDeclHandler = _refuse
        parser.ExternalEntityRefHandler = _refuse  # type: ignore[assignment]
        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.CharacterDataHandler = chars
        with self.zip.open(self.names[name]) as part:
            while chunk := part.read(1 << 20):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)

    def tree(self, name: str) -> Element | None:
        return fromstring(self.zip.read(self.names[name]), forbid_dtd=True)  # type: ignore[no-any-return]


def _rels(book: _Workbook, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id → (type, target part) for ``part``."""
    folder, name = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", name + ".rels")
    out: dict[str, tuple[str, str]] = {}
    if not book.has(rels_name):
        return out
    root = book.tree(rels_name)
    for rel in root if root is not None else []:
        target = rel.get("Target") or ""
        if rel.get("TargetMode") == "External":
            continue
        path = target[1:] if target.startswith("/") else posixpath.join(folder, target)
        out[rel.get("Id") or ""] = (rel.get("Type") or "", posixpath.normpath(path))
    return out


def _workbook_part(book: _Workbook) -> str:
    for kind, target in _rels(book, "").values():
        if kind.endswith("/officeDocument"):
            return target
    return "xl/workbook.xml"


def _shared_strings(book: _Workbook, part: str | None) -> list[str]:
    """Every ``<si>``'s text: its ``<t>`` runs, without phonetic runs (``<rPh>``)."""
    if part is None or not book.has(part):
        return []
    out: list[str] = []
    parts: list[str] = []
    state = {"t": False, "rph": 0}

    def start(name: str, _attrs: dict[str, str]) -> None:
        local = name.rpartition("}")[2]
        if local == "t":
            state["t"] = True
        elif local == "rPh":
            state["rph"] += 1
        elif local == "si":
            parts.clear()

    def end(name: str) -> None:
        local = name.rpartition("}")[2]
        if local == "t":
            state["t"] = False
        elif local == "rPh":
            state["rph"] -= 1
        elif local == "si":
            out.append("".join(parts))

    def chars(text: str) -> None:
        if state["t"] and not state["rph"]:
            parts.append(text)

    book.stream(part, start, end, chars)
    return out


def _date_styles(book: _Workbook, part: str | None) -> tuple[list[bool], list[str]]:
    """Per cell style index: does it show a date, and its number format."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format

    if part is None or not book.has(part):
        return [], []
    root = book.tree(part)
    if root is None:
        return [], []
    custom: dict[int, str] = {}
    dates: list[bool] = []
    formats: list[str] = []
    for child in root:
        if _local(child.tag) == "numFmts":
            for fmt in child:
                try:
                    custom[int(fmt.get("numFmtId") or "")] = fmt.get("formatCode") or ""
                except ValueError:
                    continue
        elif _local(child.tag) == "cellXfs":
            for xf in child:
                try:
                    fid = int(xf.get("numFmtId") or 0)
                except ValueError:
                    fid = 0
                code = custom.get(fid, BUILTIN_FORMATS.get(fid, "General"))
                formats.append(code)
                dates.append(is_date_format(code))
    return dates, formats


def _number(text: str) -> int | float:
    if "." in text or "e" in text or "E" in text:
        value = float(text)
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(text)
        return value
    return int(text)


class _SheetReader:
    """expat handlers for one worksheet: each ``<c>`` becomes a value in ``table.rows``."""

    def __init__(
        self,
        table: Table,
        strings: list[str],
        dates: list[bool],
        formats: list[str],
        epoch: dt.datetime,
    ) -> None:
        self.table, self.strings, self.dates, self.formats = table, strings, dates, formats
        self.epoch = epoch
        self.rows_seen = 0
        self.row = 0  # the current row number
        self.column = 0  # the last cell's column
        self.last_row = 0  # the last row read to its end
        self.cell: tuple[int, int, str, int] | None = None  # row, column, type, style
        self.text: list[str] = []
        self.collect = False  # inside <v>, or a <t> of an inline string
        self.has_value = self.has_formula = self.inline = False
        self.rph = 0
        self.locals: dict[str, str] = {}

    def local(self, name: str) -> str:
        found = self.locals.get(name)
        if found is None:
            found = self.locals[name] = name.rpartition("}")[2]
        return found

    def start(self, name: str, attrs: dict[str, str]) -> None:
        tag = self.locals.get(name) or self.local(name)
        if tag == "c":
            ref = attrs.get("r")
            where = _ref(ref) if ref else None
            if where is None:
                where = (self.row, self.column + 1)
            row, column = where
            if row > MAX_ROWS or column > MAX_COLUMNS:
                raise Stop(too_large(self.table.name, row, column))
            self.column = column
            style = attrs.get("s") or "0"
            self.cell = (row, column, attrs.get("t") or "n", int(style) if style.isdigit() else 0)
            self.text = []
            self.has_value = self.has_formula = self.inline = False
        elif tag == "v":
            self.collect, self.has_value = True, True
        elif tag == "f":
            self.has_formula = True
        elif tag == "is":
            self.inline = True
        elif tag == "t":
            self.collect = self.inline and not self.rph
        elif tag == "rPh":
            self.rph += 1
        elif tag == "row":
            self.rows_seen += 1
            r = attrs.get("r")
            self.row = int(r) if r and r.isdigit() else self.row + 1
            self.column = 0
            if self.rows_seen > MAX_ROWS or self.row > MAX_ROWS:
                raise Stop(too_large(self.table.name, self.row, 1))
        elif tag == "dimension":
            bounds = (attrs.get("ref") or "").split(":")[-1]
            corner = _ref(bounds)
            if corner and (corner[0] > MAX_ROWS or corner[1] > MAX_COLUMNS):
                raise Stop(
                    Issue(
                        self.table.name,
                        1,
                        1,
                        TOO_LARGE,
                        f"工作表声明的使用范围到 {bounds}，超过 50000 行、200 列的上限；"
                        "请删掉多余的行列后重新保存",
                    )
                )

    def chars(self, text: str) -> None:
        if self.collect:
            self.text.append(text)
            if len(self.text) > 64 and sum(map(len, self.text)) > MAX_CELL_CHARS:
                self.too_long(sum(map(len, self.text)))

    def too_long(self, length: int) -> None:
        assert self.cell is not None
        row, column = self.cell[0], self.cell[1]
        raise Stop(
            Issue(
                self.table.name,
                row,
                column,
                TOO_LARGE,
                f"单元格有 {length} 个字符以上，超过 32767 个字符的上限",
            )
        )

    def end(self, name: str) -> None:
        tag = self.locals.get(name) or self.local(name)
        if tag == "v" or tag == "t":
            self.collect = False
        elif tag == "rPh":
            self.rph -= 1
        elif tag == "c":
            self.finish_cell()
        elif tag == "row":
            self.last_row = self.row

    def finish_cell(self) -> None:
        assert self.cell is not None
        row, column, kind, style = self.cell
        name = self.table.name
        text = "".join(self.text)
        value: Any = None
        if self.inline:
            value = text
        elif not self.has_value or (text == "" and kind != "str"):
            if self.has_formula:
                self.table.formulas.add((row, column))
        elif kind == "s":
            index = int(text) if text.strip().isdigit() else -1
            if not 0 <= index < len(self.strings):
                raise Stop(Issue(name, row, column, DAMAGED, "单元格引用了不存在的共享文本"))
            value = self.strings[index]
        elif kind in ("str", "e"):
            value = text
        elif kind == "b":
            value = text.strip() in ("1", "true")
        elif kind == "d":
            try:
                value = dt.datetime.fromisoformat(text.strip())
            except ValueError:
                raise Stop(
                    Issue(name, row, column, DAMAGED, f"日期单元格的值“{text[:40]}”无法识别")
                ) from None
        else:
            try:
                value = _number(text.strip())
            except ValueError:
                raise Stop(
                    Issue(name, row, column, DAMAGED, f"数字单元格的值“{text[:40]}”无法识别")
                ) from None
            if style < len(self.dates) and self.dates[style]:
                from openpyxl.utils.datetime import from_excel

                try:
                    value = from_excel(value, self.epoch)
                except (ValueError, OverflowError):
                    raise Stop(
                        Issue(name, row, column, DAMAGED, f"日期序号 {value} 超出范围")
                    ) from None
        if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
            self.too_long(len(value))
        self.cell = None
        if value is None and (row, column) not in self.table.formulas:
            return
        rows = self.table.rows
        while len(rows) < row:
            rows.append([])
        cells = rows[row - 1]
        if len(cells) < column:
            cells.extend([None] * (column - len(cells)))
        cells[column - 1] = value
        if style < len(self.formats) and self.formats[style] != "General":
            self.table.number_formats[(row, column)] = self.formats[style]


def _read_sheet(
    book: _Workbook,
    part: str,
    table: Table,
    strings: list[str],
    dates: list[bool],
    formats: list[str],
    epoch: dt.datetime,
) -> None:
    if not book.has(part):
        raise Stop(Issue(table.name, 1, 1, DAMAGED, "工作表的内容缺失：文件不完整"))
    reader = _SheetReader(table, strings, dates, formats, epoch)
    try:
        book.stream(part, reader.start, reader.end, reader.chars)
    except (pyexpat.ExpatError, Forbidden) as err:
        why = (
            "含有 DTD 或实体声明（出于安全原因不读取）"
            if isinstance(err, Forbidden)
            else "的 XML 结构损坏"
        )
        row = reader.last_row + 1
        raise Stop(
            Issue(
                table.name,
                row,
                1,
                DAMAGED,
                f"工作表{why}，从第 {row} 行起无法读取；请在 Excel 中打开后另存为 .xlsx",
            )
        ) from None


def parse_workbook(data: bytes) -> Book:
    try:
        book = _Workbook(data)
    except zipfile.BadZipFile:
        head = data[:512].lstrip().lower()
        if head.startswith((b"<!doctype html", b"<html", b"<?xml", b"<table")):
            why = "这是网页（HTML/XML）文件，只是扩展名为 .xlsx"
        elif data.startswith(b"\xd0\xcf\x11\xe0"):
            why = "这是旧版 Excel（.xls）文件或加密的工作簿"
        elif data.startswith(b"PK"):
            why = "文件不完整（可能下载或复制时被截断）"
        else:
            why = "文件不是 xlsx 格式"
        raise Stop(
            Issue(None, 1, 1, DAMAGED, f"不是有效的 xlsx 文件：{why}；请用 Excel 另存为 .xlsx")
        ) from None
    infos = list(book.names.values())
    if len(infos) > MAX_PARTS:
        raise Stop(Issue(None, 1, 1, TOO_LARGE, f"xlsx 内含 {len(infos)} 个部件，超过上限"))
    unpacked = sum(i.file_size for i in infos)
    if unpacked > MAX_UNPACKED_BYTES:
        raise Stop(
            Issue(
                None,
                1,
                1,
                TOO_LARGE,
                f"xlsx 解压后有 {unpacked / 1024 / 1024:.0f} MB，超过 100 MB 的上限",
            )
        )
    part = _workbook_part(book)
    if not book.has(part):
        raise Stop(Issue(None, 1, 1, DAMAGED, "不是有效的 xlsx 文件：缺少工作簿（workbook.xml）"))
    rels = _rels(book, part)
    root = book.tree(part)
    if root is None:
        raise Stop(Issue(None, 1, 1, DAMAGED, "不是有效的 xlsx 文件：工作簿为空"))
    epoch = dt.datetime(1899, 12, 30)
    active = 0
    sheets: list[tuple[str, bool, str]] = []
    for child in root.iter():
        name = _local(child.tag)
        if name == "workbookPr" and child.get("date1904") in ("1", "true"):
            epoch = dt.datetime(1904, 1, 1)
        elif name == "workbookView" and (tab := child.get("activeTab")) and tab.isdigit():
            active = int(tab)
        elif name == "sheet":
            rid = _attr(child, "id") or ""
            target = rels.get(rid, ("", ""))[1]
            state = child.get("state") or "visible"
            sheets.append((child.get("name") or "", state != "visible", target))
    if not sheets:
        raise Stop(Issue(None, 1, 1, DAMAGED, "工作簿里没有工作表"))
    by_type = {kind.rsplit("/", 1)[-1]: target for kind, target in rels.values()}
    strings = _shared_strings(book, by_type.get("sharedStrings"))
    for text in strings:
        if len(text) > MAX_CELL_CHARS:
            raise Stop(
                Issue(
                    None,
                    1,
                    1,
                    TOO_LARGE,
                    f"一个单元格的文本有 {len(text)} 个字符，超过 32767 个字符的上限",
                )
            )
    dates, formats = _date_styles(book, by_type.get("styles"))
    tables = []
    for name, hidden, target in sheets:
        table = Table(name, hidden=hidden)
        _read_sheet(book, target, table, strings, dates, formats, epoch)
        tables.append(table)
    return Book(tables, active if active < len(tables) else 0)
