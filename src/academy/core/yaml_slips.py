"""The typing slips trainers make in YAML, named in Chinese at the character that caused them.

A Chinese keyboard types a full-width colon (``daily：88``), a full-width space or
full-width digits; an editor inserts a tab; a line is indented one space too few; a
quote is never closed. The parser then fails somewhere later, in English
(``could not find expected ':'``), or reads the line as something else. This module
finds the slip itself and says what it is, where it is and how to fix it.

It runs only on the error path (the text is scanned again only once a problem has
been found), so reading good files costs nothing more:

* ``syntax_problem``: for a file the parser refused, the slip nearest before the spot
  where it gave up, else the parser's complaint in Chinese;
* ``explain``: for problems found after parsing (a schema error at ``daily：88``, now
  read as a text), the slip on that line, when there is one, replaces the problem.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .errors import Problem

FULL_COLON = "："
FULL_SPACE = "\u3000"
TAB = "\t"
_FULL_DIGITS = "０１２３４５６７８９"
_HALF_DIGITS = str.maketrans(_FULL_DIGITS + "．－＋", "0123456789.-+")

# A key (our keys are ASCII ids, perhaps quoted) directly followed by a full-width colon,
# where a key may stand: the start of a line (after indentation and list dashes) or
# inside a flow mapping (after ``{`` or ``,``).
_KEY_THEN_FULL_COLON = re.compile(
    r"(?:^[ \t]*(?:-[ \t]+)*|[{,][ \t]*)[\"']?[A-Za-z0-9_][A-Za-z0-9_.\-]*[\"']?[ \t]*(：)"
)
_FULL_NUMBER = re.compile(r"[＋－]?[０-９]+(?:[．.][０-９0-9]+)?")
_QUOTE_START = re.compile(r"^[ ]*(?:-[ ]+)*(?:[^\s:#\"'][^:#]*:[ ]+)?([\"'])")

SLIP_CODES = {"full_width": "E111", "tab": "E112", "indent": "E113", "quote": "E114"}


@dataclass(frozen=True)
class Slip:
    """One slip: 1-based line and column of the offending character, code and message."""

    line: int
    column: int
    code: str
    message: str

    def problem(self, path: str) -> Problem:
        return Problem(path, self.line, self.column, self.code, self.message)


def _colon(line: int, column: int, key: str) -> Slip:
    example = f"{key}: …" if key else "键: 值"
    return Slip(
        line,
        column,
        SLIP_CODES["full_width"],
        f"全角冒号“：”：键后面要用半角冒号“:”再加一个空格，如 {example}"
        "（中文输入法下容易打成全角，请切换到英文标点后重打）",
    )


def _space(line: int, column: int) -> Slip:
    return Slip(
        line,
        column,
        SLIP_CODES["full_width"],
        "全角空格：缩进和分隔只能用半角空格，请删去这个全角空格，再用半角空格对齐",
    )


def _digits(line: int, column: int, number: str) -> Slip:
    return Slip(
        line,
        column,
        SLIP_CODES["full_width"],
        f"全角数字“{number}”：数字请用半角，写作 {number.translate(_HALF_DIGITS)}",
    )


def _tab(line: int, column: int) -> Slip:
    return Slip(
        line,
        column,
        SLIP_CODES["tab"],
        "制表符（Tab）：YAML 只能用空格缩进，请把这个制表符换成空格"
        "（编辑器可设置“用空格代替 Tab”）",
    )


def _quote(line: int, column: int, quote: str) -> Slip:
    return Slip(
        line,
        column,
        SLIP_CODES["quote"],
        f"引号未闭合：这里开始的引号 {quote} 没有结束，请在这个值的末尾补上 {quote}",
    )


def _indent(line: int, column: int, width: int, levels: list[int]) -> Slip:
    closest = sorted(sorted(set(levels) - {width}, key=lambda n: (abs(n - width), n))[:2])
    near = " 或 ".join(str(n) for n in closest) or "0"
    return Slip(
        line,
        column,
        SLIP_CODES["indent"],
        f"缩进不对：这一行缩进了 {width} 个空格，上文同一层的内容缩进 {near} 个空格；"
        "同一层的键要上下对齐，下一层比上一层多缩进两个空格",
    )


def _key_before(text: str, end: int) -> str:
    key = re.findall(r"[A-Za-z0-9_][A-Za-z0-9_.\-]*", text[:end])
    return key[-1] if key else ""


def _content(raw: str) -> str:
    """The line without a trailing comment (a rough cut: ``#`` after a space)."""
    cut = re.search(r"(^|\s)#", raw)
    return raw[: cut.start()] if cut else raw


def slips_on_line(number: int, raw: str) -> list[Slip]:
    """Every slip on one line (1-based ``number``), left to right."""
    found: list[Slip] = []
    text = _content(raw)
    lead = len(text) - len(text.lstrip(" \t\u3000"))
    for i, char in enumerate(text[:lead]):
        if char == TAB:
            found.append(_tab(number, i + 1))
            break
        if char == FULL_SPACE:
            found.append(_space(number, i + 1))
            break
    for match in _KEY_THEN_FULL_COLON.finditer(text):
        at = match.start(1)
        found.append(_colon(number, at + 1, _key_before(text, at)))
    for match in re.finditer(r":[ ]*(\u3000)", text):
        found.append(_space(number, match.start(1) + 1))
    for match in re.finditer(
        r"(?:^|[:\[,{-])[ ]*(" + _FULL_NUMBER.pattern + r")[ ]*(?=$|[,\]}])", text
    ):
        found.append(_digits(number, match.start(1) + 1, match.group(1)))
    quote = _QUOTE_START.match(text)
    if quote is not None:
        mark = quote.group(1)
        rest = text[quote.end(1) :]
        closed = rest.replace("''", "").find("'") >= 0 if mark == "'" else _closes(rest)
        if not closed:
            found.append(_quote(number, quote.start(1) + 1, mark))
    return sorted(found, key=lambda s: s.column)


def _closes(rest: str) -> bool:
    escaped = False
    for char in rest:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == '"':
            return True
    return False


def _block_scalar_lines(lines: list[str]) -> set[int]:
    """0-based numbers of the lines inside literal or folded blocks (``|``, ``>``)."""
    inside: set[int] = set()
    opener: int | None = None  # the indentation of the line that opened the block
    for i, raw in enumerate(lines):
        stripped = raw.strip()
        width = len(raw) - len(raw.lstrip(" "))
        if opener is not None:
            if not stripped or width > opener:
                inside.add(i)
                continue
            opener = None
        if re.search(r"(?:^|[:\-][ ]+)[|>][0-9+\-]*[ ]*(?:#.*)?$", _content(raw).rstrip()):
            opener = width
    return inside


def _indent_slip(lines: list[str], last: int, skip: set[int]) -> Slip | None:
    """The first line up to ``last`` (0-based) whose indentation fits no enclosing block.

    The open levels are the indentations of the keys (and list items) above. A line
    may go deeper only after a line that opens a block (ends with ``:`` or is a bare
    dash), and may come back only to a level that is open.
    """
    levels: list[int] = []  # open indentation levels, innermost last
    opens = True  # the previous line opened a block
    depth = 0  # brackets of a flow collection still open: its lines are not blocks
    for i in range(min(last + 1, len(lines))):
        text = _content(lines[i]).rstrip()
        if i in skip or not text.strip() or text.lstrip().startswith(("---", "...")):
            continue
        if depth > 0:
            depth += _brackets(text)
            continue
        body = text.lstrip(" ")
        if body[:1] in (TAB, FULL_SPACE):
            return None  # a tab or a full-width space: reported as such
        width = len(text) - len(body)
        if levels and width > levels[-1] and not opens:
            return _indent(i + 1, width + 1, width, levels[-1:])
        open_levels = list(levels)
        while levels and width < levels[-1]:
            levels.pop()
        if levels and width != levels[-1] and not opens:
            return _indent(i + 1, width + 1, width, open_levels)
        if not levels or width > levels[-1]:
            levels.append(width)
        dash = re.match(r"(?:-[ ]+)+", body)
        if dash is not None and ":" in body[dash.end() :]:
            levels.append(width + dash.end())  # the item's own keys sit after "- "
        opens = text.endswith(":") or bool(re.fullmatch(r"(?:-[ ]*)+", body))
        depth = max(_brackets(text), 0)
    return None


def _brackets(text: str) -> int:
    """Opened minus closed flow brackets on a line, quoted text left out (roughly)."""
    bare = re.sub(r"\"(?:[^\"\\]|\\.)*\"|'(?:[^']|'')*'", "", text)
    return bare.count("{") + bare.count("[") - bare.count("}") - bare.count("]")


_PARSER_WORDS = (
    ("could not find expected ':'", "这一行缺少键后面的冒号“:”，或冒号后面没有空格"),
    (
        "mapping values are not allowed",
        "此处不能出现“键: 值”：多半是缩进不对，或值里的冒号需要加引号",
    ),
    ("did not find expected key", "缩进不对，或上一行的内容没有写完"),
    ("did not find expected '-' indicator", "列表的各项要用“- ”开头并上下对齐"),
    ("found character that cannot start any token", "这里有一个 YAML 不认识的字符"),
    ("found unexpected end of stream", "文件在引号或括号结束前就结束了"),
    ("found undefined alias", "引用了未定义的别名（*名字）"),
    ("expected ',' or ']'", "方括号列表 [ ] 没有正确结束，各项之间用半角逗号分隔"),
    ("expected ',' or '}'", "花括号 { } 没有正确结束，各项之间用半角逗号分隔"),
    ("found unknown escape character", "双引号中的反斜杠 \\ 后面跟了不认识的字符"),
    ("found duplicate anchor", "同一个锚点（&名字）定义了两次"),
)


def parser_words(problem: str | None) -> str:
    """The parser's complaint, in Chinese (never its English text)."""
    for english, chinese in _PARSER_WORDS:
        if problem and english in problem:
            return chinese
    return "无法解析此处：请检查冒号、缩进、引号和括号"


def syntax_problem(
    text: str,
    path: str,
    problem: str | None,
    problem_at: tuple[int, int] | None,
    context_at: tuple[int, int] | None,
    context: str | None,
) -> Problem:
    """The problem for a file the parser refused: its slip, else the parser's complaint.

    ``problem_at`` and ``context_at`` are the parser's 0-based marks (where it gave up,
    and where what it was reading began).
    """
    lines = text.split("\n")
    stop = problem_at[0] if problem_at else len(lines) - 1
    if context == "while scanning a quoted scalar" and context_at is not None:
        line, column = context_at
        quote = lines[line][column] if column < len(lines[line]) else '"'
        return _quote(line + 1, column + 1, quote if quote in "\"'" else '"').problem(path)
    skip = _block_scalar_lines(lines)
    nearest: Slip | None = None
    for i in range(min(stop, len(lines) - 1) + 1):
        if i in skip:
            continue
        for slip in slips_on_line(i + 1, lines[i]):
            if i == stop and problem_at and slip.column > problem_at[1] + 1:
                continue
            nearest = slip  # the last one before the parser gave up
    if nearest is not None:
        return nearest.problem(path)
    indent = _indent_slip(lines, stop, skip)
    if indent is not None:
        return indent.problem(path)
    line, column = (problem_at[0] + 1, problem_at[1] + 1) if problem_at else (1, 1)
    return Problem(path, line, column, "E100", f"YAML 语法错误：{parser_words(problem)}")


def explain(problems: Iterable[Problem], texts: Mapping[str, str]) -> list[Problem]:
    """Problems with a slip on their line replaced by the slip (each slip once).

    A problem of structure (E2xx) or an unknown component (E309) is explained when its
    line of a file in ``texts`` holds a slip at or after its column: ``daily：88`` read
    as one text, reported as a wrong type there. Other problems are left as they are.
    """
    out: list[Problem] = []
    lines_of: dict[str, list[str]] = {}
    blocks_of: dict[str, set[int]] = {}
    for problem in problems:
        text = texts.get(problem.path)
        explainable = problem.code.startswith("E2") or problem.code == "E309"
        if text is None or problem.line < 1 or not explainable:
            out.append(problem)
            continue
        lines = lines_of.setdefault(problem.path, text.split("\n"))
        if problem.line > len(lines):
            out.append(problem)
            continue
        raw = lines[problem.line - 1]
        # the flow item the problem is in starts after the last bracket or comma before it
        item = max(raw.rfind(c, 0, max(problem.column - 1, 0)) for c in "{[,") + 1
        slips = [
            s
            for s in slips_on_line(problem.line, raw)
            if s.column >= problem.column
            or s.code == SLIP_CODES["tab"]
            or (s.message.startswith("全角冒号") and s.column > item)
        ]
        if problem.path not in blocks_of:
            blocks_of[problem.path] = _block_scalar_lines(lines)
        if slips and problem.line - 1 not in blocks_of[problem.path]:
            out.append(slips[0].problem(problem.path))
        else:
            out.append(problem)
    return out
