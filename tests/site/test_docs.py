"""Do the trainer guide's generated references cover everything in the code?"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from academy.core.errors import CODES
from academy.core.load.schema import SCHEMA_NAMES
from academy.site import guide

SRC = Path(__file__).resolve().parents[2] / "src" / "academy"
CODE_USE = re.compile(r"""["'](E[0-9]{3})["']""")


def codes_used_in_source() -> dict[str, list[str]]:
    used: dict[str, list[str]] = {}
    for path in sorted(SRC.rglob("*.py")):
        if path.name == "errors.py":
            continue
        for code in CODE_USE.findall(path.read_text(encoding="utf-8")):
            used.setdefault(code, []).append(path.relative_to(SRC).as_posix())
    return used


def test_every_code_used_in_the_source_is_declared_with_help() -> None:
    """Is each problem code the program can print in academy.core.errors.CODES, with help text?"""
    used = codes_used_in_source()
    assert len(used) > 20, "the scan found too few codes: is the pattern still right?"
    undeclared = {code: where for code, where in used.items() if code not in CODES}
    assert undeclared == {}
    for code in used:
        assert CODES[code].title.strip() and CODES[code].help.strip(), code


def test_error_page_lists_every_declared_code() -> None:
    """Does the generated error-code page have a row, title and help for every code?"""
    text = guide.errors_page()
    for code in CODES.values():
        assert f'<span id="{code.code.lower()}">{code.code}</span>' in text
    assert text.count("<span id=") == len(CODES)


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_every_schema_property_has_a_chinese_description(name: str) -> None:
    """Can a trainer read, for every field of every data format, what it means?"""
    fields = list(guide.walk(guide.read_schema(name)))
    assert fields
    missing = [f.path for f in fields if not f.description.strip()]
    assert missing == []
    for field in fields:
        assert re.search(r"[\u4e00-\u9fff]", field.description), field.path


def test_formats_page_shows_every_field_of_every_schema() -> None:
    """Is every field of every schema on the data-format page?"""
    text = guide.formats_page()
    for name in SCHEMA_NAMES:
        for field in guide.walk(guide.read_schema(name)):
            if field.path != "$schema":
                assert f"`{field.path}`" in text, (name, field.path)
