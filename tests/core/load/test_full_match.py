"""Id patterns match whole strings, and the two validators never disagree on them."""

from __future__ import annotations

from typing import Any

import jsonschema
import jsonschema_rs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from academy.cli import main
from academy.core.certify.ledger import CERTIFICATE_RE
from academy.core.load import schema
from tests.support.minirepo import MiniRepo, trainee


def patterns(node: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(node, dict):
        if isinstance(node.get("pattern"), str):
            found.add(node["pattern"])
        for value in node.values():
            found |= patterns(value)
    elif isinstance(node, list):
        for value in node:
            found |= patterns(value)
    return found


ALL_PATTERNS = sorted(set().union(*(patterns(schema.load_schema(n)) for n in schema.SCHEMA_NAMES)))


def verdicts(pattern: str, value: str) -> tuple[bool, bool]:
    """(jsonschema-rs on the pattern as written, jsonschema on the full-match copy) verdicts
    on ``value``: what ``schema.is_valid`` and ``schema.full_errors`` each see."""
    fast = jsonschema_rs.Draft202012Validator({"type": "string", "pattern": pattern})
    tiny = schema._full_match({"type": "string", "pattern": pattern})
    full = jsonschema.Draft202012Validator(tiny).is_valid(value)
    return bool(fast.is_valid(value)), full


@pytest.mark.parametrize("pattern", ALL_PATTERNS)
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_pattern_is_full_match_in_both_validators(pattern: str, data: st.DataObject) -> None:
    """Does a valid id pass, and the same id with a newline or space around it fail, in both?"""
    value = data.draw(st.from_regex(pattern, fullmatch=True))
    assert verdicts(pattern, value) == (True, True)
    for bad in (value + "\n", "\n" + value, value + " ", value + "\r\n"):
        assert verdicts(pattern, bad) == (False, False), repr(bad)


def test_certificate_number_is_full_matched() -> None:
    """Is a certificate number with a trailing newline refused by the ledger's pattern too?"""
    assert CERTIFICATE_RE.fullmatch("CS2024001")
    assert not CERTIFICATE_RE.fullmatch("CS2024001\n")


@pytest.mark.parametrize(
    ("field", "text"),
    [("cohort", '"nl\\n"'), ("id", '"A1\\n"')],
)
def test_trailing_newline_in_an_id_is_an_error(
    field: str, text: str, repo: MiniRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is ``id: "Z001\\n"`` (or a cohort id with a newline) reported, not accepted?"""
    body = trainee("A1", 90, 90, 90)
    path = repo.roster("nl", body)
    src = path.read_text()
    if field == "cohort":
        src = src.replace("cohort: nl", f"cohort: {text}")
    else:
        src = src.replace('id: "A1"', f"id: {text}")
    path.write_text(src)
    assert main(["grade", "--root", str(repo.root), "--as-of", "2024-06-01"]) == 1
    err = capsys.readouterr().err
    assert "rosters/nl.yaml:" in err, err
    assert " E205 " in err or " E203 " in err, err
    assert not repo.ledger.exists()
