"""The publish workflow hands the HR lists to people with access, never to Pages."""

from __future__ import annotations

from tests.ci.ci_support import PUBLISH
from tests.ci.ci_support import load_workflow as load


def test_hr_export_is_a_short_lived_artifact_not_on_pages() -> None:
    """Is `academy export --out` run outside site/, uploaded for a few days, never to Pages?"""
    steps = load(PUBLISH)["jobs"]["build"]["steps"]
    runs = [s for s in steps if "academy export" in s.get("run", "")]
    assert len(runs) == 1
    command = runs[0]["run"]
    assert "--out" in command and "site" not in command.split("--out", 1)[1]
    uploads = [s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@")]
    hr = [s for s in uploads if s["with"]["name"] == "academy-hr-export"]
    assert len(hr) == 1
    assert hr[0]["with"]["path"] == "${{ runner.temp }}/hr-export"
    assert hr[0]["with"]["retention-days"] <= 7
    pages = [s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact@")]
    assert [s["with"]["path"] for s in pages] == ["site"]
    assert steps.index(runs[0]) < steps.index(pages[0])  # export never writes into site/
