"""`academy import`: every bad cell reported where it is, nothing written; round trips."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from academy.cli import main
from academy.core.yamlsrc import read_yaml
from tests.support.hrrepo import ADV, HrRepo, person, t

PEOPLE_HEADER = ["员工编号", "姓名", "部门", "岗位", "用工类型", "入职日期", "试用期至"]
SCORES_HEADER = ["员工编号", "姓名", "理论考试", "实操考核", "日常表现"]


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def xlsx(path: Path, rows: list[list[Any]], title: str = "工作表") -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def run_import(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    capsys.readouterr()
    code = main(["import", *args])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, [line for line in err.splitlines() if ": E" in line]


@pytest.fixture
def repo(hrepo: HrRepo) -> HrRepo:
    hrepo.write(
        "rosters/people.yaml",
        "# 人员名册（测试）\npeople:\n" + person("A1") + person("A2") + person("007"),
    )
    hrepo.write(
        "rosters/c1.yaml",
        "# 班次名册（测试）\ncohort: c1\nprogram: cs\nassessed_on: 2024-03-10\ntrainees:\n"
        '  - id: "A1"  # 组长\n    scores: {theory: 90, practical: 90, daily: 90}\n',
    )
    return hrepo


# --- one test per bad cell -------------------------------------------------------------


def test_unknown_employee(repo: HrRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sheet = xlsx(
        tmp_path / "成绩.xlsx", [SCORES_HEADER, ["A1", None, 90, 90, 90], ["Z9", None, 80, 80, 80]]
    )
    before = snapshot(repo.root)
    code, lines = run_import(
        ["scores", str(sheet), "--cohort", "c1", "--root", str(repo.root)], capsys
    )
    assert code == 1
    assert lines == [f"{sheet.as_posix()}:工作表!A3: E331 员工 Z9 不在人员名册（rosters/people）中"]
    assert snapshot(repo.root) == before


def test_text_in_a_score_cell(
    repo: HrRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = xlsx(tmp_path / "s.xlsx", [SCORES_HEADER, ["A1", None, "九十", 90, 90]])
    before = snapshot(repo.root)
    code, lines = run_import(
        ["scores", str(sheet), "--cohort", "c1", "--root", str(repo.root)], capsys
    )
    assert code == 1
    assert len(lines) == 1 and lines[0].startswith(f"{sheet.as_posix()}:工作表!C2: E203 ")
    assert snapshot(repo.root) == before


def test_score_out_of_range(
    repo: HrRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = xlsx(tmp_path / "s.xlsx", [SCORES_HEADER, ["A1", None, 90, 120, 90]])
    code, lines = run_import(
        ["scores", str(sheet), "--cohort", "c1", "--root", str(repo.root)], capsys
    )
    assert code == 1 and lines[0].startswith(f"{sheet.as_posix()}:工作表!D2: E204 ")


def test_missing_column(repo: HrRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sheet = xlsx(tmp_path / "s.xlsx", [["员工编号", "理论考试", "实操考核"], ["A1", 90, 90]])
    before = snapshot(repo.root)
    code, lines = run_import(
        ["scores", str(sheet), "--cohort", "c1", "--root", str(repo.root)], capsys
    )
    assert code == 1
    assert lines == [f"{sheet.as_posix()}:工作表!D1: E801 缺少考核项“日常表现”列"]
    assert snapshot(repo.root) == before


def test_duplicate_row(repo: HrRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sheet = xlsx(
        tmp_path / "s.xlsx", [SCORES_HEADER, ["A1", None, 90, 90, 90], ["A1", None, 80, 80, 80]]
    )
    before = snapshot(repo.root)
    code, lines = run_import(
        ["scores", str(sheet), "--cohort", "c1", "--root", str(repo.root)], capsys
    )
    assert code == 1
    assert lines == [f"{sheet.as_posix()}:工作表!A3: E805 员工 A1 重复（第 2 行已有）"]
    assert snapshot(repo.root) == before


def test_date_stored_as_a_number(
    repo: HrRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Excel's serial 45366 in the hire-date column is refused, not turned into a wrong date."""
    sheet = xlsx(
        tmp_path / "p.xlsx",
        [PEOPLE_HEADER, ["A3", "王五", "客服一部", "客服专员", "正式", 45366, None]],
    )
    before = snapshot(repo.root)
    code, lines = run_import(["people", str(sheet), "--root", str(repo.root)], capsys)
    assert code == 1
    assert len(lines) == 1 and lines[0].startswith(f"{sheet.as_posix()}:工作表!F2: E802 ")
    assert snapshot(repo.root) == before


def test_id_stored_as_a_number(
    repo: HrRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """007 typed into a General cell became 7: refused, never imported as "7"."""
    sheet = xlsx(
        tmp_path / "p.xlsx",
        [PEOPLE_HEADER, [7, "赵六", "客服一部", "客服专员", "正式", dt.date(2024, 1, 2), None]],
    )
    code, lines = run_import(["people", str(sheet), "--root", str(repo.root)], capsys)
    assert code == 1 and lines[0].startswith(f"{sheet.as_posix()}:工作表!A2: E102 ")


def test_every_bad_cell_in_one_run(
    repo: HrRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = tmp_path / "p.csv"
    with sheet.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(PEOPLE_HEADER)
        w.writerow(["A3", "王五", "客服一部", "客服专员", "全职", "2024-01-02", ""])
        w.writerow(["A4", "赵六", "客服一部", "大堂经理", "正式", "2024-02-30", ""])
        w.writerow(["A3", "王五", "客服一部", "客服专员", "正式", "45366", ""])
    code, lines = run_import(["people", str(sheet), "--root", str(repo.root)], capsys)
    assert code == 1
    where = [line.split(": ")[0] + " " + line.split(": ")[1][:4] for line in lines]
    p = sheet.as_posix()
    assert where == [  # path:line:column, as every CSV problem (a workbook: FILE:sheet!C7)
        f"{p}:2:5 E206",
        f"{p}:3:4 E330",
        f"{p}:3:6 E207",
        f"{p}:4:1 E805",
        f"{p}:4:6 E802",
    ]


def test_import_that_would_break_validation_writes_nothing(
    repo: HrRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A probation end before the hire date passes the cells but not validation: nothing written."""
    sheet = xlsx(
        tmp_path / "p.xlsx",
        [
            PEOPLE_HEADER,
            ["A1", "学员A1", "客服一部", "客服专员", "正式", "2024-01-02", "2023-01-01"],
        ],
    )
    before = snapshot(repo.root)
    capsys.readouterr()
    assert main(["import", "people", str(sheet), "--root", str(repo.root)]) == 1
    assert "rosters/people.yaml:" in capsys.readouterr().err
    assert snapshot(repo.root) == before


# --- what is written ----------------------------------------------------------------------


def test_yaml_1_1_traps_keep_their_meaning(
    repo: HrRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Names like no, 010 and 1:30 are written so that our loader reads the same text."""
    sheet = xlsx(
        tmp_path / "p.xlsx",
        [
            [*PEOPLE_HEADER, "带教导师"],
            ["B1", "no", "010", "客服专员", "实习生", "2024-01-02", None, "007"],
            ["B2", "1:30", "yes", "客服专员", "外包", dt.datetime(2024, 1, 3), None, None],
        ],
    )
    code, lines = run_import(["people", str(sheet), "--root", str(repo.root)], capsys)
    assert (code, lines) == (0, [])
    doc, problems = read_yaml(repo.root / "rosters/people.yaml", "rosters/people.yaml")
    assert problems == [] and doc is not None
    b1, b2 = doc.data["people"][-2:]
    assert (b1["name"], b1["department"], b1["employment"], b1["mentor"]) == (
        "no",
        "010",
        "intern",
        "007",
    )
    assert (b2["name"], b2["department"], b2["hired_on"]) == ("1:30", "yes", "2024-01-03")
    text = (repo.root / "rosters/people.yaml").read_text(encoding="utf-8")
    assert text.startswith("# 人员名册（测试）\n")


def test_scores_update_keeps_comments_and_order(
    repo: HrRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Updating c1 keeps its comments; a new trainee is appended; lists and 缺考 are read."""
    sheet = tmp_path / "s.csv"
    sheet.write_text(
        "员工编号,姓名,理论考试,实操考核,日常表现\nA1,,88,82/78/80,90\nA2,学员A2,缺考,70,\n",
        encoding="utf-8",
    )
    code, lines = run_import(
        ["scores", str(sheet), "--cohort", "c1", "--root", str(repo.root)], capsys
    )
    assert (code, lines) == (0, [])
    text = (repo.root / "rosters/c1.yaml").read_text(encoding="utf-8")
    assert text.startswith("# 班次名册（测试）\ncohort: c1\n")
    assert '  - id: "A1"  # 组长\n' in text
    doc, _ = read_yaml(repo.root / "rosters/c1.yaml", "rosters/c1.yaml")
    assert doc is not None
    a1, a2 = doc.data["trainees"]
    assert a1["scores"] == {"theory": 88, "practical": [82, 78, 80], "daily": 90}
    assert a2 == {"id": "A2", "name": "学员A2", "scores": {"theory": "absent", "practical": 70}}
    outcome = repo.grade()
    assert [r.status for r in outcome.results] == ["certified", "incomplete"]


def test_scores_create_a_new_cohort(
    repo: HrRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = xlsx(tmp_path / "s.xlsx", [SCORES_HEADER, ["007", None, 79.8, 80, 80]])
    args = ["scores", str(sheet), "--cohort", "c2", "--root", str(repo.root)]
    code, _ = run_import(args, capsys)
    assert code == 2  # a new cohort needs its program and date
    code, lines = run_import([*args, "--program", "cs", "--assessed-on", "2024-05-10"], capsys)
    assert (code, lines) == (0, [])
    doc, _ = read_yaml(repo.root / "rosters/2024/c2.yaml", "rosters/2024/c2.yaml")
    assert doc is not None and doc.data["trainees"][0]["id"] == "007"
    assert str(doc.data["trainees"][0]["scores"]["theory"]) == "79.8"


def test_people_export_edit_import_round_trip(
    repo: HrRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Export the register, change one cell and add a row in Excel, import: only that changes."""
    out = tmp_path / "out"
    assert (
        main(["export", "--root", str(repo.root), "--as-of", "2024-06-01", "--out", str(out)]) == 0
    )
    original = (repo.root / "rosters/people.yaml").read_text(encoding="utf-8")
    # unchanged sheet: nothing to write
    code, lines = run_import(
        ["people", str(out / "人员名册.xlsx"), "--root", str(repo.root)], capsys
    )
    assert (code, lines) == (0, [])
    assert (repo.root / "rosters/people.yaml").read_text(encoding="utf-8") == original
    wb = load_workbook(out / "人员名册.xlsx")
    ws = wb.active
    assert ws["A2"].value == "007"  # ids stay text through the sheet
    ws["C2"] = "客服二部"
    ws.append(
        ["B9", "新人", "客服一部", "客服专员", "正式", dt.datetime(2024, 5, 6), None, "A1", None]
    )
    wb.save(out / "人员名册.xlsx")
    code, lines = run_import(
        ["people", str(out / "人员名册.xlsx"), "--root", str(repo.root)], capsys
    )
    assert (code, lines) == (0, [])
    text = (repo.root / "rosters/people.yaml").read_text(encoding="utf-8")
    assert text.replace("    department: 客服二部\n", "    department: 客服一部\n", 1) != text
    changed = [
        (a, b) for a, b in zip(original.splitlines(), text.splitlines(), strict=False) if a != b
    ]
    assert changed == [("    department: 客服一部", "    department: 客服二部")]
    assert text.endswith(
        '  - id: "B9"\n    name: 新人\n    department: 客服一部\n    position: 客服专员\n'
        '    employment: regular\n    hired_on: 2024-05-06\n    mentor: "A1"\n'
    )
    # and back out again: the exported sheet now shows exactly the edit
    out2 = tmp_path / "out2"
    assert (
        main(["export", "--root", str(repo.root), "--as-of", "2024-06-01", "--out", str(out2)]) == 0
    )
    again = [
        [c.value for c in row] for row in load_workbook(out2 / "人员名册.xlsx").active.iter_rows()
    ]
    edited = [
        [c.value for c in row] for row in load_workbook(out / "人员名册.xlsx").active.iter_rows()
    ]
    assert sorted(again[1:], key=str) == sorted(edited[1:], key=str)


def test_forget_removes_personal_data_and_records_it(
    hrepo: HrRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    """After forget: no name anywhere, ledger unchanged, record written, validation guards it."""
    hrepo.people(person("A1", left="2024-05-31"), person("A2", mentor="A1"))
    hrepo.roster("c1", t("A1", ADV, department="客服一部", notes="表现好") + t("A2", ADV))
    hrepo.grade()
    ledger = hrepo.ledger.read_bytes()
    capsys.readouterr()
    assert main(["people", "forget", "A2", "--reason", "x", "--root", str(hrepo.root)]) == 1
    code = main(
        [
            "people",
            "forget",
            "A1",
            "--reason",
            "离职满 6 个月",
            "--on",
            "2024-12-01",
            "--root",
            str(hrepo.root),
        ]
    )
    assert code == 0, capsys.readouterr().err
    for path in (hrepo.root / "rosters").rglob("*.yaml"):
        assert "学员A1" not in path.read_text(encoding="utf-8"), path
    assert hrepo.ledger.read_bytes() == ledger
    forgotten = (hrepo.root / "rosters/forgotten.yaml").read_text(encoding="utf-8")
    assert 'id: "A1"' in forgotten and "forgotten_on: 2024-12-01" in forgotten
    outcome = hrepo.grade("2024-12-01")
    assert [c.id for c in outcome.certificates] == ["CS2024001", "CS2024002"]
    # putting the name back is refused
    roster = hrepo.root / "rosters/c1.yaml"
    roster.write_text(
        roster.read_text(encoding="utf-8").replace(
            '- id: "A1"\n', '- id: "A1"\n    name: 学员A1\n'
        ),
        encoding="utf-8",
    )
    capsys.readouterr()
    assert main(["validate", "--root", str(hrepo.root)]) == 1
    assert ": E337 " in capsys.readouterr().err


def test_forgotten_name_is_shown_as_removed_not_masked(tmp_path: Path) -> None:
    """A forgotten person's certificate pages say （已删除）, not a masked fragment of it."""
    from academy.core.validate.people import FORGOTTEN_NAME
    from academy.site.common import SiteContext

    ctx = SiteContext(root=tmp_path, as_of=dt.date(2024, 1, 1))
    assert ctx.display_name(FORGOTTEN_NAME) == "（已删除）"
    assert ctx.display_name("张三") == "张*"


# --- one number parser for rosters and sheets -------------------------------------------

NUMBER_FORMS = {
    "full-width-digits": ("８５", "E203"),  # in YAML: E111, the slip by name
    "arabic-indic-digits": ("٨٠", "E203"),
    "underscore": ("8_0", "E102"),
    "plus-sign": ("+80", "E102"),
    "exponent": ("1e2", "E203"),
    "trailing-slash": ("80/", "E203"),
}
YAML_CODE = {"full-width-digits": "E111"}


@pytest.mark.parametrize("defect", sorted(NUMBER_FORMS))
def test_a_score_form_is_refused_alike_in_yaml_and_in_a_sheet(
    defect: str, repo: HrRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is each odd way of writing a score refused with the same code in a roster (YAML)
    and in an import cell, instead of being silently converted in the sheet?"""
    form, code = NUMBER_FORMS[defect]
    sheet = xlsx(tmp_path / "s.xlsx", [SCORES_HEADER, ["A1", None, form, 90, 90]])
    before = snapshot(repo.root)
    status, lines = run_import(
        ["scores", str(sheet), "--cohort", "c1", "--root", str(repo.root)], capsys
    )
    assert status == 1
    assert [line.split(": ")[1].split()[0] for line in lines] == [code], lines
    assert snapshot(repo.root) == before
    text = (repo.root / "rosters/c1.yaml").read_text("utf-8")
    (repo.root / "rosters/c1.yaml").write_text(
        text.replace("theory: 90", f"theory: {form}"), "utf-8"
    )
    capsys.readouterr()
    assert main(["validate", "--root", str(repo.root)]) == 1
    err = capsys.readouterr().err
    code = YAML_CODE.get(defect, code)  # YAML names the slip itself: 全角数字 (E111)
    assert any("rosters/c1.yaml:" in line and f": {code} " in line for line in err.splitlines()), (
        err
    )
