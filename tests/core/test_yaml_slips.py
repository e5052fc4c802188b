"""Typing slips in YAML are named in Chinese, at the character that caused them."""

from __future__ import annotations

import re

import pytest

from academy.core.yamlsrc import parse_text

HEAD = 'cohort: c\nprogram: cs\ntrainees:\n  - id: "A1"\n'
PARSER_WORDS = re.compile(
    r"while|could|expected|found|scanning|mapping|token|indicator|allowed|stream", re.I
)

# (defect, text, name in the message, line, column of the offending character)
SLIPS = [
    (
        "full-width colon",
        HEAD + "    scores:\n      theory: 80\n      daily：88\n      x: 1\n",
        "全角冒号“：”",
        7,
        12,
    ),
    ("full-width colon on a top key", "cohort：c\nprogram: cs\n", "全角冒号“：”", 1, 7),
    ("full-width space in the indentation", HEAD + "　　name: 张三\n  x: 1\n", "全角空格", 5, 1),
    ("full-width space after the colon", "cohort: c\nprogram:　cs\nx: 1\n", "全角空格", 2, 9),
    ("tab in the indentation", HEAD + "\tname: 张三\n", "制表符", 5, 1),
    ("one space too few", HEAD + "    name: 张三\n   department: 一部\n", "缩进", 6, 4),
    ("one space too many", HEAD + "    name: 张三\n     department: 一部\n", "缩进", 6, 6),
    ("a key indented under a plain value", "cohort: c\n program: cs\n", "缩进", 2, 2),
    (
        "unclosed double quote",
        'cohort: c\ntrainees:\n  - id: "A1\n    name: 张三\n',
        "引号未闭合",
        3,
        9,
    ),
    ("unclosed single quote", "cohort: c\ntitle: '培训\nprogram: cs\n", "引号未闭合", 2, 8),
]


@pytest.mark.parametrize(
    ("text", "name", "line", "column"),
    [s[1:] for s in SLIPS],
    ids=[s[0] for s in SLIPS],
)
def test_slip_is_named_at_its_character(text: str, name: str, line: int, column: int) -> None:
    """Does a file the parser refuses get one Chinese problem, at the slip, naming it?"""
    doc, problems = parse_text(text, "r.yaml")
    assert doc is None
    assert len(problems) == 1, problems
    problem = problems[0]
    assert (problem.line, problem.column) == (line, column), str(problem)
    assert name in problem.message, str(problem)
    assert not PARSER_WORDS.search(problem.message), str(problem)
    assert text.split("\n")[line - 1][column - 1] in "：\u3000\t\"' abcdefghijklmnopqrstuvwxyz"


@pytest.mark.parametrize(
    "text",
    ["a: [1, 2\n", "a: {b: 1\n", "a: *nowhere\n", 'a: "\\q"\n', "- a\nb: 1\n"],
    ids=["open-bracket", "open-brace", "unknown-alias", "bad-escape", "list-then-map"],
)
def test_other_syntax_errors_are_chinese_too(text: str) -> None:
    """Is what the parser says, when no slip explains it, said in Chinese only?"""
    doc, problems = parse_text(text, "r.yaml")
    assert doc is None and len(problems) == 1
    assert not PARSER_WORDS.search(problems[0].message), str(problems[0])
    assert re.search(r"[\u4e00-\u9fff]", problems[0].message)


def test_good_files_with_full_width_text_are_left_alone() -> None:
    """Are full-width colons and digits inside titles and text blocks no problem at all?"""
    text = (
        "cohort: c\ntitle: 2026年第１期：投诉处理\nnotes: |\n  A：先倾听\n  B：再解决\n"
        'trainees:\n  - id: "A1"\n    name: 张三\n'
    )
    doc, problems = parse_text(text, "r.yaml")
    assert problems == [] and doc is not None
    assert doc.data["title"] == "2026年第１期：投诉处理"
