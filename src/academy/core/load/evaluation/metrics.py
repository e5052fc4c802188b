"""Quarterly service metrics per agent (seed 000 持续优化, seed 002 效果评估), from CSV or xlsx.

``evaluation/metrics/<YYYY-Qn>.csv`` holds one quarter; an ``.xlsx`` workbook holds one
quarter per worksheet named ``YYYY-Qn``. The first row is the header: ``员工编号`` and
any of the metric columns below (Chinese or English names). An empty cell means no data.

Customer satisfaction is kept on seed 000's 5-point scale (满分 5 分). A file whose
satisfaction column is headed ``客户满意度（5 分制）`` (or ``满意度评分``, ``satisfaction_5``)
gives it as such (1–5); the older percentage column (``客户满意度``, ``满意度``,
``satisfaction``: 0–100 %) is read as before, checked on 0–100 and converted by ÷ 20
(90 % = 4.5), exactly. First-response time, complaint and return/exchange volumes are
seed 002's 首次响应时长, 投诉量 and 退换货量.

Problems: a CSV cell is reported as ``path:row:column``; a worksheet cell as
``FILE.xlsx:sheet!C7`` (spreadsheet coordinates), codes E341–E343. Values are Decimal.
Individual metrics never reach the site; ``academy.core.evaluation.effect`` aggregates them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from academy.core.errors import Problem
from academy.core.load.files import input_files
from academy.core.vocabulary import EMPLOYEE_ID

if TYPE_CHECKING:  # the spreadsheet readers (zip, XML) are imported when a file is read
    from academy.core.load.spreadsheet import Book, Issue

METRICS_DIR = "evaluation/metrics"
QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")


@dataclass(frozen=True)
class Metric:
    id: str
    label: str
    unit: str
    better: str  # "higher" | "lower" | "" (context only)
    low: Decimal
    high: Decimal | None  # None: no upper bound
    integer: bool = False
    positive: bool = False  # strictly above ``low`` (a handling time of 0 s is no measurement)

    def bound(self) -> str:
        """The allowed range in words, as the guide gives it."""
        if self.positive:
            return "正数"
        if self.high is not None:
            return f"{self.low} 到 {self.high}"
        return f"不小于 {self.low}"

    def allows(self, value: Decimal) -> bool:
        if value < self.low or (self.positive and value == self.low):
            return False
        return self.high is None or value <= self.high


METRICS: tuple[Metric, ...] = (
    Metric("satisfaction", "客户满意度", "5 分制", "higher", Decimal(1), Decimal(5)),
    Metric("complaint_rate", "投诉率", "%", "lower", Decimal(0), Decimal(100)),
    Metric("fcr", "一次解决率", "%", "higher", Decimal(0), Decimal(100)),
    Metric("aht", "平均处理时长", "秒", "lower", Decimal(0), None, positive=True),
    Metric("volume", "接待量", "件", "", Decimal(0), None, integer=True),
    Metric("first_response", "首次响应时长", "秒", "lower", Decimal(0), None, positive=True),
    Metric("complaints", "投诉量", "件", "", Decimal(0), None, integer=True),
    Metric("returns", "退换货量", "件", "", Decimal(0), None, integer=True),
)
BY_ID = {m.id: m for m in METRICS}
SATISFACTION_PER_POINT = Decimal(20)  # 100 % = 5 points: 90 % = 4.5 / 5
PERCENT = "satisfaction%"  # a satisfaction column in percent, converted on reading
SATISFACTION_PERCENT = Metric("satisfaction", "客户满意度", "%", "higher", Decimal(0), Decimal(100))
SATISFACTION_HEADS = ("客户满意度（5 分制）", "客户满意度（百分制，读取时 ÷ 20）")
HEADERS: dict[str, str] = {
    "员工编号": "employee_id",
    "employee_id": "employee_id",
    **{m.label: m.id for m in METRICS},
    **{m.id: m.id for m in METRICS},
    "客户满意度（5 分制）": "satisfaction",
    "客户满意度（5分制）": "satisfaction",
    "满意度评分": "satisfaction",
    "satisfaction_5": "satisfaction",
    "客户满意度": PERCENT,
    "满意度": PERCENT,
    "satisfaction": PERCENT,
    "客户满意度（%）": PERCENT,
    "首次解决率": "fcr",
    "首次响应时间": "first_response",
    "投诉处理量": "complaints",
    "退换货处理量": "returns",
}


@dataclass(frozen=True)
class MetricRow:
    employee_id: str
    year: int
    quarter: int
    values: dict[str, Decimal]  # metric id → value; a metric without data is absent

    @property
    def period(self) -> str:
        return f"{self.year}-Q{self.quarter}"


class _Sheet:
    """Where problems of one table go: a CSV file or one worksheet of a workbook."""

    def __init__(self, path: str, sheet: str | None, problems: list[Problem]) -> None:
        self.path, self.sheet, self.problems = path, sheet, problems

    def problem(self, row: int, col: int, code: str, message: str) -> None:
        """``row`` and ``col`` from 0."""
        if self.sheet is None:
            self.problems.append(Problem(self.path, row + 1, col + 1, code, message))
        else:
            from openpyxl.utils import get_column_letter  # only on the error path

            cell = f"{self.path}:{self.sheet}!{get_column_letter(col + 1)}{row + 1}"  # 0-based
            self.problems.append(Problem(cell, 0, 0, code, message))


def _number(text: Any) -> Decimal | None:
    if isinstance(text, bool):
        return None
    if isinstance(text, int | float):
        text = repr(text)
    try:
        value = Decimal(str(text).strip().removesuffix("%"))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def read_table(rows: list[list[Any]], year: int, quarter: int, where: _Sheet) -> list[MetricRow]:
    """One quarter's table: header row, then one agent per row."""
    if not rows:
        where.problem(0, 0, "E341", "表格是空的，第一行应为表头")
        return []
    header = [str(h).strip() if h is not None else "" for h in rows[0]]
    columns: dict[int, str] = {}
    for col, name in enumerate(header):
        if not name:
            continue
        key = HEADERS.get(name)
        if key is None:
            known = "、".join(["员工编号", *(m.label for m in METRICS[1:]), *SATISFACTION_HEADS])
            where.problem(0, col, "E341", f"未知的列“{name}”，可用的列：{known}")
        elif key in columns.values() or _base(key) in map(_base, columns.values()):
            where.problem(0, col, "E341", f"列“{name}”重复")
        else:
            columns[col] = key
    if "employee_id" not in columns.values():
        where.problem(0, 0, "E341", "缺少“员工编号”列")
        return []
    out: list[MetricRow] = []
    seen: dict[str, int] = {}
    for r, row in enumerate(rows[1:], start=1):
        cells = {key: row[col] if col < len(row) else None for col, key in columns.items()}
        if all(v is None or str(v).strip() == "" for v in cells.values()):
            continue  # a blank line
        id_col = next(c for c, k in columns.items() if k == "employee_id")
        emp = str(cells["employee_id"] if cells["employee_id"] is not None else "").strip()
        if not EMPLOYEE_ID.fullmatch(emp):
            where.problem(r, id_col, "E343", f"员工编号“{emp}”不符合格式")
            continue
        if emp in seen:
            where.problem(r, id_col, "E343", f"员工 {emp} 在本季度已出现（第 {seen[emp] + 1} 行）")
            continue
        seen[emp] = r
        values: dict[str, Decimal] = {}
        for col, key in columns.items():
            raw = cells[key]
            if key == "employee_id" or raw is None or str(raw).strip() == "":
                continue
            metric = SATISFACTION_PERCENT if key == PERCENT else BY_ID[key]
            value = _number(raw)
            if value is None:
                where.problem(r, col, "E342", f"{metric.label}应为数字，实际是“{raw}”")
            elif not metric.allows(value):
                where.problem(
                    r, col, "E342", f"{metric.label} {value} 超出范围（应为 {metric.bound()}）"
                )
            elif metric.integer and value != value.to_integral_value():
                where.problem(r, col, "E342", f"{metric.label}应为整数，实际是 {value}")
            elif key == PERCENT:  # the older percentage: on the 5-point scale, exactly
                values[metric.id] = value / SATISFACTION_PER_POINT
            else:
                values[key] = value
        out.append(MetricRow(emp, year, quarter, values))
    return out


def _base(key: str) -> str:
    """The metric a column gives: a percentage satisfaction column gives satisfaction."""
    return "satisfaction" if key == PERCENT else key


def issue_problem(path: str, issue: Issue, problems: list[Problem], damaged: str = "E106") -> None:
    """A reader's issue as a problem: ``FILE.xlsx:sheet!C7`` in a sheet, else ``path:line:col``."""
    from academy.core.load.spreadsheet import DAMAGED

    code = damaged if issue.code == DAMAGED else issue.code
    if issue.sheet is None:
        problems.append(Problem(path, issue.row, issue.column, code, issue.message))
    else:
        _Sheet(path, issue.sheet, problems).problem(
            issue.row - 1, issue.column - 1, code, issue.message
        )


def table_rows(file: Path, path: str, problems: list[Problem]) -> list[list[Any]] | None:
    """The rows of a CSV file (UTF-8, BOM or not), through the one bounded reader."""
    from academy.core.load.spreadsheet import read_csv

    table, issues = read_csv(file)
    for issue in issues:
        issue_problem(path, issue, problems)
    return None if table is None else table.rows


def read_book(file: Path, path: str, problems: list[Problem]) -> Book | None:
    """Every worksheet of a workbook, through the one bounded reader; a formula whose
    result the file does not hold is E808 at its cell (it would read as no data)."""
    from academy.core.load.spreadsheet import read_xlsx

    book, issues = read_xlsx(file)
    for issue in issues:
        issue_problem(path, issue, problems)
    for table in book.tables if book is not None else []:
        for row, column in sorted(table.formulas):
            _Sheet(path, table.name, problems).problem(row - 1, column - 1, "E808", FORMULA)
    return book


FORMULA = "单元格是公式，但文件里没有保存计算结果；请在 Excel 中打开后保存一次，或把公式换成数值"


def read_csv_file(file: Path, path: str, problems: list[Problem]) -> list[MetricRow]:
    match = QUARTER.fullmatch(file.stem)
    if match is None:
        problems.append(Problem(path, 1, 1, "E341", "CSV 文件名应为季度，如 2026-Q1.csv"))
        return []
    rows = table_rows(file, path, problems)
    if rows is None:
        return []
    return read_table(rows, int(match[1]), int(match[2]), _Sheet(path, None, problems))


def read_xlsx_file(file: Path, path: str, problems: list[Problem]) -> list[MetricRow]:
    book = read_book(file, path, problems)
    if book is None:
        return []
    out: list[MetricRow] = []
    for table in book.tables:
        match = QUARTER.fullmatch(table.name)
        where = _Sheet(path, table.name, problems)
        if match is None:
            where.problem(0, 0, "E341", f"工作表名“{table.name}”应为季度，如 2026-Q1")
            continue
        out += read_table(table.rows, int(match[1]), int(match[2]), where)
    return out


def load_metrics(root: Path, problems: list[Problem]) -> list[MetricRow]:
    """Every metrics file under ``root/evaluation/metrics``; problems appended."""
    base = root / METRICS_DIR
    rows: list[MetricRow] = []
    seen: dict[tuple[str, int, int], str] = {}
    # regular files only, never through a link out of the repository (E110)
    for file in input_files(root, base, (".csv", ".xlsx"), problems, recursive=False):
        path = file.relative_to(root).as_posix()
        if file.suffix == ".csv":
            found = read_csv_file(file, path, problems)
        elif file.suffix == ".xlsx":
            found = read_xlsx_file(file, path, problems)
        else:
            continue
        for row in found:
            key = (row.employee_id, row.year, row.quarter)
            if key in seen:
                problems.append(
                    Problem(
                        path,
                        1,
                        1,
                        "E343",
                        f"员工 {row.employee_id} 的 {row.period} 指标也在 {seen[key]} 中",
                    )
                )
                continue
            seen[key] = path
            rows.append(row)
    return rows
