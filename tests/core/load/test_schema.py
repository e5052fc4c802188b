"""The JSON Schemas: both validators agree, and every property is documented."""

from __future__ import annotations

from pathlib import Path

import pytest

from academy.core.load import schema
from academy.core.load.sources import load_sources
from academy.core.vocabulary import EMPLOYEE_ID
from academy.core.yamlsrc import read_yaml
from tests.conftest import REPO

BAD = Path(__file__).resolve().parents[2] / "data" / "bad"
KIND_OF = {
    "rosters": "roster",
    "programs": "program",
    "revocations": "revocations",
    "plans": "plan",
    "corrections": "corrections",
    "questions": "question-bank",
    "exams": "exam",
    "draws": "exam-draw",
}


def documents() -> list[tuple[str, object, str]]:
    docs = []
    sources = load_sources(REPO)
    docs += [("program", d.data, d.path) for d in sources.programs]
    docs += [("roster", d.data, d.path) for d in sources.rosters]
    docs += [("module", m.doc.data, m.doc.path) for m in sources.modules]
    docs += [("question-bank", d.data, d.path) for d in sources.questions]
    docs += [("exam", d.data, d.path) for d in sources.exams]
    if sources.revocations:
        docs.append(("revocations", sources.revocations.data, sources.revocations.path))
    for folder, name in KIND_OF.items():
        for file in sorted((BAD / folder).glob("*.yaml")):
            doc, _ = read_yaml(file, file.name)
            if doc is not None:
                docs.append((name, doc.data, f"bad/{folder}/{file.name}"))
    return docs


def _non_finite(value: object) -> bool:
    if isinstance(value, float):
        return value != value or value in (float("inf"), float("-inf"))
    if isinstance(value, dict):
        return any(_non_finite(v) for v in value.values())
    if isinstance(value, list):
        return any(_non_finite(v) for v in value)
    return False


@pytest.mark.parametrize(("name", "data", "path"), documents(), ids=lambda v: str(v)[:60])
def test_fast_and_full_validators_agree(name: str, data: object, path: str) -> None:
    """Does the fast validator accept exactly what jsonschema (Draft 2020-12) accepts?

    One known difference: jsonschema-rs refuses a NaN or infinite number (not JSON),
    which jsonschema lets through; the YAML loader reports those itself (E104)."""
    if _non_finite(data):
        assert not schema.is_valid(name, data), path
        return
    assert schema.is_valid(name, data) == (not schema.full_errors(name, data)), path


@pytest.mark.parametrize("name", schema.SCHEMA_NAMES)
def test_schemas_are_valid_draft_2020_12(name: str) -> None:
    """Is each schema file itself a valid Draft 2020-12 schema?"""
    import jsonschema

    jsonschema.Draft202012Validator.check_schema(schema.load_schema(name))


@pytest.mark.parametrize(
    ("name", "where"),
    [
        ("people", ("$defs", "employee")),
        ("roster", ("$defs", "employee")),
        ("attendance", ("$defs", "employee")),
        ("forgotten", ("properties", "forgotten", "items", "properties", "id")),
    ],
)
def test_schemas_spell_the_one_employee_id(name: str, where: tuple[str, ...]) -> None:
    """An employee id accepted by one file kind is accepted by every other (E33x joins)."""
    node = schema.load_schema(name)
    for key in where:
        node = node[key]
    assert node["pattern"] == f"^{EMPLOYEE_ID.pattern}$"


@pytest.mark.parametrize("text", ["A001\n", "", "a" * 33, "张三", "A 1"])
def test_employee_id_is_full_matched(text: str) -> None:
    """A trailing newline passed ``re.match('^…$')``: every reader uses ``fullmatch``."""
    assert EMPLOYEE_ID.fullmatch(text) is None
