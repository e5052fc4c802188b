"""Reading the cells of an import sheet: which column is which, and what each cell means.

Each value becomes exactly what our YAML loader would read from a roster or the
register (ids and names as text, dates as ``YYYY-MM-DD`` text, scores as numbers,
judges' lists or ``absent``); a bad cell becomes a ``CellProblem`` at its place.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from academy.core.vocabulary import EMPLOYEE_ID
from academy.records.sheets import Cell, CellProblem, Sheet, as_date

DATE_TEXT = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
EMPLOYMENT_IN = {
    "正式": "regular",
    "实习生": "intern",
    "外包": "outsourced",
    "regular": "regular",
    "intern": "intern",
    "outsourced": "outsourced",
}
EMPLOYMENT_OUT = {"regular": "正式", "intern": "实习生", "outsourced": "外包"}
ABSENT_WORDS = ("缺考", "absent")
LIST_SPLIT = re.compile(r"\s*[/、,，;；]\s*")


@dataclass(frozen=True)
class Field:
    key: str  # the YAML key
    header: str  # the Chinese column header (the key itself is accepted too)
    kind: str  # id | text | date | employment | position
    required: bool = False


PEOPLE_FIELDS = (
    Field("id", "员工编号", "id", True),
    Field("name", "姓名", "text", True),
    Field("department", "部门", "text", True),
    Field("position", "岗位", "position", True),
    Field("employment", "用工类型", "employment", True),
    Field("hired_on", "入职日期", "date", True),
    Field("probation_until", "试用期至", "date"),
    Field("mentor", "带教导师", "id"),
    Field("left_on", "最后工作日", "date"),
)
SCORE_FIELDS = (
    Field("id", "员工编号", "id", True),
    Field("name", "姓名", "text"),
    Field("department", "部门", "text"),
    Field("position", "岗位", "position"),
    Field("applied_level", "申请等级", "text"),
    Field("mentor_review", "导师评价", "text"),
    Field("notes", "备注", "text"),
)


@dataclass
class Parsed:
    """The rows of a sheet as plain values (what our loader would read), with their cells."""

    rows: list[tuple[list[Cell], dict[str, Any]]] = field(default_factory=list)
    problems: list[CellProblem] = field(default_factory=list)


def _text(cell: Cell) -> str:
    value = cell.value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if cell.empty else str(value).strip()


def find_columns(
    sheet: Sheet, fields: tuple[Field, ...], extra: dict[str, str], problems: list[CellProblem]
) -> dict[str, int]:
    """Header text → column index, for the fields and the ``extra`` (header → key) columns."""
    by_header = {_text(c): c.column for c in sheet.header if not c.empty}
    found: dict[str, int] = {}
    for f in fields:
        column = by_header.get(f.header, by_header.get(f.key))
        if column is not None:
            found[f.key] = column
        elif f.required:
            after = max((c.column for c in sheet.header), default=0) + 1
            problems.append(sheet.problem(1, after, "E801", f"缺少“{f.header}”列"))
    for header, key in extra.items():
        if header in by_header:
            found[key] = by_header[header]
    return found


def cell_at(row: list[Cell], column: int, row_no: int) -> Cell:
    for cell in row:
        if cell.column == column:
            return cell
    return Cell(row_no, column, None)


def parse_cell(sheet: Sheet, f: Field, cell: Cell, problems: list[CellProblem]) -> Any:
    """One cell as the plain value our YAML loader would give; ``None`` for an empty cell."""

    def bad(code: str, message: str) -> None:
        problems.append(sheet.problem(cell.row, cell.column, code, message))

    if cell.empty:
        if f.required:
            bad("E201", f"“{f.header}”不能为空")
        return None
    value = cell.value
    if f.kind == "id":
        if isinstance(value, int | float) and not isinstance(value, bool):
            bad(
                "E102",
                f"{f.header} {_text(cell)} 是数字，开头的 0 可能已丢失；请把该列设为文本后重新输入",
            )
            return None
        text = _text(cell)
        if not EMPLOYEE_ID.fullmatch(text):
            bad("E205", f"{f.header}“{text}”只能使用字母、数字、下划线和连字符（1 至 32 个）")
            return None
        return text
    if f.kind == "date":
        day = as_date(value)
        if day is not None:
            return day.isoformat()
        if isinstance(value, int | float) and not isinstance(value, bool):
            bad(
                "E802",
                f"{f.header} {_text(cell)} 是 Excel 存成数字的日期；请把单元格设为日期格式，"
                "或写成 YYYY-MM-DD",
            )
            return None
        text = _text(cell)
        match = DATE_TEXT.match(text)
        if text.isdigit():
            bad("E802", f"{f.header} {text} 是存成数字的日期，请写成 YYYY-MM-DD")
            return None
        try:
            if match is None:
                raise ValueError(text)
            return dt.date(*(int(g) for g in match.groups())).isoformat()
        except ValueError:
            bad("E207", f"{f.header}“{text}”不是有效日期（YYYY-MM-DD）")
            return None
    text = _text(cell)
    if f.kind == "employment":
        if text not in EMPLOYMENT_IN:
            bad("E206", f"用工类型“{text}”不允许，可选：正式、实习生、外包")
            return None
        return EMPLOYMENT_IN[text]
    return text


def parse_rows(
    sheet: Sheet, fields: tuple[Field, ...], columns: dict[str, int], problems: list[CellProblem]
) -> list[tuple[list[Cell], dict[str, Any]]]:
    out = []
    seen: dict[str, int] = {}
    for row in sheet.rows:
        row_no = row[0].row
        record: dict[str, Any] = {}
        for f in fields:
            if f.key in columns:
                record[f.key] = parse_cell(sheet, f, cell_at(row, columns[f.key], row_no), problems)
        pid = record.get("id")
        if pid is not None:
            if pid in seen:
                problems.append(
                    sheet.problem(
                        row_no, columns["id"], "E805", f"员工 {pid} 重复（第 {seen[pid]} 行已有）"
                    )
                )
            seen.setdefault(pid, row_no)
        out.append((row, record))
    return out


def parse_score(sheet: Sheet, cell: Cell, label: str, problems: list[CellProblem]) -> Any:
    """A component score: a number 0–100, a judges' list "82/78/80", or 缺考; None if empty."""
    if cell.empty:
        return None
    value = cell.value

    def bad(code: str, message: str) -> None:
        problems.append(sheet.problem(cell.row, cell.column, code, message))

    if isinstance(value, bool | dt.date):
        bad("E203", f"“{label}”应为 0 到 100 的成绩，实际是 {_text(cell)}")
        return None
    if isinstance(value, int | float):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        parts = [number]
    else:
        text = _text(cell)
        if text in ABSENT_WORDS:
            return "absent"
        try:
            parts = [Decimal(p) for p in LIST_SPLIT.split(text) if p]
            if not parts or any(not p.is_finite() for p in parts):
                raise InvalidOperation(text)
        except InvalidOperation:
            bad("E203", f"“{label}”的成绩“{text}”不是数字；缺考请写“缺考”，评委打分写作 82/78/80")
            return None
    for p in parts:
        if not Decimal(0) <= p <= Decimal(100):
            bad("E204", f"“{label}”的成绩 {p} 超出范围（应在 0 到 100 之间）")
            return None
    plain = [int(p) if p == p.to_integral_value() and "." not in str(p) else p for p in parts]
    return (
        plain
        if len(plain) > 1 or (isinstance(value, str) and LIST_SPLIT.search(_text(cell)))
        else plain[0]
    )
