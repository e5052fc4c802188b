"""What the guards report: a finding at a line of an append-only file, and its codes.

Shared by the ledger guard and the renewal-log guard (neither imports the other's
module for it), with the csv module only: no import from the grading code.
"""

from __future__ import annotations

from dataclasses import dataclass

from .github import error_command

LEDGER = "rosters/ledger.csv"  # kept here on purpose: no import from academy.core.load.sources

GUARD_CODES = {
    "G101": "已发布的证书消失",
    "G102": "已发布证书的编号被改变",
    "G103": "已发布证书的持有人被改变",
    "G104": "已发布证书的记录被修改",
    "G105": "账本行的顺序被改变",
    "G106": "证书重复",
    "G107": "账本无法读取",
    "G108": "已发布的复评记录被修改或删除",
    "G109": "复评记录无法读取",
    "G110": "已发布的防伪码记录被修改或删除",
    "G111": "防伪码记录无法读取",
}


@dataclass(frozen=True, order=True)
class Finding:
    """One violation, rendered as ``path:line:column: CODE message``."""

    line: int
    code: str
    message: str
    path: str = LEDGER

    def __str__(self) -> str:
        message = self.message.replace("\r", "\\r").replace("\n", "\\n")  # one line, always
        return f"{self.path}:{self.line}:1: {self.code} {message}"

    def annotation(self) -> str:
        title = f"{self.code} {GUARD_CODES[self.code]}"
        return error_command(self.path, self.line, 1, title, self.message)
