"""The export's own .xlsx writer, read back as the consumer reads it: openpyxl and an XML parser."""

from __future__ import annotations

import datetime as dt
import zipfile
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree

from openpyxl import load_workbook

from academy.hr.xlsxwrite import column_letter, write_sheet

AWKWARD = [
    "001",  # an id with leading zeros stays text
    "  前后空格  ",
    "两行\n文字",
    "A&B <c> \"d\" 'e'",
    "_x0041_ 字面",  # looks like an escape: must come back as written
    "1E5",
    "=SUM(A1)",  # text, never a formula
]


def test_values_come_back_as_written(tmp_path: Path) -> None:
    """Awkward text, numbers, dates and empty cells survive a write and an openpyxl read."""
    path = tmp_path / "t.xlsx"
    rows: list[list[object]] = [
        [text, i, dt.date(2024, 2, 29), None] for i, text in enumerate(AWKWARD)
    ]
    rows.append([None, Decimal("87.5"), None, 2.25])
    header = ["员工编号", "总分", "考核日期", "备注"]
    write_sheet(path, "认证结果记录表", header, ["text", None, "date", None], [12, 8, 12, 8], rows)

    ws = load_workbook(path).active
    assert ws.title == "认证结果记录表"
    assert [c.value for c in ws[1]] == header
    assert ws["A1"].font.b and ws["A1"].fill.fgColor.rgb.endswith("DDEBF7")
    assert ws.freeze_panes == "A2"
    assert [ws.column_dimensions[column_letter(i)].width for i in range(1, 5)] == [12, 8, 12, 8]
    for r, text in enumerate(AWKWARD, start=2):
        assert ws.cell(r, 1).value == text and ws.cell(r, 1).data_type == "s"
        assert ws.cell(r, 1).number_format == "@"
        assert ws.cell(r, 2).value == r - 2
        assert ws.cell(r, 3).value == dt.datetime(2024, 2, 29)
        assert ws.cell(r, 3).number_format == "yyyy-mm-dd" and ws.cell(r, 3).is_date
        assert ws.cell(r, 4).value is None
    last = len(AWKWARD) + 2
    assert ws.cell(last, 1).value is None
    assert ws.cell(last, 2).value == 87.5 and ws.cell(last, 4).value == 2.25
    assert ws.max_row == last


def test_parts_are_well_formed_and_repeatable(tmp_path: Path) -> None:
    """Every part parses as XML, a sheet name with & is escaped, and same input, same bytes."""
    rows = [["甲&乙", dt.date(2023, 1, 1)]]
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    for path in (a, b):
        write_sheet(path, "R&D <名单>", ["姓名", "日期"], [None, "date"], [8, 12], rows)
    assert a.read_bytes() == b.read_bytes()
    with zipfile.ZipFile(a) as zf:
        assert zf.testzip() is None
        for name in zf.namelist():
            ElementTree.fromstring(zf.read(name))  # raises on anything malformed
    assert load_workbook(a).active.title == "R&D <名单>"


def test_read_only_mode_reads_it_too(tmp_path: Path) -> None:
    """`academy import` reads sheets in openpyxl's read-only mode: the rows come back there too."""
    path = tmp_path / "r.xlsx"
    write_sheet(
        path,
        "人员名册",
        ["员工编号", "入职日期"],
        ["text", "date"],
        [10, 12],
        [["010", dt.date(2020, 1, 2)], ["A2", None]],
    )
    ws = load_workbook(path, read_only=True).active
    assert list(ws.iter_rows(values_only=True)) == [
        ("员工编号", "入职日期"),
        ("010", dt.datetime(2020, 1, 2)),
        ("A2", None),
    ]


def test_control_characters_are_escaped_not_dropped(tmp_path: Path) -> None:
    """XML 1.0 cannot carry U+0001: it is written as ECMA-376's _x0001_, which Excel decodes.

    (openpyxl shows the escape as it is; it does not decode it.) The sheet still parses.
    """
    path = tmp_path / "c.xlsx"
    write_sheet(path, "名单", ["备注"], [None], [8], [["控制字符\x01\x1f"]])
    with zipfile.ZipFile(path) as zf:
        sst = zf.read("xl/sharedStrings.xml").decode("utf-8")
    assert ">控制字符_x0001__x001F_</t>" in sst
    assert load_workbook(path).active["A2"].value == "控制字符_x0001__x001F_"


def test_column_letters() -> None:
    assert [column_letter(i) for i in (1, 26, 27, 52, 703)] == ["A", "Z", "AA", "AZ", "AAA"]
