"""Does the fast `grade --json` writer print exactly the outcome's data, one record a line?"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from academy.core import pipeline
from academy.core.certify.issue import Result
from tests.conftest import AS_OF


def test_json_document_is_the_outcome_one_record_a_line(demo_root: Path) -> None:
    outcome = pipeline.run(demo_root, AS_OF, write=False)
    text = outcome.to_json()
    assert json.loads(text) == json.loads(json.dumps(outcome.to_dict()))
    lines = text.splitlines()
    records = len(outcome.results) + len(outcome.certificates)
    assert sum(line.startswith('    {"') for line in lines) == records
    assert "张" not in text or "\\u" not in text  # Chinese stays readable


def test_json_document_with_nothing_graded(tmp_path: Path) -> None:
    outcome = pipeline.run(tmp_path, AS_OF, write=False)
    assert json.loads(outcome.to_json()) == {
        "as_of": AS_OF.isoformat(),
        "results": [],
        "certificates": [],
    }


def test_each_line_is_the_c_encoders_own_of_the_records_dict(demo_root: Path) -> None:
    """The lines are written from the records' fields (fast): byte for byte what
    ``json.dumps(record.to_dict(), ensure_ascii=False)`` makes, on the demo's every
    status, renewal, incomplete result (no total, no level) and revoked certificate."""
    outcome = pipeline.run(demo_root, AS_OF, write=False)
    expected = [json.dumps(r.to_dict(), ensure_ascii=False) for r in outcome.results]
    expected += [json.dumps(c.to_dict(AS_OF), ensure_ascii=False) for c in outcome.certificates]
    lines = [line[4:].rstrip(",") for line in outcome.to_json().splitlines()]
    assert [line for line in lines if line.startswith("{")] == expected
    assert any(r.score.total is None for r in outcome.results)  # the cases are there
    assert any(r.certificate is None for r in outcome.results)
    assert len({c.status(AS_OF) for c in outcome.certificates}) >= 4


def test_a_record_with_other_keys_is_encoded_as_it_is(
    demo_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A key added to ``to_dict`` reaches the JSON even before the fast lines know it."""
    outcome = pipeline.run(demo_root, AS_OF, write=False)
    plain = Result.to_dict
    monkeypatch.setattr(Result, "to_dict", lambda self: {**plain(self), "extra": "新"})
    assert json.loads(outcome.to_json())["results"][0]["extra"] == "新"
