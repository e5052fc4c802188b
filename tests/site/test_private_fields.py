"""Roster fields classified private never reach the site; masked ones only masked."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from selectolax.lexbor import LexborHTMLParser

from academy.core.load import schema
from tests.support.site import BuiltSite, html_pages

pytestmark = pytest.mark.slow


def test_every_roster_field_is_classified() -> None:
    """Does every trainee field of roster.v1.json say public, masked or private?"""
    privacy = schema.roster_field_privacy()
    trainee = schema.load_schema("roster")["properties"]["trainees"]["items"]["properties"]
    assert set(privacy) == set(trainee)
    assert set(privacy.values()) <= {schema.PUBLIC, schema.MASKED, schema.PRIVATE}
    assert privacy["mentor_review"] == privacy["applied_level"] == schema.PRIVATE


def _entries(root: Path) -> list[dict[str, object]]:
    out = []
    for file in sorted((root / "rosters").rglob("*.yaml")):
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        if isinstance(data, dict) and isinstance(data.get("trainees"), list):
            out.extend(t for t in data["trainees"] if isinstance(t, dict))
    return out


def test_private_and_masked_roster_fields_are_not_on_the_site(demo_site: BuiltSite) -> None:
    """Read as text by an HTML parser, does any built page show a private roster value
    (导师评价, 申请等级, notes), or a full name on a cohort page?"""
    privacy = schema.roster_field_privacy()
    private: set[str] = set()
    names: set[str] = set()
    for entry in _entries(demo_site.root):
        for key, value in entry.items():
            # free text long enough not to coincide with what the site writes itself
            # (applied_level holds a level id, looked for as its 申请等级： label below)
            if (
                privacy.get(key) == schema.PRIVATE
                and key != "applied_level"
                and len(str(value)) >= 8
            ):
                private.add(str(value))
            if privacy.get(key) == schema.MASKED and isinstance(value, str) and len(value) >= 2:
                names.add(value)
    assert any("推荐" in v for v in private), "the demo has a mentor review to look for"
    found = []
    for page in html_pages(demo_site.site):
        text = LexborHTMLParser(page.read_text(encoding="utf-8")).text(separator=" ")
        rel = page.relative_to(demo_site.site).as_posix()
        found += [f"{rel}: {v[:20]}" for v in private if v in text]
        found += [f"{rel}: 申请等级" for _ in [0] if "申请等级：" in text]
        if rel.startswith("cohorts/"):
            found += [f"{rel}: {n}" for n in names if n in text]
    assert found == [], "\n".join(found)
