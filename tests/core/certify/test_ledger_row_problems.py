"""Every way a ledger row is refused, each with its message at its line (E402), and the
rows that stand: the reader checks the record's fields before it makes a row."""

from __future__ import annotations

import pytest

from academy.core.certify.ledger import LedgerRow, parse_ledger

HEAD = "certificate,program,cohort,employee_id,issued_on,valid_until,level\n"
GOOD = "CS2024001,cs-specialist,2024-03-new-hires,A001,2024-03-15,2025-03-10,advanced\n"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        pytest.param(
            "CS2024001,cs-specialist,2024-03-new-hires,A001,2024-03-15,2025-03-10," + "a" * 1025,
            "第 3 行内容无效：字段过长",
            id="field-too-long",
        ),
        pytest.param(
            "cs2024002,cs-specialist,2024-03-new-hires,A002,2024-03-15,2025-03-10,advanced",
            "第 3 行内容无效：证书编号“cs2024002”格式不对",
            id="bad-number",
        ),
        pytest.param(
            "CS2024002,cs-specialist,2024-03-new-hires,A002,2024-02-30,2025-03-10,advanced",
            "第 3 行内容无效：日期应写作 YYYY-MM-DD",
            id="impossible-date",
        ),
        pytest.param(
            "CS2024002,cs-specialist,2024-03-new-hires,A002,2024-03-15,2023-03-10,advanced",
            "第 3 行内容无效：发证日期超出范围，或有效期早于发证日期",
            id="valid-before-issue",
        ),
        pytest.param(
            "CS2025002,cs-specialist,2024-03-new-hires,A002,2024-03-15,2025-03-10,advanced",
            "第 3 行内容无效：证书 CS2025002 的年份与发证日期 2024-03-15 不符",
            id="year-not-issue-year",
        ),
        pytest.param(
            "CS2024002,CS-Specialist,2024-03-new-hires,A002,2024-03-15,2025-03-10,advanced",
            "第 3 行内容无效：方案或班次编号格式不对",
            id="bad-program",
        ),
        pytest.param(
            "CS2024002,cs-specialist,2024-03-new-hires,A 002,2024-03-15,2025-03-10,advanced",
            "第 3 行内容无效：员工编号或等级格式不对",
            id="bad-employee",
        ),
        pytest.param(
            "CS2024002,cs-specialist,2024-03-new-hires,A002,2024-03-15,2025-03-10,Advanced",
            "第 3 行内容无效：员工编号或等级格式不对",
            id="bad-level",
        ),
        pytest.param(
            "CS2024001,cs-specialist,2024-03-new-hires,A002,2024-03-15,2025-03-10,advanced",
            "证书 CS2024001 重复记录",
            id="number-twice",
        ),
        pytest.param(
            "CS2024002,cs-specialist,2024-03-new-hires,A001,2024-03-15,2025-03-10,advanced",
            "证书 CS2024002 重复记录",
            id="award-twice",
        ),
        pytest.param(
            "CS2024003,cs-specialist,2024-03-new-hires,A002,2024-03-15,2025-03-10,advanced",
            "证书 CS2024003 编号不连续：前面缺少 CS2024002（账本中的行不能删除）",
            id="gap",
        ),
        pytest.param(
            "CS2024000,cs-specialist,2024-03-new-hires,A002,2024-03-15,2025-03-10,advanced",
            "证书 CS2024000 编号不连续：应排在 CS2024001 之前",
            id="out-of-order",
        ),
    ],
)
def test_a_bad_row_is_refused_at_its_line(row: str, message: str) -> None:
    rows, problems = parse_ledger(HEAD + GOOD + row + "\n", "rosters/ledger.csv")
    assert [(p.line, p.code, p.message) for p in problems] == [(3, "E402", message)]
    kept = [r.certificate for r in rows]
    numbered_anyway = message.startswith("证书") and "编号不连续" in message
    assert kept == (["CS2024001", row.split(",")[0]] if numbered_anyway else ["CS2024001"])


def test_rows_that_stand_keep_their_fields_and_lines() -> None:
    second = "CS2024002,cs-specialist,2024-03-new-hires,C003,2024-03-15,2025-03-10,junior\n"
    rows, problems = parse_ledger(HEAD + GOOD + "\n" + second, "rosters/ledger.csv")
    assert problems == []
    assert rows == [
        LedgerRow(
            *("CS2024001", "cs-specialist", "2024-03-new-hires", "A001"),
            *("2024-03-15", "2025-03-10", "advanced"),
        ),
        LedgerRow(
            *("CS2024002", "cs-specialist", "2024-03-new-hires", "C003"),
            *("2024-03-15", "2025-03-10", "junior"),
        ),
    ]
    assert [r.line for r in rows] == [2, 4]
