"""Participation records and improvement plans are personal: every per-person field is
classified private in its schema, and none of the demo's texts reaches the built site."""

from __future__ import annotations

import pytest
import yaml
from selectolax.lexbor import LexborHTMLParser

from academy.core.load import schema
from tests.support.site import BuiltSite, html_pages


def test_per_person_fields_are_classified_private() -> None:
    """Do the schemas say private for what a person did (questions, homework, 1-on-1,
    a plan's reason, goal and actions)?"""
    trainee = schema.load_schema("participation")["properties"]["trainees"]["items"]
    privacy = {k: v.get("x-privacy") for k, v in trainee["properties"].items()}
    assert privacy == {
        "id": "public",
        "questions": "private",
        "discussion": "private",
        "handed_in": "private",
        "coaching": "private",
    }
    plan = schema.load_schema("improvement-plan")["properties"]
    for key in ("reason", "owner", "items", "baseline", "goal", "actions"):
        assert plan[key]["x-privacy"] == "private", key


def _texts(demo: BuiltSite) -> set[str]:
    """Free texts of the demo's records long enough not to coincide with the site's own."""
    out: set[str] = set()
    for folder in ("evaluation/participation", "evaluation/improvement"):
        for file in sorted((demo.root / folder).glob("*.yaml")):
            data = yaml.safe_load(file.read_text(encoding="utf-8"))
            out.add(str(data.get("reason", "")))
            out |= {str(a["action"]) for a in data.get("actions", [])}
            for t in data.get("trainees", []):
                out.add(str(t.get("coaching", {}).get("notes", "")))
    return {t for t in out if len(t) >= 8}


@pytest.mark.slow
def test_followup_texts_are_not_on_the_site(demo_site: BuiltSite) -> None:
    texts = _texts(demo_site)
    assert any("复盘" in t for t in texts), "the demo has texts to look for"
    found = []
    for page in html_pages(demo_site.site):
        text = LexborHTMLParser(page.read_text(encoding="utf-8")).text(separator=" ")
        rel = page.relative_to(demo_site.site).as_posix()
        if rel.startswith("guide/"):  # the trainer guide's format examples, written by hand
            continue
        found += [f"{rel}: {t[:20]}" for t in texts if t in text]
    assert found == [], "\n".join(found)
