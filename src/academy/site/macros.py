"""The portal's mkdocs-macros pluglet: ``plugins: - macros: {modules: [academy.site.macros]}``.

It does three things, none of which needs MkDocs ``hooks:`` (which Zensical lacks):

* ``define_env`` (called while MkDocs reads its configuration, before it collects
  the files of ``docs/``) validates and grades the repository, writes the generated
  pages, completes the navigation with them and registers the home page's macros.
  So ``mkdocs build`` and ``mkdocs serve`` work on their own, not only through
  ``academy build``.
* ``on_pre_page_macros`` turns on autoescaping in the macros' Jinja environment
  (mkdocs-macros builds it *after* ``define_env``, with autoescaping off), and points
  the "edit this page" link of a generated page at the file it was made from.
* ``on_post_build`` lets the certificates module write its static files into site/,
  then indexes the pages for search (academy.site.search, Pagefind).

The as-of date comes from ``ACADEMY_AS_OF`` (YYYY-MM-DD), else today.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import sys
from pathlib import Path
from typing import Any

from markupsafe import Markup
from mkdocs.exceptions import PluginError

from ..dates import parse_date
from ..errors import InputError
from . import cohorts, home, pages, search, tags
from .markdown import md

AS_OF_VARIABLE = "ACADEMY_AS_OF"
_STATE = "academy_generated"  # attribute of the macros plugin holding this build's pages


def as_of_from_environment() -> dt.date:
    text = os.environ.get(AS_OF_VARIABLE, "").strip()
    if not text:
        return dt.date.today()
    try:
        return parse_date(text)
    except ValueError:
        raise PluginError(f"{AS_OF_VARIABLE}=“{text}”不是 YYYY-MM-DD 格式的日期") from None


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


def _generate(env: Any) -> pages.Generated:
    root = Path(env.project_dir)
    try:
        return pages.generate(root, as_of_from_environment(), env.conf)
    except InputError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        raise PluginError(f"共发现 {len(err.problems)} 个问题，网站未生成。") from None


def define_env(env: Any) -> None:
    """Generate the pages, complete the nav, register the home page's macros."""
    logging.getLogger("jieba").setLevel(logging.WARNING)
    generated = _generate(env)
    setattr(env, _STATE, generated)
    if env.conf.get("nav"):
        env.conf["nav"] = complete_nav(env.conf["nav"], generated.nav)
    outcome, ctx = generated.outcome, generated.ctx
    env.variables["as_of"] = ctx.as_of.isoformat()
    env.filter(md, "md")

    @env.macro
    def next_steps() -> Markup:
        """Learning paths of every program, and modules revised lately."""
        return home.next_steps(outcome, ctx)

    @env.macro
    def tag_listings() -> Markup:
        """The tags page: one listing per kind of tag, in reading order."""
        return tags.listings(outcome)

    @env.macro
    def upcoming_sessions(limit: int = home.UPCOMING_ON_HOME) -> Markup:
        """The next training sessions of every plan, as a table."""
        return home.upcoming(outcome, ctx, limit)

    @env.macro
    def latest_certificates(limit: int = home.LATEST_CERTIFICATES) -> list[home.NewCertificate]:
        """Plain data: the page prints it and autoescaping escapes it."""
        return home.latest_certificates(outcome, ctx, limit)


def _edit_url(repo_url: str, branch: str, source: str) -> str | None:
    if not repo_url or ".." in source.split("/"):
        return None
    return f"{repo_url.rstrip('/')}/edit/{branch}/{source.lstrip('/')}"


def on_pre_page_macros(env: Any) -> None:
    """Autoescaping on; "edit this page" only where the page's text has a source file:
    generated pages point at the file they were made from, cohort results and
    macro-written pages (home, tags) get none."""
    env.env.autoescape = True
    page = env.page
    source = page.meta.get("edit_source")
    top = page.file.src_uri.split("/", 1)[0]
    if top == cohorts.COHORTS_DIR or page.meta.get("render_macros") is True:
        # results, and pages written by macros (home, tags): nothing to edit on the page
        page.edit_url = None
    elif isinstance(source, str):
        generated: pages.Generated = getattr(env, _STATE)
        ctx = generated.ctx
        page.edit_url = _edit_url(ctx.repo_url, ctx.edit_branch, source)
    elif top in pages.GENERATED_DIRS:
        page.edit_url = None  # made from several files: nothing to edit here


def on_post_build(env: Any) -> None:
    """Static files that are not MkDocs pages (certificate pages and credentials)."""
    generated: pages.Generated = getattr(env, _STATE)
    site_dir = Path(env.conf["site_dir"])
    if not hasattr(pages.certificates, "write_static"):
        raise PluginError("academy.site.certificates.write_static 不存在，无法生成证书页面。")
    pages.certificates.write_static(generated.outcome, generated.ctx, site_dir)
    cohorts.splice_tables(site_dir)
    try:
        search.index_site(site_dir)
    except search.SearchIndexError as err:
        raise PluginError(str(err)) from None
