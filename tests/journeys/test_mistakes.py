"""A trainer's typical mistakes, on a fresh clone of the demo: each is explained at once,
in Chinese, at the character that caused it, and nothing is written."""

from __future__ import annotations

import re

from tests.journeys.conftest import DRAFT, DRAFT_TEXT, Trainer

ROSTER = "rosters/2026/2026-11-new-hires.yaml"
A061 = '  - id: "A061"\n    name: 沈一鸣\n    department: 客服一部\n    position: 客服专员\n'
PARSER_ENGLISH = re.compile(r"while|could not|expected|found|scanning|mapping|token", re.I)


def where(trainer: Trainer, rel: str, needle: str) -> tuple[int, int]:
    """1-based line and column of ``needle`` in a file, as an editor shows them."""
    text = (trainer.root / rel).read_text(encoding="utf-8")
    at = text.index(needle)
    line = text.count("\n", 0, at) + 1
    return line, at - (text.rfind("\n", 0, at) + 1) + 1


def problems(err: str) -> list[str]:
    return [line for line in err.splitlines() if re.match(r"\S+:\d+:\d+: E\d{3} ", line)]


def test_full_width_colon_is_named_where_it_was_typed(trainer: Trainer) -> None:
    """A Chinese keyboard types `daily：76`: is it reported at that colon, by name, in
    Chinese only, with nothing written?"""
    trainer.edit(
        ROSTER,
        A061 + "    scores:\n      theory: absent\n      practical: [78, 75, 74]\n      daily: 76",
        A061 + "    scores:\n      theory: absent\n      practical: [78, 75, 74]\n      daily：76",
    )
    line, column = where(trainer, ROSTER, "daily：76")
    code, _, err = trainer.academy("validate")
    assert code == 1
    found = problems(err)
    assert found == [found[0]] and found[0].startswith(f"{ROSTER}:{line}:{column + 5}: E111 ")
    assert "全角冒号“：”" in found[0]
    assert not PARSER_ENGLISH.search(err)
    assert trainer.logs_changed() == ""


def test_one_space_too_few_is_reported_on_its_line(trainer: Trainer) -> None:
    """A key indented one space less than its neighbours: is the line itself named,
    with the word 缩进, not the line where the parser gave up?"""
    trainer.edit(ROSTER, A061, A061.replace("    position:", "   position:"))
    line, column = where(
        trainer, ROSTER, "   position: 客服专员\n    scores:\n      theory: absent"
    )
    code, _, err = trainer.academy("validate")
    assert code == 1
    found = problems(err)
    assert len(found) == 1 and found[0].startswith(f"{ROSTER}:{line}:{column + 3}: E113 "), err
    assert "缩进" in found[0] and not PARSER_ENGLISH.search(err)


def test_two_mistakes_at_once_are_both_reported_in_one_run(trainer: Trainer) -> None:
    """`theory: 120` and a misspelt program in one roster: both in one run, in line
    order, the program with the one it probably means?"""
    trainer.write(
        DRAFT,
        DRAFT_TEXT.replace("program: cs-specialist", "program: cs-specilist").replace(
            "theory: 88", "theory: 120"
        ),
    )
    code, _, err = trainer.academy("validate")
    assert code == 1
    found = problems(err)
    assert [p.split(" ")[1] for p in found] == ["E302", "E204"], err
    assert found[0].startswith(f"{DRAFT}:2:10: ") and "是否指 cs-specialist？" in found[0]
    assert found[1].startswith(f"{DRAFT}:7:22: ") and "120" in found[1]
    assert "共发现 2 个问题" in err


def test_a_broken_draft_does_not_hide_a_lost_certificate_elsewhere(trainer: Trainer) -> None:
    """A typo in the new roster and a lowered published score in an old one: is the
    certificate that would be lost (E401) reported in the same run as the typo?"""
    trainer.write(DRAFT, DRAFT_TEXT.replace("theory: 88", "theory: 120"))
    trainer.edit("rosters/2024/2024-03-new-hires.yaml", "      theory: 85\n", "      theory: 45\n")
    code, _, err = trainer.academy("validate")
    assert code == 1
    codes = {(p.split(":")[0], p.split(" ")[1]) for p in problems(err)}
    assert (DRAFT, "E204") in codes
    assert ("rosters/2024/2024-03-new-hires.yaml", "E401") in codes
    lines = problems(err)
    assert lines == sorted(lines, key=lambda p: (p.split(":")[0], int(p.split(":")[1])))
