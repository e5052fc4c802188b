"""``academy serve``: build once, serve with live reload, rebuild once per edit.

The steps, in order: check the address (a usage error before anything is graded),
grade in memory (the ledger is read, never written: the banner says what
``build --publish`` would add), build into a temporary folder, start the server and print
its URL once it answers. The pages are served as soon as MkDocs has written them:
the certificate files (tens of thousands at scale) and the search index are
finished in the background (``Job``), and the next build waits for them.

Then, for each batch of saved files, one rebuild, by the kind of save (``Save``;
docs/guide/modules.md tells trainers the same):

* only module bodies (front matter as before): nothing is loaded or graded, the
  bodies go into the outcome already there (``core.module_reload``), only the module
  pages are generated again and MkDocs renders only the pages whose text changed;
* anything else under ``curriculum/`` or ``rosters/``: the pipeline runs again in
  memory; when no page, title or nav entry came or went, only pages whose text
  changed are rendered (a page with its spliced fragments, and the ``docs/`` pages
  whose macros show results), and the certificate files are written again beside
  the site and swapped in;
* the cohort and certificate pages, and the certificate files, are kept from the
  previous build unless what they are made from (``pages.RESULTS``) changed;
* the search index is made again after every build beside the served one (Pagefind
  has no partial update) and swapped in; each page's words are cut only when the
  page changed;
* generated pages are never written into the watched folders, so a build never
  triggers another.

The terminal shows a few Chinese lines; ``-v`` adds MkDocs' own log.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import logging
import shutil
import signal
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from mkdocs.exceptions import Abort, MkDocsException
from mkdocs.livereload import LiveReloadServer

from ..core import pipeline
from ..core.errors import InputError
from ..core.module_reload import Fronts, module_fronts, new_bodies
from ..core.pipeline import Outcome
from ..core.vocabulary import Exit
from ..site import certificates, fragments, search
from ..site.modules import MODULES_DIR as MODULES
from ..site.pages import RESULTS, Generated, Pages, still_valid
from ..site.plugin import Preview, ProblemsFound, replace_static
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
        self.fronts: Fronts = {}  # each module's front matter as last graded
        self.preview = Preview()  # compiled templates; certificate files left to finish
        self.words = search.Words()  # each indexed page's words, cut once
        self.jobs: list[Job] = []  # background work of the last build
        self.builds = 0
        self.announced: str | None = None  # the banner last printed to the terminal
        self.last: Save | None = None  # what the last rebuild did

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

    def settle(self) -> None:
        """Wait for the last build's background work: certificate files, search index."""
        for job in self.jobs:
            job.wait()
        self.jobs = []

    def stop_background(self, *, everything: bool = False) -> None:
        """Before a build: stop re-indexing the search (it starts again after the build)
        and let the certificate files finish (the build may move them); ``everything``
        (the preview stops): stop those too."""
        for job in self.jobs:
            if everything or job.what == SEARCH_JOB:
                job.stop()
        self.settle()

    def _refresh(self, changed: set[str]) -> tuple[Save, dict[str, Pages] | None]:
        """Bring the outcome up to date with the saved files: the kind of save, and the
        generated pages still valid (by folder)."""
        before = self.generated
        if self.outcome is not None and before is not None:
            bodies = new_bodies(self.root, self.outcome.project, self.fronts, changed)
            if bodies:  # only module bodies: no grading, only their pages are made again
                self.outcome.project.modules.update(bodies)
                return Save.MODULE_BODY, {
                    folder: made for folder, made in before.by_folder.items() if folder != MODULES
                }
        if self.outcome is None or any(p.startswith(PIPELINE_INPUTS) for p in changed):
            # the preview never writes the ledger or the renewal log
            self.outcome = pipeline.run(self.root, self.as_of, write=False)
            self.fronts = module_fronts(self.root, self.outcome.project)
            save = Save.FIRST if before is None else Save.DATA
        else:
            save = Save.PAGES
        return save, still_valid(before, changed) if before else None

    def rebuild(self) -> bool:
        """Build what the saved files need; False (and the problems printed) if it failed."""
        now = stamps(self.root)
        changed = {p for p in now.keys() | self.seen.keys() if now.get(p) != self.seen.get(p)}
        if self.outcome is not None and not changed:
            return True  # our own ledger update, or a file saved unchanged
        self.stop_background()
        start = time.perf_counter()
        keep_static = self.outcome is not None and not any(p.startswith(RESULTS) for p in changed)
        try:
            save, reuse = self._refresh(changed)
            assert self.outcome is not None
            before = self.generated
            self.generated = generated = generate(self.root, self.outcome, reuse)
            only_content = before is not None and self._only_content(before, changed, now)
            keep = Reuse(self.stash) if keep_static or only_content else None
            if keep is not None and before is not None and only_content:
                keep.unchanged = unchanged_pages(before.files, generated.files)
                if not keep_static:  # results changed: so did what the macros show
                    keep.refresh = macro_pages(self.root)
            with mkdocs_log(self.verbose), _search_kept(self.site_dir, self.stash, keep):
                build_once(
                    self.root,
                    generated,
                    self.site_dir,
                    keep,
                    announce=self.note(),
                    preview=self.preview,
                )
            if keep is not None and not keep_static:  # a dirty build kept the old ones
                self.preview.started = None
                self._rewrite_certificates(generated)
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
        self._in_background()
        self.builds += 1
        note = self.note()
        if note != self.announced:
            print(note or "预览：发布后不会发放新证书。", file=sys.stderr)
            self.announced = note
        self.last = save
        if self.builds > 1:
            names = "、".join(sorted(changed)[:3]) + ("等" if len(changed) > 3 else "")
            took = time.perf_counter() - start
            print(f"已更新（{names}）：{save.value}，用时 {took:.1f} 秒", file=sys.stderr)
        return True

    def _rewrite_certificates(self, generated: Generated) -> None:
        """After a dirty build for changed results: the certificate files are written
        again beside the site, then swapped in (the old ones are served until then)."""
        staging = self.stash.with_name(self.stash.name + "-certificates")
        shutil.rmtree(staging, ignore_errors=True)
        started: list[certificates.Started] = []

        def write() -> None:
            started.append(certificates.start_static(generated.outcome, generated.ctx, staging))
            started[0].finish()
            replace_static(staging, self.site_dir)

        def stop() -> None:
            if started:
                started[0].cancel()

        self.jobs.append(Job(CERTIFICATES_JOB, write, stop))

    def _in_background(self) -> None:
        """The pages are served from now on; the certificate files and the search index
        are finished behind them."""
        started, self.preview.started = self.preview.started, None
        if started is not None:
            self.jobs.append(Job(CERTIFICATES_JOB, started.finish, started.cancel))
        try:
            indexing = search.reindex(self.site_dir)
        except search.SearchIndexError as err:
            print(f"搜索索引未更新：{err}", file=sys.stderr)
            return

        def cancel() -> None:
            if indexing.process.poll() is None:
                indexing.process.kill()

        self.jobs.append(Job(SEARCH_JOB, lambda: indexing.finish(self.words), cancel))


class Save(enum.Enum):
    """What one save made the preview rebuild (its value is what the terminal says)."""

    FIRST = "首次构建"
    MODULE_BODY = "只改了模块正文：未重新评分，只重建了该模块页和搜索索引"
    DATA = "名册或课程数据有变化：已在内存中重新评分，重建了受影响的页面"
    PAGES = "未重新评分，重建了改动的页面"


SEARCH_JOB = "搜索索引"
CERTIFICATES_JOB = "证书文件"
MACROS = "render_macros: true"  # a docs/ page whose macros show results (the home page)


def _page_of(rel: str) -> str:
    """The page a generated file belongs to: itself, or the page a fragment is spliced into."""
    if rel.endswith(fragments.SUFFIX):
        folder, _, name = rel.rpartition("/")
        return f"{folder}/{name.removesuffix(fragments.SUFFIX).partition('.')[0]}.md"
    return rel


def unchanged_pages(before: Pages, after: Pages) -> set[str]:
    """The generated files to leave as the last build wrote them: those equal to last
    time, except a page and its fragments, which are rendered and spliced together."""
    changed = {_page_of(r) for r, text in after.items() if before.get(r) != text}
    return {r for r, text in after.items() if before.get(r) == text and _page_of(r) not in changed}


def macro_pages(root: Path) -> set[str]:
    """The pages of ``docs/`` that render macros, by path under ``docs/``."""
    docs = root / "docs"
    found: set[str] = set()
    for path in docs.rglob("*.md"):
        with contextlib.suppress(OSError, UnicodeDecodeError):
            if MACROS in path.read_text(encoding="utf-8")[:2000]:
                found.add(path.relative_to(docs).as_posix())
    return found


class Job:
    """Work finished in a thread after a build; ``stop()`` asks it to give up."""

    def __init__(self, what: str, work: Callable[[], object], stop: Callable[[], None]) -> None:
        self.what, self._stop, self.stopped = what, stop, False
        self.thread = threading.Thread(target=self._run, args=(work,), daemon=True)
        self.thread.start()

    def _run(self, work: Callable[[], object]) -> None:
        try:
            work()
        except Exception as err:  # said in the terminal; the preview goes on
            if not self.stopped:
                print(f"预览的{self.what}未更新：{err}", file=sys.stderr)

    def stop(self) -> None:
        self.stopped = True
        self._stop()

    def wait(self) -> None:
        self.thread.join()


@contextlib.contextmanager
def _search_kept(site_dir: Path, stash: Path, keep: Reuse | None) -> Iterator[None]:
    """Keep the served search index through a build that cleans the folder (it is
    made again in the background after the build)."""
    bundle, kept = site_dir / search.BUNDLE_DIR, stash.with_name(stash.name + "-search")
    dirty = keep is not None and keep.unchanged is not None
    if not dirty and bundle.is_dir():
        shutil.rmtree(kept, ignore_errors=True)
        bundle.rename(kept)
    try:
        yield
    finally:
        if kept.is_dir():
            if bundle.exists() or not site_dir.is_dir():
                shutil.rmtree(kept, ignore_errors=True)
            else:
                kept.rename(bundle)


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


def serve_portal(root: Path, as_of: dt.date, addr: str, *, verbose: bool = False) -> Exit:
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
            session.stop_background(everything=True)
            shutil.rmtree(session.stash, ignore_errors=True)
    print("预览已停止。", file=sys.stderr)
    return Exit.OK
