"""The preview (`academy serve`): what one save rebuilds, as the browser is served it.

Timing is a benchmark (scripts/bench/bench_preview.py), never asserted here: these tests
check that the served page changes and that nothing else was rebuilt.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from academy.core import pipeline
from academy.core.credentials.keys import KEY_VARIABLE
from academy.publish.serve import Save, Session
from tests.conftest import AS_OF
from tests.support.site import demo_copy

pytestmark = pytest.mark.slow
MODULE = "curriculum/modules/communication.md"
ROSTER = "rosters/2026/2026-06-new-hires.yaml"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:  # our own server
        return str(response.read().decode("utf-8"))


def wait_for(what: str, check: object, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():  # type: ignore[operator]
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def stamps(site: Path) -> dict[str, int]:
    return {
        p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()
    }


# What any build writes again besides the pages that changed: MkDocs' 404 page and
# sitemap, the tags plugin's tags.json, and the search bundle (Pagefind has no partial
# update: it is made again, beside the served one, and swapped in).
ALWAYS = ("404.html", "sitemap.xml", "sitemap.xml.gz", "tags.json")


def rebuilt(before: dict[str, int], after: dict[str, int]) -> set[str]:
    return {
        rel
        for rel, stamp in after.items()
        if before.get(rel) != stamp and rel not in ALWAYS and not rel.startswith("pagefind/")
    }


def test_a_saved_module_body_is_served_and_nothing_else_is_rebuilt(tmp_path: Path) -> None:
    """Does `academy serve` serve a saved module body on that module's page, with no
    other page, certificate file or ledger row written again, and say what it rebuilt?"""
    root = demo_copy(tmp_path / "repo")
    temp = tmp_path / "tmp"
    temp.mkdir()
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != KEY_VARIABLE} | {"TMPDIR": str(temp)}
    log = (tmp_path / "serve.log").open("w+", encoding="utf-8")
    command = [sys.executable, "-m", "academy.cli", "serve", "--root", str(root)]
    server = subprocess.Popen(
        [*command, "--addr", f"127.0.0.1:{port}", "--as-of", AS_OF.isoformat()],
        stdout=log,
        stderr=log,
        env=env,
    )
    try:
        wait_for("the preview address", lambda: "预览地址" in Path(log.name).read_text("utf-8"))
        site = next(temp.glob("academy-serve-*/site"))
        page = f"http://127.0.0.1:{port}/modules/communication/"
        assert "新增的一段话" not in get(page)
        wait_for("the certificate files", lambda: (site / "issuer.json").is_file())
        wait_for("the search index", lambda: (site / "pagefind" / "academy-words.json").is_file())
        wait_for("the search index", lambda: not (site / ".pagefind-next").exists())
        ledger = (root / "rosters" / "ledger.csv").read_bytes()
        before = stamps(site)

        module = root / MODULE
        module.write_text(module.read_text("utf-8") + "\n新增的一段话。\n", encoding="utf-8")
        wait_for("the saved body on the served page", lambda: "新增的一段话" in get(page))
        wait_for("the terminal line", lambda: "已更新" in Path(log.name).read_text("utf-8"))
        entry = "pagefind/pagefind-entry.json"
        wait_for(
            "the search index made again and swapped in",
            lambda: (
                stamps(site).get(entry, before[entry]) != before[entry]
                and not (site / ".pagefind-next").exists()
            ),
        )
        time.sleep(1)  # anything else it would write, it writes now

        assert rebuilt(before, stamps(site)) == {"modules/communication/index.html"}
        assert (root / "rosters" / "ledger.csv").read_bytes() == ledger
        said = Path(log.name).read_text("utf-8")
        assert f"已更新（{MODULE}）：{Save.MODULE_BODY.value}" in said
        assert "Traceback" not in said
    finally:
        server.terminate()
        server.wait(timeout=60)
        log.close()
    assert not list(temp.glob("academy-serve-*"))  # the temporary site is removed


def test_a_roster_save_regrades_in_memory_and_rebuilds_what_shows_results(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Does a changed score reach the cohort page and the certificate files, with the
    module pages left as they were and the pipeline run once more?"""
    monkeypatch.delenv(KEY_VARIABLE, raising=False)
    runs: list[Path] = []
    real = pipeline._run

    def counted(root: Path, as_of: object) -> pipeline.Outcome:
        runs.append(root)
        return real(root, as_of)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "_run", counted)
    root = demo_copy(tmp_path / "repo")
    session = Session(root, AS_OF, tmp_path / "serve" / "site", verbose=False)
    assert session.rebuild()
    session.settle()
    site = session.site_dir
    cohort = site / "cohorts" / "2026-06-new-hires" / "index.html"
    registry = json.loads((site / "issuer.json").read_text("utf-8"))
    before = stamps(site)
    old = cohort.read_text("utf-8")

    roster = root / ROSTER
    text = roster.read_text("utf-8")
    assert "      theory: 84\n" in text
    roster.write_text(text.replace("      theory: 84\n", "      theory: 94\n", 1), "utf-8")
    assert session.rebuild()
    assert session.last is Save.DATA and len(runs) == 2
    assert cohort.read_text("utf-8") != old
    session.settle()
    changed = rebuilt(before, stamps(site))
    assert "cohorts/2026-06-new-hires/index.html" in changed
    assert not any(rel.startswith(("modules/", "guide/", "programs/")) for rel in changed)
    assert any(rel.startswith("certificates/") for rel in changed)  # written again, swapped in
    assert json.loads((site / "issuer.json").read_text("utf-8")) == registry
    assert not list(site.rglob("*.results.html"))  # every table fragment spliced in
    assert not list(tmp_path.glob("serve/site-kept-certificates"))
