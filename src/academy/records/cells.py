"""Reading the cells of an import sheet: which column is which, and what each cell means.

Each value becomes exactly what our YAML loader would read from a roster or the
register (ids and names as text, dates as ``YYYY-MM-DD`` text, scores as numbers,
judges' lists or ``absent``); a bad cell becomes a ``CellProblem`` at its place.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from academy.core.columns import (
    EMPLOYMENT_IN,
    Field,
)
from academy.core.vocabulary import EMPLOYEE_ID, read_number
from academy.records.sheets import Cell, CellProblem, Sheet, as_date

DATE_TEXT = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
ABSENT_WORDS = ("缺考", "absent")
LIST_SPLIT = re.compile(r"\s*[/、,，;；]\s*")


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


IGNORED_HEADERS = frozenset({"序号"})  # a row number column, as most sheets have
HEADER_SEARCH_ROWS = 20  # the header row is looked for among the first rows
_NOTE = re.compile(r"\s*[（(][^）)]*[）)]\s*$")  # 理论成绩（40%）


def normalise_header(text: str) -> str:
    """A header as compared: without spaces and a trailing note in brackets."""
    return _NOTE.sub("", re.sub(r"\s+", "", text))


def component_headers(label: str, cid: str) -> tuple[str, ...]:
    """The headers accepted for a program component: its label, its id, and the label
    with 成绩 or 分数 (理论考试 → 理论考试成绩, 理论成绩)."""
    stems = [label]
    for ending in ("考试", "考核", "表现", "测试", "评估"):
        if label.endswith(ending) and len(label) > len(ending):
            stems.append(label[: -len(ending)])
    out = [label, cid]
    for stem in stems:
        out += [f"{stem}成绩", f"{stem}分数", f"{stem}得分"]
    return tuple(dict.fromkeys(out))


def find_columns(
    sheet: Sheet,
    fields: tuple[Field, ...],
    extra: dict[str, tuple[str, ...]],
    problems: list[CellProblem],
) -> dict[str, int]:
    """Find the header row and map its headers to keys (``extra``: key → its headers).

    The header row is the one among the first rows with the most known headers (a
    title row above it is fine). Every header that is not known is named, with the
    ones that are expected; a required column that is missing is reported too.
    """
    known: dict[str, str] = {}
    for f in fields:
        for h in f.headers:
            known.setdefault(normalise_header(h), f.key)
    for key, headers in extra.items():
        for h in headers:
            known.setdefault(normalise_header(h), key)
    best, best_row = 0, 1
    for number, row in enumerate(sheet.grid[:HEADER_SEARCH_ROWS], start=1):
        hits = len({known[t] for c in row if (t := normalise_header(_text(c))) in known})
        if hits > best:
            best, best_row = hits, number
    sheet.use_header(best_row)
    expected = "、".join(
        [f.header + (f"（{'、'.join(f.aliases)}）" if f.aliases else "") for f in fields]
        + [headers[0] for headers in extra.values()]
    )
    found: dict[str, int] = {}
    for c in sheet.header:
        text = normalise_header(_text(c))
        if not text or text in IGNORED_HEADERS:
            continue
        column_key = known.get(text)
        if column_key is None:
            problems.append(
                sheet.problem(
                    c.row, c.column, "E801", f"无法识别的列“{_text(c)}”；可以使用的列：{expected}"
                )
            )
        elif column_key in found:
            problems.append(sheet.problem(c.row, c.column, "E801", f"列“{_text(c)}”重复"))
        else:
            found[column_key] = c.column
    after = max((c.column for c in sheet.header), default=0) + 1
    for f in fields:
        if f.required and f.key not in found:
            problems.append(
                sheet.problem(
                    sheet.header_row, after, "E801", f"缺少“{f.header}”列；可以使用的列：{expected}"
                )
            )
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

    if cell.formula:
        bad("E808", FORMULA_MESSAGE)
        return None
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
        used = [cell_at(row, column, row_no) for column in columns.values()]
        if all(c.empty and not c.formula for c in used):
            continue  # nothing in any known column: a pre-numbered (序号) or notes-only row
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


FORMULA_MESSAGE = (
    "单元格是公式，但文件里没有保存计算结果（多见于程序生成的表格）；"
    "请在 Excel 中打开后保存一次，或把公式换成数值"
)


def parse_score(sheet: Sheet, cell: Cell, label: str, problems: list[CellProblem]) -> Any:
    """A component score: a number 0–100, a judges' list "82/78/80", or 缺考; None if empty.

    Text is read by the one number parser of rosters (``read_number``): ``８５``, ``8_0``,
    ``+80``, ``1e2`` or ``80/`` are refused here as they are in YAML."""

    def bad(code: str, message: str) -> None:
        problems.append(sheet.problem(cell.row, cell.column, code, message))

    if cell.formula:
        bad("E808", FORMULA_MESSAGE)
        return None
    if cell.empty:
        return None
    value = cell.value

    if isinstance(value, bool | dt.date):
        bad("E203", f"“{label}”应为 0 到 100 的成绩，实际是 {_text(cell)}")
        return None
    parts: list[Decimal] = []
    if isinstance(value, int | float):
        parts = [Decimal(repr(value)) if isinstance(value, float) else Decimal(value)]
    else:
        text = _text(cell)
        if text in ABSENT_WORDS:
            return "absent"
        pieces = LIST_SPLIT.split(text)
        for piece in pieces:
            number, code = read_number(piece)
            if number is None:
                if code == "E102":
                    bad(
                        "E102",
                        f"“{label}”的成绩“{text}”写法不对：请写成不带正号、下划线、"
                        "前导零和指数的十进制数，如 85 或 79.5",
                    )
                else:
                    bad(
                        "E203",
                        f"“{label}”的成绩“{text}”不是数字（请用半角数字）；"
                        "缺考请写“缺考”，评委打分写作 82/78/80",
                    )
                return None
            parts.append(number)
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
