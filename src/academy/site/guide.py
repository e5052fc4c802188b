"""Trainer-guide reference pages generated from the code, so they cannot drift from it.

* ``reference/errors.md``: every problem code, from ``academy.core.errors.CODES``;
* ``reference/formats.md``: every field of every data format, from the JSON Schemas
  and their Chinese ``description``s.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from typing import Any

from academy.core.load.schema import SCHEMA_NAMES, TYPE_NAMES

from ..core.errors import CODES
from .markdown import page, site_env

REFERENCE_DIR = "reference"
SCHEMA_FILES = {
    "program": "curriculum/programs/<方案编号>.yaml",
    "roster": "rosters/**/<班次编号>.yaml",
    "revocations": "rosters/revocations.yaml",
    "module": "curriculum/modules/<模块编号>.md（开头的 YAML 信息块）",
    "plan": "curriculum/plans/<计划编号>.yaml",
    "corrections": "rosters/corrections.yaml",
    "people": "rosters/people.yaml 或 rosters/people/<部门>.yaml",
    "positions": "curriculum/positions.yaml",
    "forgotten": "rosters/forgotten.yaml",
    "question-bank": "curriculum/questions/<模块编号>.yaml",
    "exam": "curriculum/exams/<考卷编号>.yaml",
    "exam-draw": "curriculum/exams/draws/<考卷编号>.yaml",
    "practical": "curriculum/practical/<情景编号>.yaml",
    "needs-survey": "evaluation/needs/<调研编号>.yaml",
    "feedback": "evaluation/feedback/<反馈编号>.yaml",
    "attendance": "evaluation/attendance/<记录编号>.yaml",
    "participation": "evaluation/participation/<记录编号>.yaml",
    "improvement-plan": "evaluation/improvement/<计划编号>.yaml",
    "peer-review": "evaluation/peer/<班次编号>.yaml",
    "standard-setting": "curriculum/standard-setting/<考卷编号>.yaml",
    "escalation": "curriculum/escalation.yaml",
}
CODE_GROUPS = (
    ("E1", "读取 YAML"),
    ("E2", "数据结构（JSON Schema）"),
    ("E3", "含义与跨文件检查"),
    ("E4", "证书账本"),
    ("E5", "课程与培训计划"),
    ("E6", "题库、考卷与作答"),
    ("E7", "发布设置"),
    ("E8", "表格导入"),
    ("W", "警告（不阻止命令，仅提示）"),
)


@dataclass(frozen=True)
class Field:
    path: str
    type: str
    required: bool
    description: str
    rules: str


def read_schema(name: str) -> dict[str, Any]:
    """A fresh copy of schema ``name`` (validators may have annotated the cached one)."""
    text = resources.files("academy").joinpath(f"schemas/{name}.v1.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """Follow ``$ref``s into ``$defs``; keys on the referring node win."""
    while "$ref" in node:
        ref = node["$ref"]
        target = schema
        for part in ref.removeprefix("#/").split("/"):
            target = target[part]
        node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def _type(node: dict[str, Any]) -> str:
    if "const" in node:
        return "固定值"
    if "enum" in node:
        return "可选值"
    if "anyOf" in node or "oneOf" in node:
        return "多种写法"
    kinds = node.get("type", [])
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return "或".join(TYPE_NAMES.get(k, str(k)) for k in kinds)


def _rules(node: dict[str, Any]) -> str:
    rules = []
    if "enum" in node:
        rules.append("可选：" + "、".join(str(v) for v in node["enum"]))
    if "const" in node:
        rules.append(f"必须是 {node['const']}")
    if "pattern" in node:
        rules.append(f"格式：{node['pattern']}")
    if node.get("format") == "date":
        rules.append("日期 YYYY-MM-DD")
    for key, label in (("minimum", "最小"), ("exclusiveMinimum", "大于"), ("maximum", "最大")):
        if key in node:
            rules.append(f"{label} {node[key]}")
    for key, label in (("minItems", "至少"), ("maxItems", "至多")):
        if key in node:
            rules.append(f"{label} {node[key]} 项")
    if "maxLength" in node:
        rules.append(f"至多 {node['maxLength']} 字")
    if "default" in node:
        rules.append(f"默认 {node['default']}")
    return "；".join(rules)


def walk(schema: dict[str, Any]) -> Iterator[Field]:
    """Every property of ``schema``, depth first, each once (alternatives merged)."""
    seen: set[str] = set()

    def visit(node: dict[str, Any], prefix: str) -> Iterator[Field]:
        node = _resolve(schema, node)
        required = set(node.get("required", []))
        for name, raw in node.get("properties", {}).items():
            child = _resolve(schema, raw)
            path = f"{prefix}.{name}" if prefix else name
            if path not in seen:
                seen.add(path)
                yield Field(
                    path=path,
                    type=_type(child),
                    required=name in required,
                    description=raw.get("description") or child.get("description", ""),
                    rules=_rules(child),
                )
            yield from visit(child, path)
            items = child.get("items")
            if isinstance(items, dict):
                yield from visit(items, f"{path}[]")
        for key in ("then", "else"):
            if isinstance(node.get(key), dict):
                yield from visit(node[key], prefix)

    yield from visit(schema, "")


def errors_page() -> str:
    groups = [
        {
            "label": label,
            "anchor": prefix.lower() + "xx",
            "codes": [c for k, c in sorted(CODES.items()) if k.startswith(prefix)],
        }
        for prefix, label in CODE_GROUPS
    ]
    listed = {c.code for g in groups for c in g["codes"]}  # type: ignore[attr-defined]
    others = [c for k, c in sorted(CODES.items()) if k not in listed]
    if others:
        groups.append({"label": "其他", "anchor": "other", "codes": others})
    body = site_env().get_template("guide/errors.md.j2").render(groups=groups, total=len(CODES))
    meta = {
        "title": "错误代码",
        "edit_source": "src/academy/core/errors.py",
        "tags": ["培训师指南"],
    }
    return page(meta, body)


def formats_page() -> str:
    formats = []
    for name in SCHEMA_NAMES:
        schema = read_schema(name)
        formats.append(
            {
                "name": name,
                "title": schema.get("title", name),
                "description": schema.get("description", ""),
                "file": SCHEMA_FILES.get(name, ""),
                "schema": f"src/academy/schemas/{name}.v1.json",
                "fields": [f for f in walk(schema) if f.path != "$schema"],
            }
        )
    body = site_env().get_template("guide/formats.md.j2").render(formats=formats)
    meta = {"title": "数据格式", "tags": ["培训师指南"]}  # made from several schema files
    return page(meta, body)


def pages() -> dict[str, str]:
    return {
        f"{REFERENCE_DIR}/errors.md": errors_page(),
        f"{REFERENCE_DIR}/formats.md": formats_page(),
    }


def nav() -> list[str]:
    return [f"{REFERENCE_DIR}/errors.md", f"{REFERENCE_DIR}/formats.md"]
