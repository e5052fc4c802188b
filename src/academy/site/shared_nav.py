"""The navigation sidebar rendered once per folder for pages that are not in it.

Material renders the whole navigation into every page. The cohort pages and the
assessment reports (over 800 at 20,000 trainees) are not in the navigation, so for
them it comes out the same on every page of one folder: nothing in it is active,
and its relative links depend only on the folder. ``overrides/partials/nav.html``
wraps Material's own partial (reached under the ``THEME_PREFIX`` loader prefix) in
``{% call academy_nav(page) %}``: the first page of a folder renders it, the others
reuse that HTML. Pages in the navigation always render their own (it marks them
active and lists their table of contents).

One ``SharedNav`` per build (the plugin makes it in ``on_env``): two builds never
share a rendering.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib.resources import files
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PrefixLoader
from markupsafe import Markup
from mkdocs.structure.nav import Navigation

THEME_PREFIX = "academy-material"  # Material's own templates, past our overrides
GLOBAL = "academy_nav"


class SharedNav:
    """``academy_nav(page)`` for the templates: a call block rendered once per folder."""

    def __init__(self, nav: Navigation | None) -> None:
        self._in_nav = {id(p) for p in nav.pages} if nav is not None else None
        self._done: dict[str, Markup] = {}

    def __call__(self, page: Any, caller: Callable[[], str]) -> Markup:
        if self._in_nav is None or page is None or id(page) in self._in_nav:
            return Markup(caller())
        folder = str(page.url).rstrip("/").rpartition("/")[0]
        found = self._done.get(folder)
        if found is None:
            found = self._done[folder] = Markup(caller())
        return found


def install(env: Environment, nav: Navigation | None) -> None:
    """Give ``env`` the ``academy_nav`` global and Material's templates under a prefix."""
    theme = FileSystemLoader(str(files("material") / "templates"))
    assert env.loader is not None
    env.loader = ChoiceLoader([env.loader, PrefixLoader({THEME_PREFIX: theme})])
    env.globals[GLOBAL] = SharedNav(nav)
