"""The two CI pages of the trainer guide say what the workflows and commands really do."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from academy.ci.findings import GUARD_CODES
from academy.cli import main
from tests.ci.ci_support import CHECK, PUBLISH, REPO, write_repo
from tests.ci.ci_support import load_workflow as load

PULL_REQUEST = REPO / "docs" / "guide" / "pull-request.md"
PUBLISHING = REPO / "docs" / "guide" / "publishing.md"
GOLDEN_SUMMARY = REPO / "tests" / "goldens" / "ci" / "summary.md"


def region(text: str, name: str) -> list[str]:
    match = re.search(rf"<!-- {name}:start -->\n(.*?)<!-- {name}:end -->", text, re.S)
    assert match, f"missing <!-- {name}:start/end --> markers"
    return match.group(1).splitlines()


def test_every_guard_code_is_explained() -> None:
    """Does the pull-request guide explain each ledger guard code with its title?"""
    text = PULL_REQUEST.read_text(encoding="utf-8")
    for code, title in GUARD_CODES.items():
        assert f"| {code} | {title} |" in text


def test_annotation_example_is_real_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Are the ::error lines shown in the guide exactly what academy ci annotate prints?"""
    main(["ci", "annotate", "--root", str(write_repo(tmp_path))])
    actual = capsys.readouterr().out.splitlines()
    shown = [line for line in region(PULL_REQUEST.read_text(encoding="utf-8"), "annotate-example")]
    assert [line for line in shown if line.startswith("::error")] == actual


def test_summary_example_is_taken_from_the_golden() -> None:
    """Is every table row and reminder of the guide's summary example in the real summary?"""
    golden = set(GOLDEN_SUMMARY.read_text(encoding="utf-8").splitlines())
    shown = region(PULL_REQUEST.read_text(encoding="utf-8"), "summary-example")
    rows = [line for line in shown if line.startswith(("|", "> ⚠", "> - "))]
    assert len(rows) > 15
    assert [line for line in rows if line not in golden] == []


def test_guide_names_the_checks_as_github_shows_them() -> None:
    """Do the check names in the walkthrough match the workflow and job names?"""
    workflow = load(CHECK)
    text = PULL_REQUEST.read_text(encoding="utf-8")
    for job in workflow["jobs"].values():
        assert f"{workflow['name']} / {job['name']} (pull_request)" in text


def test_publishing_guide_matches_the_workflow() -> None:
    """Do the schedule, variable, artifact and secrets in the guide match publish.yml?"""
    text = PUBLISHING.read_text(encoding="utf-8")
    workflow = load(PUBLISH)
    assert workflow["on"]["schedule"] == [{"cron": "17 18 * * *"}]  # 02:17 in Beijing
    assert "北京时间 02:17" in text
    assert workflow["env"]["TZ"] == "Asia/Shanghai" and "TZ: Asia/Shanghai" in text
    assert "vars.ACADEMY_DEPLOY_PAGES != 'false'" in workflow["jobs"]["deploy"]["if"]
    assert "`ACADEMY_DEPLOY_PAGES`，值为 `false`" in text
    assert "--name academy-site" in text
    for name in ("ACADEMY_SIGNING_KEY", "ACADEMY_LEDGER_TOKEN", "publish-portal"):
        assert name in text and name in PUBLISH.read_text(encoding="utf-8")


def test_publishing_guide_has_the_key_and_intranet_recipes() -> None:
    """Does the guide show key generation, rsync and an nginx block with the right types?"""
    text = PUBLISHING.read_text(encoding="utf-8")
    assert "academy keys new > academy-signing-key.pem" in text
    assert "rsync -a --delete" in text
    assert "default_type application/jwt;" in text
    assert 'default_type "application/json; charset=utf-8";' in text
    assert 'add_header Cache-Control "no-cache" always;' in text
