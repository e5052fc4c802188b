"""Every published credential against 1EdTech's official Open Badges 3.0 JSON schema.

The schemas are vendored unchanged (``interop/ob-schema/SOURCE.md`` names the commit):
the AchievementCredential schema of the VC Data Model 2.0 version, and the Profile schema
for the issuer profile. Two validators that are not ours read them: Python's
``jsonschema`` (Draft 2019-09, ``date-time`` checked through rfc3339-validator) and Ajv
(Draft 2019-09 with ajv-formats, the validator DCC verifier-core uses for its own schema
check). Both forms are checked: the wallet's ``credential.json`` as it is, the
``credential.jwt`` by its payload. A tampered copy must fail both.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.core.credentials.independent import install, run_ajv
from tests.support.certs import Built

SCHEMAS = Path(__file__).resolve().parent / "interop" / "ob-schema"
CREDENTIAL_SCHEMA = SCHEMAS / "ob_v3p0_achievementcredential_schema.json"
PROFILE_SCHEMA = SCHEMAS / "ob_v3p0_profile_schema.json"


def _validator(schema: Path) -> jsonschema.Draft201909Validator:
    checker = jsonschema.Draft201909Validator.FORMAT_CHECKER
    # without rfc3339-validator, jsonschema skips date-time silently: a check that cannot fail
    assert "date-time" in checker.checkers, "rfc3339-validator is missing (dev dependency)"
    document = json.loads(schema.read_text("utf-8"))
    jsonschema.Draft201909Validator.check_schema(document)
    return jsonschema.Draft201909Validator(document, format_checker=checker)


def _payload(path: Path) -> Any:
    text = path.read_text("utf-8").strip()
    if path.suffix != ".jwt":
        return json.loads(text)
    body = text.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))


def _published(built: Built) -> list[Path]:
    files = sorted(built.site.glob("certificates/*/credential.json"))
    files += sorted(built.site.glob("certificates/*/credential.jwt"))
    assert len(files) == 2 * len(built.outcome.certificates) > 60
    return files


@pytest.fixture(scope="module")
def node_verifiers() -> Path:
    return install()


def test_vendored_schemas_are_the_official_vc2_versions() -> None:
    """Are the vendored files 1EdTech's Draft 2019-09 schemas for VC 2.0 credentials?"""
    credential = json.loads(CREDENTIAL_SCHEMA.read_text("utf-8"))
    assert credential["$id"].startswith("https://purl.imsglobal.org/spec/ob/v3p0/schema/json/")
    assert credential["$schema"].startswith("https://json-schema.org/draft/2019-09/")
    first_context = credential["properties"]["@context"]["items"][0]
    assert first_context == {"enum": ["https://www.w3.org/ns/credentials/v2"]}
    assert {"validFrom", "credentialSubject", "issuer"} <= set(credential["required"])
    profile = json.loads(PROFILE_SCHEMA.read_text("utf-8"))
    assert profile["title"] == "JSON Schema for the Profile class."


def test_jsonschema_accepts_every_credential_of_both_forms(signed_pair: Built) -> None:
    """Does every credential.json and every credential.jwt payload match the official schema?"""
    validator = _validator(CREDENTIAL_SCHEMA)
    for path in _published(signed_pair):
        errors = [
            f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(_payload(path))
        ]
        assert errors == [], (path.relative_to(signed_pair.site), errors[:5])


def test_jsonschema_accepts_the_issuer_profile(signed_pair: Built) -> None:
    """Does issuer.json match the official Profile schema?"""
    profile = json.loads((signed_pair.site / "issuer.json").read_text("utf-8"))
    assert list(_validator(PROFILE_SCHEMA).iter_errors(profile)) == []


def test_ajv_accepts_every_credential_and_the_profile(
    signed_pair: Built, node_verifiers: Path
) -> None:
    """Does Ajv (Draft 2019-09, formats checked) accept every published credential and the
    issuer profile against the official schemas?"""
    files = _published(signed_pair)
    results = run_ajv(node_verifiers, CREDENTIAL_SCHEMA, files)
    assert len(results) == len(files)
    assert [r for r in results if not r["valid"]] == []
    (profile,) = run_ajv(node_verifiers, PROFILE_SCHEMA, [signed_pair.site / "issuer.json"])
    assert profile["valid"], profile


def _tampered(source: Path, folder: Path) -> dict[str, Path]:
    """Copies of one wallet credential, each broken in one way the official schema forbids."""
    original = json.loads(source.read_text("utf-8"))
    breaks: dict[str, Any] = {
        "impossible_valid_from_date": lambda d: d.update(validFrom="2026-02-30T00:00:00+08:00"),
        "vc1_context_first": lambda d: d["@context"].__setitem__(
            0, "https://www.w3.org/2018/credentials/v1"
        ),
        "subject_without_achievement": lambda d: d["credentialSubject"].pop("achievement"),
        "proof_as_an_object": lambda d: d.update(proof=d["proof"][0]),
        "no_issuer": lambda d: d.pop("issuer"),
    }
    copies = {}
    for name, edit in breaks.items():
        document = json.loads(json.dumps(original))
        edit(document)
        copies[name] = folder / f"{name}.json"
        copies[name].write_text(json.dumps(document, ensure_ascii=False), "utf-8")
    return copies


def test_tampered_copies_fail_both_validators(
    signed_pair: Built, node_verifiers: Path, tmp_path: Path
) -> None:
    """Is each schema-breaking edit of a credential refused by jsonschema and by Ajv?"""
    source = signed_pair.site / "certificates/CS2026001/credential.json"
    assert isinstance(json.loads(source.read_text("utf-8"))["proof"], list)
    copies = _tampered(source, tmp_path)
    validator = _validator(CREDENTIAL_SCHEMA)
    for name, path in copies.items():
        assert list(validator.iter_errors(_payload(path))), f"jsonschema accepted {name}"
    results = {
        Path(r["file"]).stem: r
        for r in run_ajv(node_verifiers, CREDENTIAL_SCHEMA, list(copies.values()))
    }
    assert {name for name, r in results.items() if r["valid"]} == set()
    assert set(results) == set(copies)
