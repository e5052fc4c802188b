"""The ``academy`` MkDocs plugin: the generated pages, the navigation and the certificate files.

``plugins: [academy, search, tags, macros]`` in ``mkdocs.yml``. Per build, in order:

* ``on_config`` (before every other plugin): take the ``Outcome`` that
  ``academy build`` handed over (``hand_over``), or run the pipeline once when
  ``mkdocs`` runs on its own; generate the pages in memory, complete the navigation;
* ``on_files``: check every link of the modules (a broken one stops the build with
  ``curriculum/modules/<id>.md:line:col: E510``), then add the generated pages as
  virtual files, so nothing is ever written into ``docs/``;
* ``on_nav``: every page's date is the as-of date (sitemap and its gzip header are
  the same on every build of the same inputs, without ``SOURCE_DATE_EPOCH``);
* ``on_files`` (end): start writing the static certificate files straight into
  ``site_dir`` (worker processes, while MkDocs converts and renders its pages);
* ``on_post_build``: the site-wide certificate files, join the workers;
  ``on_build_error`` stops them. For ``serve`` (``leave_to_preview``) it returns as
  soon as the pages are written: serve finishes the certificate files and the search
  index in the background, so the preview answers before they are done.

Everything a build needs travels in this plugin instance (one per loaded config):
two builds in one process never see each other's state.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Set
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from ..core.dates import parse_date, today
from ..core.errors import InputError, Problem
from ..core.pipeline import run
from . import assessment_reports, certificates, cohorts, csp, pages, search, shared_nav
from .common import theme_templates
from .links import check_module_links
from .preview import preview_note

AS_OF_VARIABLE = "ACADEMY_AS_OF"  # read (never set) when mkdocs runs on its own


class ProblemsFound(PluginError):
    """Input problems found during the build; each is ``path:line:column: CODE message``."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        lines = "\n".join(str(p) for p in problems)
        super().__init__(f"{lines}\n共发现 {len(problems)} 个问题，网站未生成。")


class AcademyConfig(Config):
    as_of = c.Optional(c.Type(str))  # YYYY-MM-DD; else ACADEMY_AS_OF, else today


class AcademyPlugin(BasePlugin[AcademyConfig]):
    """One instance per loaded ``mkdocs.yml``, so per build."""

    def __init__(self) -> None:
        self.generated: pages.Generated | None = None  # handed over, or made in on_config
        self.pipeline_runs = 0  # tests count them: one per build
        self.pages_built = 0  # MkDocs pages
        self.static_files = 0  # certificate files written after MkDocs
        self.reuse_static: Path | None = None  # serve: last build's certificate files go here
        self.unchanged: Set[str] = frozenset()  # serve, dirty rebuild: pages as last time
        self.refresh: Set[str] = frozenset()  # serve, dirty rebuild: docs/ pages made again
        self.dirty = False
        self.started: certificates.Started | None = None  # certificate files being written
        self.staging: Path | None = None  # where ``started`` writes, when not into site_dir
        self.nav: Navigation | None = None  # this build's, for the shared sidebar (on_env)
        self.announce: str | None = None  # the banner on every page; None: the preview's own
        self.preview: Preview | None = None  # serve: what it finishes after the pages are served

    def rebuild_only_changes(self, unchanged: Set[str], refresh: Set[str] = frozenset()) -> None:
        """``serve``: a dirty build; ``unchanged`` generated pages and the certificate files
        stay as the last build wrote them (Pagefind re-indexes the whole site after it);
        ``refresh``: pages of ``docs/`` rendered again though their file did not change
        (their macros show results)."""
        self.dirty = True
        self.unchanged = unchanged
        self.refresh = refresh

    def keep_static_files(self, stash: Path) -> None:
        """Reuse the certificate files of the previous build in ``site_dir`` (``serve``,
        when nothing they are made from changed): kept in ``stash`` while MkDocs cleans."""
        self.reuse_static = stash

    def leave_to_preview(self, preview: Preview) -> None:
        """``serve``: do not wait for the certificate files nor index the search: leave
        both in ``preview`` for serve to finish in the background once the pages are up."""
        self.preview = preview

    def hand_over(
        self, generated: pages.Generated, started: StartedElsewhere | None = None
    ) -> None:
        """Use these pages (made by ``academy build``) instead of running the pipeline;
        with ``started``, the certificate files are already being written into a
        staging folder (since before the pages were generated): they are moved into
        the site after MkDocs has built it."""
        self.generated = generated
        if started is not None:
            self.started, self.staging = started.started, started.staging

    def as_of(self) -> dt.date:
        text = (self.config.as_of or os.environ.get(AS_OF_VARIABLE, "")).strip()
        if not text:
            return today()
        try:
            return parse_date(text)
        except ValueError:
            raise PluginError(f"as_of“{text}”不是 YYYY-MM-DD 格式的日期") from None

    @event_priority(100)  # before search (its dictionary) and macros (the home page's data)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path).parent
        if self.generated is None:
            try:
                outcome = run(root, self.as_of(), write=False)
            except InputError as err:
                raise ProblemsFound(err.problems) from None
            self.pipeline_runs += 1
            self.generated = pages.collect(outcome, pages.site_context(root, outcome.as_of, config))
        if config.nav:
            config.nav = complete_nav(config.nav, self.generated.nav)
        if self.announce is None:  # a plain ``mkdocs build`` is a preview too
            self.announce = preview_note(self.generated.outcome)
        if self.announce:
            config.extra["academy_announce"] = self.announce
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        generated = self.state()
        for file in list(files):
            top = file.src_uri.split("/", 1)[0]
            if file.src_uri in generated.files or top in pages.GENERATED_DIRS:
                files.remove(file)  # left by an older version that wrote into docs/
            elif file.src_uri in self.refresh:
                file.is_modified = _modified  # type: ignore[method-assign]
        known = {f.src_uri for f in files} | set(generated.files)
        problems = check_module_links(generated.outcome, generated.ctx.root, known)  # if not yet
        if problems:
            raise ProblemsFound(problems)
        for rel, text in generated.files.items():
            file = File.generated(config, rel, content=text)
            if rel in self.unchanged:
                file.is_modified = _not_modified  # type: ignore[method-assign]
            files.append(file)
        clean = not self.dirty and self.reuse_static is None and self.started is None
        if clean:  # site_dir is clean now: write while MkDocs renders
            self.started = certificates.start_static(
                generated.outcome, generated.ctx, Path(config.site_dir)
            )
        return files

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav = nav
        day = self.state().ctx.as_of.isoformat()
        self.pages_built = 0
        for file in files.documentation_pages():
            if file.page is not None:
                file.page.update_date = day
                self.pages_built += 1
        return nav

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        shared_nav.install(env, self.nav)  # a fresh cache per build
        env.bytecode_cache = theme_templates(env)
        return env

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        return csp.fill(output)  # the policy with the hashes of the theme's inline scripts

    def on_post_template(
        self, output_content: str, /, *, template_name: str, config: MkDocsConfig
    ) -> str:
        return csp.fill(output_content)  # 404.html

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if self.reuse_static is not None:
            _move_static(Path(config.site_dir), self.reuse_static)

    @event_priority(-100)  # last, after every other plugin
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        site_dir = Path(config.site_dir)
        cohorts.splice_tables(site_dir)  # big tables, kept out of Markdown's md_in_html
        assessment_reports.splice_tables(site_dir)
        if self.preview is not None:
            self._leave_to_preview(self.preview, site_dir)
            return
        try:  # Pagefind reads the built pages (every build) while the certificates finish
            indexing = search.start_index(site_dir)
        except search.SearchIndexError as err:
            raise PluginError(str(err)) from None
        try:
            self.static_files = self._finish_static(site_dir)
        except BaseException:
            indexing.cancel()
            raise
        try:
            indexing.finish()
        except search.SearchIndexError as err:
            raise PluginError(str(err)) from None

    def _leave_to_preview(self, preview: Preview, site_dir: Path) -> None:
        """The pages are written: put back kept certificate files (renames), and hand
        the certificate files still being written to ``serve``."""
        if self.started is not None and not self.dirty:
            preview.started, self.started = self.started, None
        else:
            self.static_files = self._finish_static(site_dir)

    def _finish_static(self, site_dir: Path) -> int:
        """The certificate files in place; the number written by this build."""
        generated = self.state()
        if self.dirty:
            return self.static_files  # the certificate files are still in place
        if self.reuse_static is not None and (self.reuse_static / STATIC_DIRS[0]).is_dir():
            return _restore_static(self.reuse_static, site_dir)
        if self.started is not None:
            started, self.started = self.started, None
            count = started.finish()
            if self.staging is not None:  # written beside the site: move them in
                _restore_static(self.staging, site_dir)
            return count
        return certificates.write_static(generated.outcome, generated.ctx, site_dir)

    def on_build_error(self, *, error: Exception) -> None:
        if self.started is not None:
            self.started.cancel()  # the build failed: its folder is thrown away
            self.started = None

    def state(self) -> pages.Generated:
        if self.generated is None:
            raise PluginError("academy 插件尚未生成页面")
        return self.generated


@dataclass(frozen=True)
class StartedElsewhere:
    """Certificate files ``academy build`` started writing into ``staging`` (a fresh
    folder beside the site) as soon as the pipeline had run."""

    started: certificates.Started
    staging: Path


@dataclass
class Preview:
    """What ``serve`` keeps across its builds and finishes after each one."""

    started: certificates.Started | None = None  # certificate files still being written


def _not_modified() -> bool:
    return False


def _modified() -> bool:
    return True


# where write_static writes (did.json: the DID document when site_url has a path)
STATIC_DIRS = ("certificates", "keys", "issuer.json", ".well-known", "did.json")


def _move_static(site_dir: Path, stash: Path) -> None:
    """Move last build's certificate files out of the way of MkDocs' cleaning."""
    if stash.exists():
        shutil.rmtree(stash)
    stash.mkdir(parents=True)
    for name in STATIC_DIRS:
        if (site_dir / name).exists():
            (site_dir / name).rename(stash / name)


def replace_static(staging: Path, site_dir: Path) -> None:
    """Put the certificate files written into ``staging`` in place of those in
    ``site_dir`` (``serve``, after a save that changed results)."""
    for name in STATIC_DIRS:
        new, served = staging / name, site_dir / name
        old = staging / f".{name}-old"
        if served.exists():
            served.rename(old)
        if new.exists():
            new.rename(served)
        if old.is_dir():
            shutil.rmtree(old)
        elif old.exists():
            old.unlink()
    shutil.rmtree(staging, ignore_errors=True)


def _restore_static(stash: Path, site_dir: Path) -> int:
    """Put the kept certificate files back, under the pages MkDocs has just built."""
    for name in STATIC_DIRS:
        kept, built = stash / name, site_dir / name
        if built.is_dir() and kept.is_dir():
            for path in sorted(built.rglob("*")):
                if path.is_file():
                    into = kept / path.relative_to(built)
                    into.parent.mkdir(parents=True, exist_ok=True)
                    path.replace(into)
            shutil.rmtree(built)
        if kept.exists() and not built.exists():
            kept.rename(built)
    return 0  # none written


def complete_nav(nav: Any, children: dict[str, list[str]]) -> Any:
    """After each section index named in ``children``, list that section's pages."""
    if isinstance(nav, list):
        out: list[Any] = []
        for item in nav:
            out.append(complete_nav(item, children))
            target = item if isinstance(item, str) else None
            if isinstance(item, dict) and len(item) == 1:
                value = next(iter(item.values()))
                target = value if isinstance(value, str) else None
            if target in children:
                out.extend(p for p in children[target] if p != target)
        return out
    if isinstance(nav, dict):
        return {key: complete_nav(value, children) for key, value in nav.items()}
    return nav
