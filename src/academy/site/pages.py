"""Generate every data-driven page of the portal into ``docs/``, before MkDocs reads it.

The order of the steps, stated once:

1. ``pipeline.run`` validates and grades everything (raises ``InputError``);
2. each provider turns the outcome into ``{path under docs/: text}``;
3. ``write_pages`` writes the files whose bytes changed and deletes stale ones.

Generated folders belong to the generator alone (they are git-ignored): a file in
them that no provider produced is deleted. Hand-written pages live elsewhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .. import pipeline
from ..pipeline import Outcome
from . import certificates, cohorts, guide, ics, modules, programs, schedule
from .common import SiteContext

DOCS_DIR = "docs"
CONFIG_FILE = "mkdocs.yml"
GENERATED_DIRS = (
    modules.MODULES_DIR,
    programs.PROGRAMS_DIR,
    schedule.PLANS_DIR,
    guide.REFERENCE_DIR,
    cohorts.COHORTS_DIR,
    "certificates",
)


@dataclass
class Generated:
    """What one generation produced: the outcome, the settings and the pages."""

    outcome: Outcome
    ctx: SiteContext
    files: dict[str, str]
    nav: dict[str, list[str]] = field(default_factory=dict)  # section index → its pages
    written: int = 0
    deleted: int = 0


def read_config(root: Path) -> dict[str, Any]:
    """``mkdocs.yml`` as plain data (it holds no Python tags, so safe_load reads it)."""
    path = root / CONFIG_FILE
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


def site_context(root: Path, as_of: dt.date, config: Mapping[str, Any]) -> SiteContext:
    extra = config.get("extra") or {}
    academy = extra.get("academy") or {}
    return SiteContext(
        root=root,
        as_of=as_of,
        mask_names=bool(academy.get("mask_names", True)),
        site_name=str(config.get("site_name") or "客服学院"),
        repo_url=str(config.get("repo_url") or ""),
        edit_branch=str(academy.get("edit_branch", "main")),
        extra={**academy, "site_url": str(config.get("site_url") or "")},
    )


def collect(outcome: Outcome, ctx: SiteContext) -> Generated:
    """Every generated file, keyed by its path under ``docs/``."""
    project = outcome.project
    plans = project.extras.get("plans", [])
    files: dict[str, str] = {}
    files.update(cohorts.pages(outcome, ctx))
    files.update(certificates.pages(outcome, ctx))
    known = set(files)
    paths = project.extras.get("paths")  # curriculum/paths.yaml: the one study order
    files.update(modules.pages(project.modules, project.programs, plans, ctx, paths))
    files.update(
        programs.pages(project.programs, project.modules, plans, project.cohorts, known, paths)
    )
    files.update(schedule.pages(plans, project.modules, project.programs, known, ctx))
    files.update(ics.files(plans, project.modules, ctx))
    files.update(guide.pages())
    nav = {
        f"{modules.MODULES_DIR}/index.md": modules.nav(project.modules, paths),
        f"{programs.PROGRAMS_DIR}/index.md": programs.nav(project.programs),
        f"{schedule.PLANS_DIR}/index.md": schedule.nav(plans),
        "certificates/index.md": certificates.nav(),
    }
    return Generated(outcome, ctx, files, nav)


def write_pages(docs: Path, files: Mapping[str, str]) -> tuple[int, int]:
    """Write changed files, delete stale ones in the generated folders; (written, deleted)."""
    written = deleted = 0
    for rel, text in sorted(files.items()):
        if rel.split("/", 1)[0] not in GENERATED_DIRS or ".." in rel.split("/"):
            raise ValueError(f"a generator may not write {rel}")
        path = docs / rel
        data = text.encode("utf-8")
        if path.is_file() and path.read_bytes() == data:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written += 1
    for folder in GENERATED_DIRS:
        base = docs / folder
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*"), reverse=True):  # children before parents
            rel = path.relative_to(docs).as_posix()
            if path.is_file() and rel not in files:
                path.unlink()
                deleted += 1
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return written, deleted


def generate(root: Path, as_of: dt.date, config: Mapping[str, Any] | None = None) -> Generated:
    """Validate, grade and (re)write the generated pages of ``root/docs``."""
    outcome = pipeline.run(root, as_of, write=False)
    ctx = site_context(root, as_of, read_config(root) if config is None else config)
    generated = collect(outcome, ctx)
    generated.written, generated.deleted = write_pages(root / DOCS_DIR, generated.files)
    return generated
