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
import io
import os
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from .errors import InputError
from .load import PEOPLE_DIR, PEOPLE_FILE, ROSTERS_DIR
from .sheets import Cell, CellProblem, Sheet, as_date, read_sheet
from .yamlsrc import parse_text

ID_RE = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
DATE_TEXT = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
EMPLOYMENT_IN = {
    "正式": "regular",
    "实习生": "intern",
    "外包": "outsourced",
    "regular": "regular",
    "intern": "intern",
    "outsourced": "outsourced",
}
EMPLOYMENT_OUT = {"regular": "正式", "intern": "实习生", "outsourced": "外包"}
ABSENT_WORDS = ("缺考", "absent")
LIST_SPLIT = re.compile(r"\s*[/、,，;；]\s*")


@dataclass(frozen=True)
class Field:
    key: str  # the YAML key
    header: str  # the Chinese column header (the key itself is accepted too)
    kind: str  # id | text | date | employment | position
    required: bool = False


PEOPLE_FIELDS = (
    Field("id", "员工编号", "id", True),
    Field("name", "姓名", "text", True),
    Field("department", "部门", "text", True),
    Field("position", "岗位", "position", True),
    Field("employment", "用工类型", "employment", True),
    Field("hired_on", "入职日期", "date", True),
    Field("probation_until", "试用期至", "date"),
    Field("mentor", "带教导师", "id"),
    Field("left_on", "最后工作日", "date"),
)
SCORE_FIELDS = (
    Field("id", "员工编号", "id", True),
    Field("name", "姓名", "text"),
    Field("department", "部门", "text"),
    Field("position", "岗位", "position"),
    Field("applied_level", "申请等级", "text"),
    Field("mentor_review", "导师评价", "text"),
    Field("notes", "备注", "text"),
)


@dataclass
class Parsed:
    """The rows of a sheet as plain values (what our loader would read), with their cells."""

    rows: list[tuple[list[Cell], dict[str, Any]]] = field(default_factory=list)
    problems: list[CellProblem] = field(default_factory=list)


def _text(cell: Cell) -> str:
    value = cell.value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if cell.empty else str(value).strip()


def _columns(
    sheet: Sheet, fields: tuple[Field, ...], extra: dict[str, str], problems: list[CellProblem]
) -> dict[str, int]:
    """Header text → column index, for the fields and the ``extra`` (header → key) columns."""
    by_header = {_text(c): c.column for c in sheet.header if not c.empty}
    found: dict[str, int] = {}
    for f in fields:
        column = by_header.get(f.header, by_header.get(f.key))
        if column is not None:
            found[f.key] = column
        elif f.required:
            after = max((c.column for c in sheet.header), default=0) + 1
            problems.append(sheet.problem(1, after, "E601", f"缺少“{f.header}”列"))
    for header, key in extra.items():
        if header in by_header:
            found[key] = by_header[header]
    return found


def _cell(row: list[Cell], column: int, row_no: int) -> Cell:
    for cell in row:
        if cell.column == column:
            return cell
    return Cell(row_no, column, None)


def parse_cell(sheet: Sheet, f: Field, cell: Cell, problems: list[CellProblem]) -> Any:
    """One cell as the plain value our YAML loader would give; ``None`` for an empty cell."""

    def bad(code: str, message: str) -> None:
        problems.append(sheet.problem(cell.row, cell.column, code, message))

    if cell.empty:
        if f.required:
            bad("E201", f"“{f.header}”不能为空")
        return None
    value = cell.value
    if f.kind == "id":
        if isinstance(value, int | float) and not isinstance(value, bool):
            bad(
                "E102",
                f"{f.header} {_text(cell)} 是数字，开头的 0 可能已丢失；请把该列设为文本后重新输入",
            )
            return None
        text = _text(cell)
        if not ID_RE.match(text):
            bad("E205", f"{f.header}“{text}”只能使用字母、数字、下划线和连字符（1 至 32 个）")
            return None
        return text
    if f.kind == "date":
        day = as_date(value)
        if day is not None:
            return day.isoformat()
        if isinstance(value, int | float) and not isinstance(value, bool):
            bad(
                "E602",
                f"{f.header} {_text(cell)} 是 Excel 存成数字的日期；请把单元格设为日期格式，"
                "或写成 YYYY-MM-DD",
            )
            return None
        text = _text(cell)
        match = DATE_TEXT.match(text)
        if text.isdigit():
            bad("E602", f"{f.header} {text} 是存成数字的日期，请写成 YYYY-MM-DD")
            return None
        try:
            if match is None:
                raise ValueError(text)
            return dt.date(*(int(g) for g in match.groups())).isoformat()
        except ValueError:
            bad("E207", f"{f.header}“{text}”不是有效日期（YYYY-MM-DD）")
            return None
    text = _text(cell)
    if f.kind == "employment":
        if text not in EMPLOYMENT_IN:
            bad("E206", f"用工类型“{text}”不允许，可选：正式、实习生、外包")
            return None
        return EMPLOYMENT_IN[text]
    return text


def parse_rows(
    sheet: Sheet, fields: tuple[Field, ...], columns: dict[str, int], problems: list[CellProblem]
) -> list[tuple[list[Cell], dict[str, Any]]]:
    out = []
    seen: dict[str, int] = {}
    for row in sheet.rows:
        row_no = row[0].row
        record: dict[str, Any] = {}
        for f in fields:
            if f.key in columns:
                record[f.key] = parse_cell(sheet, f, _cell(row, columns[f.key], row_no), problems)
        pid = record.get("id")
        if pid is not None:
            if pid in seen:
                problems.append(
                    sheet.problem(
                        row_no, columns["id"], "E605", f"员工 {pid} 重复（第 {seen[pid]} 行已有）"
                    )
                )
            seen.setdefault(pid, row_no)
        out.append((row, record))
    return out


# --- YAML round trip -------------------------------------------------------------------


def _ruamel() -> Any:
    from ruamel.yaml import YAML

    y = YAML()
    y.preserve_quotes = True
    y.indent(mapping=2, sequence=4, offset=2)
    y.width = 4096
    return y


def yaml_value(key: str, value: Any) -> Any:
    """A plain value as ruamel should write it so that our YAML 1.1 loader reads it back."""
    from ruamel.yaml.comments import CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    if isinstance(value, list):
        seq = CommentedSeq([yaml_value(key, v) for v in value])
        seq.fa.set_flow_style()
        return seq
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, str):
        if key in ("id", "mentor", "certificate"):
            return DoubleQuotedScalarString(value)
        if key.endswith("_on") or key == "probation_until":
            return dt.date.fromisoformat(value)
        if _plain_is_safe(value):
            return value
        return DoubleQuotedScalarString(value)
    return value


def _plain_is_safe(text: str) -> bool:
    """Would our loader read ``text`` written plain as that very text?"""
    try:
        return yaml.safe_load(f"k: {text}\n") == {"k": text}
    except yaml.YAMLError:
        return False


@dataclass
class Edit:
    """One file: the ruamel document (for writing) and the data it must read back as."""

    path: str  # relative to the repository root
    doc: Any
    expected: Any
    created: bool = False
    dirty: bool = False

    def set(self, target: tuple[Any, Any], key: str, value: Any) -> None:
        """Set (or, for ``None``, remove) ``key`` in both views of one mapping."""
        live, plain = target
        if value is None:
            if key in plain:
                live.pop(key, None)
                plain.pop(key, None)
                self.dirty = True
            return
        if plain.get(key) == value and key in live:
            return
        live[key] = yaml_value(key, value)
        plain[key] = value
        self.dirty = True

    def render(self) -> str:
        out = io.StringIO()
        _ruamel().dump(self.doc, out)
        return out.getvalue()


def load_edit(root: Path, rel: str) -> Edit:
    text = (root / rel).read_text(encoding="utf-8")
    doc = _ruamel().load(text)
    found, problems = parse_text(text, rel)
    if found is None or problems:
        raise InputError(problems)
    return Edit(rel, doc, copy.deepcopy(found.data))


def new_edit(rel: str, head: str, data: dict[str, Any]) -> Edit:
    from ruamel.yaml.comments import CommentedMap

    doc = _ruamel().load(head + "{}\n") if head else CommentedMap()
    doc.fa.set_block_style()
    for key, value in data.items():
        doc[key] = yaml_value(key, value) if not isinstance(value, list) else _seq(value)
    return Edit(rel, doc, copy.deepcopy(data), created=True, dirty=True)


def _seq(items: list[Any]) -> Any:
    from ruamel.yaml.comments import CommentedSeq

    return CommentedSeq(items)


def _map(record: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
    from ruamel.yaml.comments import CommentedMap

    live = CommentedMap()
    plain: dict[str, Any] = {}
    for key, value in record.items():
        if value is None:
            continue
        if isinstance(value, dict):
            inner_live, inner_plain = _map(value)
            live[key], plain[key] = inner_live, inner_plain
        else:
            live[key], plain[key] = yaml_value(key, value), value
    return live, plain


def reread_problems(edit: Edit, text: str) -> list[str]:
    """Our loader must read the new text exactly as meant (no ``no`` turned into false)."""
    found, problems = parse_text(text, edit.path)
    if found is None or problems:
        return [str(p) for p in problems] or [f"{edit.path}: 无法重新读取"]
    if found.data != edit.expected:
        return [f"{edit.path}:1:1: E604 写出的 YAML 重新读取后含义改变，已放弃写入"]
    return []


def commit(root: Path, edits: list[Edit], today: dt.date) -> int:
    """Re-read, validate the repository as it would be, then write every file atomically."""
    from .pipeline import run

    texts: dict[str, str] = {}
    broken: list[str] = []
    for edit in edits:
        text = edit.render()
        broken += reread_problems(edit, text)
        texts[edit.path] = text
    if broken:
        for line in broken:
            print(line, file=sys.stderr)
        print("未写入任何文件。", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="academy-import-") as tmp:
        trial = Path(tmp)
        for part in ("curriculum", "rosters"):
            if (root / part).is_dir():
                shutil.copytree(root / part, trial / part)
        for rel, text in texts.items():
            (trial / rel).parent.mkdir(parents=True, exist_ok=True)
            (trial / rel).write_text(text, encoding="utf-8")
        run(trial, today, write=False)  # raises InputError: reported by the CLI, nothing written
    for rel, text in texts.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp_path = path.with_name(f".{path.name}.tmp")
        tmp_path.write_text(text, encoding="utf-8")
        os.replace(tmp_path, path)
    return 0


def report(problems: list[CellProblem]) -> int:
    for problem in sorted(problems):
        print(problem, file=sys.stderr)
    print(f"共发现 {len(problems)} 个问题，未写入任何文件。", file=sys.stderr)
    return 1


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


def import_people(root: Path, file: Path, label: str, into: str | None, today: dt.date) -> int:
    from .pipeline import load_project

    sheet = read_sheet(file, label)
    if sheet.problems:
        return report(sheet.problems)
    problems: list[CellProblem] = []
    columns = _columns(sheet, PEOPLE_FIELDS, {}, problems)
    if problems:
        return report(problems)
    rows = parse_rows(sheet, PEOPLE_FIELDS, columns, problems)
    project = load_project(root)
    register = project.extras["people"]
    positions = project.extras["positions"]
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
            updated += before != target[1]
            continue
        rel = into or _file_for(record.get("department") or "", by_department, files)
        if rel is None:
            problems.append(
                sheet.problem(
                    row[0].row,
                    columns["department"],
                    "E606",
                    f"部门“{record.get('department')}”还没有人员名册文件，"
                    "请用 --into 指定写入的文件",
                )
            )
            continue
        if rel not in edits:
            edits[rel] = new_edit(rel, PEOPLE_HEAD, {"people": []})
        edit = edits[rel]
        live, plain = _map({k: values.get(k) for k in (f.key for f in PEOPLE_FIELDS)})
        if edit.doc.get("people") is None:
            edit.doc["people"], edit.expected["people"] = _seq([]), []
        edit.doc["people"].append(live)
        edit.expected["people"].append(plain)
        edit.dirty = True
        where[pid] = (edit, len(edit.expected["people"]) - 1)
        added += 1
    if problems:
        return report(problems)
    changed = [
        e for e in edits.values() if e.created or e.render() != (root / e.path).read_text("utf-8")
    ]
    code = commit(root, changed, today)
    if code == 0:
        print(
            f"人员名册已更新：新增 {added} 人，更新 {updated} 人，共改动 {len(changed)} 个文件。",
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


def _score(sheet: Sheet, cell: Cell, label: str, problems: list[CellProblem]) -> Any:
    """A component score: a number 0–100, a judges' list "82/78/80", or 缺考; None if empty."""
    if cell.empty:
        return None
    value = cell.value

    def bad(code: str, message: str) -> None:
        problems.append(sheet.problem(cell.row, cell.column, code, message))

    if isinstance(value, bool | dt.date):
        bad("E203", f"“{label}”应为 0 到 100 的成绩，实际是 {_text(cell)}")
        return None
    if isinstance(value, int | float):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        parts = [number]
    else:
        text = _text(cell)
        if text in ABSENT_WORDS:
            return "absent"
        try:
            parts = [Decimal(p) for p in LIST_SPLIT.split(text) if p]
            if not parts or any(not p.is_finite() for p in parts):
                raise InvalidOperation(text)
        except InvalidOperation:
            bad("E203", f"“{label}”的成绩“{text}”不是数字；缺考请写“缺考”，评委打分写作 82/78/80")
            return None
    for p in parts:
        if not Decimal(0) <= p <= Decimal(100):
            bad("E204", f"“{label}”的成绩 {p} 超出范围（应在 0 到 100 之间）")
            return None
    plain = [int(p) if p == p.to_integral_value() and "." not in str(p) else p for p in parts]
    return (
        plain
        if len(plain) > 1 or (isinstance(value, str) and LIST_SPLIT.search(_text(cell)))
        else plain[0]
    )


ROSTER_HEAD = "# yaml-language-server: $schema=../../src/academy/schemas/roster.v1.json\n"


def find_roster(root: Path, cohort: str) -> str | None:
    for path in sorted((root / ROSTERS_DIR).rglob(f"{cohort}.yaml")):
        return path.relative_to(root).as_posix()
    return None


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
) -> int:
    from .pipeline import load_project

    sheet = read_sheet(file, label)
    if sheet.problems:
        return report(sheet.problems)
    problems: list[CellProblem] = []
    project = load_project(root)
    rel = find_roster(root, cohort)
    existing = load_edit(root, rel) if rel else None
    pid = existing.expected["program"] if existing else program
    if existing is None and (program is None or assessed_on is None):
        print(
            f"academy：用法错误：班次 {cohort} 还不存在，"
            "请用 --program 和 --assessed-on 指定方案和考核日期",
            file=sys.stderr,
        )
        return 2
    if pid is None or pid not in project.programs:
        print(
            f"academy：用法错误：班次 {cohort} 还不存在，"
            "请用 --program 和 --assessed-on 指定方案和考核日期"
            if pid is None
            else f"academy：用法错误：未知的方案“{pid}”",
            file=sys.stderr,
        )
        return 2
    prog = project.programs[pid]
    if prog.kind != "weighted":
        sheet_problem = sheet.problem(
            1, 1, "E606", f"方案“{pid}”是扣分制，暂不支持从表格导入，请直接编辑名册"
        )
        return report([sheet_problem])
    components = {c.label: c.id for c in prog.components} | {c.id: c.id for c in prog.components}
    columns = _columns(sheet, SCORE_FIELDS, components, problems)
    missing_components = [c for c in prog.components if c.id not in columns]
    after = max((c.column for c in sheet.header), default=0) + 1
    for c in missing_components:
        problems.append(sheet.problem(1, after, "E601", f"缺少考核项“{c.label}”列"))
    if problems:
        return report(problems)
    rows = parse_rows(sheet, SCORE_FIELDS, columns, problems)
    register = project.extras["people"]
    positions = project.extras["positions"]
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
            value = _score(sheet, _cell(row, columns[cid], row_no), label_, problems)
            if value is not None:
                scores[cid] = value
        entries.append(
            {**{k: v for k, v in record.items() if v not in (None, "")}, "scores": scores}
        )
    if problems:
        return report(problems)
    if existing is None:
        assert assessed_on is not None
        rel = f"{ROSTERS_DIR}/{assessed_on.year}/{cohort}.yaml"
        head = {
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
        if entry["id"] in index:
            i = index[entry["id"]]
            target = (edit.doc["trainees"][i], edit.expected["trainees"][i])
            for key, value in entry.items():
                if key == "scores":
                    continue
                edit.set(target, key, value)
            _set_scores(edit, target, entry["scores"])
        else:
            live, plain = _map({k: v for k, v in entry.items() if k != "scores"})
            live["scores"], plain["scores"] = _map(entry["scores"])
            edit.doc["trainees"].append(live)
            edit.expected["trainees"].append(plain)
            edit.dirty = True
    code = commit(root, [edit] if edit.dirty else [], today)
    if code == 0:
        print(f"已导入 {len(entries)} 位学员的成绩到 {edit.path}。", file=sys.stderr)
    return code


def _set_scores(edit: Edit, target: tuple[Any, Any], scores: dict[str, Any]) -> None:
    live, plain = target
    if "scores" not in live or not isinstance(plain.get("scores"), dict):
        live["scores"], plain["scores"] = _map(scores)
        edit.dirty = True
        return
    inner = (live["scores"], plain["scores"])
    for key in list(plain["scores"]):
        if key not in scores:
            edit.set(inner, key, None)
    for key, value in scores.items():
        edit.set(inner, key, value)
