"""One owner per vocabulary: statuses and id patterns are spelled once, in
``academy.core.vocabulary``; a second spelling found in the source fails here."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from academy.core import vocabulary
from academy.core.vocabulary import CertStatus, ResultStatus

SRC = Path(__file__).resolve().parents[2] / "src/academy"
OWNER = SRC / "core/vocabulary.py"
STATUSES = {s.value for s in ResultStatus} | {s.value for s in CertStatus}
PATTERNS = {
    p.pattern
    for p in (
        vocabulary.SLUG,
        vocabulary.LEVEL_ID,
        vocabulary.EMPLOYEE_ID,
        vocabulary.CERTIFICATE_ID,
    )
}


def sources() -> list[Path]:
    return [p for p in sorted(SRC.rglob("*.py")) if p != OWNER]


def _strings(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return [s for e in node.elts for s in _strings(e)]
    return []


def test_no_status_is_compared_with_a_literal_outside_the_vocabulary() -> None:
    """Is every status test (==, !=, in) written with the vocabulary's enums?"""
    found = []
    for path in sources():
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Compare):
                for side in [node.left, *node.comparators]:
                    found += [f"{path.relative_to(SRC)}:{node.lineno}: {s!r}"
                              for s in _strings(side) if s in STATUSES]  # fmt: skip
    assert found == []


def test_status_labels_come_from_the_vocabulary() -> None:
    """Does no module keep its own status → label table (a second, differing spelling)?"""
    found = []
    for path in sources():
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Dict):
                keys = [k.value for k in node.keys if isinstance(k, ast.Constant)]
                if len([k for k in keys if k in STATUSES]) >= 3:
                    found.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert found == []


def test_id_patterns_are_compiled_once() -> None:
    """Is each id pattern (slug, level id, employee id, certificate id) written only in the
    vocabulary (with or without ^…$)?"""
    found = []
    for path in sources():
        for lineno, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            for literal in re.findall(r"r\"\^?([^\"]+?)\$?\"", line):
                if literal in PATTERNS:
                    found.append(f"{path.relative_to(SRC)}:{lineno}: {literal}")
    assert found == []


def test_the_check_finds_a_second_spelling(tmp_path: Path) -> None:
    """Would the status check fail on a module that compares with "revoked"?"""
    tree = ast.parse('if c.status == "revoked":\n    pass\nok = s in ("failed", "x")\n')
    compares = [n for n in ast.walk(tree) if isinstance(n, ast.Compare)]
    sides = [side for n in compares for side in [n.left, *n.comparators]]
    hits = [s for side in sides for s in _strings(side) if s in STATUSES]
    assert hits == ["revoked", "failed"]
