"""JSON Schema checks: the schema files in ``academy/schemas/`` are the single source of truth.

Valid documents go through jsonschema-rs (a compiled Draft 2020-12 validator: grading
20,000 trainees must cost little more than parsing them). A document it rejects
goes through ``jsonschema`` (Draft 2020-12, with a format checker), which lists
every error with its path so that each can be reported at its ``line:column``.
``tests/core/load/test_schema.py`` checks that both validators agree on every fixture.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import jsonschema_rs

if TYPE_CHECKING:  # jsonschema is imported only when a document is rejected
    import jsonschema
    from jsonschema.exceptions import ValidationError

from academy.core.dates import MAX_YEAR, MIN_YEAR, in_range, parse_date
from academy.core.errors import Problem
from academy.core.yamlsrc import Document, join_path, scalar_at

SCHEMA_NAMES = (
    "corrections",
    "program",
    "roster",
    "revocations",
    "module",
    "plan",
    "people",
    "positions",
    "forgotten",
    "question-bank",
    "exam",
    "exam-draw",
    "practical",
    "needs-survey",
    "feedback",
    "attendance",
    "paths",
    "standard-setting",
    "escalation",
    "targets",
    "participation",
    "improvement-plan",
    "peer-review",
    "recognition",
)
_YAML_NON_STRINGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool")


def _is_date(value: object) -> bool:
    if not isinstance(value, str):
        return True  # formats apply to strings only
    try:
        day = parse_date(value)
    except ValueError:
        return False
    return in_range(day)


def _full_match(node: Any) -> Any:
    """A copy of a schema whose ``pattern``s match whole strings in both validators.

    JSON Schema patterns are searched, and in Python ``$`` also matches before a
    final newline: ``"Z001\\n"`` would pass ``^[A-Z0-9]+$``. fastjsonschema rewrites
    ``$`` to ``\\Z`` but jsonschema does not, so the two would disagree. Both
    validators get patterns anchored with ``\\A`` and ``\\Z``; the files keep the
    portable ``^…$`` spelling that editors understand.
    """
    if isinstance(node, dict):
        out = {k: _full_match(v) for k, v in node.items()}
        pattern = node.get("pattern")
        if isinstance(pattern, str):
            out["pattern"] = full_match_pattern(pattern)
        return out
    if isinstance(node, list):
        return [_full_match(v) for v in node]
    return node


def full_match_pattern(pattern: str) -> str:
    """``^x$`` → ``\\A(?:x)\\Z``: the pattern must match the entire string."""
    body = pattern.removeprefix("^")
    if body.endswith("$") and not body.endswith("\\$"):
        body = body[:-1]
    return f"\\A(?:{body})\\Z"


PUBLIC, MASKED, PRIVATE = "public", "masked", "private"


@cache
def roster_field_privacy() -> dict[str, str]:
    """Each trainee field of a roster → ``public`` (may be shown on the site), ``masked``
    (only masked: the name) or ``private`` (never on the site: export files only).

    The one classification: ``x-privacy`` beside each field in roster.v1.json."""
    trainee = load_schema("roster")["properties"]["trainees"]["items"]["properties"]
    return {key: str(spec["x-privacy"]) for key, spec in trainee.items()}


@cache
def load_schema(name: str) -> dict[str, Any]:
    """The parsed JSON Schema ``<name>.v1.json``."""
    text = resources.files("academy").joinpath(f"schemas/{name}.v1.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def _fast(name: str) -> jsonschema_rs.Draft202012Validator:
    """The schema as written: ``^…$`` already matches whole strings in jsonschema-rs (as in
    ECMA-262, ``$`` does not match before a final newline), and ``$ref`` with siblings
    is Draft 2020-12's own."""
    return jsonschema_rs.Draft202012Validator(
        load_schema(name), formats={"date": _is_date}, validate_formats=True
    )


@cache
def _full(name: str) -> jsonschema.Draft202012Validator:
    import jsonschema

    checker = jsonschema.FormatChecker(formats=())
    checker.checks("date")(_is_date)
    return jsonschema.Draft202012Validator(_full_match(load_schema(name)), format_checker=checker)


def is_valid(name: str, data: Any) -> bool:
    """Fast yes/no answer."""
    return bool(_fast(name).is_valid(data))


def full_errors(name: str, data: Any) -> list[ValidationError]:
    """Every error jsonschema finds, alternatives resolved to the most relevant one."""
    return list(_leaves(_full(name).iter_errors(data)))


def _leaves(errors: Iterator[ValidationError]) -> Iterator[ValidationError]:
    for error in errors:
        if error.validator in ("anyOf", "oneOf") and error.context:
            yield _pick(error)
        else:
            yield error


def _pick(error: ValidationError) -> ValidationError:
    """The alternative the writer most likely meant: one whose type matched the value.

    A score of 120 matches the number branch and fails its maximum; that is the error
    to report, not "120 is not 'absent'". When no branch's type matched (a word where
    a score belongs), the alternatives error itself is reported, with its description.
    """
    assert error.context is not None
    typed = [e for e in error.context if e.validator not in _MISMATCH or e.relative_path]
    if typed:
        return max(typed, key=lambda e: len(e.absolute_path))
    if "description" in error.schema:
        return error
    from jsonschema.exceptions import best_match

    return best_match(error.context)


_MISMATCH = ("type", "const", "enum")


def check(name: str, doc: Document) -> list[Problem]:
    """Validate ``doc`` against schema ``name``; problems carry source positions."""
    if is_valid(name, doc.data):
        return []
    problems: list[Problem] = []
    for error in full_errors(name, doc.data):
        problems.extend(_to_problems(doc, error))
    if not problems and not doc.problem_spots:  # the validators disagree: refuse
        problems.append(doc.problem((), "E209", "内容不符合格式"))
    # a value the loader already reported (bad date, .nan…) is not reported twice;
    # the caller still treats the document as invalid (see ``Document.has_problems``)
    unique = dict.fromkeys(p for p in problems if (p.line, p.column) not in doc.problem_spots)
    return list(unique)


def _to_problems(doc: Document, error: ValidationError) -> list[Problem]:
    where = tuple(error.absolute_path)
    label = join_path(where) or "文件顶层"
    kind, instance = error.validator, error.instance
    if kind == "required":
        missing = [k for k in error.validator_value if k not in instance]
        return [doc.problem(where, "E201", f"{label} 缺少必填字段“{k}”") for k in missing]
    if kind == "additionalProperties":
        known = set(error.schema.get("properties", {}))
        extra = [k for k in instance if k not in known]
        return [
            doc.problem((*where, k), "E202", f"{label} 中有未知字段“{k}”", key=True) for k in extra
        ]
    hint = error.schema.get("x-hint")
    if kind in ("type", "pattern") and hint and not isinstance(instance, bool | int | float):
        return [doc.problem(where, "E203", f"{label} 的值 {_show(instance)} 不符合要求：{hint}")]
    if kind == "type":
        node = scalar_at(doc.root, where)
        wanted = _type_names(error.validator_value)
        if wanted == "文字" and node is not None and node.tag in _YAML_NON_STRINGS:
            return [
                doc.problem(
                    where,
                    "E102",
                    f"{label} 的值 {node.value} 被 YAML 读成了{_yaml_kind(instance)}，"
                    f'请加引号写成 "{node.value}"',
                )
            ]
        return [doc.problem(where, "E203", f"{label} 应为{wanted}，实际是 {_show(instance)}")]
    if kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        return [
            doc.problem(where, "E204", f"{label} 的值 {_show(instance)} 超出范围{_range(error)}")
        ]
    if kind == "pattern":
        return [
            doc.problem(where, "E205", f"{label} 的值“{instance}”不是安全的编号{_PATTERN_HINT}")
        ]
    if kind in ("enum", "const"):
        allowed = error.validator_value if kind == "enum" else [error.validator_value]
        shown = "、".join(str(a) for a in allowed)
        return [doc.problem(where, "E206", f"{label} 的值 {_show(instance)} 不允许，可选：{shown}")]
    if kind in ("anyOf", "oneOf"):
        wanted = error.schema.get("description", "")
        return [doc.problem(where, "E203", f"{label} 的值 {_show(instance)} 不符合要求：{wanted}")]
    if kind == "format":
        return [
            doc.problem(
                where,
                "E207",
                f"{label} 的值“{instance}”不是有效日期"
                f"（YYYY-MM-DD，年份在 {MIN_YEAR} 到 {MAX_YEAR} 之间）",
            )
        ]
    if kind in ("minItems", "maxItems", "minLength", "maxLength"):
        return [
            doc.problem(
                where,
                "E208",
                f"{label} 的长度不符合要求（{_LENGTH[kind]} {error.validator_value}）",
            )
        ]
    return [doc.problem(where, "E209", f"{label} 不符合格式：{error.message}")]


TYPE_NAMES = {
    "string": "文字",
    "number": "数字",
    "integer": "整数",
    "object": "键值对",
    "array": "列表",
    "boolean": "是/否",
}
_LENGTH = {"minItems": "至少", "maxItems": "至多", "minLength": "至少", "maxLength": "至多"}
_PATTERN_HINT = "（只能使用规定的字母、数字和连字符，且长度有限，详见数据格式说明）"


def _type_names(value: object) -> str:
    names = value if isinstance(value, list) else [value]
    return "或".join(TYPE_NAMES.get(str(n), str(n)) for n in names)


def _range(error: ValidationError) -> str:
    bounds = error.parent.schema if error.parent is not None else error.schema
    lo = error.schema.get("minimum", error.schema.get("exclusiveMinimum", bounds.get("minimum")))
    hi = error.schema.get("maximum", error.schema.get("exclusiveMaximum", bounds.get("maximum")))
    if lo is not None and hi is not None:
        return f"（应在 {lo} 到 {hi} 之间）"
    if lo is not None:
        return f"（不能小于 {lo}）"
    return f"（不能大于 {hi}）"


def _yaml_kind(value: object) -> str:
    return "是/否" if isinstance(value, bool) else "数字"


def _show(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal | int | float):
        return str(value)
    if value is None:
        return "空值"
    if isinstance(value, str):
        return f"“{value}”"
    names: dict[type, str] = {dict: "键值对", list: "列表"}
    return names.get(type(value), type(value).__name__)
