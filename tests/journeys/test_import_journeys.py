"""A trainer's import tasks on a fresh copy of the demo, as a trainer runs them.

Each journey runs the real command line in-process and reads what it wrote with tools
we did not write (openpyxl for the workbooks, a hash of every file for "nothing
changed"). A failed run must leave the repository byte-for-byte as it was.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from openpyxl import Workbook, load_workbook

from academy.cli import main
from tests.conftest import copy_demo

AS_OF = "2026-11-23"
LEDGER_FILES = ("rosters/ledger.csv", "rosters/renewals.csv", "rosters/print-codes.csv")


def tree_hash(root: Path) -> dict[str, str]:
    """Every file (and link) of the repository, with a hash of its bytes."""
    out = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_symlink():
            out[rel] = "link:" + os.readlink(path)
        elif path.is_file():
            out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return copy_demo(tmp_path / "repo")


def workbook(path: Path, rows: list[list[Any]], title: str = "成绩") -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(args)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


NEW_COHORT = [
    ["2026年12月补考成绩登记表"],
    ["序号", "工号", "姓名", "理论成绩", "实操考核", "日常表现"],
    [1, "A034", "程曦", 85, "82/78/80", 90],
    [2, "A035", "彭博", 75, 80, 88],
]


def import_scores(sheet: Path, root: Path, *extra: str) -> list[str]:
    return [
        "import", "scores", str(sheet), "--cohort", "2026-12-retake",
        "--program", "cs-specialist", "--assessed-on", "2026-12-10", "--root", str(root), *extra,
    ]  # fmt: skip


def test_import_a_new_cohorts_sheet_with_a_title_row_and_gonghao(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Does a sheet as trainers fill it (title row, 序号, 工号, 理论成绩) become a new
    roster that validates, without touching the ledger, renewals or print codes?"""
    sheet = workbook(tmp_path / "成绩.xlsx", NEW_COHORT)
    before = tree_hash(demo)
    code, out, err = run(import_scores(sheet, demo), capsys)
    assert code == 0, err
    assert "rosters/2026/2026-12-retake.yaml（新建）" in out
    assert "新增 A034：理论考试 85，实操考核 82/78/80，日常表现 90" in out
    data = yaml.safe_load((demo / "rosters/2026/2026-12-retake.yaml").read_text("utf-8"))
    assert [t["id"] for t in data["trainees"]] == ["A034", "A035"]
    assert data["trainees"][0]["scores"] == {"theory": 85, "practical": [82, 78, 80], "daily": 90}
    after = tree_hash(demo)
    assert set(after) - set(before) == {"rosters/2026/2026-12-retake.yaml"}
    assert all(after.get(f) == before.get(f) for f in LEDGER_FILES)
    assert run(["validate", "--root", str(demo)], capsys)[0] == 0


def test_dry_run_prints_the_plan_and_writes_nothing(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Does --dry-run print the same files and rows, and leave the tree as it was?"""
    sheet = workbook(tmp_path / "成绩.xlsx", NEW_COHORT)
    before = tree_hash(demo)
    code, out, _ = run(import_scores(sheet, demo, "--dry-run"), capsys)
    assert code == 0
    assert "rosters/2026/2026-12-retake.yaml（新建）" in out
    assert "新增 A035：理论考试 75，实操考核 80，日常表现 88" in out
    assert tree_hash(demo) == before


def test_import_people_xlsx_from_export_unchanged(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is the people.xlsx that `academy export` wrote accepted as it is (no bogus E401),
    and does it change nothing?"""
    out_dir = tmp_path / "hr"
    assert (
        run(["export", "--root", str(demo), "--as-of", AS_OF, "--out", str(out_dir)], capsys)[0]
        == 0
    )
    before = tree_hash(demo)
    code, out, err = run(
        ["import", "people", str(out_dir / "人员名册.xlsx"), "--root", str(demo)], capsys
    )
    assert code == 0, err
    assert "E401" not in err
    assert "没有需要写入的改动" in out
    assert tree_hash(demo) == before


def test_import_people_xlsx_from_export_edited(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Does an exported people.xlsx with one cell edited in it import (the whole
    repository validated as it would be, evaluation/ included), changing only that row?"""
    out_dir = tmp_path / "hr"
    assert (
        run(["export", "--root", str(demo), "--as-of", AS_OF, "--out", str(out_dir)], capsys)[0]
        == 0
    )
    book = load_workbook(out_dir / "人员名册.xlsx")
    sheet = book.active
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "A034")
    row[header.index("试用期至")].value = "2026-12-31"
    book.save(out_dir / "人员名册.xlsx")
    before = tree_hash(demo)
    code, out, err = run(
        ["import", "people", str(out_dir / "人员名册.xlsx"), "--root", str(demo)], capsys
    )
    assert code == 0, err
    assert "更新 A034：probation_until" in out
    after = tree_hash(demo)
    changed = {k for k in after if after[k] != before.get(k)}
    assert len(changed) == 1 and changed <= {k for k in after if k.startswith("rosters/people")}


def test_a_bad_cell_is_marked_in_a_copy_beside_the_input(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is a bad cell reported at its place, marked red with a comment in
    成绩.errors.xlsx beside the input, and is the repository left unchanged?"""
    rows = [list(r) for r in NEW_COHORT]
    rows[3][3] = "８５"  # full-width digits: D4
    sheet = workbook(tmp_path / "成绩.xlsx", rows)
    before = tree_hash(demo)
    code, _, err = run(import_scores(sheet, demo), capsys)
    assert code == 1
    assert f"{sheet.as_posix()}:成绩!D4: E203 " in err
    assert tree_hash(demo) == before
    marked = load_workbook(tmp_path / "成绩.errors.xlsx")["成绩"]
    assert marked["D4"].comment is not None and "E203" in marked["D4"].comment.text
    assert marked["D4"].fill.fgColor.rgb.endswith("FFC7CE")
    assert marked["D3"].comment is None
    assert marked["B3"].value == "A034"  # the trainer's own sheet, not a new one


def test_unknown_headers_are_named_with_the_expected_ones(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is an unrecognised header named at its cell, with the headers that would work?"""
    rows = [["工号", "姓名", "理论分", "实操考核", "日常表现"], ["A034", "程曦", 85, 80, 90]]
    sheet = workbook(tmp_path / "s.xlsx", rows)
    before = tree_hash(demo)
    code, _, err = run(import_scores(sheet, demo), capsys)
    assert code == 1
    assert (
        f"{sheet.as_posix()}:成绩!C1: E801 无法识别的列“理论分”；可以使用的列：员工编号（工号"
        in err
    )
    assert "理论考试" in err
    assert tree_hash(demo) == before


def test_formula_without_value_and_hidden_first_sheet_are_refused(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is a formula with no stored result (E808) and a hidden first sheet refused, instead
    of a blank score or the wrong sheet?"""
    wb = Workbook()
    ws = wb.active
    ws.title = "成绩"
    for row in NEW_COHORT[1:]:
        ws.append(row[1:])
    ws["C2"] = "=80+5"  # openpyxl stores no result: as a generated sheet does
    wb.save(tmp_path / "f.xlsx")
    code, _, err = run(import_scores(tmp_path / "f.xlsx", demo), capsys)
    assert code == 1 and ":成绩!C2: E808 " in err
    ws["C2"] = 85
    wb.create_sheet("旧表", 0).sheet_state = "hidden"
    wb.save(tmp_path / "h.xlsx")
    before = tree_hash(demo)
    code, _, err = run(import_scores(tmp_path / "h.xlsx", demo), capsys)
    assert code == 1 and "第一个工作表“旧表”是隐藏的" in err
    assert tree_hash(demo) == before


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["--cohort", "../../pwned"], id="cohort-dotdot"),
        pytest.param(["--cohort", "c?"], id="cohort-glob-question"),
        pytest.param(["--cohort", "*"], id="cohort-glob-star"),
        pytest.param(["--cohort", "/tmp/abs"], id="cohort-absolute"),
    ],
)
def test_a_cohort_that_is_not_an_id_is_refused_before_anything_is_opened(
    args: list[str], demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is a --cohort with .., a glob or a path refused with exit 2, writing nothing?"""
    sheet = workbook(tmp_path / "成绩.xlsx", NEW_COHORT)
    before, outside_before = tree_hash(demo), tree_hash(tmp_path)
    code, _, err = run(
        ["import", "scores", str(sheet), *args, "--program", "cs-specialist",
         "--assessed-on", "2026-12-10", "--root", str(demo)],
        capsys,
    )  # fmt: skip
    assert code == 2 and "班次编号" in err
    assert tree_hash(demo) == before
    assert tree_hash(tmp_path) == outside_before


@pytest.mark.parametrize(
    "into",
    [
        pytest.param("VICTIM", id="into-outside-file"),
        pytest.param("rosters/people/../../x.yaml", id="into-dotdot"),
        pytest.param("rosters/people/*.yaml", id="into-glob"),
        pytest.param("rosters/people/linked.yaml", id="into-symlink-out"),
    ],
)
def test_into_outside_the_register_is_refused(
    into: str, demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is --into a file outside the repository (directly or through a link) refused,
    leaving that file as it was?"""
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    (demo / "rosters/people/linked.yaml").symlink_to(victim)
    into = str(victim) if into == "VICTIM" else into
    people = tmp_path / "p.csv"
    people.write_text(
        "员工编号,姓名,部门,岗位,用工类型,入职日期\nZ900,新人,新部门,客服专员,正式,2026-11-01\n",
        encoding="utf-8",
    )
    before = tree_hash(demo)
    code, _, err = run(
        ["import", "people", str(people), "--into", into, "--root", str(demo)], capsys
    )
    assert code == 2, err
    assert victim.read_text(encoding="utf-8") == "keep me\n"
    assert tree_hash(demo) == before


def test_a_register_link_is_replaced_never_written_through(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """When the trial validation fails, has nothing been written through a link, in the
    trial copy or the repository?"""
    victim = tmp_path / "victim.yaml"
    victim.write_text("people: []\n", encoding="utf-8")
    (demo / "rosters/people/zz-new.yaml").symlink_to(victim)  # a link out: validation refuses it
    people = tmp_path / "p.csv"
    people.write_text(
        "员工编号,姓名,部门,岗位,用工类型,入职日期\nZ900,新人,新部门,客服专员,正式,2026-11-01\n",
        encoding="utf-8",
    )
    before = tree_hash(demo)
    code, _, _err = run(
        [
            "import",
            "people",
            str(people),
            "--into",
            "rosters/people/zz-new.yaml",
            "--root",
            str(demo),
        ],
        capsys,
    )
    assert code != 0
    assert victim.read_text(encoding="utf-8") == "people: []\n"
    assert tree_hash(demo) == before


def test_people_forget_on_the_demo_and_resumed_after_a_kill(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Does `people forget` work on the unchanged demo, print what it writes, and does a
    run killed during its renames get finished by the next command?"""
    before = tree_hash(demo)
    code, out, err = run(
        ["people", "forget", "C010", "--reason", "离职满 6 个月", "--on", "2026-11-30",
         "--root", str(demo), "--dry-run"],
        capsys,
    )  # fmt: skip
    assert code == 0, err
    assert "rosters/forgotten.yaml（新建）" in out and "删除 C010 的名册条目" in out
    assert tree_hash(demo) == before
    code, _, err = run(
        ["people", "forget", "C010", "--reason", "离职满 6 个月", "--on", "2026-11-30",
         "--root", str(demo)],
        capsys,
    )  # fmt: skip
    assert code == 0, err
    assert "C010" not in (demo / "rosters/people/cs-3.yaml").read_text("utf-8")
    assert run(["validate", "--root", str(demo)], capsys)[0] == 0


def test_people_forget_killed_during_its_renames_is_finished_by_the_next_run(
    demo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """If `people forget` is killed after its first file is replaced, does the next run
    finish the job (register, rosters and metrics agreeing) instead of refusing?"""
    import academy.records.yamledit as yamledit

    real_replace = os.replace
    calls = {"n": 0}

    def dies_after_one(src: Any, dst: Any) -> None:
        if str(src).endswith(".academy-tmp") and str(dst).startswith(str(demo)):
            calls["n"] += 1
            if calls["n"] == 2:
                raise KeyboardInterrupt  # killed between two renames
        real_replace(src, dst)

    args = ["people", "forget", "C010", "--reason", "离职满 6 个月", "--on", "2026-11-30",
            "--root", str(demo)]  # fmt: skip
    monkeypatch.setattr(yamledit.os, "replace", dies_after_one)
    with pytest.raises(KeyboardInterrupt):
        main(args)
    monkeypatch.setattr(yamledit.os, "replace", real_replace)
    assert (demo / yamledit.JOURNAL_FILE).exists()
    code, _, err = run(args, capsys)
    assert code == 0, err
    assert not (demo / yamledit.JOURNAL_FILE).exists()
    assert not list(demo.rglob("*.academy-tmp"))
    for rel in ("rosters/people/cs-3.yaml", "evaluation/metrics/2025-Q4.csv"):
        assert "C010" not in (demo / rel).read_text("utf-8")
    book = load_workbook(demo / "evaluation/metrics/2026-q2-q3.xlsx")
    ids = [c.value for ws in book.worksheets for c in ws["A"]]
    assert "C010" not in ids and "A001" in ids
    assert run(["validate", "--root", str(demo)], capsys)[0] == 0


@pytest.mark.parametrize(
    "defect",
    ["responses-from-symlink-out", "responses-from-directory"],
)
def test_responses_from_that_leaves_the_repository_is_refused(
    defect: str, demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is a survey's responses_from that is a link out of the repository (or a folder)
    reported at the survey's line, its target never read?"""
    target = demo / "evaluation/needs/2027-needs.xlsx"
    outside = tmp_path / "secret.xlsx"
    outside.write_bytes(target.read_bytes())
    target.unlink()
    if defect == "responses-from-symlink-out":
        target.symlink_to(outside)
        code_expected = "E110"
    else:
        target.mkdir()
        code_expected = "E109"
    code, _, err = run(["validate", "--root", str(demo)], capsys)
    assert code == 1
    assert any(
        line.startswith("evaluation/needs/2027-needs.yaml:17:") and f": {code_expected} " in line
        for line in err.splitlines()
    ), err


def test_the_active_sheet_must_be_the_first(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is a workbook that opens on its second sheet refused, naming both sheets, instead
    of importing the first one the trainer does not see?"""
    wb = Workbook()
    wb.active.title = "模板"
    shown = wb.create_sheet("成绩")
    for row in NEW_COHORT[1:]:
        shown.append(row[1:])
    wb.active = 1
    wb.save(tmp_path / "a.xlsx")
    code, _, err = run(import_scores(tmp_path / "a.xlsx", demo), capsys)
    assert code == 1
    assert "文件打开时显示的是工作表“成绩”，导入读的却是第一个工作表“模板”" in err


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice (Debian)")
def test_a_generated_sheet_imports_once_saved_by_a_spreadsheet_program(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A generated sheet whose formulas hold no result is refused (E808); does the same
    sheet, opened and saved by LibreOffice (which stores the results), import?"""
    rows = [list(r) for r in NEW_COHORT]
    rows[2][3] = "=80+5"
    generated = workbook(tmp_path / "gen.xlsx", rows)
    before = tree_hash(demo)
    code, _, err = run(import_scores(generated, demo), capsys)
    assert code == 1 and ":成绩!D3: E808 " in err
    assert tree_hash(demo) == before
    out = tmp_path / "saved"
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "xlsx", "--outdir", str(out), str(generated)],
        check=True,
        capture_output=True,
        timeout=180,
        env={**os.environ, "HOME": str(tmp_path)},  # a profile of its own: safe in parallel
    )
    code, stdout, err = run(import_scores(out / "gen.xlsx", demo), capsys)
    assert code == 0, err
    assert "新增 A034：理论考试 85，实操考核 82/78/80，日常表现 90" in stdout


def test_no_errors_copy_inside_the_repository(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """When the bad sheet itself lies inside the repository, is no errors copy written
    there (the repository stays byte-for-byte as it was)?"""
    rows = [list(r) for r in NEW_COHORT]
    rows[3][3] = "九十"
    sheet = workbook(demo / "rosters" / "成绩.xlsx", rows)
    before = tree_hash(demo)
    code, _, err = run(import_scores(sheet, demo), capsys)
    assert code == 1 and ": E203 " in err
    assert "未写出标注错误的副本" in err
    assert tree_hash(demo) == before


def test_a_change_that_would_take_a_certificate_away_is_refused_whole(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Does a sheet that lowers a certified trainee's score stop with E401 (found by
    validating the repository as it would be), writing nothing?"""
    rows = [["工号", "姓名", "理论考试", "实操考核", "日常表现"], ["A034", "程曦", 10, 10, 10]]
    sheet = workbook(tmp_path / "低分.xlsx", rows)
    before = tree_hash(demo)
    capsys.readouterr()
    code = main(
        ["import", "scores", str(sheet), "--cohort", "2026-06-new-hires", "--root", str(demo)]
    )
    err = capsys.readouterr().err
    assert code == 1 and "CS2026004" in err
    assert "写入后的仓库无法通过校验" in err
    assert f"{sheet.as_posix()}:成绩!A2: E401 " in err  # at the trainee's row of the sheet
    assert tree_hash(demo) == before
    marked = load_workbook(tmp_path / "低分.errors.xlsx")["成绩"]
    assert marked["A2"].comment is not None and "CS2026004" in marked["A2"].comment.text


def test_pre_numbered_empty_rows_are_skipped(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Are the empty rows of a template numbered in advance (only 序号 filled) skipped,
    instead of one E201 per row?"""
    rows = [list(r) for r in NEW_COHORT] + [[n] for n in range(3, 40)]
    sheet = workbook(tmp_path / "成绩.xlsx", rows)
    code, out, err = run(import_scores(sheet, demo, "--dry-run"), capsys)
    assert code == 0, err
    assert out.count("新增 ") == 2


def test_a_dry_run_with_a_bad_cell_writes_no_marked_copy(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Does a dry run of a bad sheet report the cell but write nothing at all, not even
    成绩.errors.xlsx?"""
    rows = [list(r) for r in NEW_COHORT]
    rows[3][3] = "九十"
    sheet = workbook(tmp_path / "成绩.xlsx", rows)
    code, _, err = run(import_scores(sheet, demo, "--dry-run"), capsys)
    assert code == 1 and ":成绩!D4: E203 " in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["repo", "成绩.xlsx"]
