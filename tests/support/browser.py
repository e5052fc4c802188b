"""Debian's Chromium driven by Playwright, and the built site served on 127.0.0.1."""

from __future__ import annotations

import contextlib
import functools
import os
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
# As root, in a sandbox, with no network beyond the package registries: no sandbox,
# no GPU, and none of Chromium's own background connections.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def require_chromium() -> None:
    """Skip on a laptop without Debian's chromium; in CI (CI=true) that is a failure."""
    if CHROMIUM.exists():
        return
    if os.environ.get("CI"):
        pytest.fail("Debian's chromium is missing: .ci/run installs it with apt-get")
    pytest.skip("Debian's chromium is not installed (apt-get install chromium)")


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def handle(self) -> None:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the browser moved on
            super().handle()


@contextlib.contextmanager
def serve(
    directory: Path, handler_class: type[SimpleHTTPRequestHandler] = QuietHandler
) -> Iterator[str]:
    """Serve ``directory`` over HTTP on 127.0.0.1 (search needs http, not file://), with
    ``handler_class`` answering (a subclass of the quiet handler, e.g. one with 404 pages)."""
    handler = functools.partial(handler_class, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def without_other_threads(seconds: float = 15.0) -> list[str]:
    """Wait until this process has no thread but the main one, for a test that needs the
    builder alone (``static.workers``): an earlier test's HTTP server can still be ending
    its threads (a request handler whose browser has just closed the connection). The
    names of those still alive after ``seconds``, for the failure message."""
    import time

    deadline = time.monotonic() + seconds
    while threading.active_count() > 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    return [t.name for t in threading.enumerate() if t is not threading.main_thread()]


AXE_VERSION = "4.10"  # axe-core from the npm registry: the accessibility rules we did not write


def axe_script(cache: Path | None = None) -> str:
    """axe-core's browser bundle, installed with npm once into a cache outside the
    repository (``$XDG_CACHE_HOME/cs-academy-tests``). Safe when several test workers
    ask at once: each installs into its own folder and the first rename wins."""
    import shutil
    import subprocess
    import tempfile

    root = cache or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    home = root / "cs-academy-tests" / f"axe-core-{AXE_VERSION}"
    bundle = home / "node_modules" / "axe-core" / "axe.min.js"
    if not bundle.is_file():
        npm = shutil.which("npm")
        if npm is None:
            if os.environ.get("CI"):
                pytest.fail("npm is missing: .ci/run installs it with apt-get (package npm)")
            pytest.skip("npm is not installed (apt-get install npm): no axe-core")
        home.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix="axe-", dir=home.parent))
        subprocess.run(
            [
                npm,
                "install",
                "--no-save",
                "--no-audit",
                "--no-fund",
                "--prefix",
                str(staging),
                f"axe-core@~{AXE_VERSION}",
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
        try:
            staging.rename(home)
        except OSError:  # another worker was first
            shutil.rmtree(staging, ignore_errors=True)
    return bundle.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    """One Chromium per test module, shared by its browser tests; a test opens its own
    contexts (``browser``), never a Chromium of its own. Not session-wide: Playwright keeps
    threads in the process while it runs, and a build starts its certificate workers only
    in a single-threaded process (``static.workers``), which later tests check."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


class Tabs:
    """The shared Chromium as one test sees it: ``new_page`` and ``new_context`` as on a
    Playwright ``Browser``, each a fresh context (no cookie or storage of another test),
    all closed when the test ends."""

    def __init__(self, chromium: Any) -> None:
        self._chromium = chromium
        self._contexts: list[Any] = []

    def new_context(self, **options: Any) -> Any:
        context = self._chromium.new_context(**options)
        self._contexts.append(context)
        return context

    def new_page(self, **options: Any) -> Any:
        return self.new_context(**options).new_page()

    def close(self) -> None:
        for context in self._contexts:
            context.close()
        self._contexts.clear()


@pytest.fixture
def browser(chromium: Any) -> Iterator[Tabs]:
    """Fresh contexts in the worker's one Chromium, closed after the test."""
    tabs = Tabs(chromium)
    try:
        yield tabs
    finally:
        tabs.close()
