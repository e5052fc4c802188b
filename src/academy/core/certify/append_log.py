"""The two append-only logs of certification, ``rosters/ledger.csv`` and
``rosters/renewals.csv``: one reader, one writer and one guard for both.

Each log names its file, columns, damage code and noun (``ledger.LEDGER``,
``renewal_log.RENEWALS``) and judges its own rows; reading the bytes, the header and
the column count, writing atomically only when something changed, and refusing to
write what the next run would reject are the same for both, here.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from academy.core.errors import InputError, Problem

Parse = Callable[[str, str], tuple[list[Any], list[Problem]]]


@dataclass(frozen=True)
class Log:
    path: str  # where it lives in the repository
    columns: tuple[str, ...]
    code: str  # the code of its damage (E402, E406)
    noun: str  # 证书账本, 复评记录
    header_noun: str  # how its header is named in a message


def read(log: Log, file: Path, path: str, parse: Parse) -> tuple[list[Any], list[Problem]]:
    """Rows of the log (none if it does not exist yet) and any damage found."""
    if not file.exists() and not file.is_symlink():
        return [], []
    if not file.is_file():
        message = f"{log.noun}不是普通文件（是目录、管道或失效的链接）"
        return [], [Problem(path, 1, 1, log.code, message)]
    try:
        text = file.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return [], [Problem(path, 1, 1, log.code, f"{log.noun}无法读取或不是 UTF-8 编码")]
    return parse(text, path)


def records(
    log: Log, text: str, path: str, problems: list[Problem]
) -> Iterator[tuple[int, list[str]]]:
    """Each data record with the line it starts on (a quoted field may span lines).

    A byte-order mark and blank lines carry no data and are skipped; a wrong header, a
    record with the wrong number of fields, unparsable CSV and a file without even a
    header are appended to ``problems`` at their lines.
    """
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    header_seen = False
    start = 1
    try:
        for record in reader:
            line, start = start, reader.line_num + 1
            if not record:
                continue
            if not header_seen:
                header_seen = True
                if tuple(record) != log.columns:
                    message = f"{log.header_noun}表头应为 {','.join(log.columns)}"
                    problems.append(Problem(path, line, 1, log.code, message))
                continue
            if len(record) != len(log.columns):
                message = f"第 {line} 行应有 {len(log.columns)} 列"
                problems.append(Problem(path, line, 1, log.code, message))
                continue
            yield line, record
    except csv.Error as err:
        problems.append(Problem(path, reader.line_num, 1, log.code, f"{log.noun}无法解析：{err}"))
    if not header_seen:  # the file exists: emptied by hand, its rows are gone
        message = f"{log.noun}是空的，缺少表头 {','.join(log.columns)}"
        problems.append(Problem(path, 1, 1, log.code, message))


def render(log: Log, rows: list[tuple[str, ...]]) -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(log.columns)
    writer.writerows(rows)
    return out.getvalue()


def refuse(log: Log, text: str, parse: Parse) -> None:
    """Raise ``InputError`` when the next run would refuse ``text``: never write it."""
    _, refused = parse(text, log.path)
    if refused:
        raise InputError(refused)


def write(log: Log, root: Path, text: str, parse: Parse) -> bool:
    """Write the grown log, unless the next run would refuse it; True if it changed."""
    refuse(log, text, parse)
    try:
        return write_if_changed(root / log.path, text)
    except OSError as err:
        reason = err.strerror or err.__class__.__name__
        message = f"{log.noun}无法写入（{reason}）：请检查 rosters/ 目录的写权限和磁盘空间"
        raise InputError([Problem(log.path, 1, 1, "E405", message)]) from None


def write_if_changed(file: Path, text: str) -> bool:
    """Write ``text`` atomically unless the file already holds exactly it."""
    data = text.encode("utf-8")
    if file.is_file() and file.read_bytes() == data:
        return False
    file.parent.mkdir(parents=True, exist_ok=True)
    tmp = file.with_name(f".{file.name}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, file)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise
    return True
