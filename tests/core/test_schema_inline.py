"""The fast validator runs on schemas whose ``$ref``s are inlined: same verdicts as jsonschema."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import fastjsonschema
import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from academy.core.load import schema

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def verdicts(tiny: dict[str, Any], value: object) -> tuple[bool, bool]:
    """(fastjsonschema on the inlined schema, jsonschema on the original) verdicts."""
    try:
        fastjsonschema.compile(schema.inline_refs(tiny))(value)
        fast = True
    except fastjsonschema.JsonSchemaException:
        fast = False
    return fast, jsonschema.Draft202012Validator(tiny).is_valid(value)


MARK = {"type": "number", "minimum": 0, "maximum": 100, "description": "0 到 100"}


@pytest.mark.parametrize(
    ("value", "valid"),
    [(5, True), (100, True), (101, False), (-1, False), (True, False), ("5", False)],
)
def test_a_reference_is_checked_once_inlined(value: object, valid: bool) -> None:
    """Does an inlined ``$ref`` keep the definition's type and bounds (booleans refused)?"""
    tiny = {"$schema": DRAFT, "$defs": {"mark": MARK}, "$ref": "#/$defs/mark"}
    assert verdicts(tiny, value) == (valid, valid)


@pytest.mark.parametrize(("value", "valid"), [(5, True), (7, False), (-1, False), (2.5, True)])
def test_keywords_beside_a_reference_still_apply(value: object, valid: bool) -> None:
    """Draft 2020-12: ``{$ref, maximum}`` means both (a Draft 7 validator ignores the sibling)."""
    tiny = {"$schema": DRAFT, "$defs": {"mark": MARK}, "$ref": "#/$defs/mark", "maximum": 6}
    assert verdicts(tiny, value) == (valid, valid)


@pytest.mark.parametrize(("value", "valid"), [(5, True), (2.5, False), (101, False)])
def test_a_keyword_on_both_sides_applies_twice(value: object, valid: bool) -> None:
    """``{$ref: mark, type: integer}``: both ``type``s hold, neither replaces the other."""
    tiny = {"$schema": DRAFT, "$defs": {"mark": MARK}, "$ref": "#/$defs/mark", "type": "integer"}
    assert "allOf" in schema.inline_refs(tiny)
    assert verdicts(tiny, value) == (valid, valid)


TREE = {
    "$schema": DRAFT,
    "$defs": {
        "node": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "mark": {"$ref": "#/$defs/mark"},
                "children": {"type": "array", "items": {"$ref": "#/$defs/node"}},
            },
        },
        "mark": MARK,
    },
    "$ref": "#/$defs/node",
}


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ({"mark": 5, "children": [{"mark": 6, "children": [{"mark": 7}]}]}, True),
        ({"mark": 5, "children": [{"mark": 6, "children": [{"mark": 700}]}]}, False),
        ({"children": [{"children": [{"extra": 1}]}]}, False),
    ],
)
def test_a_recursive_reference_is_kept(value: object, valid: bool) -> None:
    """A definition that refers to itself stays a ``$ref``, checked at every depth."""
    assert verdicts(TREE, value) == (valid, valid)


def test_the_files_keep_their_references() -> None:
    """Inlining makes a copy: the loaded schema (jsonschema's, for messages) is unchanged."""
    roster = schema.load_schema("roster")
    before = repr(roster)
    schema.inline_refs(schema._full_match(roster))
    assert repr(roster) == before
    assert "$ref" in before


# Any value where a roster has a score: the union of numbers, judges lists, ``absent``,
# parts, exam answers and scoring sheets, and all the near misses around them.
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-3, 103)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.decimals(Decimal(-1), Decimal(101), places=1)
    | st.sampled_from(["absent", "Absent", "absent\n", "", "mid-term", "Q1", "A", "80"])
)
KEYS = st.sampled_from(
    ["exam", "answers", "short", "scenario", "judges", "attendance", "homework", "q1", ""]
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=3),
    max_leaves=8,
)


@settings(max_examples=400, deadline=None)
@given(score=VALUES, extra=st.dictionaries(st.sampled_from(["name", "bogus", "sources"]), VALUES))
def test_fast_and_full_validators_agree_on_any_score(score: object, extra: dict[str, Any]) -> None:
    """Does the roster's fast validator accept exactly what jsonschema accepts, score by score?"""
    roster = {
        "cohort": "c1",
        "program": "cs",
        "assessed_on": "2024-03-10",
        "trainees": [{"id": "A1", "scores": {"theory": score}, **extra}],
    }
    assert schema.is_valid("roster", roster) == (not schema.full_errors("roster", roster))


@pytest.mark.parametrize(
    "score",
    [
        True,
        101,
        -0.5,
        Decimal("100.1"),
        [],
        [True],
        [50, 101],
        "absent ",
        {"attendance": True},
        {"attendance": []},
        {"exam": "Bad Id"},
        {"judges": [{"a": "5"}]},
        None,
    ],
    ids=repr,
)
def test_the_fast_validator_refuses_near_misses(score: object) -> None:
    """Is each of these refused by the fast validator, not only by jsonschema?"""
    roster = {
        "cohort": "c1",
        "program": "cs",
        "assessed_on": "2024-03-10",
        "trainees": [{"id": "A1", "scores": {"theory": score}}],
    }
    assert not schema.is_valid("roster", roster)
    assert schema.full_errors("roster", roster)


@pytest.mark.parametrize(
    ("value", "valid"),
    [({"a": 1}, True), ({"a": 1, "b": 2}, False), ({"b": 2}, False), ({}, True)],
)
def test_properties_beside_a_closed_reference_stay_apart(value: object, valid: bool) -> None:
    """``{$ref: closed, patternProperties: {b}}``: the definition's
    ``additionalProperties: false`` looks only at its own ``properties``, so ``b`` is
    refused; merged into one object it would be let through."""
    closed = {"type": "object", "properties": {"a": {}}, "additionalProperties": False}
    tiny = {
        "$schema": DRAFT,
        "$defs": {"closed": closed},
        "$ref": "#/$defs/closed",
        "patternProperties": {"^b$": {"type": "integer"}},
    }
    assert verdicts(tiny, value) == (valid, valid)
