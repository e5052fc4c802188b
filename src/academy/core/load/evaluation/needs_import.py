"""Needs-survey answers from a spreadsheet (seed 000 模板1 collected as a form export).

A survey file may say ``responses_from: <file>`` (a ``.csv`` or ``.xlsx`` beside it in
``evaluation/needs/``); its first sheet's first row is the header:

- ``部门``, ``岗位`` (required), ``入职日期`` (optional, YYYY-MM-DD);
- one column per skill area, headed by its label or id, with the self-rating 1–5;
- ``希望培训的主题``: topic labels or ids separated by 、，, ; or spaces;
- ``培训形式``: one of the survey's formats.

Problems are reported at the cell (CSV ``path:row:column``, xlsx ``FILE.xlsx:sheet!C7``).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from academy.core.errors import Problem
from academy.core.load.evaluation.metrics import _Sheet, read_book, table_rows
from academy.core.load.evaluation.model import Choice, NeedsResponse

SPLIT = re.compile(r"[、，,;；\s]+")
FIXED = {"部门": "department", "岗位": "position", "入职日期": "hired_on",
         "希望培训的主题": "topics", "培训形式": "format"}  # fmt: skip


def _table(file: Path, path: str, problems: list[Problem]) -> tuple[list[list[Any]], _Sheet] | None:
    """The first sheet (or the CSV), through the one bounded reader."""
    if file.suffix == ".csv":
        rows = table_rows(file, path, problems)
        return None if rows is None else (rows, _Sheet(path, None, problems))
    book = read_book(file, path, problems)
    if book is None:
        return None
    table = book.tables[0]
    return table.rows, _Sheet(path, table.name, problems)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_responses(
    file: Path,
    path: str,
    skills: tuple[Choice, ...],
    topics: tuple[Choice, ...],
    formats: tuple[str, ...],
    problems: list[Problem],
) -> list[NeedsResponse]:
    found = _table(file, path, problems)
    if found is None:
        return []
    rows, where = found
    if not rows:
        where.problem(0, 0, "E341", "表格是空的，第一行应为表头")
        return []
    by_name = {c.label: c.id for c in skills} | {c.id: c.id for c in skills}
    topic_ids = {c.label: c.id for c in topics} | {c.id: c.id for c in topics}
    columns: dict[int, str] = {}
    for col, raw in enumerate(rows[0]):
        name = _text(raw)
        key = FIXED.get(name) or (f"skill:{by_name[name]}" if name in by_name else None)
        if not name:
            continue
        if key is None:
            where.problem(
                0,
                col,
                "E341",
                f"未知的列“{name}”：应为部门、岗位、入职日期、技能领域、希望培训的主题或培训形式",
            )
        else:
            columns[col] = key
    missing = [
        n for n, k in (("部门", "department"), ("岗位", "position")) if k not in columns.values()
    ]
    for name in missing:
        where.problem(0, 0, "E341", f"缺少“{name}”列")
    if missing:
        return []
    out = []
    for r, row in enumerate(rows[1:], start=1):
        cells = {k: _text(row[c]) if c < len(row) else "" for c, k in columns.items()}
        if not any(cells.values()):
            continue
        where_of = {k: c for c, k in columns.items()}
        ok = True
        for key in ("department", "position"):
            if not cells[key]:
                where.problem(
                    r, where_of[key], "E201", f"缺少{'部门' if key == 'department' else '岗位'}"
                )
                ok = False
        rated: dict[str, int] = {}
        for key, value in cells.items():
            if not key.startswith("skill:") or value == "":
                continue
            if value not in {"1", "2", "3", "4", "5"}:
                where.problem(r, where_of[key], "E204", f"自评应为 1 到 5 的整数，实际是“{value}”")
                ok = False
            else:
                rated[key.removeprefix("skill:")] = int(value)
        wanted = []
        for word in SPLIT.split(cells.get("topics", "")):
            if not word:
                continue
            if word not in topic_ids:
                where.problem(r, where_of["topics"], "E309", f"调研中没有主题“{word}”")
                ok = False
            else:
                wanted.append(topic_ids[word])
        fmt = cells.get("format") or None
        if fmt is not None and fmt not in formats:
            where.problem(r, where_of["format"], "E206", f"培训形式“{fmt}”不在 formats 中")
            ok = False
        hired = None
        if cells.get("hired_on"):
            try:
                hired = dt.date.fromisoformat(cells["hired_on"])
            except ValueError:
                where.problem(
                    r,
                    where_of["hired_on"],
                    "E207",
                    f"入职日期“{cells['hired_on']}”不是有效日期（YYYY-MM-DD）",
                )
                ok = False
        if ok:
            out.append(
                NeedsResponse(
                    cells["department"], cells["position"], rated, tuple(wanted), fmt, hired
                )
            )
    return out
