"""``academy serve``: build once, serve with live reload, rebuild once per edit.

The steps, in order: check the address (a usage error before anything is graded),
grade in memory (the ledger is read, never written), build into a temporary folder,
start the server and print its URL once it answers. Then, for each batch of saved
files, one rebuild:

* the pipeline runs again only when something under ``curriculum/``, ``rosters/`` or
  ``evaluation/`` changed; it grades in memory and writes nothing (no ledger row, no
  renewal): the preview's banner says what ``build --publish`` would add;
* the cohort and certificate pages, and the certificate files (tens of thousands
  at scale), are kept from the previous build unless what they are made from
  (``pages.RESULTS``: rosters, the ledger, programs, ``mkdocs.yml``) changed;
* generated pages are never written into the watched folders, so a build never
  triggers another.

The terminal shows a few Chinese lines; ``-v`` adds MkDocs' own log.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import shutil
import signal
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mkdocs.exceptions import Abort, MkDocsException
from mkdocs.livereload import LiveReloadServer

from ..core import pipeline
from ..core.errors import InputError
from ..core.pipeline import Outcome
from ..core.vocabulary import Exit
from ..site.pages import RESULTS, Generated, still_valid
from ..site.plugin import ProblemsFound
from .build import (
    Reuse,
    build_once,
    check_address,
    generate,
    missing_config,
    mkdocs_log,
    preview_note,
    print_problems,
)

WATCHED = ("curriculum", "rosters", "evaluation", "docs", "overrides", "mkdocs.yml")
PIPELINE_INPUTS = ("curriculum/", "rosters/", "evaluation/")

Stamps = dict[str, tuple[int, int]]


def parse_addr(addr: str) -> tuple[str, int] | None:
    host, sep, port = addr.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        return None
    return host, int(port)


def stamps(root: Path) -> Stamps:
    """(mtime, size) of every watched file, by repository-relative path."""
    out: Stamps = {}
    for name in WATCHED:
        top = root / name
        paths = [top] if top.is_file() else top.rglob("*") if top.is_dir() else []
        for path in paths:
            try:
                st = path.stat()
            except OSError:
                continue
            if path.is_file():
                out[path.relative_to(root).as_posix()] = (st.st_mtime_ns, st.st_size)
    return out


def front_matter(text: str) -> str:
    """The front matter of a generated page (title, tags…): what other pages show of it."""
    if not text.startswith("---\n"):
        return ""
    end = text.find("\n---\n", 4)
    return text[: end + 5] if end >= 0 else text


class Session:
    """The state one ``serve`` keeps between its builds."""

    def __init__(self, root: Path, as_of: dt.date, site_dir: Path, *, verbose: bool) -> None:
        self.root = root
        self.as_of = as_of
        self.site_dir = site_dir
        self.stash = site_dir.with_name(site_dir.name + "-kept")
        self.verbose = verbose
        self.seen: Stamps = {}
        self.outcome: Outcome | None = None
        self.generated: Generated | None = None
        self.builds = 0
        self.announced: str | None = None  # the banner last printed to the terminal

    def _only_content(self, before: Generated, changed: set[str], now: Stamps) -> bool:
        """True when only page bodies changed: no page, title, tag or nav entry came or
        went, and no setting or theme file changed, so the other pages stay right."""
        assert self.generated is not None
        if any(p == "mkdocs.yml" or p.startswith("overrides/") for p in changed):
            return False
        if any(p.startswith("docs/") and (p not in self.seen or p not in now) for p in changed):
            return False
        if before.nav != self.generated.nav or before.files.keys() != self.generated.files.keys():
            return False
        return all(
            front_matter(text) == front_matter(before.files[rel])
            for rel, text in self.generated.files.items()
            if rel.endswith(".md")
        )

    def note(self) -> str:
        """The preview banner for the current outcome (what publishing would add)."""
        return preview_note(self.outcome) if self.outcome is not None else ""

    def on_change(self) -> None:
        """The live-reload server's builder: problems are printed, the server goes on."""
        self.rebuild()

    def rebuild(self) -> bool:
        """Build what the saved files need; False (and the problems printed) if it failed."""
        now = stamps(self.root)
        changed = {p for p in now.keys() | self.seen.keys() if now.get(p) != self.seen.get(p)}
        if self.outcome is not None and not changed:
            return True  # our own ledger update, or a file saved unchanged
        start = time.perf_counter()
        keep_static = self.outcome is not None and not any(p.startswith(RESULTS) for p in changed)
        try:
            if self.outcome is None or any(p.startswith(PIPELINE_INPUTS) for p in changed):
                self.outcome = pipeline.run(self.root, self.as_of, write=False)
            before = self.generated
            reuse = still_valid(before, changed) if before else None
            self.generated = generated = generate(self.root, self.outcome, reuse)
            keep = Reuse(self.stash) if keep_static else None
            if keep is not None and before is not None and self._only_content(before, changed, now):
                keep.unchanged = {r for r, t in generated.files.items() if before.files.get(r) == t}
            with mkdocs_log(self.verbose):
                build_once(self.root, generated, self.site_dir, keep, announce=self.note())
        except (InputError, ProblemsFound) as err:
            self.outcome = self.generated = None
            print_problems(err.problems, "预览未更新；修正后保存即可")
            return False
        except (Abort, MkDocsException) as err:
            self.generated = None  # the folder may be half cleaned: rebuild it all next time
            print(f"预览构建失败：{err}", file=sys.stderr)
            return False
        finally:
            self.seen = stamps(self.root)
        self.builds += 1
        note = self.note()
        if note != self.announced:
            print(note or "预览：发布后不会发放新证书。", file=sys.stderr)
            self.announced = note
        if self.builds > 1:
            names = "、".join(sorted(changed)[:3]) + ("等" if len(changed) > 3 else "")
            print(f"已更新（{names}），用时 {time.perf_counter() - start:.1f} 秒", file=sys.stderr)
        return True


NOT_FOUND_PAGE = "404.html"


class _NotFoundQuiet(logging.Filter):
    """Drops the live-reload server's English ``"GET /x" code 404`` lines: a missing
    page is answered with the portal's own 404 page, and is nothing to warn about."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).endswith("code 404")


def preview_server(site_dir: Path, host: str, port: int, builder: Any) -> LiveReloadServer:
    """The live-reload server over ``site_dir``: a missing page gets the site's own
    404.html (status 404), as on the published site."""
    server = LiveReloadServer(builder=builder, host=host, port=port, root=str(site_dir))

    def not_found(code: int) -> bytes | None:
        page = site_dir / NOT_FOUND_PAGE
        if code != 404 or not page.is_file():
            return None
        return page.read_bytes()

    server.error_handler = not_found
    return server


@contextlib.contextmanager
def quiet_not_found() -> Iterator[None]:
    """While the block runs, the preview terminal shows no line per missing page."""
    logger = logging.getLogger("mkdocs.livereload")
    quiet = _NotFoundQuiet()
    logger.addFilter(quiet)
    try:
        yield
    finally:
        logger.removeFilter(quiet)


def _announce_when_up(host: str, port: int, stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            with socket.create_connection((host, port), timeout=0.5):
                break
        except OSError:
            time.sleep(0.1)
    if not stop.is_set():
        print(f"预览地址：http://{host}:{port}/（保存后自动刷新，Ctrl+C 退出）", file=sys.stderr)


@contextlib.contextmanager
def _stopped_by_sigterm() -> Iterator[None]:
    """While serving, a polite kill stops like Ctrl+C (the temporary site is removed)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def serve_portal(root: Path, as_of: dt.date, addr: str, *, verbose: bool = False) -> int:
    """Serve ``root``'s portal on ``addr`` until interrupted."""
    where = parse_addr(addr)
    if where is None:
        print(
            f"academy：用法错误：地址“{addr}”应写作 主机:端口，如 127.0.0.1:8000", file=sys.stderr
        )
        return Exit.USAGE
    if missing_config(root):
        return Exit.USAGE
    check_address(root, publish=False)
    host, port = where
    print("正在构建预览……", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="academy-serve-") as temp:
        session = Session(root, as_of, Path(temp) / "site", verbose=verbose)
        if not session.rebuild():
            return Exit.INPUT
        server = preview_server(session.site_dir, host, port, session.on_change)
        for name in WATCHED:
            if (root / name).exists():
                server.watch(str(root / name))
        stop = threading.Event()
        threading.Thread(target=_announce_when_up, args=(host, port, stop), daemon=True).start()
        try:
            with mkdocs_log(verbose), quiet_not_found(), _stopped_by_sigterm():
                server.serve()
        except KeyboardInterrupt:
            pass
        except OSError as err:
            print(f"无法监听 {addr}：{err.strerror}", file=sys.stderr)
            return Exit.USAGE
        finally:
            stop.set()
            server.shutdown()
            shutil.rmtree(session.stash, ignore_errors=True)
    print("预览已停止。", file=sys.stderr)
    return Exit.OK
