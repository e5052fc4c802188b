"""A saved module whose front matter is as before: its new body, without the pipeline.

Grading never reads a module's body, and nothing but the module's own page shows it,
so when a save changed only bodies the preview can take them into the outcome it
already has instead of loading, validating and grading everything again. Anything
else (a front matter edit, a new or deleted module, a body with a problem, a file
that is not a plain file inside the repository) answers ``None``: run the pipeline,
which reports what is wrong where it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path

from academy.core.load.sources import MODULES_DIR, split_module
from academy.core.validate.module_body import BodyChecker, build_extensions

from .errors import Problem
from .model import Module, Project

Fronts = dict[str, str]  # repository-relative path of a module file -> its front matter


def _read(root: Path, rel: str) -> str | None:
    path = root / rel
    if path.is_symlink() or not path.is_file():
        return None
    try:
        return path.read_bytes().decode("utf-8").removeprefix("\ufeff")
    except (OSError, UnicodeDecodeError):
        return None


def module_fronts(root: Path, project: Project) -> Fronts:
    """The front matter of every loaded module as its file holds it now."""
    fronts: Fronts = {}
    for module in project.modules.values():
        text = _read(root, module.path)
        parts = split_module(text) if text is not None else None
        if isinstance(parts, tuple):
            fronts[module.path] = parts[0]
    return fronts


def new_bodies(
    root: Path, project: Project, fronts: Mapping[str, str], changed: Iterable[str]
) -> dict[str, Module] | None:
    """The modules of ``changed`` with their saved bodies, by id, when every changed
    path is a loaded module whose front matter equals ``fronts``' and whose new body
    has no problem; else ``None``."""
    by_path = {m.path: m for m in project.modules.values()}
    checked = BodyChecker(build_extensions(root))  # as validation checks it: this build's
    updated: dict[str, Module] = {}
    for rel in changed:
        module = by_path.get(rel)
        if module is None or rel.rsplit("/", 1)[0] != MODULES_DIR or rel not in fronts:
            return None
        text = _read(root, rel)
        parts = split_module(text) if text is not None else None
        if not isinstance(parts, tuple) or parts[0] != fronts[rel]:
            return None
        _, body, line = parts
        problems: list[Problem] = checked(body, rel, line)
        if problems:
            return None
        updated[module.id] = replace(module, body=body)
    return updated
