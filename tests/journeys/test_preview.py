"""Preview, then change one's mind: the preview issues nothing, whatever the trainer runs.

Only `academy grade` and `academy build --publish` append to the ledger and the renewal
log, and only `academy print` to the print codes; these journeys run everything else on
a fresh clone and ask git whether those files changed.
"""

from __future__ import annotations

import queue
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from academy.core.credentials.keys import KEY_VARIABLE
from tests.journeys.conftest import AS_OF, DRAFT, DRAFT_TEXT, Trainer, git

pytestmark = pytest.mark.slow
BANNER = "预览：发布后将发放 CS2026016、CS2026017（编号以发布为准）"


def banner(html: str) -> str | None:
    node = LexborHTMLParser(html).css_first(".md-banner .academy-preview")
    return None if node is None else node.text(strip=True)


@pytest.fixture(autouse=True)
def _unsigned(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(KEY_VARIABLE, raising=False)


def test_preview_a_draft_then_delete_it(trainer: Trainer) -> None:
    """A draft roster is previewed (the banner names what publishing would issue), then
    deleted: do validate and the preview still work, with the ledger untouched?"""
    trainer.write(DRAFT, DRAFT_TEXT)
    code, _, err = trainer.academy("build", "--as-of", AS_OF)
    assert code == 0, err
    assert "未写入证书账本" in err
    home = (trainer.root / "site" / "index.html").read_text(encoding="utf-8")
    assert banner(home) == BANNER
    assert trainer.logs_changed() == ""
    (trainer.root / DRAFT).unlink()
    code, _, err = trainer.academy("validate")
    assert code == 0, err
    code, _, err = trainer.academy("build", "--as-of", AS_OF)
    assert code == 0, err
    assert banner((trainer.root / "site" / "index.html").read_text(encoding="utf-8")) is None
    assert git(trainer.root, "status", "--porcelain", "--", "rosters/") == ""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve_once(root: Path) -> str:
    """Run `academy serve` as a trainer would, fetch the home page, stop it politely."""
    port = _free_port()
    argv = [sys.executable, "-m", "academy.cli", "serve", "--root", str(root)]
    argv += ["--addr", f"127.0.0.1:{port}", "--as-of", AS_OF]
    proc = subprocess.Popen(argv, stderr=subprocess.PIPE, text=True, encoding="utf-8")
    lines: queue.Queue[str] = queue.Queue()
    assert proc.stderr is not None
    stderr = proc.stderr
    threading.Thread(target=lambda: [lines.put(x) for x in stderr], daemon=True).start()
    seen: list[str] = []
    try:
        deadline = time.monotonic() + 240
        while not any("预览地址" in line for line in seen):
            assert proc.poll() is None, "".join(seen)
            assert time.monotonic() < deadline, "".join(seen)
            try:
                seen.append(lines.get(timeout=1))
            except queue.Empty:
                continue
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as response:
            return str(response.read().decode("utf-8"))
    finally:
        proc.terminate()
        proc.wait(timeout=60)


def test_no_command_but_grade_publish_and_print_writes_the_logs(
    trainer: Trainer, tmp_path: Path
) -> None:
    """After serve, build, validate, export, why, cycles and the CI summary, are the ledger,
    the renewal log and the print codes byte for byte as committed; and does `grade`
    then append the draft's certificates?"""
    code, _, err = trainer.academy("print", "CS2024001", "--out", str(tmp_path / "paper"))
    assert code == 0, err  # the only writer of print codes: commit what it wrote
    git(trainer.root, "add", "rosters/print-codes.csv")
    git(trainer.root, "commit", "--quiet", "-m", "打印证书")
    trainer.write(DRAFT, DRAFT_TEXT)
    before = trainer.logs()
    assert set(before) == {"rosters/ledger.csv", "rosters/renewals.csv", "rosters/print-codes.csv"}

    assert banner(_serve_once(trainer.root)) == BANNER
    for command in (
        ("build", "--as-of", AS_OF),
        ("validate",),
        ("export", "--as-of", AS_OF, "--json"),
        ("export", "--as-of", AS_OF, "--out", str(tmp_path / "hr")),
        ("why", "A061", "--as-of", AS_OF),
        ("cycles", "--as-of", AS_OF),
        ("ci", "summary", "--base", "HEAD", "--as-of", AS_OF, "--output", str(tmp_path / "s.md")),
    ):
        code, _, err = trainer.academy(*command)
        assert code == 0, (command, err)
        assert trainer.logs() == before, command
    assert trainer.logs_changed() == ""

    code, _, err = trainer.academy("grade", "--as-of", AS_OF)
    assert code == 0, err
    ledger = (trainer.root / "rosters/ledger.csv").read_text(encoding="utf-8").splitlines()
    assert [row.split(",")[0] for row in ledger[-2:]] == ["CS2026016", "CS2026017"]
    assert trainer.logs_changed().strip() == "M rosters/ledger.csv"
