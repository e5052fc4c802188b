"""One check for every path that names something inside the repository (`repo_path`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from academy.cli import main
from academy.core.load.files import UnsafePath, repo_path
from academy.core.vocabulary import SLUG
from tests.conftest import copy_demo

ROSTER = __import__("re").compile(r"rosters/(?:[a-z0-9-]+/)*[a-z0-9][a-z0-9-]{0,62}\.yaml")


@pytest.mark.parametrize(
    "rel",
    [
        pytest.param("rosters/../../x.yaml", id="dotdot"),
        pytest.param("rosters/./x.yaml", id="dot-segment"),
        pytest.param("rosters//x.yaml", id="empty-segment"),
        pytest.param("/etc/x.yaml", id="absolute"),
        pytest.param("rosters/c?.yaml", id="glob-question"),
        pytest.param("rosters/*.yaml", id="glob-star"),
        pytest.param("rosters/[ab].yaml", id="glob-class"),
        pytest.param("rosters\\x.yaml", id="backslash"),
        pytest.param("rosters/out/x.yaml", id="folder-link-out"),
        pytest.param("rosters/dangling.yaml", id="dangling-link-out"),
    ],
)
def test_unsafe_paths_are_refused_before_anything_is_opened(rel: str, tmp_path: Path) -> None:
    """Is each path that could leave the repository (or match more than one file) refused?"""
    root = tmp_path / "repo"
    (root / "rosters").mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    (root / "rosters/out").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    (root / "rosters/dangling.yaml").symlink_to(tmp_path / "nothing-yet.yaml")
    with pytest.raises(UnsafePath):
        repo_path(root, rel, ROSTER, "名册文件")


def test_a_safe_path_inside_is_accepted(tmp_path: Path) -> None:
    """Is an ordinary path inside the repository (not yet existing) accepted as root/rel?"""
    assert repo_path(tmp_path, "rosters/2026/x.yaml", ROSTER, "名册文件") == (
        tmp_path / "rosters/2026/x.yaml"
    )
    assert SLUG.fullmatch("2026-12-retake") and not SLUG.fullmatch("../x")


def test_exam_draw_never_writes_through_a_link_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Does `exam draw` refuse a paper path that is a (dangling) link out of the
    repository, instead of creating the file at the link's target?"""
    root = copy_demo(tmp_path / "repo", ("curriculum", "rosters", "evaluation"))
    definition = root / "curriculum/exams/draws/2026-11-theory.yaml"
    text = definition.read_text("utf-8").replace("id: 2026-11-theory", "id: 2026-12-theory")
    definition.write_text(text, "utf-8")
    (root / "curriculum/exams/2026-12-theory.yaml").symlink_to(tmp_path / "planted.yaml")
    capsys.readouterr()
    code = main(["exam", "draw", str(definition), "--root", str(root)])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert not (tmp_path / "planted.yaml").exists()
