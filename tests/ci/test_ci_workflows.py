"""The GitHub workflows: valid against GitHub's schema, pinned, least privilege, no leaks."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from academy.cli import build_parser
from tests.ci.ci_support import CHECK, PUBLISH
from tests.ci.ci_support import load_workflow as load

PINNED = re.compile(r"^[\w.-]+/[\w.-]+@[0-9a-f]{40}$")  # a tag can be moved; a commit cannot


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


@pytest.mark.parametrize("path", [CHECK, PUBLISH], ids=["check", "publish"])
def test_workflow_matches_githubs_schema(path: Path) -> None:
    """Does the workflow validate against GitHub's schema as vendored in check-jsonschema?"""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.github-workflows",
            str(path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("path", [CHECK, PUBLISH], ids=["check", "publish"])
def test_actions_are_pinned_and_setup_is_the_locked_one(path: Path) -> None:
    """Is every action pinned, and does every job install with `make setup` (which takes
    uv from the locked requirements itself, so no third-party setup action is needed)?"""
    workflow = load(path)
    for step in steps(workflow):
        if "uses" in step:
            assert PINNED.match(step["uses"]), step["uses"]
    for name, job in workflow["jobs"].items():
        runs = [step.get("run", "") for step in job["steps"]]
        if "make setup" not in runs:
            continue
        uses = [step.get("uses", "").split("@")[0] for step in job["steps"]]
        assert "actions/setup-python" in uses, name
        assert uses.index("actions/setup-python") < runs.index("make setup"), name


@pytest.mark.parametrize("path", [CHECK, PUBLISH], ids=["check", "publish"])
def test_default_permissions_are_read_only_and_runs_are_grouped(path: Path) -> None:
    """Is the token read-only unless a job asks for more, and do runs share a group?"""
    workflow = load(path)
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["concurrency"]["group"]


def test_check_runs_on_pull_requests_with_every_check() -> None:
    """Does check.yml annotate, guard the ledger, summarise, build strictly and test?"""
    workflow = load(CHECK)
    assert set(workflow["on"]) == {"pull_request"}
    assert workflow["concurrency"]["cancel-in-progress"] is True
    for job in workflow["jobs"].values():
        assert "permissions" not in job  # nothing beyond contents: read
    commands = "\n".join(step.get("run", "") for step in steps(workflow))
    for expected in (
        "make setup",
        ".venv/bin/academy ci annotate",
        '.venv/bin/academy ci ledger-guard --base "$BASE_SHA" --github',
        '.venv/bin/academy ci summary --base "$BASE_SHA"',
        "make site",
        "make test",
    ):
        assert expected in commands
    checkout = next(s for s in steps(workflow) if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0  # the base commit must be there


def test_publish_runs_on_main_nightly_and_by_hand() -> None:
    """Does publish.yml run on pushes to main, on a nightly schedule and on demand?"""
    workflow = load(PUBLISH)
    triggers = workflow["on"]
    assert triggers["push"] == {"branches": ["main"]}
    assert len(triggers["schedule"]) == 1
    assert "workflow_dispatch" in triggers
    assert workflow["concurrency"]["cancel-in-progress"] is False


def test_publish_jobs_have_least_privilege() -> None:
    """Only the ledger commit may write contents; only the deploy may write Pages."""
    jobs = load(PUBLISH)["jobs"]
    assert {name: job["permissions"] for name, job in jobs.items()} == {
        "grade": {"contents": "write"},
        "build": {"contents": "read"},
        "deploy": {"pages": "write", "id-token": "write"},
    }
    assert jobs["deploy"]["environment"]["name"] == "github-pages"
    assert [s["uses"].split("@")[0] for s in jobs["deploy"]["steps"]] == [
        "actions/configure-pages",
        "actions/deploy-pages",
    ]


def test_ledger_commit_cannot_loop() -> None:
    """Is the bot's own push ignored, and is the ledger committed only when it changed?"""
    grade = load(PUBLISH)["jobs"]["grade"]
    assert "github.actor != 'github-actions[bot]'" in grade["if"]
    assert "!startsWith(github.event.head_commit.message, '证书账本:')" in grade["if"]
    script = next(s["run"] for s in grade["steps"] if s.get("id") == "commit")
    changed = "git status --porcelain -- rosters/ledger.csv rosters/renewals.csv"
    assert f'if [ -z "$({changed})" ]' in script
    added = [line.strip() for line in script.splitlines() if "git add" in line]
    assert added == [  # nothing else is committed: the ledger and the renewal log
        "git add rosters/ledger.csv",
        "if [ -e rosters/renewals.csv ]; then git add rosters/renewals.csv; fi",
    ]
    commands = [s.get("run", "") for s in grade["steps"]]
    assert any("academy grade --as-of" in c for c in commands)
    assert any("academy ci ledger-guard --base HEAD" in c for c in commands)


def test_signing_key_reaches_only_the_build_step() -> None:
    """Is ACADEMY_SIGNING_KEY given to the one step that builds, and never echoed?"""
    assert "secrets." not in CHECK.read_text(encoding="utf-8")
    text = PUBLISH.read_text(encoding="utf-8")
    assert sorted(re.findall(r"secrets\.(\w+)", text)) == [
        "ACADEMY_LEDGER_TOKEN",
        "ACADEMY_SIGNING_KEY",
    ]
    assert not re.search(r"(echo|printf|cat)[^\n]*(ACADEMY_SIGNING_KEY|secrets\.)", text)
    build = load(PUBLISH)["jobs"]["build"]
    with_key = [s for s in build["steps"] if "ACADEMY_SIGNING_KEY" in s.get("env", {})]
    assert len(with_key) == 1
    assert with_key[0]["env"]["ACADEMY_SIGNING_KEY"] == "${{ secrets.ACADEMY_SIGNING_KEY }}"
    assert "academy build --as-of" in with_key[0]["run"]


def test_ledger_token_is_only_used_to_check_out_for_the_ledger_push() -> None:
    """Is the optional push token used by the grade job's checkout and nowhere else?"""
    jobs = load(PUBLISH)["jobs"]
    for name, job in jobs.items():
        for step in job["steps"]:
            uses_token = "ACADEMY_LEDGER_TOKEN" in str(step)
            assert uses_token == (
                name == "grade" and step.get("uses", "").startswith("actions/checkout@")
            )
    checkout = jobs["grade"]["steps"][0]
    assert checkout["with"]["token"] == "${{ secrets.ACADEMY_LEDGER_TOKEN || github.token }}"


def test_site_is_also_kept_as_an_artifact_for_intranets() -> None:
    """Is the built site uploaded both for Pages and as a plain artifact to download?"""
    build = load(PUBLISH)["jobs"]["build"]
    uploads = {s["uses"].split("@")[0]: s["with"] for s in build["steps"] if "uses" in s}
    assert uploads["actions/upload-pages-artifact"]["path"] == "site"
    assert uploads["actions/upload-artifact"] == {
        "name": "academy-site",
        "path": "site",
        "retention-days": 30,
        "if-no-files-found": "error",
    }


def test_workflows_call_only_existing_ci_subcommands() -> None:
    """Does every `academy ci …` in a workflow name a subcommand the CLI has?"""
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    ci = sub.choices["ci"]  # type: ignore[attr-defined]
    names = set(next(a for a in ci._actions if a.dest == "ci_command").choices)
    used = set()
    for path in (CHECK, PUBLISH):
        used |= set(re.findall(r"academy ci ([a-z-]+)", path.read_text(encoding="utf-8")))
    assert used and used <= names


def _guard_script() -> str:
    build = load(PUBLISH)["jobs"]["build"]
    runs = [s.get("run", "") for s in build["steps"]]
    at = next(i for i, r in enumerate(runs) if "academy build" in r)
    assert "--publish" in runs[at]
    guard = next(r for r in runs[at + 1 :] if "git status --porcelain -- rosters/" in r)
    return guard


@pytest.mark.parametrize("dirty", [False, True], ids=["clean", "ledger-appended"])
def test_build_job_fails_when_the_publish_build_changes_rosters(
    tmp_path: Path, dirty: bool
) -> None:
    """After `build --publish`, does the build job stop when rosters/ is not as committed
    (the grade job commits the ledger; the build must append nothing)?"""
    script = _guard_script()
    rosters = tmp_path / "rosters"
    rosters.mkdir()
    (rosters / "ledger.csv").write_text("certificate\n", encoding="utf-8")

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q")
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "init")
    if dirty:
        with (rosters / "ledger.csv").open("a", encoding="utf-8") as fh:
            fh.write("CS2026016\n")
    done = subprocess.run(
        ["bash", "-e", "-c", script], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert (done.returncode != 0) == dirty, done.stdout + done.stderr


def test_zizmor_finds_nothing() -> None:
    """Does zizmor (the GitHub Actions security linter, offline) report no finding: every
    action pinned, no credential persisted where a job does not push?"""
    import shutil

    zizmor = shutil.which("zizmor") or str(Path(sys.executable).parent / "zizmor")
    done = subprocess.run(
        [zizmor, "--offline", "--no-progress", str(CHECK.parent)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    for path in (CHECK, PUBLISH):
        for line in path.read_text(encoding="utf-8").splitlines():
            if "uses:" in line:
                assert re.search(r"@[0-9a-f]{40}  # v\d+\.\d+\.\d+$", line), line
