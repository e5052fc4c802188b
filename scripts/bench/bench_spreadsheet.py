"""Benchmark: the bounded spreadsheet reader next to openpyxl's read-only loader.

Writes one worksheet of ROWS rows × COLS columns (default 50,000 × 20: the row limit,
a wide score sheet), then times, best of K, in this process:

* ``academy.core.load.spreadsheet.read_xlsx`` (limits, formulas, dates; every cell's value),
* openpyxl ``load_workbook(read_only=True, data_only=True)`` iterating every row's values
  (the loader the tool used before; no limits),

and prints both times, the ratio (target ≤ 1.0) and the cells per second.
Usage: python scripts/bench/bench_spreadsheet.py [ROWS] [COLS] [--repeat K]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook, load_workbook

from academy.core.load.spreadsheet import read_xlsx


def write_sheet(path: Path, rows: int, cols: int) -> None:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("成绩")
    sheet.append(
        ["员工编号", "姓名", "理论考试", "实操考核", "日常表现"]
        + [f"备注{i}" for i in range(cols - 5)]
    )
    for i in range(rows - 1):
        sheet.append([f"Z{i:05d}", "张三", 85, "82/78/80", 90.5] + ["文本"] * (cols - 5))
    book.save(path)


def ours(path: Path) -> int:
    book, issues = read_xlsx(path)
    assert book is not None and not issues, issues
    return sum(len(r) for r in book.tables[0].rows)


def theirs(path: Path) -> int:
    book = load_workbook(path, read_only=True, data_only=True)
    cells = sum(len(r) for r in book.worksheets[0].iter_rows(values_only=True))
    book.close()
    return cells


def best(func: object, path: Path, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func(path)  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("rows", nargs="?", type=int, default=50_000)
    parser.add_argument("cols", nargs="?", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.xlsx"
        write_sheet(path, args.rows, args.cols)
        cells = ours(path)
        a = best(ours, path, args.repeat)
        b = best(theirs, path, args.repeat)
    print(f"{args.rows} rows × {args.cols} columns ({cells} cells, {path.name})")
    print(f"read_xlsx         {a:6.2f} s  ({cells / a:,.0f} cells/s)")
    print(f"openpyxl readonly {b:6.2f} s")
    print(f"ratio ours/openpyxl {a / b:.2f} (target ≤ 1.0)")


if __name__ == "__main__":
    main()
