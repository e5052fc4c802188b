"""The ``academy`` command: argparse framing only.

The parser is built from ``academy.commands.COMMANDS`` (one module per subcommand);
exit codes are ``academy.core.vocabulary.Exit``: 0 ok, 1 bad input (problems on
stderr), 2 misuse (verify alone adds 3).
"""

from __future__ import annotations

import argparse
import inspect
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from .commands import COMMANDS
from .commands.messages import report
from .core.errors import InputError
from .core.vocabulary import Exit


class _Parser(argparse.ArgumentParser):
    """argparse with Chinese framing (headings, messages, ``-h/--help``); misuse exits 2."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        add_help = kwargs.pop("add_help", True)  # ours, below: one Chinese -h for every parser
        super().__init__(*args, **{**kwargs, "add_help": False})
        if add_help:
            self.add_argument("-h", "--help", action="help", help="显示帮助并退出")

    _HEADINGS = (("usage:", "用法："), ("positional arguments:", "参数："), ("options:", "选项："))
    _MESSAGES = (
        ("the following arguments are required", "缺少必需的参数"),
        ("unrecognized arguments", "无法识别的参数"),
        ("invalid choice", "无效的选择"),
        ("choose from", "可选"),
        ("expected one argument", "需要一个值"),
        ("argument ", "参数 "),
    )

    def _chinese(self, text: str) -> str:
        for english, chinese in self._HEADINGS:
            text = text.replace(english, chinese)
        return text

    def format_usage(self) -> str:
        return self._chinese(super().format_usage())

    def format_help(self) -> str:
        return self._chinese(super().format_help())

    def error(self, message: str) -> NoReturn:
        for english, chinese in self._MESSAGES:
            message = message.replace(english, chinese)
        self.print_usage(sys.stderr)
        self.exit(Exit.USAGE, f"academy：用法错误：{message}\n")


def build_parser() -> argparse.ArgumentParser:
    """The whole ``academy`` parser, from the one list of command modules."""
    parser = _Parser(
        prog="academy", description="客服学院：校验名册、评分、维护证书账本并生成培训门户。"
    )
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)
    sub.required = True
    for command in COMMANDS:
        command.register(sub)
    return parser


def _call(args: argparse.Namespace) -> Exit:
    """The chosen command's ``main``, given the options it names as keyword arguments."""
    options = vars(args)
    command: Callable[..., Exit] = options.pop("main")
    wanted = inspect.signature(command).parameters
    return command(**{name: value for name, value in options.items() if name in wanted})


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return _call(args)
    except InputError as err:
        return report(err)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
