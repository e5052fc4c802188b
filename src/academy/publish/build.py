"""Stage 5, publish: grade, build the portal, and only then grow the ledger and swap ``site/``.

``academy build``, in order:

1. the pipeline validates, grades and certifies (nothing written yet);
2. MkDocs builds the site (``--strict``) into a fresh folder beside ``site/``, the
   ``academy`` plugin generating the pages from the outcome handed to it (so the
   pipeline runs once) and checking the modules' links first;
3. on success only: with ``--publish``, the ledger gets the new certificates (and the
   renewal log its new outcomes); the new folder replaces ``site/``. On any failure
   nothing is written: no ledger row, no ``docs/`` page (generated pages never go
   there), no ``site/``.

Without ``--publish`` the build is a preview: it grades in memory and writes neither
the ledger nor the renewal log; every page carries a banner naming the certificates
that ``build --publish`` on the same date would issue (``preview_note``).

No process-wide state is touched: no environment variable, no working directory;
MkDocs' log goes to stderr only while a build runs (warnings and errors; ``-v``
shows everything).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Set
from dataclasses import dataclass
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, MkDocsException

from academy.core import pipeline
from academy.core.load import portal

from ..core.errors import InputError, Problem
from ..core.pipeline import Outcome
from ..core.vocabulary import Exit
from ..site import certificates, pages, search
from ..site.common import SiteContext
from ..site.links import check_module_links
from ..site.modules import page_path as module_page_path
from ..site.pages import read_config
from ..site.plugin import AcademyPlugin, Preview, ProblemsFound, StartedElsewhere
from ..site.preview import preview_note

CONFIG_FILE = "mkdocs.yml"
SITE_DIR = "site"
PLUGIN = "academy"


_DIRTY_NOTICE = "A 'dirty' build is being performed"  # serve's rebuilds of what changed


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is at the time (tests capture it per test)."""

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr
        super().emit(record)


@contextlib.contextmanager
def mkdocs_log(verbose: bool) -> Iterator[None]:
    """Show MkDocs' warnings (everything with ``verbose``) on stderr while the block runs."""
    import jieba  # noqa: F401  # imported first: importing it resets its logger to DEBUG

    names = ("mkdocs", "jieba")  # jieba: its dictionary-loading chatter
    loggers = [logging.getLogger(n) for n in names]
    saved = [(lg.level, lg.propagate) for lg in loggers]
    handler = _StderrHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
    handler.setLevel(logging.DEBUG if verbose else logging.WARNING)
    handler.addFilter(lambda record: not str(record.msg).startswith(_DIRTY_NOTICE))
    mkdocs_logger = loggers[0]
    mkdocs_logger.addHandler(handler)
    mkdocs_logger.setLevel(logging.DEBUG if verbose else logging.INFO)
    loggers[1].setLevel(logging.DEBUG if verbose else logging.WARNING)
    try:
        yield
    finally:
        mkdocs_logger.removeHandler(handler)
        for lg, (level, propagate) in zip(loggers, saved, strict=True):
            lg.setLevel(level)
            lg.propagate = propagate


def print_problems(problems: list[Problem], what: str = "网站未构建，未写入任何文件") -> Exit:
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"共发现 {len(problems)} 个问题，{what}。", file=sys.stderr)
    return Exit.INPUT


def missing_config(root: Path) -> bool:
    """Say so (and write nothing) when ``root`` is not a portal repository."""
    if (root / CONFIG_FILE).is_file():
        return False
    print(
        f"找不到 {root / CONFIG_FILE}：构建网站需要在门户仓库的根目录运行"
        "（含 mkdocs.yml 和 docs/），或用 --root 指定该目录。未写入任何文件。",
        file=sys.stderr,
    )
    return True


@dataclass
class Built:
    """What one MkDocs build made."""

    pages: int
    static_files: int
    search_index_bytes: int


def generate(
    root: Path,
    outcome: Outcome,
    reuse: Mapping[str, pages.Pages] | None = None,
    ctx: SiteContext | None = None,
) -> pages.Generated:
    """The generated pages, with every module link checked; raises ``InputError``."""
    if ctx is None:
        ctx = pages.site_context(root, outcome.as_of, read_config(root))
    generated = pages.collect(outcome, ctx, reuse)
    docs = root / pages.DOCS_DIR
    known = {p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file()}
    problems = check_module_links(outcome, root, known | set(generated.files))
    if problems:
        raise InputError(problems)
    return generated


def check_links(root: Path, outcome: Outcome) -> None:
    """The module links as the build checks them (E510), for ``academy validate``.

    The pages are generated in memory only, so validate and build accept exactly the same
    links; a repository without mkdocs.yml has no site to link into and is not checked.
    Raises ``InputError``.
    """
    if not (root / CONFIG_FILE).is_file():
        return
    docs = root / pages.DOCS_DIR
    known = {p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file()}
    known |= {module_page_path(module) for module in outcome.project.modules.values()}
    # these pages are a subset of what the build generates: links they resolve are fine, and
    # generating every page (3× validate's own time on the demo) is needed only otherwise
    if check_module_links(outcome, root, known):
        generate(root, outcome)


@dataclass
class Reuse:
    """What ``serve`` keeps from its previous build in the same ``site_dir``."""

    stash: Path  # where the certificate files wait while MkDocs cleans the folder
    unchanged: Set[str] | None = None  # for a dirty build: generated pages as last time
    refresh: Set[str] = frozenset()  # for a dirty build: docs/ pages to render again


def build_once(
    root: Path,
    generated: pages.Generated,
    site_dir: Path,
    reuse: Reuse | None = None,
    started: StartedElsewhere | None = None,
    announce: str = "",
    preview: Preview | None = None,
) -> Built:
    """One MkDocs build of ``root`` into ``site_dir``; raises what MkDocs raises.

    ``reuse``: keep the certificate files already in ``site_dir``; with ``unchanged``,
    rebuild only the pages that changed (MkDocs' dirty build). ``started``: the
    certificate files being written beside it, moved in at the end. ``preview``
    (``serve``): return once the pages are written, leaving the certificate files being
    written and the search index to ``preview``. ``announce``: a banner shown on every
    page (the preview's ``preview_note``).
    """
    dirty = reuse is not None and reuse.unchanged is not None
    # strict, except in a dirty rebuild: MkDocs warns about the dirty build itself
    config = load_config(str(root / CONFIG_FILE), strict=not dirty, site_dir=str(site_dir))
    plugin = config.plugins.get(PLUGIN)
    if not isinstance(plugin, AcademyPlugin):
        raise Abort("mkdocs.yml 的 plugins 中缺少 academy（须列在 macros 之前）")
    plugin.hand_over(generated, started)
    plugin.announce = announce
    if preview is not None:
        plugin.leave_to_preview(preview)
    if reuse is not None and reuse.unchanged is not None:
        plugin.rebuild_only_changes(reuse.unchanged, reuse.refresh)
    elif reuse is not None:
        plugin.keep_static_files(reuse.stash)
    build(config, dirty=dirty)
    index = 0 if preview is not None else search.bundle_size(site_dir)
    return Built(plugin.pages_built, plugin.static_files, index)


def _replace(target: Path, new: Path) -> None:
    """Put the folder ``new`` where ``target`` is; the old one is deleted in the background.

    Deleting tens of thousands of certificate files takes longer than writing them
    on some file systems; nobody needs to wait for it, so a detached process does it.
    """
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}-{time.monotonic_ns()}")
        target.rename(old)
    new.rename(target)
    if old is not None:
        subprocess.Popen(
            [sys.executable, "-c", _DELETE, str(old)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )


_DELETE = "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)"


def check_address(root: Path, publish: bool) -> Exit | None:
    """A publication build refuses a local or example address; a preview only warns."""
    problems = portal.publication_problems(root)
    if not problems:
        return None
    if publish:
        return print_problems(problems, "网站未构建")
    print(
        "注意：mkdocs.yml 的 site_url 或 repo_url 是本机或示例网址，"
        "证书二维码和凭证都会指向它；本次构建只可用于本地预览"
        "（发布用的构建请加 --publish，见培训师指南“发布门户”）。",
        file=sys.stderr,
    )
    return None


def build_site(
    root: Path,
    as_of: dt.date,
    site_dir: Path | None = None,
    *,
    verbose: bool = False,
    publish: bool = False,
) -> Exit:
    """Grade, build the portal into ``root/site`` (or ``site_dir``); grow the ledger only
    when ``publish``.

    ``publish``: a build for publication, which refuses a local or example ``site_url``
    or ``repo_url`` (E701/E702) before anything is written, and once the site is built
    appends the new certificates to the ledger and the renewal log. Without it the
    build is a preview and writes neither.
    """
    if missing_config(root):
        return Exit.USAGE
    refused = check_address(root, publish)
    if refused is not None:
        return refused
    start = time.perf_counter()
    try:
        outcome = pipeline.run(root, as_of, write=False)
    except InputError as err:
        return print_problems(err.problems)
    pipeline.forget_sources(outcome)
    target = (site_dir or root / SITE_DIR).resolve()
    fresh = target.with_name(f".{target.name}.new")
    staging = target.with_name(f".{target.name}.certificates")
    for folder in (fresh, staging):
        if folder.exists():
            shutil.rmtree(folder)
    started: StartedElsewhere | None = None
    try:
        ctx = pages.site_context(root, as_of, read_config(root))
        # the certificate files take longest: start them now, beside the site, while
        # this process generates the pages and MkDocs renders them
        started = StartedElsewhere(certificates.start_static(outcome, ctx, staging), staging)
        generated = generate(root, outcome, ctx=ctx)
        note = "" if publish else preview_note(outcome)
        with mkdocs_log(verbose):
            built = build_once(root, generated, fresh, started=started, announce=note)
        if publish:
            pipeline.record(root, outcome)
        _replace(target, fresh)
    except (ProblemsFound, InputError) as err:  # InputError: a ledger it would refuse
        return print_problems(err.problems)
    except (Abort, MkDocsException) as err:
        print(f"网站构建失败：{err}。未写入任何文件。", file=sys.stderr)
        return Exit.INPUT
    except OSError as err:
        print(f"无法写入 {err.filename}：{err.strerror}。账本和 site/ 均未改动。", file=sys.stderr)
        return Exit.INPUT
    finally:
        if started is not None:
            started.started.cancel()  # a no-op once finished
        for folder in (fresh, staging):
            if folder.exists():
                shutil.rmtree(folder)
    seconds = time.perf_counter() - start
    if publish:
        written = "账本已更新" if outcome.ledger_written else "账本无变化"
        ledger = f"本次新增 {outcome.added} 张（{written}）"
    else:
        ledger = "预览构建，未写入证书账本" + (f"；{note}" if note else "")
    print(
        f"网站已构建到 {target}：{built.pages} 个页面，证书文件 {built.static_files} 个，"
        f"搜索索引 {built.search_index_bytes / 1024:.0f} KB；证书 {len(outcome.certificates)} 张，"
        f"{ledger}；按 {as_of.isoformat()} 计算，用时 {seconds:.1f} 秒。",
        file=sys.stderr,
    )
    return Exit.OK
