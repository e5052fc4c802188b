"""Writing YAML that people edit: ruamel.yaml's round trip, checked by our own loader.

``Edit`` holds one file twice: the ruamel document that is written (comments and key
order of the file kept) and the plain data it must read back as with our YAML 1.1
loader. ruamel writes YAML 1.2, where ``no``, ``010`` or ``1:30`` are text, while our
loader would read a boolean or a number: values are quoted where needed and every
new text is re-read and compared before anything is kept. ``commit`` then validates
the whole repository as it would be (a copy in a temporary folder) and only then
writes each file atomically. Used by ``academy import`` and ``academy people forget``.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
import os
import re
import shutil
import stat
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from academy.core.errors import InputError, Problem
from academy.core.vocabulary import Exit
from academy.core.yamlsrc import parse_text


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
    changes: list[str] = field(default_factory=list)  # one line per row written, for the plan

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
        doc[key] = yaml_value(key, value) if not isinstance(value, list) else seq(value)
    return Edit(rel, doc, copy.deepcopy(data), created=True, dirty=True)


def seq(items: list[Any]) -> Any:
    from ruamel.yaml.comments import CommentedSeq

    return CommentedSeq(items)


def mapping(record: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
    from ruamel.yaml.comments import CommentedMap

    live = CommentedMap()
    plain: dict[str, Any] = {}
    for key, value in record.items():
        if value is None:
            continue
        if isinstance(value, dict):
            inner_live, inner_plain = mapping(value)
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
        return [f"{edit.path}:1:1: E804 写出的 YAML 重新读取后含义改变，已放弃写入"]
    return []


SKIPPED_IN_TRIAL = frozenset(
    {".git", ".venv", "site", "node_modules", "__pycache__", ".pytest_cache", ".mypy_cache",
     ".ruff_cache", ".hypothesis"}
)  # fmt: skip
"""Folders the trial copy leaves out: tools and output, never an input of the build."""


def trial_copy(root: Path, dest: Path) -> None:
    """Copy the repository ``root`` to ``dest`` as the build would read it.

    Every file is copied (not only curriculum/ and rosters/: evaluation/, mkdocs.yml and
    whatever else a check reads). A link that leads inside the repository is remade to
    point at the same place inside the copy; a link that leads out stays a link out (so
    the trial refuses it as the real run would) and is never written through.
    """
    real_root = root.resolve()
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        rel = here.relative_to(root)
        dirs[:] = [
            d
            for d in dirs
            if not (rel == Path(".") and d in SKIPPED_IN_TRIAL)
            and (rel / d).as_posix() != "docs/generated"  # pages a build wrote
        ]
        (dest / rel).mkdir(parents=True, exist_ok=True)
        for name in [*dirs, *files]:
            src, out = here / name, dest / rel / name
            if src.is_symlink():
                try:
                    target = src.resolve(strict=False)
                except (OSError, RuntimeError):  # a link loop: keep it as it is
                    os.symlink(os.readlink(src), out)
                    continue
                if target.is_relative_to(real_root):
                    os.symlink(dest / target.relative_to(real_root), out)
                else:
                    os.symlink(os.readlink(src), out)
                if name in dirs:
                    dirs.remove(name)  # its files are read through the link
                continue
            if name in dirs:
                continue
            try:
                mode = src.lstat().st_mode
                if stat.S_ISREG(mode):
                    shutil.copyfile(src, out)
                elif stat.S_ISFIFO(mode):
                    os.mkfifo(out)  # present, as in the repository, and never opened
            except OSError as err:  # an unreadable file: the check cannot be complete
                where = (rel / name).as_posix()
                why = f"文件无法读取（{err.strerror or type(err).__name__}），无法校验写入后的仓库"
                raise InputError([Problem(where, 1, 1, "E106", why)]) from None


@dataclass
class Raw:
    """A file that is not YAML (an evaluation metrics CSV or workbook), as it will be."""

    path: str  # relative to the repository root
    data: bytes
    changes: list[str] = field(default_factory=list)
    created: bool = False


def _replace(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it over ``path``
    (a link at ``path`` is replaced, never written through)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp_path = path.with_name(f".{path.name}.academy-tmp")
    tmp_path.write_bytes(data)
    os.replace(tmp_path, path)


def plan_lines(root: Path, edits: Sequence[Edit | Raw]) -> list[str]:
    """What ``commit`` writes: each file (new or changed), then one line per row."""
    lines = []
    for edit in edits:
        state = "新建" if edit.created and not (root / edit.path).exists() else "修改"
        lines.append(f"{edit.path}（{state}）")
        lines += [f"  {change}" for change in edit.changes]
    return lines


def commit(
    root: Path, edits: Sequence[Edit | Raw], today: dt.date, *, dry_run: bool = False
) -> Exit:
    """Re-read, validate the repository as it would be, then write every file.

    Nothing is written before every check passed: each target path is checked to stay
    inside the repository, the new texts are validated together with a complete copy of
    the repository (in a temporary folder, outside it), and only then are the files
    written: all of them to temporary files first, then each renamed over its target, so
    an interrupted run leaves each file either as it was or as it should be. With
    ``dry_run`` the same is printed and nothing is written.
    """
    from academy.core.load.files import UnsafePath, repo_path
    from academy.core.pipeline import run

    texts: dict[str, bytes] = {}
    broken: list[str] = []
    for edit in edits:
        try:
            repo_path(root, edit.path, EDITABLE if isinstance(edit, Edit) else RAW_EDITABLE, "文件")
        except UnsafePath as err:
            broken.append(f"{edit.path}:1:1: E806 {err}")
            continue
        if isinstance(edit, Raw):
            texts[edit.path] = edit.data
            continue
        text = edit.render()
        broken += reread_problems(edit, text)
        texts[edit.path] = text.encode("utf-8")
    if broken:
        for line in broken:
            print(line, file=sys.stderr)
        print("未写入任何文件。", file=sys.stderr)
        return Exit.INPUT
    if not edits:
        print("没有需要写入的改动，未写入任何文件。")
        return Exit.OK
    with tempfile.TemporaryDirectory(prefix="academy-trial-") as tmp:
        trial = Path(tmp) / "repo"
        trial_copy(root, trial)
        for rel, data in texts.items():
            _replace(trial / rel, data)
        try:
            run(trial, today, write=False)
        except InputError:  # reported by the CLI; nothing has been written
            print(
                "写入后的仓库无法通过校验（以下行号指写入后的内容，文件本身尚未改动）：",
                file=sys.stderr,
            )
            raise
    lines = plan_lines(root, edits)
    if dry_run:
        print("试运行（--dry-run）：校验通过，将写入以下文件，但本次未写入任何文件。")
        print("\n".join(lines))
        return Exit.OK
    staged: list[tuple[str, str]] = []
    for rel, data in texts.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp_path = path.with_name(f".{path.name}.academy-tmp")
        with tmp_path.open("wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        staged.append((tmp_path.relative_to(root).as_posix(), rel))
    # every new text is complete on disk: the journal says which renames are due, so
    # a run killed during the renames is finished by the next run (``finish_pending``)
    journal = root / JOURNAL_FILE
    journal_tmp = journal.with_name(journal.name + ".tmp")
    journal_tmp.write_text(json.dumps(staged, ensure_ascii=False), encoding="utf-8")
    os.replace(journal_tmp, journal)
    finish_pending(root)
    print(f"已写入 {len(staged)} 个文件：")
    print("\n".join(lines))
    return Exit.OK


EDITABLE = re.compile(r"(?:curriculum|rosters|evaluation)/(?:[^/]+/)*[^/]+\.ya?ml")
"""The files an import or forget may write: YAML inside the repository's data folders."""
RAW_EDITABLE = re.compile(r"evaluation/metrics/[^/]+\.(?:csv|xlsx)")
"""The other files ``people forget`` may rewrite: the service metrics."""


JOURNAL_FILE = "rosters/.academy-pending.json"
"""The renames a commit still has to do; present only while (or if killed while) renaming."""


def pending(root: Path) -> bool:
    """Is there an interrupted commit to finish?"""
    return (root / JOURNAL_FILE).is_file()


def finish_pending(root: Path) -> bool:
    """Finish the renames of a commit that was interrupted; True if there were any."""
    journal = root / JOURNAL_FILE
    if not journal.is_file() or journal.is_symlink():
        return False
    try:
        staged = json.loads(journal.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        staged = []
    for tmp_rel, rel in staged if isinstance(staged, list) else []:
        try:
            tmp_path = repo_path_of(root, tmp_rel)
            path = repo_path_of(root, rel)
        except ValueError:
            continue
        if tmp_path.is_file() and not tmp_path.is_symlink():
            os.replace(tmp_path, path)
    journal.unlink()
    return True


def repo_path_of(root: Path, rel: str) -> Path:
    """A journal entry as a path inside the repository (``ValueError`` otherwise)."""
    from academy.core.load.files import UnsafePath, repo_path

    try:
        return repo_path(root, rel, _JOURNAL_ENTRY, "文件")
    except UnsafePath as err:
        raise ValueError(str(err)) from None


_JOURNAL_ENTRY = re.compile(r"(?:curriculum|rosters|evaluation)/(?:[^/]+/)*[^/]+")


def resume(root: Path, dry_run: bool) -> bool:
    """Finish a commit an earlier run was killed in (not in a dry run: that writes nothing)."""
    if dry_run:
        if pending(root):
            print(
                "academy：上次中断的修改还没有补写完成；不加 --dry-run 运行一次即可补写完成。",
                file=sys.stderr,
            )
        return False
    if finish_pending(root):
        print("academy：上次中断的修改已补写完成。", file=sys.stderr)
        return True
    return False
