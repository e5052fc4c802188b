"""Macros in module bodies: text the portal writes from its own data, so prose cannot drift.

A module body may write ``{{ name("argument") }}`` (one macro per pair of braces, string
arguments only). Each macro is declared once in ``MACROS`` with what its argument must
name; ``check_macros`` reports an unknown macro or argument (E511) where it is written,
and the site fills them in (``academy.site.content_macros``, one renderer per name here).
Inline code and fenced code are left alone: there a macro is shown, not filled in.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from academy.core.errors import Problem
from academy.core.validate.module_body import masked

MACRO = re.compile(r"\{\{\s*([a-z_]+)\s*\(\s*((?:\"[^\"{}\n]*\"\s*,?\s*)*)\)\s*\}\}")
_ARG = re.compile(r"\"([^\"]*)\"")
_BRACES = re.compile(r"\{\{|\{%")


@dataclass(frozen=True)
class Macro:
    name: str
    argument: str | None  # what the one argument names (a key of ``MacroContext``), or none
    help: str


_TABLE = "升级级别表（curriculum/escalation.yaml），只在讲授它的模块中使用。"
_TIER = '一个升级级别的名称、负责人和上报时限，并链接到级别表，如 tier("二级")。'
_STATUS = '考核结果在门户上的显示名称，如 status("incomplete") 显示“未完成”。'
_LIST = '考核结果在人事名单（academy export）中的写法，如 list_status("incomplete")。'
_CERT = '证书状态的显示名称，如 cert_status("revoked")。'
_SCORING = '一个考核方案的评分规则说明，由方案文件生成，如 scoring("after-sales-monthly")。'
_LEVELS = "一个考核方案的等级表，由方案文件生成。"
MACROS: dict[str, Macro] = {
    m.name: m
    for m in (
        Macro("escalation_table", None, _TABLE),
        Macro("tier", "tiers", _TIER),
        Macro("status", "statuses", _STATUS),
        Macro("list_status", "statuses", _LIST),
        Macro("cert_status", "cert_statuses", _CERT),
        Macro("scoring", "programs", _SCORING),
        Macro("levels", "programs", _LEVELS),
    )
}

MacroContext = Mapping[str, frozenset[str]]  # argument kind → the values it may take


@dataclass(frozen=True)
class Use:
    offset: int
    end: int
    name: str
    args: tuple[str, ...]


def uses(body: str) -> Iterator[Use]:
    """Every macro written in ``body`` outside code, in order."""
    text = masked(body)
    for m in MACRO.finditer(text):
        yield Use(m.start(), m.end(), m.group(1), tuple(_ARG.findall(m.group(2))))


def _stray(body: str) -> Iterator[int]:
    """Offsets of ``{{`` or ``{%`` outside code that are not a well-formed macro."""
    text = masked(body)
    taken = [(u.offset, u.end) for u in uses(body)]
    for m in _BRACES.finditer(text):
        if not any(a <= m.start() < b for a, b in taken):
            yield m.start()


def check_macros(body: str, path: str, first_line: int, known: MacroContext) -> list[Problem]:
    """E511 for an unknown macro, a wrong number of arguments or an argument that names nothing."""
    problems: list[Problem] = []

    def report(offset: int, message: str) -> None:
        line = body.count("\n", 0, offset)
        column = offset - (body.rfind("\n", 0, offset) + 1) + 1
        problems.append(Problem(path, first_line + line, column, "E511", message))

    for use in uses(body):
        macro = MACROS.get(use.name)
        if macro is None:
            report(use.offset, f"未知的宏“{use.name}”，可用：" + "、".join(MACROS))
            continue
        wanted = 0 if macro.argument is None else 1
        if len(use.args) != wanted:
            report(use.offset, f"宏“{use.name}”需要 {wanted} 个参数，写了 {len(use.args)} 个")
        elif macro.argument is not None and use.args[0] not in known.get(macro.argument, ()):
            choices = "、".join(sorted(known.get(macro.argument, ())))
            report(use.offset, f"宏“{use.name}”的参数“{use.args[0]}”不存在，可用：{choices}")
    for offset in _stray(body):
        report(offset, "两对花括号只能用于宏（写法见培训师指南“课程模块”一节），要显示请放进代码中")
    return problems


def expand(body: str, render: Callable[[Use], str]) -> str:
    """``body`` with every macro replaced by ``render(use)``."""
    out, last = [], 0
    for use in uses(body):
        out += [body[last : use.offset], render(use)]
        last = use.end
    out.append(body[last:])
    return "".join(out)
