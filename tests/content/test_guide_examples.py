"""The guide's examples are made up: no register entry of the demo appears unmasked."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]


def test_no_guide_example_shows_a_register_entry_unmasked() -> None:
    """Does any docs page put an employee id of the register next to that person's full
    name (the site indexes the guide, so it would publish them)?"""
    people: dict[str, str] = {}
    for file in sorted((REPO / "rosters").rglob("*.yaml")):
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        if isinstance(data, dict) and isinstance(data.get("people"), list):
            people.update({str(p["id"]): str(p["name"]) for p in data["people"]})
    assert len(people) > 10
    found = []
    for page in sorted((REPO / "docs").rglob("*.md")):
        lines = page.read_text(encoding="utf-8").splitlines()
        for i, line in enumerate(lines):
            for pid, name in people.items():
                if re.search(rf"(?<![\w]){re.escape(pid)}(?![\w])", line):
                    near = "\n".join(lines[max(0, i - 2) : i + 6])
                    if name in near:
                        found.append(f"{page.relative_to(REPO)}:{i + 1}: {pid} {name}")
    assert found == []
