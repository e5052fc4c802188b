"""The portal's mkdocs-macros pluglet: ``plugins: - macros: {modules: [academy.site.macros]}``.

The pages themselves come from the ``academy`` plugin (``plugin.py``), which runs
first; this pluglet only gives the home page its macros and makes templates safe:

* ``define_env`` registers the home page's macros over the academy plugin's outcome;
* ``on_pre_page_macros`` turns on autoescaping in the macros' Jinja environment
  (mkdocs-macros builds it *after* ``define_env``, with autoescaping off), and points
  the "edit this page" link of a generated page at the file it was made from.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup
from mkdocs.exceptions import PluginError

from . import cohorts, home, pages, tags
from .markdown import md
from .plugin import AcademyPlugin

_STATE = "academy_generated"  # attribute of the macros plugin holding this build's pages


def _generated(env: Any) -> pages.Generated:
    """This build's pages, from the academy plugin of the same configuration."""
    plugin = env.conf.plugins.get("academy")
    if not isinstance(plugin, AcademyPlugin):
        raise PluginError("mkdocs.yml 的 plugins 中缺少 academy（须列在 macros 之前）")
    return plugin.state()


def define_env(env: Any) -> None:
    """Register the home page's macros."""
    generated = _generated(env)
    setattr(env, _STATE, generated)
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
