"""A saved module body taken into the preview without the pipeline: checked as the build
renders it, with the repository's own Markdown extensions."""

from __future__ import annotations

from pathlib import Path

from academy.core.module_reload import module_fronts, new_bodies
from academy.core.pipeline import load_project
from tests.conftest import copy_demo

MODULE = "curriculum/modules/complaint-handling.md"


def _save_body(root: Path, extra: str) -> None:
    file = root / MODULE
    file.write_text(file.read_text(encoding="utf-8") + extra, encoding="utf-8")


def test_a_body_the_repositorys_extensions_make_off_site_is_not_taken_in(tmp_path: Path) -> None:
    """With pymdownx.emoji in mkdocs.yml, ``:smile:`` renders as an image from a CDN: is the
    save sent back to the pipeline (which reports E503), not taken in as a clean body?"""
    root = copy_demo(tmp_path / "repo")
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "markdown_extensions:\n", "markdown_extensions:\n  - pymdownx.emoji\n", 1
        ),
        encoding="utf-8",
    )
    project = load_project(root)
    fronts = module_fronts(root, project)
    _save_body(root, "\n客户满意时可以说 :smile:\n")
    assert new_bodies(root, project, fronts, [MODULE]) is None


def test_a_clean_body_is_taken_in(tmp_path: Path) -> None:
    root = copy_demo(tmp_path / "repo")
    project = load_project(root)
    fronts = module_fronts(root, project)
    _save_body(root, "\n新增的一段说明。\n")
    updated = new_bodies(root, project, fronts, [MODULE])
    assert updated is not None and updated["complaint-handling"].body.endswith("新增的一段说明。\n")
