"""One reader and writer for both append-only logs (core/certify/append_log.py): the
ledger and the renewal log meet the same damage the same way, each with its own code
and noun, and refuse to write what the next run would reject."""

from __future__ import annotations

from pathlib import Path

import pytest

from academy.core.certify import append_log
from academy.core.certify.ledger import LEDGER, parse_ledger, read_ledger
from academy.core.certify.renewal_log import RENEWALS, parse_renewals, read_renewals
from academy.core.errors import InputError

LOGS = [
    pytest.param(LEDGER, read_ledger, parse_ledger, id="ledger"),
    pytest.param(RENEWALS, read_renewals, parse_renewals, id="renewals"),
]


@pytest.mark.parametrize(("log", "read", "parse"), LOGS)
@pytest.mark.parametrize(
    ("content", "says"),
    [
        (None, "不是普通文件"),  # a directory where the file should be
        (b"\xff\xfe", "无法读取或不是 UTF-8 编码"),
        (b"", "是空的，缺少表头"),
        (b"a,b\n", "表头应为"),
    ],
)
def test_same_damage_same_way(
    tmp_path: Path,
    log: append_log.Log,
    read: object,
    parse: object,
    content: bytes | None,
    says: str,
) -> None:
    """Is each kind of damage one problem with the log's code, at line 1?"""
    file = tmp_path / "log.csv"
    if content is None:
        file.mkdir()
    else:
        file.write_bytes(content)
    rows, problems = read(file, log.path)  # type: ignore[operator]
    assert rows == []
    assert [(p.code, p.line) for p in problems] == [(log.code, 1)], problems
    assert says in problems[0].message


@pytest.mark.parametrize(("log", "read", "parse"), LOGS)
def test_absent_is_empty_and_a_refused_text_is_never_written(
    tmp_path: Path, log: append_log.Log, read: object, parse: append_log.Parse
) -> None:
    """Is a missing log no rows and no problem, and is a text the next run would refuse
    never written (the file stays absent)?"""
    assert read(tmp_path / "none.csv", log.path) == ([], [])  # type: ignore[operator]
    with pytest.raises(InputError):
        append_log.write(log, tmp_path, "wrong,header\n", parse)
    assert not (tmp_path / log.path).exists()
    good = append_log.render(log, [])
    assert append_log.write(log, tmp_path, good, parse) is True
    assert append_log.write(log, tmp_path, good, parse) is False  # unchanged: not rewritten
