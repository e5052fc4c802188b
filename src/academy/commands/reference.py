"""The command reference in docs/guide/command-line.md, generated from the parser.

``render(parser)`` walks every subcommand of the ``academy`` parser (so a command or an
option cannot be missing from the guide) and, under ``academy export``, lists every HR
list of ``academy.hr.export.LISTS``. ``make reference`` writes it between the two marker
lines of the page; a test fails when the page is not up to date.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path

GUIDE_PAGE = Path("docs/guide/command-line.md")
BEGIN = "<!-- 命令参考：以下由 make reference 从命令解析器生成，请勿手改 -->"
END = "<!-- 命令参考结束 -->"


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _helps(parser: argparse.ArgumentParser) -> dict[str, str]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return {a.dest: a.help or "" for a in action._get_subactions()}
    return {}


def walk(
    parser: argparse.ArgumentParser, prog: str = "academy", help: str = ""
) -> Iterator[tuple[str, str, argparse.ArgumentParser]]:
    """Every command under ``parser``, depth first in the parser's order: (name, help, parser)."""
    helps = _helps(parser)
    for name, sub in _subparsers(parser).items():
        full = f"{prog} {name}"
        yield full, helps.get(name, ""), sub
        yield from walk(sub, full)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _option(action: argparse.Action) -> str:
    if action.option_strings:
        names = "、".join(f"`{o}`" for o in action.option_strings)
        if action.nargs != 0:
            names += f" `{action.metavar or action.dest.upper()}`"
        return names
    return f"`{action.metavar or action.dest}`"


def _notes(action: argparse.Action) -> str:
    notes = []
    if action.choices is not None and not isinstance(action, argparse._SubParsersAction):
        notes.append("可选：" + "、".join(f"`{c}`" for c in action.choices))
    if action.required and action.option_strings:
        notes.append("必填")
    return "（" + "；".join(notes) + "）" if notes else ""


def _section(name: str, help: str, parser: argparse.ArgumentParser) -> list[str]:
    depth = name.count(" ") + 2  # academy x → ###, academy x y → ####
    lines = [f"{'#' * depth} `{name}`", ""]
    if help:
        lines += [help + ("" if help.endswith("。") else "。"), ""]
    if parser.description:
        lines += [parser.description, ""]
    usage_format = argparse.HelpFormatter(parser.prog, width=10_000)  # one line, any terminal
    usage_format.add_usage(
        parser.usage, parser._actions, parser._mutually_exclusive_groups, prefix=""
    )
    usage = usage_format.format_help().strip()
    lines += ["```", usage, "```", ""]
    rows = [
        f"| {_option(a)} | {_cell(a.help or '')}{_notes(a)} |"
        for a in parser._actions
        if not isinstance(a, argparse._SubParsersAction) and a.help != argparse.SUPPRESS
    ]
    subs = _helps(parser)
    rows += [f"| `{sub}` | 子命令：{_cell(text)} |" for sub, text in subs.items()]
    lines += ["| 参数或选项 | 说明 |", "| --- | --- |", *rows, ""]
    if parser.epilog:
        lines += [parser.epilog, ""]
    if name == "academy export":
        lines += _hr_lists()
    return lines


def _hr_lists() -> list[str]:
    from academy.hr.export import LISTS

    lines = [
        "`academy export` 给出以下人事名单（顺序即 `--json` 中的键序和文件的顺序）：",
        "",
        "| JSON 键 | 文件名（.xlsx / .csv） | 说明 |",
        "| --- | --- | --- |",
    ]
    for provider in LISTS:
        json_key = f"`{provider.name}`" if provider.to_json is not None else "（只有表格）"
        lines.append(f"| {json_key} | {provider.title} | `{provider.name}` |")
    return [*lines, ""]


def render(parser: argparse.ArgumentParser) -> str:
    """The reference of every subcommand and option, Markdown, between the markers."""
    lines = [BEGIN, "", "## 命令参考 { #reference }", ""]
    lines += [
        "以下每条命令都可以加 `-h` 或 `--help` 显示同样的说明。退出码：0 成功；"
        "1 输入有误（问题列在标准错误输出）；2 用法错误；"
        "`academy verify` 另有 3（状态未知）。",
        "",
    ]
    for name, help, sub in walk(parser):
        lines += _section(name, help, sub)
    return "\n".join([*lines, END]) + "\n"


def updated(page: str, parser: argparse.ArgumentParser) -> str:
    """``page`` with its generated part replaced (appended when it has none yet)."""
    head, _, rest = page.partition(BEGIN)
    _, _, tail = rest.partition(END)
    return head.rstrip("\n") + "\n\n" + render(parser) + tail.lstrip("\n")


def write(parser: argparse.ArgumentParser, root: Path = Path(".")) -> Path:
    """Rewrite the generated part of the guide page under ``root``; the page's path.

    ``make reference`` passes ``academy.cli.build_parser()`` (the cli sits above this layer).
    """
    page = root / GUIDE_PAGE
    page.write_text(updated(page.read_text("utf-8"), parser), "utf-8")
    return page
