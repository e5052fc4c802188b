"""Stage 5, publish: grade (growing the ledger), generate the pages, build or serve the site.

MkDocs runs in-process with ``--strict``: any warning (a broken link, a missing
anchor, a macro error) fails the build. The as-of date reaches the macros pluglet
through ``ACADEMY_AS_OF``, and ``SOURCE_DATE_EPOCH`` is set from it so that MkDocs'
sitemap dates and gzip timestamps are the same on every build of the same inputs.
"""

from __future__ import annotations

import calendar
import contextlib
import datetime as dt
import logging
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.commands.serve import serve
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, MkDocsException

from . import pipeline
from .errors import InputError
from .site import search
from .site.macros import AS_OF_VARIABLE

CONFIG_FILE = "mkdocs.yml"
SITE_DIR = "site"
EXIT_OK, EXIT_INPUT, EXIT_BUILD, EXIT_USAGE = 0, 1, 1, 2  # as the cli: 1 = fix the input


@contextlib.contextmanager
def build_environment(root: Path, as_of: dt.date) -> Iterator[None]:
    """Run in ``root`` with the as-of date and a fixed source date in the environment."""
    saved = {k: os.environ.get(k) for k in (AS_OF_VARIABLE, "SOURCE_DATE_EPOCH")}
    os.environ[AS_OF_VARIABLE] = as_of.isoformat()
    os.environ["SOURCE_DATE_EPOCH"] = str(calendar.timegm(as_of.timetuple()))
    try:
        with contextlib.chdir(root):  # the search plugin reads its dictionary from the cwd
            yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def fresh_segmenter() -> None:
    """Forget the words earlier builds in this process added to jieba's dictionary.

    The search plugin loads the user dictionary into jieba's one global tokenizer on
    every build; loading it twice changes word frequencies and the dictionary total,
    and so how text is cut: a second build in the same process would index some
    sentences differently. Reloading the main dictionary first keeps builds identical.
    """
    import jieba

    tokenizer = jieba.dt
    with tokenizer.lock:
        tokenizer.initialized = False
        tokenizer.FREQ = {}
        tokenizer.total = 0
        tokenizer.user_word_tag_tab.clear()


def _print_problems(err: InputError) -> int:
    for problem in err.problems:
        print(problem, file=sys.stderr)
    print(f"共发现 {len(err.problems)} 个问题，网站未构建。", file=sys.stderr)
    return EXIT_INPUT


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stderr`` is at the time (tests capture it per test)."""

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr
        super().emit(record)


def _setup_logging(level: int = logging.WARNING) -> None:
    """MkDocs' own CLI sets this up; in-process we show its warnings and errors
    (and, while serving, its progress: "Serving on …", "Detected file changes")."""
    logger = logging.getLogger("mkdocs")
    handler = next((h for h in logger.handlers if getattr(h, "_academy", False)), None)
    if handler is None:
        handler = _StderrHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
        handler._academy = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
    handler.setLevel(level)
    logger.setLevel(logging.INFO)
    import jieba  # imported first: importing it resets its logger to DEBUG

    jieba.setLogLevel(logging.WARNING)  # its dictionary-loading chatter


def _count(site: Path) -> tuple[int, int, int]:
    pages = sum(1 for _ in site.rglob("*.html"))
    files = sum(1 for p in site.rglob("*") if p.is_file())
    return pages, search.bundle_size(site), files


def _missing_config(root: Path) -> bool:
    """Say so (and write nothing) when ``root`` is not a portal repository."""
    if (root / CONFIG_FILE).is_file():
        return False
    print(
        f"找不到 {root / CONFIG_FILE}：构建网站需要在门户仓库的根目录运行"
        "（含 mkdocs.yml 和 docs/），或用 --root 指定该目录。未写入任何文件。",
        file=sys.stderr,
    )
    return True


def build_site(root: Path, as_of: dt.date, site_dir: Path | None = None) -> int:
    """Grade with the ledger, then build the portal into ``root/site`` (or ``site_dir``)."""
    if _missing_config(root):
        return EXIT_USAGE
    start = time.perf_counter()
    try:
        outcome = pipeline.run(root, as_of, write=True)
    except InputError as err:
        return _print_problems(err)
    _setup_logging()
    target = (site_dir or root / SITE_DIR).resolve()
    fresh_segmenter()
    with build_environment(root, as_of):
        try:
            config = load_config(str(root / CONFIG_FILE), strict=True, site_dir=str(target))
            build(config)
        except (Abort, MkDocsException) as err:
            print(f"网站构建失败：{err}", file=sys.stderr)
            return EXIT_BUILD
    pages, index_size, files = _count(target)
    seconds = time.perf_counter() - start
    print(
        f"网站已构建到 {target}：{pages} 个页面，{files} 个文件，"
        f"搜索索引 {index_size / 1024:.0f} KB，证书 {len(outcome.certificates)} 张，"
        f"按 {as_of.isoformat()} 计算，用时 {seconds:.1f} 秒。",
        file=sys.stderr,
    )
    return EXIT_OK


def serve_site(root: Path, as_of: dt.date, addr: str) -> int:
    """Grade with the ledger, then serve with live reload on ``addr`` until interrupted."""
    if _missing_config(root):
        return EXIT_USAGE
    try:
        pipeline.run(root, as_of, write=True)
    except InputError as err:
        return _print_problems(err)
    _setup_logging(logging.INFO)
    print(
        f"预览地址：http://{addr}/（修改课程、名册或计划后自动刷新，Ctrl+C 退出）", file=sys.stderr
    )
    fresh_segmenter()
    with build_environment(root, as_of):
        try:
            serve(str(root / CONFIG_FILE), dev_addr=addr, livereload=True)
        except (Abort, MkDocsException) as err:
            print(f"预览失败：{err}", file=sys.stderr)
            return EXIT_BUILD
        except KeyboardInterrupt:
            pass
    return EXIT_OK
