"""Where private files may be written: outside the repository and every build folder."""

from __future__ import annotations

import re
from pathlib import Path

from academy.core.load.outputs import refuse_output

REPO = Path(__file__).resolve().parents[3]
PRIVATE_COMMAND = re.compile(r"academy (?:export|print|exam print)\b[^\n`]*--out\s+([^\s`)|]+)")


def test_the_guides_private_output_examples_write_outside_the_repository() -> None:
    """Does every `export`/`print`/`exam print` example in the docs name a folder outside
    the repository (the old `--out 打印/2026-12` wrote the answer key inside it)?"""
    found = []
    for page in [*sorted((REPO / "docs").rglob("*.md")), REPO / "README.md"]:
        for match in PRIVATE_COMMAND.finditer(page.read_text(encoding="utf-8")):
            out = match.group(1)
            if out in ("DIR", "目录"):
                continue
            found.append(out)
            assert out.startswith(("~", "/", '"$')), f"{page.name}: --out {out}"
    assert len(found) >= 3


def test_refuse_output_follows_mkdocs_yml(tmp_path: Path) -> None:
    """Are docs_dir/custom_dir read from mkdocs.yml, and a sibling folder accepted?"""
    root = tmp_path / "repo"
    root.mkdir()
    (root / "mkdocs.yml").write_text(
        "docs_dir: ../pages\ntheme:\n  name: material\n  custom_dir: !ENV [X, ../theme]\n",
        encoding="utf-8",
    )
    assert refuse_output(root, tmp_path / "pages" / "hr") is not None
    assert refuse_output(root, tmp_path / "out") is None
    assert refuse_output(root, root / "x") is not None
