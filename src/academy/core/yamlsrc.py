"""Read YAML safely, keep source positions, and refuse YAML 1.1 surprises.

PyYAML's C parser (libyaml) composes the node tree; we build plain Python values
from it ourselves instead of using a constructor, because we must:

* refuse duplicate keys (PyYAML keeps the last one silently),
* keep floats exact (``79.8`` becomes ``Decimal("79.8")``, never a binary float),
* report impossible dates (``2024-02-30``) as problems, not exceptions,
* report problems found later (schema, cross-file) at the right ``line:column``:
  the node tree is not kept but composed again from the text when one is reported.

Only the YAML core tags are accepted; nothing can construct a Python object.
"""

from __future__ import annotations

import datetime as dt
import operator
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from sys import intern
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .dates import MAX_YEAR, MIN_YEAR, in_range
from .errors import Problem
from .vocabulary import read_number

try:  # libyaml is bundled with PyYAML's wheels; the pure parser is the fallback
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on the wheel
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

_PLAIN_TAGS: dict[str, str] = {}  # plain scalar text -> resolved tag
_STR_TAG = "tag:yaml.org,2002:str"


class _Loader(_BaseLoader):
    """The safe loader, with cheaper hooks for libyaml's composer.

    The composer calls back into Python several times for every node (340,000 nodes
    at 20,000 trainees). Two shortcuts, neither changing a tag:

    * ``resolve``: a mapping or a sequence has the default tag and a quoted or block
      scalar is always a string (no path resolvers are registered, see
      ``yaml_path_resolvers``), and a plain scalar's tag depends
      only on its text, which PyYAML matches against a list of regular expressions:
      the answer is remembered (bounded in size). Rosters repeat the same keys and
      scores thousands of times.
    * ``descend_resolver`` / ``ascend_resolver`` maintain the state of path resolvers,
      which this loader has none of; C built-ins that ignore their arguments stand in
      for PyYAML's Python methods that return at once (half the cost per call).
    """

    descend_resolver = staticmethod(operator.is_)  # type: ignore[assignment]  # (parent, index)
    ascend_resolver = staticmethod(tuple)  # type: ignore[assignment]  # ()

    def resolve(self, kind: type, value: Any, implicit: Any) -> str:
        if kind is MappingNode:  # PyYAML's answer without path resolvers, without its call
            return _MAP
        if kind is SequenceNode:
            return _SEQ
        if kind is not ScalarNode or implicit is None:
            return super().resolve(kind, value, implicit)  # type: ignore[no-any-return,no-untyped-call]
        if not implicit[0]:  # quoted, literal or folded: PyYAML's default scalar tag
            return _STR_TAG
        tag = _PLAIN_TAGS.get(value)
        if tag is None:
            tag = super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]
            if len(_PLAIN_TAGS) > 200_000:
                _PLAIN_TAGS.clear()
            _PLAIN_TAGS[value] = tag
        return tag


assert not _Loader.yaml_path_resolvers  # the shortcuts above rely on it

_TAG = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _BOOL, _NULL = (f"{_TAG}{t}" for t in ("str", "int", "float", "bool", "null"))
_TIMESTAMP, _MAP, _SEQ, _MERGE = (f"{_TAG}{t}" for t in ("timestamp", "map", "seq", "merge"))
_DATE_RE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_PLAIN_INT = re.compile(r"-?(?:0|[1-9][0-9]*)")  # the only integer form read as written
_MAX_DIGITS = 1000  # int() refuses very long numbers; no score or count needs more
_BOOL_VALUES = {"yes": True, "true": True, "on": True, "no": False, "false": False, "off": False}
_INT_HELPER = yaml.constructor.SafeConstructor()
MAX_EXPANDED_NODES = 2_000_000  # guards against alias bombs ("billion laughs")
Path_ = tuple[str | int, ...]


@dataclass
class Document:
    """A YAML file read into plain values; its node tree is rebuilt only when needed.

    Positions are needed only to report problems, so the node tree (with two marks
    per node, the bulk of a parse's memory) is not kept: ``root`` parses the text
    again on first use. 100,000 trainees then fit in a few hundred megabytes.
    """

    path: str  # relative to the repository root, POSIX separators
    data: Any
    text: str
    problem_spots: set[tuple[int, int]] = field(default_factory=set)
    _root: Node | None = field(default=None, repr=False, compare=False)

    @property
    def root(self) -> Node | None:
        if self._root is None:
            self._root = yaml.compose(self.text, Loader=_Loader)
        return self._root

    def forget(self) -> None:
        """Drop the text and the values once no problem will be reported in this file
        again (``academy build``, after grading); a position asked for later is 1:1."""
        self.data, self.text, self._root = None, "", None

    @property
    def has_problems(self) -> bool:
        """True when the loader already reported something in this document."""
        return bool(self.problem_spots)

    def position(self, where: Path_, *, key: bool = False) -> tuple[int, int]:
        """1-based (line, column) of the value at ``where`` (or of its key)."""
        return position(self.root, where, key=key)

    def problem(self, where: Path_, code: str, message: str, *, key: bool = False) -> Problem:
        line, column = self.position(where, key=key)
        return Problem(self.path, line, column, code, message)


def position(root: Node | None, where: Path_, *, key: bool = False) -> tuple[int, int]:
    """Walk ``where`` down the node tree as far as it goes; 1-based line, column."""
    node = root
    if node is None:
        return 1, 1
    last = len(where) - 1
    for i, step in enumerate(where):
        child: Node | None = None
        key_node: Node | None = None
        if isinstance(node, MappingNode):
            for k, v in node.value:
                if isinstance(k, ScalarNode) and k.value == step:
                    key_node, child = k, v
        elif isinstance(node, SequenceNode) and isinstance(step, int) and step < len(node.value):
            child = node.value[step]
        if child is None:
            break
        node = key_node if (key and i == last and key_node is not None) else child
    mark = node.start_mark
    return mark.line + 1, mark.column + 1


def scalar_at(root: Node | None, where: Path_) -> ScalarNode | None:
    """The scalar node at ``where``, if the path leads exactly to one."""
    node = root
    for step in where:
        if isinstance(node, MappingNode):
            node = next((v for k, v in node.value if getattr(k, "value", None) == step), None)
        elif isinstance(node, SequenceNode) and isinstance(step, int) and step < len(node.value):
            node = node.value[step]
        else:
            return None
    return node if isinstance(node, ScalarNode) else None


class _Builder:
    """Turns a composed node tree into plain values, collecting problems."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.memo: dict[int, tuple[Any, int]] = {}
        self.active: set[int] = set()
        self.count = 0

    def problem(self, node: Node, code: str, message: str) -> None:
        mark = node.start_mark
        self.problems.append(Problem(self.path, mark.line + 1, mark.column + 1, code, message))

    def build(self, node: Node) -> Any:
        if node.__class__ is ScalarNode:  # the common case first, kept cheap
            self.count += 1
            return node.value if node.tag == _STR else self.scalar(node)
        key = id(node)
        hit = self.memo.get(key)
        if hit is not None:  # an alias: reuse the value, but count its size
            self.count += hit[1]
            if self.count > MAX_EXPANDED_NODES:
                raise _TooLarge(node)
            return hit[0]
        if key in self.active:
            self.problem(node, "E105", "不支持递归引用的别名")
            return None
        before = self.count
        self.count += 1
        self.active.add(key)
        if isinstance(node, MappingNode):
            value: Any = self.mapping(node)
        else:
            value = [self.build(item) for item in node.value]
            if node.tag != _SEQ:
                self.problem(node, "E105", f"不支持自定义标签 {node.tag}")
        self.active.discard(key)
        self.memo[key] = (value, self.count - before)
        return value

    def mapping(self, node: MappingNode) -> dict[str, Any]:
        result: dict[str, Any] = {}
        if node.tag != _MAP:
            self.problem(node, "E105", f"不支持自定义标签 {node.tag}")
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.problem(key_node, "E105", "键必须是简单的文字")
                continue
            if key_node.tag == _MERGE:
                self.problem(key_node, "E105", "不支持 YAML 合并键 <<，请直接写出各字段")
                continue
            name = intern(key_node.value)  # one string per key name, not per trainee
            if name in result:
                self.problem(key_node, "E101", f"键“{name}”重复出现")
                continue
            if value_node.__class__ is ScalarNode:  # build()'s common case, without its call
                self.count += 1
                value = value_node.value
                result[name] = value if value_node.tag == _STR else self.scalar(value_node)
            else:
                result[name] = self.build(value_node)
        return result

    def scalar(self, node: ScalarNode) -> Any:
        tag, text = node.tag, node.value
        if tag == _STR:
            return text
        if tag == _INT:
            return self.integer(node)
        if tag == _FLOAT:
            return self.floating(node)
        if tag == _NULL:
            return None
        if tag == _BOOL:
            if text.lower() not in _BOOL_VALUES:
                self.problem(node, "E105", f"“{text}”不是是/否值（标签 {tag} 与值不符）")
                return text
            return _BOOL_VALUES[text.lower()]
        if tag == _TIMESTAMP:
            return self.timestamp(node)
        self.problem(node, "E105", f"不支持自定义标签 {tag}")
        return text

    def integer(self, node: ScalarNode) -> int | str:
        """A whole number written plainly; YAML 1.1's other forms are reported."""
        text: str = node.value
        if len(text) > _MAX_DIGITS:
            self.problem(node, "E104", f"数字“{text[:20]}…”太长")
            return text
        if _PLAIN_INT.fullmatch(text):
            return int(text)
        try:
            value = _INT_HELPER.construct_yaml_int(node)
        except ValueError:
            self.problem(node, "E105", f"“{text}”不是整数（标签 {node.tag} 与值不符）")
            return text
        self.problem(node, "E102", _read_as(text, value))
        return value

    def floating(self, node: ScalarNode) -> Decimal | float | str:
        text: str = node.value
        lowered = text.replace("_", "").lower()
        if lowered.lstrip("+-") in (".inf", ".nan"):
            self.problem(node, "E104", f"“{node.value}”不是有效的数值")
            return float("nan")
        if len(text) > _MAX_DIGITS:
            self.problem(node, "E104", f"数字“{text[:20]}…”太长")
            return text
        if ":" in text or "_" in text or text.startswith("+"):  # YAML 1.1 forms
            try:
                value = Decimal(repr(_INT_HELPER.construct_yaml_float(node)))
            except ValueError:
                value = None
            if value is not None and value.is_finite():
                self.problem(node, "E102", _read_as(text, value))
                return value
        try:
            number = Decimal(lowered)
        except ArithmeticError:
            number = None
        if number is None or not number.is_finite():
            self.problem(node, "E105", f"“{text}”不是有效的数字（标签 {node.tag} 与值不符）")
            return text
        if read_number(text)[1] == "E102":
            self.problem(node, "E102", _read_as(text, number))  # 85. or 1.0e+2: one number form
        return number

    def timestamp(self, node: ScalarNode) -> str:
        text: str = node.value
        match = _DATE_RE.fullmatch(text)
        if match is None:  # a date with a time: the schema reports it as not a date
            return text
        try:
            day = dt.date(*(int(g) for g in match.groups()))
        except ValueError:
            self.problem(node, "E103", f"日期 {text} 不存在")
            return text
        if not in_range(day):
            self.problem(node, "E108", f"日期 {text} 的年份不在 {MIN_YEAR} 到 {MAX_YEAR} 之间")
            return text
        return day.isoformat()


_BASES = (("0x", "十六进制数"), ("0o", "八进制数"), ("0b", "二进制数"))


def _read_as(text: str, value: object) -> str:
    """The message for a number YAML 1.1 reads differently from how it looks."""
    digits = text.lstrip("+-")
    how = ""
    if ":" in text:
        how = "六十进制数"
    elif any(digits.lower().startswith(p) for p, _ in _BASES):
        how = next(name for p, name in _BASES if digits.lower().startswith(p))
    elif len(digits) > 1 and digits[0] == "0" and "." not in digits:
        how = "八进制数"
    return (
        f"“{text}”会被 YAML 1.1 读成{how} {value}，不是看上去的数字。"
        f'分数和次数请写成不带前导零、正号、下划线和冒号的十进制数；编号等文字请加引号，如 "{text}"'
    )


class _TooLarge(Exception):
    def __init__(self, node: Node) -> None:
        self.node = node


def parse_text(text: str, path: str) -> tuple[Document | None, list[Problem]]:
    """Parse one YAML document; problems are returned, never raised."""
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_problem(text, path, exc)]
    except (yaml.YAMLError, RecursionError) as exc:
        return None, [Problem(path, 1, 1, "E100", f"YAML 语法错误：{exc.__class__.__name__}")]
    if root is None:
        return None, [Problem(path, 1, 1, "E107", "文件为空")]
    builder = _Builder(path)
    try:
        data = builder.build(root)
    except _TooLarge as big:
        builder.problem(big.node, "E105", "别名展开后内容过大")
        return None, builder.problems
    except RecursionError:
        builder.problem(root, "E105", "嵌套层级过深")
        return None, builder.problems
    spots = {(p.line, p.column) for p in builder.problems}
    return Document(path, data, text, spots), builder.problems


def _syntax_problem(text: str, path: str, exc: yaml.MarkedYAMLError) -> Problem:
    """A refused file: the slip that caused it, in Chinese, where it is (``yaml_slips``)."""
    from .yaml_slips import syntax_problem

    def at(mark: Any) -> tuple[int, int] | None:
        return None if mark is None else (mark.line, mark.column)

    return syntax_problem(
        text, path, exc.problem, at(exc.problem_mark), at(exc.context_mark), exc.context
    )


def read_yaml(file: Path, path: str) -> tuple[Document | None, list[Problem]]:
    """Read and parse ``file``; ``path`` is how problems name it."""
    try:
        text = file.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = "不是 UTF-8 编码" if isinstance(exc, UnicodeDecodeError) else "无法读取"
        return None, [Problem(path, 1, 1, "E106", f"文件{reason}")]
    if text.startswith("\ufeff"):
        text = text[1:]
    return parse_text(text, path)


def join_path(where: Sequence[str | int]) -> str:
    """A readable location such as ``trainees[3].scores.theory``."""
    out = ""
    for step in where:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out
