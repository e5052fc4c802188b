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
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from academy.core.errors import InputError
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


def commit(root: Path, edits: list[Edit], today: dt.date) -> int:
    """Re-read, validate the repository as it would be, then write every file atomically."""
    from academy.core.pipeline import run

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
