"""A one-sheet .xlsx writer for the export lists: the SpreadsheetML parts as text, in a zip.

openpyxl (even in write-only mode) builds a cell object per value and writes it
through an XML serializer: about 10 s for the 20,000-trainee export, where the
target is the time of ``academy grade`` itself. This writer joins the sheet XML
as strings instead (several times faster) and writes only what the lists need:

* the sheet, with a frozen header row (``pane ySplit=1``) and fitting column widths;
* four cell formats: default, header (bold, light blue fill), date
  (``yyyy-mm-dd``, the value a serial day number as Excel stores dates) and
  text (``@``, for ids, so that an id typed over in Excel stays text);
* strings in the shared-string table (as Excel and openpyxl write them), always
  typed ``s``: ``001`` is never the number 1.

Characters XML 1.0 cannot carry (control characters) are written as the
``_xHHHH_`` escapes of ECMA-376 (Part 1, §22.9.2.19), which Excel decodes
(openpyxl shows them as written; openpyxl's own writer refuses such text), and a
literal ``_xHHHH_`` in the text is protected by escaping its ``_``, which both
decode: no value is lost. The zip entries carry a fixed date, so the same
lists give the same bytes. Tests read the files back with openpyxl.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Literal

Format = Literal["date", "text"] | None  # per column: date cells, text "@" cells, or plain

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
EPOCH_ORDINAL = dt.date(1899, 12, 30).toordinal()  # serial day 0 of the 1900 date system
ZIP_DATE = (1980, 1, 1, 0, 0, 0)

HEADER_STYLE, DATE_STYLE, TEXT_STYLE = 1, 2, 3  # indexes into cellXfs below

CONTENT_TYPES = (
    DECL + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.styles+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    DECL + f'<Relationships xmlns="{PKG_REL_NS}">'
    f'<Relationship Id="rId1" Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK_RELS = (
    DECL + f'<Relationships xmlns="{PKG_REL_NS}">'
    f'<Relationship Id="rId1" Type="{REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{REL_NS}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rId3" Type="{REL_NS}/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)
STYLES = (
    DECL + f'<styleSheet xmlns="{MAIN_NS}">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>'
    '<fonts count="2">'
    '<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    "</fonts>"
    '<fills count="3">'
    '<fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFDDEBF7"/>'
    '<bgColor indexed="64"/></patternFill></fill>'
    "</fills>"
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"'
    ' applyAlignment="1"><alignment vertical="center"/></xf>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)

_SPECIAL = re.compile(r"[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|_x")
_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)")


def _escape_char(match: re.Match[str]) -> str:
    return f"_x{ord(match.group()):04X}_"


def xml_text(text: str) -> str:
    """``text`` as XML character data of an ``ST_Xstring``: nothing lost, nothing changed."""
    if not _SPECIAL.search(text):
        return text
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if _UNSAFE.search(text):
        text = _UNSAFE.sub(_escape_char, text)
    return text


def xml_attr(text: str) -> str:
    return xml_text(text).replace('"', "&quot;")


def column_letter(index: int) -> str:
    """1 -> A, 27 -> AA."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _cell(start: str, style: str, value: object, shared: Callable[[str], int]) -> str:
    """A cell that is not a plain ``str`` or ``date``: ``start`` is ``<c r="A2``."""
    if isinstance(value, bool):
        return f'{start}"{style} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, dt.datetime):
        day = (value - dt.datetime(1899, 12, 30)).total_seconds() / 86400
        return f'{start}"{style}><v>{day!r}</v></c>'
    if isinstance(value, dt.date):
        return f'{start}"{style}><v>{value.toordinal() - EPOCH_ORDINAL}</v></c>'
    if isinstance(value, float):
        return f'{start}"{style}><v>{value!r}</v></c>'
    if isinstance(value, int | Decimal):
        return f'{start}"{style}><v>{value}</v></c>'
    # a str subclass or anything else: shown as its text, never dropped
    return f'{start}"{style} t="s"><v>{shared(str(value))}</v></c>'


def write_sheet(
    path: Path,
    title: str,
    header: Sequence[str],
    formats: Sequence[Format],
    widths: Sequence[float],
    rows: Iterable[Sequence[object]],
) -> None:
    """Write one workbook with one sheet ``title``: a bold frozen header, then ``rows``.

    Row values: ``None`` (empty cell), ``str``, ``int``/``float``/``Decimal``,
    ``datetime.date``. A ``date`` column shows dates as ``yyyy-mm-dd`` date cells;
    a ``text`` column formats its cells as text ``@``.
    """
    strings: dict[str, int] = {}
    letters = [column_letter(i) for i in range(1, len(header) + 1)]
    styles = [
        f' s="{DATE_STYLE}"' if f == "date" else f' s="{TEXT_STYLE}"' if f == "text" else ""
        for f in formats
    ]

    def shared(text: str) -> int:
        index = strings.get(text)
        if index is None:
            index = strings[text] = len(strings)
        return index

    head = "".join(
        f'<c r="{letter}1" s="{HEADER_STYLE}" t="s"><v>{shared(h)}</v></c>'
        for letter, h in zip(letters, header, strict=True)
    )
    parts = [f'<row r="1">{head}</row>']
    starts = [(f'<c r="{letter}', style) for letter, style in zip(letters, styles, strict=True)]
    get = strings.get
    n = 1
    for row in rows:  # the hot loop: strings and dates inline, the rare kinds in _cell
        n += 1
        cells: list[str] = []
        add = cells.append
        for (start, style), value in zip(starts, row, strict=True):
            if value is None:
                continue
            if type(value) is str:
                index = get(value)
                if index is None:
                    index = strings[value] = len(strings)
                add(f'{start}{n}"{style} t="s"><v>{index}</v></c>')
            elif type(value) is dt.date:
                add(f'{start}{n}"{style}><v>{value.toordinal() - EPOCH_ORDINAL}</v></c>')
            else:
                add(_cell(f"{start}{n}", style, value, shared))
        parts.append(f'<row r="{n}">{"".join(cells)}</row>')
    last = letters[-1] if letters else "A"
    cols = "".join(
        f'<col min="{i}" max="{i}" width="{w:g}" customWidth="1"/>'
        for i, w in enumerate(widths, start=1)
    )
    sheet = (
        DECL + f'<worksheet xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">'
        f'<dimension ref="A1:{last}{n}"/>'
        '<sheetViews><sheetView workbookViewId="0">'
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
        "</sheetView></sheetViews>"
        '<sheetFormatPr defaultRowHeight="15"/>'
        + (f"<cols>{cols}</cols>" if cols else "")
        + "<sheetData>"
        + "".join(parts)
        + "</sheetData>"
        '<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/>'
        "</worksheet>"
    )
    sst = (
        DECL
        + f'<sst xmlns="{MAIN_NS}" count="{len(strings)}" uniqueCount="{len(strings)}">'
        + "".join(
            f'<si><t xml:space="preserve">{xml_text(s)}</t></si>'
            if s != s.strip() or "\n" in s
            else f"<si><t>{xml_text(s)}</t></si>"
            for s in strings
        )
        + "</sst>"
    )
    workbook = (
        DECL + f'<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">'
        "<bookViews><workbookView/></bookViews>"
        f'<sheets><sheet name="{xml_attr(title)}" sheetId="1" r:id="rId1"/></sheets>'
        "</workbook>"
    )
    parts_out = (
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", ROOT_RELS),
        ("xl/workbook.xml", workbook),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
        ("xl/styles.xml", STYLES),
        ("xl/sharedStrings.xml", sst),
        ("xl/worksheets/sheet1.xml", sheet),
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for name, text in parts_out:
            info = zipfile.ZipInfo(name, ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, text.encode("utf-8"), compresslevel=1)
