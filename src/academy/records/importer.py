"""``academy import people|scores``: an HR or trainer spreadsheet into the register or a roster.

The steps, in order:

1. read the sheet (``sheets.py``) and check every cell; every bad cell is reported as
   ``FILE.xlsx:工作表!C7: CODE message`` and nothing is written;
2. apply the rows to the YAML files with ruamel.yaml's round trip, so comments and
   key order of an updated file stay as they were;
3. re-read each new text with our own loader (YAML 1.1, like every other command)
   and compare it with what was meant: ruamel writes YAML 1.2, where ``no``, ``010``
   or ``1:30`` are text, while our loader would read a boolean or a number;
4. validate the whole repository as it would be (a copy in a temporary folder) and
   only then write the files, each atomically.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import sys
from pathlib import Path
from typing import Any

from academy.core.columns import PEOPLE_FIELDS, SCORE_FIELDS
from academy.core.errors import InputError, Problem
from academy.core.load.files import UnsafePath, repo_path
from academy.core.load.sources import PEOPLE_DIR, PEOPLE_FILE, ROSTERS_DIR
from academy.core.vocabulary import SLUG, Exit
from academy.core.yamlsrc import parse_text
from academy.records.cells import (
    cell_at,
    component_headers,
    find_columns,
    parse_rows,
    parse_score,
)
from academy.records.errors_copy import write_errors_copy
from academy.records.sheets import CellProblem, Sheet, read_sheet
from academy.records.yamledit import Edit, commit, load_edit, mapping, new_edit, resume, seq


def report(problems: list[CellProblem], root: Path | None = None, file: Path | None = None) -> Exit:
    """Print every problem; for a workbook, write them back as ``NAME.errors.xlsx``."""
    for problem in sorted(problems):
        print(problem, file=sys.stderr)
    note = ""
    if root is not None and file is not None:
        note = write_errors_copy(root, file, problems)
    print(f"共发现 {len(problems)} 个问题，仓库中未写入任何文件。{note}", file=sys.stderr)
    return Exit.INPUT


def report_trial(
    problems: list[Problem],
    edit: Edit,
    sheet: Sheet,
    row_of: dict[str, int],
    id_column: int,
    root: Path,
    marked: Path | None,
) -> Exit:
    """Problems of the repository as it would be: each one at a trainee of the imported
    roster is also shown at that trainee's row of the sheet (and marked in the copy)."""
    doc, _ = parse_text(edit.render(), edit.path)
    starts: list[tuple[int, str]] = []
    for i, raw in enumerate(edit.expected.get("trainees") or []):
        if doc is not None and isinstance(raw, dict):
            starts.append((doc.position(("trainees", i))[0], str(raw.get("id"))))
    placed: list[CellProblem] = []
    for p in problems:
        before = [pid for line, pid in starts if p.path == edit.path and line <= p.line]
        if before and before[-1] in row_of:
            where = f"（写入后为 {p.path}:{p.line}:{p.column}）"
            placed.append(sheet.problem(row_of[before[-1]], id_column, p.code, p.message + where))
    for line in sorted(set(map(str, problems))):
        print(line, file=sys.stderr)
    for cell in sorted(placed):
        print(cell, file=sys.stderr)
    note = write_errors_copy(root, marked, placed) if marked is not None and placed else ""
    print(f"共发现 {len(problems)} 个问题，仓库中未写入任何文件。{note}", file=sys.stderr)
    return Exit.INPUT


def _usage(message: str) -> Exit:
    print(f"academy：用法错误：{message}", file=sys.stderr)
    return Exit.USAGE


# --- people ----------------------------------------------------------------------------


def _register_files(root: Path) -> list[str]:
    files = []
    if (root / PEOPLE_FILE).is_file():
        files.append(PEOPLE_FILE)
    folder = root / PEOPLE_DIR
    if folder.is_dir():
        files += sorted(
            p.relative_to(root).as_posix()
            for p in folder.rglob("*")
            if p.suffix in (".yaml", ".yml")
        )
    return files


PEOPLE_HEAD = (
    "# yaml-language-server: $schema=../src/academy/schemas/people.v1.json\n"
    "# 人员名册：由 academy import people 生成，可直接编辑。\n"
)


PEOPLE_TARGET = re.compile(
    r"rosters/people\.yaml|rosters/people/(?:[A-Za-z0-9_-]+/)*[A-Za-z0-9_-]+\.yaml"
)


def import_people(
    root: Path,
    file: Path,
    label: str,
    into: str | None,
    today: dt.date,
    *,
    dry_run: bool = False,
) -> Exit:
    from academy.core.pipeline import load_project

    if into is not None:  # checked before anything is opened
        try:
            repo_path(root, into, PEOPLE_TARGET, "--into")
        except UnsafePath as err:
            return _usage(f"{err}：应为 rosters/people.yaml 或 rosters/people/<名称>.yaml")
    resume(root, dry_run)
    marked = None if dry_run else file  # a dry run writes nothing, not even the marked copy
    sheet = read_sheet(file, label)
    if sheet.problems:
        return report(sheet.problems, root, marked if sheet.readable else None)
    problems: list[CellProblem] = []
    columns = find_columns(sheet, PEOPLE_FIELDS, {}, problems)
    if problems:
        return report(problems, root, marked)
    rows = parse_rows(sheet, PEOPLE_FIELDS, columns, problems)
    project = load_project(root)
    register = project.people
    positions = project.positions
    in_sheet = {r["id"] for _, r in rows if r.get("id")}
    for row, record in rows:
        row_no = row[0].row
        if record.get("position") and positions.unknown(record["position"]):
            problems.append(
                sheet.problem(
                    row_no,
                    columns["position"],
                    "E330",
                    f"未知的岗位“{record['position']}”，可选：{positions.hint()}",
                )
            )
        mentor = record.get("mentor")
        if mentor and mentor not in in_sheet and register.get(mentor) is None:
            problems.append(
                sheet.problem(
                    row_no, columns["mentor"], "E334", f"带教导师 {mentor} 不在人员名册中"
                )
            )
        if record.get("id") in register.forgotten:
            problems.append(
                sheet.problem(
                    row_no,
                    columns["id"],
                    "E337",
                    f"员工 {record['id']} 的个人信息已删除，不能再导入",
                )
            )
    files = _register_files(root)
    edits = {rel: load_edit(root, rel) for rel in files}
    where: dict[str, tuple[Edit, int]] = {}
    for edit in edits.values():
        for i, raw in enumerate(edit.expected.get("people", []) or []):
            where[raw["id"]] = (edit, i)
    by_department: dict[str, dict[str, int]] = {}
    for edit in edits.values():
        for raw in edit.expected.get("people", []) or []:
            counts = by_department.setdefault(raw["department"], {})
            counts[edit.path] = counts.get(edit.path, 0) + 1
    added = updated = 0
    for row, record in rows:
        if not record.get("id"):
            continue
        pid = record["id"]
        values = {f.key: record.get(f.key) for f in PEOPLE_FIELDS if f.key in columns}
        if pid in where:
            edit, i = where[pid]
            target = (edit.doc["people"][i], edit.expected["people"][i])
            before = dict(target[1])
            for key, value in values.items():
                edit.set(target, key, value)
            if before != target[1]:
                updated += 1
                keys = [k for k in values if before.get(k) != target[1].get(k)]
                edit.changes.append(f"更新 {pid}：{'、'.join(keys)}")
            continue
        rel = into or _file_for(record.get("department") or "", by_department, files)
        if rel is None:
            problems.append(
                sheet.problem(
                    row[0].row,
                    columns["department"],
                    "E806",
                    f"部门“{record.get('department')}”还没有人员名册文件，"
                    "请用 --into 指定写入的文件",
                )
            )
            continue
        if rel not in edits:
            edits[rel] = new_edit(rel, PEOPLE_HEAD, {"people": []})
        edit = edits[rel]
        live, plain = mapping({k: values.get(k) for k in (f.key for f in PEOPLE_FIELDS)})
        if edit.doc.get("people") is None:
            edit.doc["people"], edit.expected["people"] = seq([]), []
        edit.doc["people"].append(live)
        edit.expected["people"].append(plain)
        edit.dirty = True
        edit.changes.append(f"新增 {pid} {record.get('name') or ''}".rstrip())
        where[pid] = (edit, len(edit.expected["people"]) - 1)
        added += 1
    if problems:
        return report(problems, root, marked)
    changed = [
        e for e in edits.values() if e.created or e.render() != (root / e.path).read_text("utf-8")
    ]
    code = commit(root, changed, today, dry_run=dry_run)
    if code == 0:
        done = "将" if dry_run else "已"
        print(
            f"人员名册{done}更新：新增 {added} 人，更新 {updated} 人，"
            f"共改动 {len(changed)} 个文件。",
            file=sys.stderr,
        )
    return code


def _file_for(
    department: str, by_department: dict[str, dict[str, int]], files: list[str]
) -> str | None:
    counts = by_department.get(department)
    if counts:
        return max(sorted(counts), key=lambda rel: counts[rel])
    if not files:
        return PEOPLE_FILE
    if files == [PEOPLE_FILE]:
        return PEOPLE_FILE
    return None


# --- scores ----------------------------------------------------------------------------


ROSTER_HEAD = "# yaml-language-server: $schema=../../src/academy/schemas/roster.v1.json\n"


ROSTER_TARGET = re.compile(r"rosters/(?:[A-Za-z0-9_-]+/)*[a-z0-9][a-z0-9-]{0,62}\.ya?ml")


def import_scores(
    root: Path,
    file: Path,
    label: str,
    cohort: str,
    today: dt.date,
    *,
    program: str | None = None,
    assessed_on: dt.date | None = None,
    title: str | None = None,
    dry_run: bool = False,
) -> Exit:
    from academy.core.pipeline import load_project

    if not SLUG.fullmatch(cohort):  # checked before anything is opened
        return _usage(
            f"班次编号“{cohort}”不符合格式：只能用小写字母、数字和连字符（如 2026-12-retake）"
        )
    resume(root, dry_run)
    marked = None if dry_run else file  # a dry run writes nothing, not even the marked copy
    sheet = read_sheet(file, label)
    if sheet.problems:
        return report(sheet.problems, root, marked if sheet.readable else None)
    problems: list[CellProblem] = []
    project = load_project(root)
    rel = next((c.path for c in project.cohorts if c.id == cohort), None)
    if rel is None and assessed_on is not None:
        rel_new = f"{ROSTERS_DIR}/{assessed_on.year}/{cohort}.yaml"
    else:
        rel_new = rel or ""
    try:
        if rel_new:
            repo_path(root, rel_new, ROSTER_TARGET, "名册文件")
    except UnsafePath as err:
        return _usage(str(err))
    existing = load_edit(root, rel) if rel else None
    pid = existing.expected["program"] if existing else program
    if existing is None and (program is None or assessed_on is None):
        print(
            f"academy：用法错误：班次 {cohort} 还不存在，"
            "请用 --program 和 --assessed-on 指定方案和考核日期",
            file=sys.stderr,
        )
        return Exit.USAGE
    if pid is None or pid not in project.programs:
        print(
            f"academy：用法错误：班次 {cohort} 还不存在，"
            "请用 --program 和 --assessed-on 指定方案和考核日期"
            if pid is None
            else f"academy：用法错误：未知的方案“{pid}”",
            file=sys.stderr,
        )
        return Exit.USAGE
    prog = project.programs[pid]
    if prog.kind != "weighted":
        sheet_problem = sheet.problem(
            1, 1, "E806", f"方案“{pid}”是扣分制，暂不支持从表格导入，请直接编辑名册"
        )
        return report([sheet_problem], root, marked)
    components = {c.id: component_headers(c.label, c.id) for c in prog.components}
    columns = find_columns(sheet, SCORE_FIELDS, components, problems)
    missing_components = [c for c in prog.components if c.id not in columns]
    after = max((c.column for c in sheet.header), default=0) + 1
    for c in missing_components:
        problems.append(
            sheet.problem(
                sheet.header_row,
                after,
                "E801",
                f"缺少考核项“{c.label}”列",
            )
        )
    if problems:
        return report(problems, root, marked)
    rows = parse_rows(sheet, SCORE_FIELDS, columns, problems)
    register = project.people
    positions = project.positions
    labels = {c.id: c.label for c in prog.components}
    entries: list[dict[str, Any]] = []
    for row, record in rows:
        row_no = row[0].row
        pid_ = record.get("id")
        person = register.get(pid_) if pid_ else None
        if pid_ and register.present and person is None and pid_ not in register.forgotten:
            problems.append(
                sheet.problem(
                    row_no, columns["id"], "E331", f"员工 {pid_} 不在人员名册（rosters/people）中"
                )
            )
        if person is not None and record.get("name") and record["name"] != person.name:
            problems.append(
                sheet.problem(
                    row_no,
                    columns["name"],
                    "E332",
                    f"姓名“{record['name']}”与人员名册不一致："
                    f"{register.place(person.id)} 写的是“{person.name}”",
                )
            )
        if record.get("position") and positions.unknown(record["position"]):
            problems.append(
                sheet.problem(
                    row_no, columns["position"], "E330", f"未知的岗位“{record['position']}”"
                )
            )
        scores: dict[str, Any] = {}
        for cid, label_ in labels.items():
            value = parse_score(sheet, cell_at(row, columns[cid], row_no), label_, problems)
            if value is not None:
                scores[cid] = value
        entries.append(
            {**{k: v for k, v in record.items() if v not in (None, "")}, "scores": scores}
        )
    if problems:
        return report(problems, root, marked)
    if existing is None:
        assert assessed_on is not None
        rel = f"{ROSTERS_DIR}/{assessed_on.year}/{cohort}.yaml"
        head: dict[str, Any] = {
            "cohort": cohort,
            "program": pid,
            "title": title or cohort,
            "assessed_on": assessed_on.isoformat(),
            "trainees": [],
        }
        edit = new_edit(rel, ROSTER_HEAD, head)
    else:
        edit = existing
    index = {raw["id"]: i for i, raw in enumerate(edit.expected["trainees"])}
    for entry in entries:
        scores_text = "，".join(f"{labels[k]} {_shown(v)}" for k, v in entry["scores"].items())
        if entry["id"] in index:
            i = index[entry["id"]]
            target = (edit.doc["trainees"][i], edit.expected["trainees"][i])
            before = copy.deepcopy(target[1])
            for key, value in entry.items():
                if key == "scores":
                    continue
                edit.set(target, key, value)
            _set_scores(edit, target, entry["scores"])
            if before != target[1]:
                edit.changes.append(f"更新 {entry['id']}：{scores_text or '（无成绩）'}")
        else:
            edit.changes.append(f"新增 {entry['id']}：{scores_text or '（无成绩）'}")
            live, plain = mapping({k: v for k, v in entry.items() if k != "scores"})
            live["scores"], plain["scores"] = mapping(entry["scores"])
            edit.doc["trainees"].append(live)
            edit.expected["trainees"].append(plain)
            edit.dirty = True
    try:
        code = commit(root, [edit] if edit.dirty else [], today, dry_run=dry_run)
    except InputError as err:  # the repository as it would be does not validate
        row_of = {str(record["id"]): r[0].row for r, record in rows if record.get("id")}
        return report_trial(err.problems, edit, sheet, row_of, columns["id"], root, marked)
    if code == 0:
        done = "将导入" if dry_run else "已导入"
        print(f"{done} {len(entries)} 位学员的成绩到 {edit.path}。", file=sys.stderr)
    return code


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return "/".join(map(str, value))
    return "缺考" if value == "absent" else str(value)


def _set_scores(edit: Edit, target: tuple[Any, Any], scores: dict[str, Any]) -> None:
    live, plain = target
    if "scores" not in live or not isinstance(plain.get("scores"), dict):
        live["scores"], plain["scores"] = mapping(scores)
        edit.dirty = True
        return
    inner = (live["scores"], plain["scores"])
    for key in list(plain["scores"]):
        if key not in scores:
            edit.set(inner, key, None)
    for key, value in scores.items():
        edit.set(inner, key, value)
