"""Does the fast `grade --json` writer print exactly the outcome's data, one record a line?"""

from __future__ import annotations

import json
from pathlib import Path

from academy.core import pipeline
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
