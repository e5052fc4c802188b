"""The command reference in docs/guide/command-line.md is generated from the parser:
it is up to date, and every subcommand and every HR list is documented in the guide."""

from __future__ import annotations

import argparse
from pathlib import Path

from academy.cli import build_parser
from academy.commands import reference
from academy.hr.export import LISTS

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / reference.GUIDE_PAGE
GUIDE = ROOT / "docs/guide"


def _all_commands(parser: argparse.ArgumentParser, prog: str = "academy") -> list[str]:
    """Every subcommand, found by walking argparse itself (not the generator's walk)."""
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found += [f"{prog} {name}", *_all_commands(sub, f"{prog} {name}")]
    return found


def test_the_generated_reference_is_up_to_date() -> None:
    page = PAGE.read_text("utf-8")
    assert reference.render(build_parser()) in page, "run `make reference` and commit the page"


def test_every_subcommand_and_option_is_in_the_guide() -> None:
    page = PAGE.read_text("utf-8")
    parser = build_parser()
    commands = _all_commands(parser)
    assert len(commands) >= 20
    assert [c for c in commands if f"# `{c}`" not in page] == []
    for name, _, sub in reference.walk(parser):
        for action in sub._actions:
            for option in action.option_strings:
                assert f"`{option}`" in page, (name, option)


def test_every_hr_list_is_documented_in_the_guide() -> None:
    guide = "\n".join(p.read_text("utf-8") for p in sorted(GUIDE.glob("*.md")))
    missing = [p.name for p in LISTS if p.name not in guide or p.title not in guide]
    assert missing == []


def test_a_new_command_would_be_missing_until_regenerated() -> None:
    parser = build_parser()
    before = reference.render(parser)
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    sub.add_parser("brand-new", help="新命令")
    after = reference.render(parser)
    assert "`academy brand-new`" in after and "`academy brand-new`" not in before


def test_every_parser_has_exactly_one_chinese_help_option() -> None:
    for name, _, sub in reference.walk(build_parser()):
        helps = [a for a in sub._actions if "-h" in a.option_strings]
        assert [a.help for a in helps] == ["显示帮助并退出"], name
