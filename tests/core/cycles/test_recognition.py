"""Yearly recognition (rosters/recognition.yaml): grades by rank, ties at a cut-off,
fewer people than the excellent count, a person missing a quarter, honours, and the
file's own errors located at their value."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from academy.core.cycles.recognition import grade_of, recognition_rows
from academy.core.validate.recognition import Grade, Honour, Recognition, validate_recognition
from academy.core.yamlsrc import read_yaml

GRADES = (
    Grade("A", "优秀", Decimal(20)),
    Grade("B", "良好", Decimal(70)),
    Grade("C", "合格", Decimal(90)),
    Grade("D", "待改进", None),
)


def test_cut_offs_round_up_and_the_rest_get_the_last_grade() -> None:
    # 10 people: A = ranks 1-2, B = 3-7, C = 8-9, D = 10
    assert [grade_of(r, 10, GRADES).id for r in range(1, 11)] == list("AABBBBBCCD")
    # 3 people: ceil(0.6) = 1 is A, ceil(2.1) = 3 is B: nobody is C or D
    assert [grade_of(r, 3, GRADES).id for r in (1, 2, 3)] == list("ABB")


def test_people_tied_at_a_cut_off_share_the_better_grade() -> None:
    # 10 people, two tied for rank 2 (the last A place) and one more at rank 2: all A
    assert grade_of(2, 10, GRADES).id == "A"
    assert grade_of(4, 10, GRADES).id == "B"


def test_no_rule_no_rows() -> None:
    assert recognition_rows([], Recognition(), dt.date(2026, 12, 31)) == []


def test_an_honour_without_a_result_is_listed_and_ungraded() -> None:
    rule = Recognition(
        "monthly", GRADES, 3, ("A",), (Honour(2026, "导师奖励", "E9", "带教两名新人"),)
    )
    rows = recognition_rows([], rule, dt.date(2026, 11, 23))
    assert len(rows) == 1
    row = rows[0]
    assert (row.employee_id, row.honours, row.grade, row.rank) == ("E9", ("导师奖励",), None, None)
    assert not row.excellent and not row.training and not row.final


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "recognition.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_bad_rules_are_located_errors(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "program: nothing\n"
        "grades:\n"
        "  - {id: A, label: 优秀, top_percent: 50}\n"
        "  - {id: B, label: 良好, top_percent: 30}\n"
        "  - {id: C, label: 合格, top_percent: 90}\n"
        "excellent_top: 3\n"
        "training_grades: [Z]\n"
        "honours:\n"
        "  - {year: 2026, honour: 创新奖, employee_id: E1, reason: 建议}\n"
        "  - {year: 2026, honour: 创新奖, employee_id: E1, reason: 又一次}\n",
    )
    doc, problems = read_yaml(path, "rosters/recognition.yaml")
    assert doc is not None and problems == []
    found: list = []
    assert validate_recognition(doc, {}, {"E1"}, found) == Recognition()
    text = "\n".join(str(p) for p in found)
    assert "rosters/recognition.yaml:1:" in text and "E370" in text  # unknown program
    assert "rosters/recognition.yaml:4:" in text  # 30 after 50
    assert "rosters/recognition.yaml:5:" in text  # the last grade has a top_percent
    assert "rosters/recognition.yaml:7:" in text  # training grade Z
    assert "rosters/recognition.yaml:10:" in text  # nominated twice
    assert len(found) == 5, text


def test_unknown_person_and_bad_honour(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "program: nothing\n"
        "grades:\n  - {id: A, label: 优秀, top_percent: 50}\n  - {id: B, label: 其余}\n"
        "excellent_top: 1\ntraining_grades: [A]\n"
        "honours:\n  - {year: 2026, honour: 劳模, employee_id: E1, reason: 好}\n",
    )
    doc, _ = read_yaml(path, "rosters/recognition.yaml")
    found: list = []
    validate_recognition(doc, {}, set(), found)
    assert found and all(":8:" in str(p) for p in found), found  # the schema: 劳模 not an honour


def test_the_demo_exports_every_honour(tmp_path: Path) -> None:
    """The demo's file: honours named, the December wording (暂定) and missing quarters."""
    import csv
    import subprocess
    import sys

    out = tmp_path / "out"
    root = Path(__file__).resolve().parents[3]
    subprocess.run(
        [
            str(Path(sys.executable).with_name("academy")),
            "export",
            "--root",
            str(root),
            "--as-of",
            "2026-11-23",
            "--out",
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    with (out / "年度评优与表彰.csv").open(encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert {r["荣誉"] for r in rows} >= {"优秀客服", "创新奖", "导师奖励"}
    assert all(r["姓名"] for r in rows)
    # as of 23 November Q2, Q3 and Q4 (October and the 20 November assessment) are
    # complete for six people: 96.0, 90.5, 90.2, 83.7, 79.5, 65.0. Six ranked: A is the
    # top ceil(20% × 6) = 2, B down to ceil(70% × 6) = 5, C to ceil(90% × 6) = 6; S046
    # (maternity leave from September to November) has only Q2 and Q3
    grades = {r["员工编号"]: r["绩效等级"] for r in rows}
    assert grades == {
        "S045": "A（优秀）",
        "S041": "A（优秀）",
        "A001": "B（良好）",
        "S042": "B（良好）",
        "S043": "B（良好）",
        "S044": "C（合格）",
        "S046": "年度结果未完成",
    }
    assert {r["员工编号"] for r in rows if r["年度优秀"] == "是"} == {"S045", "S041"}
    assert {r["状态"] for r in rows} == {"暂定（年度未结束）"}


def _program() -> object:
    from academy.core.load.sources import load_sources
    from academy.core.pipeline import project_from

    root = Path(__file__).resolve().parents[3]
    return project_from(load_sources(root)).programs["after-sales-monthly"]


def _results(program: object, scores: dict[str, dict[int, int]]) -> list:
    """Fake graded results: employee → {month: total} in 2026."""
    from types import SimpleNamespace as NS

    return [
        NS(
            program=program,
            cohort=NS(assessed_on=dt.date(2026, month, 15)),
            score=NS(total=Decimal(total)),
            entry=NS(employee_id=emp),
        )
        for emp, months in scores.items()
        for month, total in months.items()
    ]


def test_a_missing_quarter_leaves_a_person_ungraded_and_uncounted() -> None:
    program = _program()
    full = {m: 0 for m in (1, 2, 4, 5, 7, 8)}  # Q1-Q3 complete: the year counts (3 quarters)
    scores = {
        "E1": {m: 95 for m in full},
        "E2": {m: 95 for m in full},  # tied with E1
        "E3": {m: 85 for m in full},
        "E4": {m: 70 for m in full},
        "E5": {1: 99, 2: 99, 4: 99, 5: 99},  # Q3 missing: only 2 complete quarters
    }
    rule = Recognition("after-sales-monthly", GRADES, 1, ("A",))
    rows = {
        r.employee_id: r
        for r in recognition_rows(_results(program, scores), rule, dt.date(2026, 12, 31))
    }
    assert rows["E5"].grade is None and rows["E5"].rank is None and rows["E5"].quarters == 2
    # 4 ranked: A = ceil(0.8) = 1 place, but E1 and E2 tie at rank 1: both A, both
    # excellent (excellent_top 1, ties included); B up to ceil(2.8) = 3, C up to ceil(3.6) = 4
    assert [rows[e].rank for e in ("E1", "E2", "E3", "E4")] == [1, 1, 3, 4]
    assert [rows[e].grade.id for e in ("E1", "E2", "E3", "E4")] == ["A", "A", "B", "C"]
    assert rows["E1"].excellent and rows["E2"].excellent and not rows["E3"].excellent
    assert rows["E1"].training and not rows["E3"].training
    assert rows["E1"].final
