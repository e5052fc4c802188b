"""The portal's search index: Pagefind (extended build) over the built site.

Runs after MkDocs has written every page (the macros pluglet's ``on_post_build``).
Pagefind's extended binary, shipped by the ``pagefind-bin-extended`` wheel, reads
the HTML, keeps only what is inside ``data-pagefind-body`` (overrides/main.html:
modules, programs, plans, the trainer guide) and writes ``site/pagefind/``: a
chunked index the browser loads piece by piece (academy-search.js), segmented as
Chinese both here and at query time.
"""

from __future__ import annotations

import functools
import html
import json
import logging
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

from ..core.recent import Recent
from .common import MODULE_LEVEL_LABELS, TRACK_LABELS

BUNDLE_DIR = "pagefind"
LANGUAGE = "zh"
# The indexed sections (overrides/main.html marks their pages with data-pagefind-body).
# Only these folders are read: with 20,000 certificate pages, reading every page of
# site/ just to skip it would cost more than indexing.
INDEXED_DIRS = ("modules", "programs", "plans", "guide", "reference")
GLOB = "{" + ",".join(INDEXED_DIRS) + "}/**/*.html"


def indexed_pages(site_dir: Path) -> list[Path]:
    return sorted(p for d in INDEXED_DIRS for p in (site_dir / d).rglob("*.html"))


class SearchIndexError(RuntimeError):
    """Pagefind is missing or failed: the message says why, in Chinese."""


def executable() -> Path:
    try:
        from pagefind_bin_extended import get_executable
    except ImportError:  # pragma: no cover - a dependency of the package
        raise SearchIndexError(
            "缺少 Pagefind 扩展版（pip 包 pagefind-bin-extended），无法生成搜索索引。"
        ) from None
    return get_executable()


class Indexing:
    """Pagefind running on the built pages (``start_index``); ``finish()`` waits for it."""

    def __init__(
        self, site_dir: Path, process: subprocess.Popen[str], bundle: str = BUNDLE_DIR
    ) -> None:
        self.site_dir, self.process, self.bundle = site_dir, process, bundle

    def finish(self, words: Words | None = None) -> None:
        """Wait for Pagefind, then add the word list and the filters; raise
        SearchIndexError when Pagefind failed. A bundle written beside the served one
        (``reindex``) then takes its place."""
        stdout, stderr = self.process.communicate()
        if self.process.returncode != 0:
            detail = (stderr or stdout).strip().splitlines()[-1:] or [""]
            code = self.process.returncode
            raise SearchIndexError(f"Pagefind 生成搜索索引失败（退出码 {code}）：{detail[0]}")
        write_words(self.site_dir, words, self.bundle)
        write_filters(self.site_dir, self.bundle)
        if self.bundle != BUNDLE_DIR:
            _swap_in(self.site_dir / self.bundle, self.site_dir / BUNDLE_DIR)

    def cancel(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.communicate()
        if self.bundle != BUNDLE_DIR:
            shutil.rmtree(self.site_dir / self.bundle, ignore_errors=True)


def _swap_in(new: Path, served: Path) -> None:
    """Put the finished bundle ``new`` where ``served`` is (two renames, then delete)."""
    old = served.with_name(f".{served.name}-old")
    shutil.rmtree(old, ignore_errors=True)
    if served.exists():
        served.rename(old)
    new.rename(served)
    shutil.rmtree(old, ignore_errors=True)


def start_index(site_dir: Path, bundle: str = BUNDLE_DIR) -> Indexing:
    """Start Pagefind on the pages of ``INDEXED_DIRS`` (already built: it reads nothing
    else, so the certificate files may still be being written meanwhile)."""
    if bundle != BUNDLE_DIR:
        shutil.rmtree(site_dir / bundle, ignore_errors=True)
    command = [
        str(executable()),
        "--site",
        str(site_dir),
        "--output-subdir",
        bundle,
        "--glob",
        GLOB,
        "--force-language",
        LANGUAGE,
        "--exclude-selectors",
        ".headerlink",  # the ¶ of every heading
        "--silent",
    ]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True
    )
    return Indexing(site_dir, process, bundle)


NEXT_BUNDLE = ".pagefind-next"  # hidden: MkDocs' cleaning and the server leave it alone


def reindex(site_dir: Path) -> Indexing:
    """``serve``: index the pages again beside the served bundle, which keeps answering
    searches until ``finish()`` swaps the new one in (Pagefind has no partial update)."""
    return start_index(site_dir, NEXT_BUNDLE)


def bundle_size(site_dir: Path) -> int:
    """Bytes of the search bundle, for the build's closing line."""
    bundle = site_dir / BUNDLE_DIR
    return sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file())


WORDS_FILE = "academy-words.json"
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]{2,}")
# Other words as the search script cuts a query: runs of letters and digits, lower-cased.
_OTHER_WORD = re.compile(r"[^\W_\u3400-\u4dbf\u4e00-\u9fff]+")
_BODY = re.compile(r"<div data-pagefind-body>(.*?)</article>", re.S)
_TAG = re.compile(r"<[^>]+>")


# jieba's dictionary, loaded once per process (0.67 s; it was loaded for every build),
# and the words of the page bodies cut last: cutting is a function of the body alone, so
# the second build of an unchanged page in one process (``serve``, the tests' many builds
# of the demo) takes its words instead of cutting them again (the demo's 48 pages:
# 0.46 s → 0.1 ms).
_REMEMBERED_CHARS = 20_000_000  # bodies kept, in characters (about 80 MB at most)
_cuts: Recent[str, frozenset[str]] = Recent(_REMEMBERED_CHARS, weight=len)


@functools.cache  # the one tokenizer of the process, loaded on first use
def _tokenizer() -> Any:
    import jieba

    tokenizer = jieba.Tokenizer()  # its own state: the build's jieba is untouched
    chatter = jieba.default_logger  # "Building prefix dict…" on stderr, at DEBUG
    level = chatter.level
    chatter.setLevel(max(level, logging.WARNING))
    try:
        tokenizer.initialize()
    finally:
        chatter.setLevel(level)
    return tokenizer


def page_words(body: str) -> frozenset[str]:
    """The words of one indexed page body (see ``indexed_words``)."""
    known = _cuts.get(body)
    if known is not None:
        return known
    text = html.unescape(_TAG.sub(" ", body))
    cut = _tokenizer().cut
    han = {w for run in _HAN_RUN.findall(text) for w in cut(run) if len(w) >= 2}
    words = frozenset(han | {w.lower() for w in _OTHER_WORD.findall(text)})
    _cuts.put(body, words)
    return words


class Words:
    """Each indexed page's words, kept by ``serve`` from one build to the next: a page
    whose indexed body is unchanged is not looked at again (a saved module: only its own
    page is)."""

    def __init__(self) -> None:
        self._pages: dict[str, tuple[str, frozenset[str]]] = {}
        self.cut_pages = 0  # pages whose body changed since the last ``of()``

    def of(self, site_dir: Path) -> list[str]:
        found: set[str] = set()
        pages: dict[str, tuple[str, frozenset[str]]] = {}
        self.cut_pages = 0
        for page in indexed_pages(site_dir):
            match = _BODY.search(page.read_text(encoding="utf-8"))
            if not match:
                continue
            rel, body = page.relative_to(site_dir).as_posix(), match.group(1)
            known = self._pages.get(rel)
            if known is None or known[0] != body:
                known = (body, page_words(body))
                self.cut_pages += 1
            pages[rel] = known
            found |= known[1]
        self._pages = pages
        return sorted(found)


def indexed_words(site_dir: Path, words: Words | None = None) -> list[str]:
    """The words of the indexed pages: Chinese words (two characters or more) as jieba
    cuts them, and every other word (letters and digits, lower-cased) whole.

    Pagefind's extended build cuts Chinese with jieba's default dictionary when it
    indexes; the browser would cut a query with its own ICU dictionary, which
    disagrees (回访 becomes 回 + 访 and finds nothing). The search script instead
    looks the query's substrings up in this list, so it asks the index only for
    words the index has, and a query with a word no page holds (``asdfqwer``, which
    Pagefind would match with the ``as`` of ``--as-of``) asks for nothing.
    """
    return (words or Words()).of(site_dir)


def write_words(site_dir: Path, words: Words | None = None, bundle: str = BUNDLE_DIR) -> None:
    target = site_dir / bundle / WORDS_FILE
    target.write_text(
        json.dumps(indexed_words(site_dir, words), ensure_ascii=False, separators=(",", ":")),
        encoding="utf-8",
    )


FILTERS_FILE = "academy-filters.json"
_FILTER = re.compile(r'<span data-academy-filter="([a-z]+)" data-value="([^"]*)" hidden>')
FILTER_ORDER = {"track": tuple(TRACK_LABELS.values()), "level": tuple(MODULE_LEVEL_LABELS.values())}


def page_filters(site_dir: Path) -> dict[str, object]:
    """Track and level of every indexed page that has them (module pages), by URL.

    Pagefind has filters of its own, but its filter files come out different on every
    run; these few values are written here instead, in a stable order.
    """
    pages: dict[str, dict[str, str]] = {}
    for page in indexed_pages(site_dir):
        found = dict(_FILTER.findall(page.read_text(encoding="utf-8")))
        if found:
            url = page.parent.relative_to(site_dir).as_posix() + "/"
            pages[url] = {k: html.unescape(v) for k, v in sorted(found.items())}
    values = {
        name: [v for v in order if any(p.get(name) == v for p in pages.values())]
        for name, order in FILTER_ORDER.items()
    }
    return {"filters": values, "pages": pages}


def write_filters(site_dir: Path, bundle: str = BUNDLE_DIR) -> None:
    target = site_dir / bundle / FILTERS_FILE
    target.write_text(
        json.dumps(page_filters(site_dir), ensure_ascii=False, separators=(",", ":")),
        encoding="utf-8",
    )
